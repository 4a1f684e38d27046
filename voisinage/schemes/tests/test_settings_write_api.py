"""The API writes of the schemes app's settings sections (sheet, service hours, activities,
operator contract, invitations): the same services as the pages, the scheme's managers only,
French refusals that change nothing."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

from django.core import mail
from django.urls import reverse

from voisinage.accounts.models import Invitation
from voisinage.schemes.models import Activity, OperatorContract, Scheme, ServiceHoursRule
from voisinage.schemes.tests.settings_walk import refused, walk


def test_each_write_works_for_the_manager_only_and_is_logged(
    cast, client, django_capture_on_commit_callbacks
):
    rule = ServiceHoursRule.objects.create(
        scheme=cast.scheme,
        start_month=1,
        start_day=1,
        end_month=12,
        end_day=31,
        weekdays="6",
        starts_at=time(20),
        ends_at=time(23),
    )
    url = lambda name, *args: reverse(f"api:{name}", args=["rivebourg", *args])  # noqa: E731

    def activity(code: str) -> Activity | None:
        return Activity.objects.filter(scheme=cast.scheme, code=code).first()

    routes = [
        (
            "PATCH",
            url("update_sheet"),
            {"public_phone": "03 81 00 00 00"},
            lambda: Scheme.objects.get(pk=cast.scheme.pk).public_phone == "03 81 00 00 00",
        ),
        (
            "POST",
            url("add_hours_rule"),
            {
                "start_month": 1,
                "start_day": 1,
                "end_month": 12,
                "end_day": 31,
                "weekdays": "6",
                "starts_at": "06:00",
                "ends_at": "08:00",
            },
            lambda: ServiceHoursRule.objects.filter(
                scheme=cast.scheme, weekdays="6", starts_at=time(6)
            ).exists(),
        ),
        (
            "DELETE",
            url("remove_hours_rule", rule.pk),
            None,
            lambda: not ServiceHoursRule.objects.filter(pk=rule.pk).exists(),
        ),
        (
            "POST",
            url("add_activity"),
            {"code": "veille", "label": "Veille"},
            lambda: activity("veille") is not None,
        ),
        (
            "POST",
            url("apply_activity_preset"),
            {"preset": "mons"},
            lambda: Activity.objects.filter(scheme=cast.scheme).count() >= 9,
        ),
        (
            "POST",
            url("add_operator_contract"),
            {
                "starts_on": "2026-01-01",
                "annual_amount_cents": 4520000,
                "reference": "M-26",
                "weekly_hours": "35",
                "supervision_days_per_week": "0.5",
            },
            lambda: OperatorContract.objects.filter(
                scheme=cast.scheme,
                reference="M-26",
                weekly_hours=35,
                supervision_days_per_week=Decimal("0.5"),
            ).exists(),
        ),
        (
            "POST",
            url("create_invitation"),
            {
                "email": "referente@ville.example",
                "organisation_id": cast.city.pk,
                "role": "partner_viewer",
                "perimeter": "scheme",
            },
            lambda: Invitation.objects.filter(email="referente@ville.example").exists(),
        ),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        walk(cast, client, routes)
    assert any("referente@ville.example" in m.to for m in mail.outbox)
    # The entry routes of the list need an entry: the one the manager just added.
    veille = activity("veille")
    assert veille is not None
    entry_routes = [
        (
            "PATCH",
            url("rename_activity", veille.pk),
            {"label": "Veille de nuit"},
            lambda: activity("veille").label == "Veille de nuit",
        ),
        (
            "POST",
            url("move_activity", veille.pk),
            {"by": 1},
            lambda: activity("veille").position > veille.position,
        ),
        (
            "POST",
            url("retire_activity", veille.pk),
            {},
            lambda: activity("veille").retired_at is not None,
        ),
    ]
    walk(cast, client, entry_routes)
    # Bringing it back: once retired (above), nobody else can.
    restore = [
        (
            "POST",
            url("retire_activity", veille.pk),
            {"retire": False},
            lambda: activity("veille").retired_at is None,
        ),
    ]
    walk(cast, client, restore)


def test_bad_input_is_refused_in_french_and_changes_nothing(cast, client):
    manager = cast.operator_manager
    rules = ServiceHoursRule.objects.filter(scheme=cast.scheme).count()
    overlap = refused(
        client,
        manager,
        "POST",
        reverse("api:add_hours_rule", args=["rivebourg"]),
        {
            "start_month": 5,
            "start_day": 1,
            "end_month": 5,
            "end_day": 31,
            "weekdays": "0",
            "starts_at": "19:00",
            "ends_at": "22:00",
        },
    )
    assert "chevauche" in overlap
    assert ServiceHoursRule.objects.filter(scheme=cast.scheme).count() == rules
    name = Scheme.objects.get(pk=cast.scheme.pk).name
    empty = refused(
        client,
        manager,
        "PATCH",
        reverse("api:update_sheet", args=["rivebourg"]),
        {"name": "", "public_phone": "01 02 03 04 05"},
    )
    assert "vide" in empty
    assert Scheme.objects.get(pk=cast.scheme.pk).name == name
    assert Scheme.objects.get(pk=cast.scheme.pk).public_phone != "01 02 03 04 05"
    preset = refused(
        client,
        manager,
        "POST",
        reverse("api:apply_activity_preset", args=["rivebourg"]),
        {"preset": "inconnu"},
    )
    assert "inconnu" in preset.lower()
    outsider = refused(
        client,
        manager,
        "POST",
        reverse("api:create_invitation", args=["rivebourg"]),
        {
            "email": "x@autre.example",
            "organisation_id": cast.other_scheme.operator_id,
            "role": "partner_viewer",
            "perimeter": "scheme",
        },
    )
    assert "pas membre du dispositif" in outsider
    assert not Invitation.objects.filter(email="x@autre.example").exists()
