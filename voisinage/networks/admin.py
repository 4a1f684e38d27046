"""Networks in the Django admin (platform administrators); the pages and the API go through
the services."""

from django.contrib import admin

from voisinage.networks.models import Network, NetworkField, NetworkMember, NetworkScheme


class NetworkSchemeInline(admin.TabularInline):
    model = NetworkScheme
    extra = 0


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation", "is_active"]
    inlines = [NetworkSchemeInline]


@admin.register(NetworkMember)
class NetworkMemberAdmin(admin.ModelAdmin):
    list_display = ["network", "user", "organisation", "can_manage", "starts_on", "ends_on"]
    list_filter = ["network"]


admin.site.register(NetworkField)
