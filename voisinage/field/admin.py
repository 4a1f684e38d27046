from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from voisinage.field.models import (
    CourtesyCampaign,
    DutyAssignment,
    FieldCode,
    Intervention,
    InterventionChange,
    PatrolPlan,
)
from voisinage.lib import clock


@admin.register(FieldCode)
class FieldCodeAdmin(admin.ModelAdmin):
    """Codes are retired, never deleted: past interventions keep pointing at them."""

    list_display = ["label", "code", "kind", "scheme", "emergency_number", "retired_at"]
    list_filter = ["scheme", "kind", ("retired_at", admin.EmptyFieldListFilter)]
    search_fields = ["label", "code"]
    readonly_fields = ["retired_at"]
    actions = ["retire", "restore"]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description=_("Retire the selected codes"))
    def retire(self, request: HttpRequest, queryset: QuerySet[FieldCode]) -> None:
        count = queryset.filter(retired_at__isnull=True).update(retired_at=clock.now())
        messages.success(request, _("%(count)s code(s) retired.") % {"count": count})

    @admin.action(description=_("Put the selected codes back in use"))
    def restore(self, request: HttpRequest, queryset: QuerySet[FieldCode]) -> None:
        count = queryset.filter(retired_at__isnull=False).update(retired_at=None)
        messages.success(request, _("%(count)s code(s) restored.") % {"count": count})


class ChangeInline(admin.TabularInline):
    model = InterventionChange
    extra = 0
    can_delete = False
    readonly_fields = ["at", "user", "action", "changes"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Intervention)
class InterventionAdmin(admin.ModelAdmin):
    """Read only: interventions are recorded and changed through the logbook pages, which keep
    their history."""

    list_display = ["night", "started_at", "scheme", "origin", "landlord", "status"]
    list_filter = ["scheme", "status", "origin", "climate"]
    date_hierarchy = "night"
    inlines = [ChangeInline]
    list_select_related = ["scheme", "landlord"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(DutyAssignment)
class DutyAssignmentAdmin(admin.ModelAdmin):
    list_display = ["night", "user", "position", "team", "hours", "scheme"]
    list_filter = ["scheme", "position"]
    date_hierarchy = "night"


@admin.register(PatrolPlan)
class PatrolPlanAdmin(admin.ModelAdmin):
    list_display = ["month", "scheme", "weekly_target", "status"]
    list_filter = ["scheme", "status"]


@admin.register(CourtesyCampaign)
class CourtesyCampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "landlord", "scheme", "starts_on", "ends_on"]
    list_filter = ["scheme", "landlord"]
