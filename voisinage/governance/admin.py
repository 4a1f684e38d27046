"""Bodies and quotas are configuration, edited here. Meetings, the decision log and calendar
links are written through the services (pages and API); the admin only shows them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from voisinage.governance.models import (
    ActionItem,
    ActionItemStatusChange,
    AttendanceQuota,
    Body,
    CalendarFeedToken,
    Meeting,
)


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "scheme", "kind", "frequency", "deck_required", "is_active"]
    list_filter = ["scheme", "kind", "is_active"]
    search_fields = ["name"]
    filter_horizontal = ["usual_invitees"]


class AttendanceQuotaForm(forms.ModelForm):
    class Meta:
        model = AttendanceQuota
        fields = ["scheme", "label", "minimum_per_year", "bodies", "position"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        scheme, bodies = data.get("scheme"), data.get("bodies")
        if (
            scheme is not None
            and bodies is not None
            and any(body.scheme_id != scheme.pk for body in bodies)
        ):
            raise ValidationError({"bodies": _("Choose bodies of the quota's scheme.")})
        return data


@admin.register(AttendanceQuota)
class AttendanceQuotaAdmin(admin.ModelAdmin):
    form = AttendanceQuotaForm
    list_display = ["label", "scheme", "minimum_per_year"]
    list_filter = ["scheme"]
    filter_horizontal = ["bodies"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "scheme", "body", "starts_at", "place", "cancelled_at"]
    list_filter = ["scheme", "body__kind"]
    date_hierarchy = "starts_at"
    list_select_related = ["scheme", "body"]


class StatusChangeInline(admin.TabularInline):
    model = ActionItemStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "note", "changed_by", "changed_at"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ActionItem)
class ActionItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "scheme", "owner_organisation", "due_on", "status"]
    list_filter = ["scheme", "status"]
    search_fields = ["title"]
    inlines = [StatusChangeInline]
    list_select_related = ["scheme", "owner_organisation"]


@admin.register(CalendarFeedToken)
class CalendarFeedTokenAdmin(ReadOnlyAdmin):
    list_display = ["user", "created_at", "last_used_at", "revoked_at"]
    exclude = ["key_hash"]
