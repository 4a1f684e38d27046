"""Funding in the Django admin (platform administrators): read and correct configuration.
Payments and purchase orders are appended through the pages (their services check the
amounts); the admin shows them read-only."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from voisinage.funding.models import (
    Agreement,
    AgreementConstraint,
    AgreementCost,
    AgreementParty,
    AllocationRule,
    NoticeReminder,
    Payment,
    PurchaseOrder,
)


class PartyInline(admin.TabularInline):
    model = AgreementParty
    extra = 0
    autocomplete_fields = ["organisation"]


class CostInline(admin.TabularInline):
    model = AgreementCost
    extra = 0


class RuleInline(admin.TabularInline):
    model = AllocationRule
    extra = 0
    fk_name = "agreement"
    fields = ["position", "parent", "label", "kind", "party", "percent", "cap_cents", "fixed_cents"]


class ConstraintInline(admin.TabularInline):
    model = AgreementConstraint
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "scheme", "starts_on", "ends_on", "contract"]
    list_filter = ["scheme"]
    search_fields = ["title", "reference"]
    inlines = [PartyInline, CostInline, RuleInline, ConstraintInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["agreement", "year", "party", "kind", "on", "amount_cents", "reference"]
    list_filter = ["kind", "year", "agreement__scheme"]


@admin.register(PurchaseOrder)
class PurchaseOrderAdmin(ReadOnlyAdmin):
    list_display = ["reference", "contract", "ordered_on", "amount_cents"]
    list_filter = ["contract__scheme"]
    search_fields = ["reference", "description"]


@admin.register(NoticeReminder)
class NoticeReminderAdmin(ReadOnlyAdmin):
    list_display = ["agreement", "deadline", "anniversary", "sent_at", "recipients"]
