from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from voisinage.factories import SchemeFactory, besancon_like_hours
from voisinage.lib.service_hours import service_night
from voisinage.lib.staffing import parse_date_ranges, parse_iso_weeks, required_staff
from voisinage.schemes.models import Activity, StaffingRule
from voisinage.schemes.presets import MONS
from voisinage.schemes.selectors import scheme_activities, scheme_service_hours, scheme_staffing
from voisinage.schemes.services import (
    activity_create,
    activity_referential_apply_preset,
    activity_restore,
    activity_retire,
)

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ()),
        ("  ", ()),
        ("25/07-31/07", (((7, 25), (7, 31)),)),
        ("25/07-31/07, 01/08-14/08", (((7, 25), (7, 31)), ((8, 1), (8, 14)))),
        (" 1/8 - 14/8 ,", (((8, 1), (8, 14)),)),
        ("20/12-05/01", (((12, 20), (1, 5)),)),  # across the new year
        ("29/02-01/03", (((2, 29), (3, 1)),)),  # 29 February exists in leap years
    ],
)
def test_date_ranges_are_read_as_day_month_pairs(text, expected):
    assert parse_date_ranges(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "25/07",
        "25/07-",
        "25-07/31-07",
        "25/07/2025-31/07/2025",
        "31/02-01/03",
        "32/01-01/02",
        "01/13-01/01",
        "00/01-01/01",
        "a/b-c/d",
        "25/07-31/07; 01/08-14/08",
    ],
)
def test_malformed_date_ranges_are_refused(text):
    with pytest.raises(ValueError):  # noqa: PT011 - the parser's contract is a bare ValueError
        parse_date_ranges(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", frozenset()),
        ("51, 52", frozenset({51, 52})),
        ("1,53", frozenset({1, 53})),
        (" 7 , 7 ,", frozenset({7})),
    ],
)
def test_iso_weeks_are_read_as_a_set_of_numbers(text, expected):
    assert parse_iso_weeks(text) == expected


@pytest.mark.parametrize("text", ["0", "54", "-1", "x", "51;52", "51 52", "5.5"])
def test_iso_weeks_outside_1_to_53_or_not_numbers_are_refused(text):
    with pytest.raises(ValueError):  # noqa: PT011 - the parser's contract is a bare ValueError
        parse_iso_weeks(text)


def test_a_staffing_rule_with_bad_ranges_or_weeks_does_not_validate(db):
    rule = StaffingRule(
        scheme=SchemeFactory(),
        label="Été",
        position="agent",
        headcount=2,
        weekdays="012345",
        date_ranges="31/02-01/03",
        iso_weeks="60",
    )

    with pytest.raises(ValidationError) as error:
        rule.full_clean()

    assert set(error.value.message_dict) == {"date_ranges", "iso_weeks"}
    rule.date_ranges, rule.iso_weeks = "25/07-31/07", "51, 52"
    rule.full_clean()


def test_half_past_midnight_on_sunday_belongs_to_saturdays_night_on_duty(db):
    scheme = SchemeFactory()
    besancon_like_hours(scheme)
    hours = scheme_service_hours(scheme)

    status = service_night(datetime(2025, 6, 15, 0, 30, tzinfo=PARIS), hours)

    assert date(2025, 6, 14).weekday() == 5  # a Saturday
    assert status.night == date(2025, 6, 14)
    assert status.on_duty is True
    assert status.shift is not None
    assert status.shift.starts_at == datetime(2025, 6, 14, 18, 0, tzinfo=PARIS)


def test_the_scheme_hours_follow_the_season_and_weekdays(db):
    scheme = SchemeFactory()
    besancon_like_hours(scheme)
    hours = scheme_service_hours(scheme)

    def at(*args):
        return service_night(datetime(*args, tzinfo=PARIS), hours)

    # Summer: 18:00–01:00; at 01:00 the night is over.
    assert at(2025, 6, 14, 17, 59).on_duty is False
    assert at(2025, 6, 14, 18, 0).on_duty is True
    assert (at(2025, 6, 15, 1, 0).night, at(2025, 6, 15, 1, 0).on_duty) == (
        date(2025, 6, 14),
        False,
    )
    # Sunday evening: no service.
    assert at(2025, 6, 15, 20, 0).on_duty is False
    assert at(2025, 6, 15, 20, 0).shift is None
    # Winter: 17:00–00:00.
    assert at(2025, 1, 10, 17, 30).on_duty is True
    assert at(2025, 1, 10, 23, 59).on_duty is True
    assert at(2025, 1, 11, 0, 30).on_duty is False


def test_the_scheme_hours_carry_its_time_zone_and_holiday_policy(db):
    scheme = SchemeFactory(time_zone="America/Cayenne", holidays_included=False)
    besancon_like_hours(scheme)

    hours = scheme_service_hours(scheme)

    assert (hours.time_zone, hours.include_holidays) == ("America/Cayenne", False)
    assert len(hours.rules) == 2
    # 14 July 2025 is a Monday and a public holiday: no service night.
    assert hours.shift_for(date(2025, 7, 14)) is None
    assert hours.shift_for(date(2025, 7, 15)) is not None


