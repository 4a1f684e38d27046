from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from voisinage.schemes.models import (
    Activity,
    OperatorContract,
    Scheme,
    SchemeMember,
    ServiceHoursRule,
    StaffingRule,
)
from voisinage.schemes.services import activity_restore, activity_retire, scheme_defaults_ensure


class SchemeMemberInline(admin.TabularInline):
    model = SchemeMember
    extra = 0
    autocomplete_fields = ["organisation"]


class ContractInline(admin.StackedInline):
    model = OperatorContract
    extra = 0


class HoursInline(admin.TabularInline):
    model = ServiceHoursRule
    extra = 0


class StaffingInline(admin.TabularInline):
    model = StaffingRule
    extra = 0


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "operator", "starts_on", "ends_on", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    inlines = [SchemeMemberInline, ContractInline, HoursInline, StaffingInline]

    def save_model(self, request: HttpRequest, obj: Scheme, form: object, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            # A new scheme starts with the apps' defaults (the logbook's French code lists).
            scheme_defaults_ensure(scheme=obj)


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    """Activities are retired, never deleted: statistics keep pointing at them."""

    list_display = ["label", "code", "scheme", "position", "retired_at"]
    list_filter = ["scheme", ("retired_at", admin.EmptyFieldListFilter)]
    readonly_fields = ["retired_at"]
    actions = ["retire", "restore"]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description=_("Retire the selected activities"))
    def retire(self, request: HttpRequest, queryset: QuerySet[Activity]) -> None:
        for activity in queryset:
            activity_retire(activity=activity)
        count = queryset.count()
        messages.success(
            request,
            ngettext("%(count)d activity retired.", "%(count)d activities retired.", count)
            % {"count": count},
        )

    @admin.action(description=_("Put the selected activities back in use"))
    def restore(self, request: HttpRequest, queryset: QuerySet[Activity]) -> None:
        for activity in queryset:
            activity_restore(activity=activity)
        count = queryset.count()
        messages.success(
            request,
            ngettext("%(count)d activity restored.", "%(count)d activities restored.", count)
            % {"count": count},
        )
