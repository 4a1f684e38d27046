"""Administration of reports: the platform administrator edits categories, routing rules and
settings; reports and their history are read-only here (the services write them)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from voisinage.reports.models import (
    Report,
    ReportCategory,
    ReportEvent,
    ReportSettings,
    RoutingRule,
)


@admin.register(ReportCategory)
class ReportCategoryAdmin(admin.ModelAdmin):
    list_display = ["label", "group", "code", "scheme", "position", "retired_at"]
    list_filter = ["scheme", "group"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = [
        "scheme",
        "position",
        "label",
        "category",
        "category_group",
        "place",
        "landlord",
        "neighbourhood",
        "recipient",
        "deadline_days",
        "working_days",
    ]
    list_filter = ["scheme"]
    ordering = ["scheme", "position"]
    filter_horizontal = ["referents"]


@admin.register(ReportSettings)
class ReportSettingsAdmin(admin.ModelAdmin):
    list_display = ["scheme", "default_recipient", "escalation_after_days", "link_valid_days"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["pk", "scheme", "category", "status", "recipient", "due_on", "created_at"]
    list_filter = ["scheme", "status"]


@admin.register(ReportEvent)
class ReportEventAdmin(ReadOnlyAdmin):
    list_display = ["report", "at", "kind", "user", "organisation", "rule_label"]
    list_filter = ["kind"]
