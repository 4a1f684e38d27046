"""Configuration writes: the scheme's report settings, default categories, routing table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from voisinage.reports.categories import DEFAULTS, SITUATIONS
from voisinage.reports.models import PlaceKind, ReportCategory, ReportSettings, RoutingRule
from voisinage.schemes.changes import setting_change_record
from voisinage.schemes.models import Scheme
from voisinage.schemes.referential import coded_add, coded_move, coded_rename, coded_retire
from voisinage.territory.models import Neighbourhood, Organisation

if TYPE_CHECKING:
    from voisinage.accounts.models import User


def report_settings_for(scheme: Scheme) -> ReportSettings:
    """The scheme's report settings, created with the defaults (and the default categories)
    on first use."""
    found = ReportSettings.objects.filter(scheme=scheme).first()
    if found is None:
        with transaction.atomic():
            found, created = ReportSettings.objects.get_or_create(scheme=scheme)
            if created:
                report_categories_ensure_defaults(scheme=scheme)
    return found


@transaction.atomic
def report_categories_ensure_defaults(*, scheme: Scheme) -> int:
    """Give the scheme the French default categories it lacks (idempotent)."""
    existing = set(ReportCategory.objects.filter(scheme=scheme).values_list("code", flat=True))
    new = [
        ReportCategory(
            scheme=scheme,
            group=group,
            code=code,
            label=label,
            position=position,
            situation_codes=list(SITUATIONS.get(code, ())),
        )
        for position, (group, code, label) in enumerate(DEFAULTS, start=1)
        if code not in existing
    ]
    ReportCategory.objects.bulk_create(new)
    return len(new)


ROUTING = "routing"


def _rule_text(rule: RoutingRule) -> str:
    # The routing module reads this one's settings: imported here to keep the import one-way.
    from voisinage.reports.services.routing import rule_description

    return f"{rule_description(rule)} → {rule.recipient}"


@transaction.atomic
def routing_rule_add(
    *,
    scheme: Scheme,
    author: User | None,
    recipient: Organisation,
    position: int,
    category: ReportCategory | None = None,
    category_group: str = "",
    place: str = PlaceKind.ANY,
    landlord: Organisation | None = None,
    neighbourhood: Neighbourhood | None = None,
    deadline_days: int = 7,
    working_days: bool = False,
    label: str = "",
) -> RoutingRule:
    """Add a line to the scheme's routing table (the first matching line wins); logged."""
    if category is not None and category.scheme_id != scheme.pk:
        raise ValidationError({"category": _("Unknown or retired category.")})
    if neighbourhood is not None and neighbourhood.scheme_id != scheme.pk:
        raise ValidationError({"neighbourhood": _("This neighbourhood is not in the scheme.")})
    if landlord is not None and place == PlaceKind.PUBLIC_SPACE:
        raise ValidationError({"landlord": _("A landlord only applies to reports at an entrance.")})
    rule = RoutingRule(
        scheme=scheme,
        recipient=recipient,
        position=position,
        category=category,
        category_group=category_group,
        place=place,
        landlord=landlord,
        neighbourhood=neighbourhood,
        deadline_days=deadline_days,
        working_days=working_days,
        label=label.strip()[:160],
    )
    rule.full_clean()
    rule.save()
    setting_change_record(
        scheme=scheme,
        author=author,
        section=ROUTING,
        subject=_("Routing rule"),
        before="",
        after=_rule_text(rule),
    )
    return rule


@transaction.atomic
def routing_rule_delete(*, rule: RoutingRule, author: User | None) -> None:
    """Remove a line; the reports it routed keep their recipient and its copy in the history;
    logged."""
    locked = (
        RoutingRule.objects.select_for_update(of=("self",))
        .select_related("scheme", "recipient", "category", "landlord", "neighbourhood")
        .get(pk=rule.pk)
    )
    setting_change_record(
        scheme=locked.scheme,
        author=author,
        section=ROUTING,
        subject=_("Routing rule"),
        before=_rule_text(locked),
        after="",
    )
    locked.delete()


# --- The settings area: the coded list of categories ------------------------------------------

CATEGORIES = "categories"


def report_category_add(
    *, scheme: Scheme, author: User | None, code: str, label: str, group: str
) -> ReportCategory:
    return coded_add(
        model=ReportCategory,
        scheme=scheme,
        author=author,
        section=CATEGORIES,
        code=code,
        label=label,
        group=group,
    )


def report_category_rename(
    *, category: ReportCategory, author: User | None, label: str
) -> ReportCategory:
    return coded_rename(entry=category, author=author, section=CATEGORIES, label=label)


def report_category_move(
    *, category: ReportCategory, author: User | None, by: int
) -> ReportCategory:
    return coded_move(entry=category, author=author, section=CATEGORIES, by=by)


def report_category_retire(
    *, category: ReportCategory, author: User | None, retire: bool = True
) -> ReportCategory:
    """Retire a category (or bring it back): the reports filed under it keep it."""
    return coded_retire(entry=category, author=author, section=CATEGORIES, retire=retire)