def test_the_scheme_staffing_is_read_from_its_rules(db):
    scheme = SchemeFactory()
    for label, position, headcount, weekdays, priority, ranges, weeks in [
        ("Encadrant", "supervisor", 1, "012345", 0, "", ""),
        ("Service normal", "agent", 4, "12345", 0, "", ""),
        ("Lundi", "agent", 2, "0", 10, "", ""),
        ("Été", "agent", 2, "012345", 10, "25/07-31/07, 01/08-14/08", ""),
        ("Fin d'année", "agent", 3, "012345", 20, "", "51, 52"),
    ]:
        StaffingRule.objects.create(
            scheme=scheme,
            label=label,
            position=position,
            headcount=headcount,
            weekdays=weekdays,
            priority=priority,
            date_ranges=ranges,
            iso_weeks=weeks,
        )

    rules = scheme_staffing(scheme)

    assert required_staff(rules, date(2025, 11, 17))["agent"].headcount == 2  # Monday
    assert required_staff(rules, date(2025, 11, 18))["agent"].headcount == 4  # Tuesday
    assert required_staff(rules, date(2025, 11, 18))["supervisor"].headcount == 1
    summer = required_staff(rules, date(2025, 7, 29))["agent"]
    assert (summer.headcount, summer.rule_label) == (2, "Été")
    assert required_staff(rules, date(2025, 12, 16))["agent"].rule_label == "Fin d'année"
    assert required_staff(rules, date(2025, 11, 23)) == {}  # Sunday


def test_applying_the_mons_preset_adds_its_nine_activities_once(db):
    scheme = SchemeFactory()

    created = activity_referential_apply_preset(scheme=scheme, preset="mons")
    again = activity_referential_apply_preset(scheme=scheme, preset="mons")

    assert len(created) == 9
    assert again == []
    assert [(a.code, a.label) for a in scheme_activities(scheme)] == list(MONS)
    assert [a.position for a in scheme_activities(scheme)] == list(range(1, 10))


def test_a_preset_keeps_the_activities_a_scheme_already_has(db):
    scheme = SchemeFactory()
    own = activity_create(scheme=scheme, code="presence", label="Notre présence")

    created = activity_referential_apply_preset(scheme=scheme, preset="xp-x60-600")

    assert len(created) == 7
    own.refresh_from_db()
    assert own.label == "Notre présence"
    assert Activity.objects.filter(scheme=scheme).count() == 8


def test_an_unknown_preset_is_refused_and_adds_nothing(db):
    scheme = SchemeFactory()

    with pytest.raises(ValidationError):
        activity_referential_apply_preset(scheme=scheme, preset="nowhere")

    assert not Activity.objects.filter(scheme=scheme).exists()


def test_a_retired_activity_is_kept_hidden_and_can_be_restored(db):
    scheme = SchemeFactory()
    activity_referential_apply_preset(scheme=scheme, preset="mons")
    presence = Activity.objects.get(scheme=scheme, code="presence")

    retired = activity_retire(activity=presence)

    assert retired.retired_at is not None
    assert Activity.objects.filter(pk=presence.pk).exists()
    assert "presence" not in scheme_activities(scheme).values_list("code", flat=True)
    assert scheme_activities(scheme).count() == 8
    assert scheme_activities(scheme, include_retired=True).count() == 9
    # Applying the preset again does not bring it back.
    assert activity_referential_apply_preset(scheme=scheme, preset="mons") == []
    assert Activity.objects.get(pk=presence.pk).is_retired
    # Retiring twice keeps the first date.
    assert activity_retire(activity=presence).retired_at == retired.retired_at

    restored = activity_restore(activity=presence)

    assert restored.retired_at is None
    assert scheme_activities(scheme).count() == 9
    assert Activity.objects.filter(scheme=scheme).count() == 9


def test_a_scheme_created_in_the_admin_gets_the_apps_defaults_once(db, rf):
    from django.contrib import admin

    from voisinage.factories import OrganisationFactory, UserFactory
    from voisinage.field.models import FieldCode
    from voisinage.schemes.admin import SchemeAdmin
    from voisinage.schemes.models import Scheme
    from voisinage.schemes.services import scheme_defaults_ensure

    scheme = Scheme(
        name="Neuville",
        slug="neuville",
        operator=OrganisationFactory.create(kind="operator"),
        starts_on=date(2026, 1, 1),
    )
    request = rf.post("/admin/schemes/scheme/add/")
    request.user = UserFactory.create(is_superuser=True, is_staff=True)
    SchemeAdmin(Scheme, admin.site).save_model(request, scheme, form=None, change=False)
    codes = FieldCode.objects.filter(scheme=scheme)
    assert {"material", "behaviour", "action"} <= set(codes.values_list("kind", flat=True))
    count = codes.count()
    scheme_defaults_ensure(scheme=scheme)
    assert codes.count() == count
