"""The avoided-cost types are settings (also in the settings area's « Évaluation »), edited here
with their source. Roadmaps and the
texts of the documents are written in the pages (versioned saves); the admin only shows them."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from voisinage.analytics.models import AvoidedCostUnit, MonthlyNote, ReviewNote, Roadmap


@admin.register(AvoidedCostUnit)
class AvoidedCostUnitAdmin(admin.ModelAdmin):
    list_display = ["scheme", "event", "label", "unit", "unit_cost_cents"]
    list_filter = ["scheme"]
    fields = [
        "scheme",
        "event",
        "label",
        "definition",
        "counted_as",
        "counted_code",
        "unit",
        "unit_cost_cents",
        "reference_figure",
        "source",
    ]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Roadmap)
class RoadmapAdmin(ReadOnlyAdmin):
    list_display = ["scheme", "year", "title", "version", "updated_at"]
    list_filter = ["scheme"]


@admin.register(MonthlyNote)
class MonthlyNoteAdmin(ReadOnlyAdmin):
    list_display = ["scheme", "month", "version", "updated_at"]
    list_filter = ["scheme"]


@admin.register(ReviewNote)
class ReviewNoteAdmin(ReadOnlyAdmin):
    list_display = ["scheme", "starts_on", "ends_on", "version", "updated_at"]
    list_filter = ["scheme"]
