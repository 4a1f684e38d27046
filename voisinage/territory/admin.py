from django.contrib import admin

from voisinage.territory.models import Entrance, Neighbourhood, Organisation, Residence


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "email"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin):
    list_display = ["name", "scheme", "kind"]
    list_filter = ["scheme", "kind"]
    search_fields = ["name"]


@admin.register(Residence)
class ResidenceAdmin(admin.ModelAdmin):
    list_display = ["name", "scheme", "landlord", "neighbourhood"]
    list_filter = ["scheme", "landlord"]
    search_fields = ["name"]
    autocomplete_fields = ["neighbourhood"]


@admin.register(Entrance)
class EntranceAdmin(admin.ModelAdmin):
    list_display = ["code", "address", "landlord", "neighbourhood", "dwellings", "is_active"]
    list_filter = ["scheme", "landlord", "neighbourhood__kind", "is_active"]
    search_fields = ["code", "address"]
    autocomplete_fields = ["neighbourhood", "residence"]
    list_select_related = ["landlord", "neighbourhood"]
