from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from voisinage.lib.service_hours import (
    ALL_WEEKDAYS,
    HoursRule,
    ServiceHours,
    Shift,
    month_day_in_range,
    nights_between,
    parse_hhmm,
    service_night,
)
from voisinage.lib.tests.presets import besancon_hours

PARIS = ZoneInfo("Europe/Paris")
HOURS = besancon_hours()
# A GPIS-like scheme working every night 16:00–05:00, so its nights cross the DST changes.
ROUND_THE_CLOCK = ServiceHours(
    rules=(HoursRule((1, 1), (12, 31), ALL_WEEKDAYS, time(16, 0), time(5, 0)),)
)


def paris(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def shift_of(evening: date, hours: ServiceHours = HOURS) -> Shift:
    shift = hours.shift_for(evening)
    assert shift is not None, f"expected a shift on {evening}"
    return shift


# Ordinary nights


def test_summer_saturday_night_runs_from_six_pm_to_one_am() -> None:
    shift = shift_of(date(2025, 6, 14))

    assert shift.night == date(2025, 6, 14)
    assert shift.starts_at == paris(2025, 6, 14, 18)
    assert shift.ends_at == paris(2025, 6, 15, 1)
    assert shift.duration == timedelta(hours=7)
    assert shift.starts_at.tzinfo is UTC
    assert shift.ends_at.tzinfo is UTC


def test_half_past_midnight_on_sunday_is_on_duty_in_saturdays_night() -> None:
    status = service_night(paris(2025, 6, 15, 0, 30), HOURS)

    assert status.night == date(2025, 6, 14)
    assert status.on_duty is True
    assert status.shift == shift_of(date(2025, 6, 14))


def test_shift_start_is_inclusive_and_end_is_exclusive() -> None:
    assert service_night(paris(2025, 6, 14, 18), HOURS).on_duty is True
    assert service_night(paris(2025, 6, 14, 17, 59), HOURS).on_duty is False
    assert service_night(paris(2025, 6, 15, 0, 59), HOURS).on_duty is True
    ended = service_night(paris(2025, 6, 15, 1), HOURS)
    assert ended.on_duty is False
    assert ended.night == date(2025, 6, 14)


def test_winter_friday_night_runs_from_five_pm_to_midnight() -> None:
    shift = shift_of(date(2025, 11, 21))

    assert shift.starts_at == paris(2025, 11, 21, 17)
    assert shift.ends_at == paris(2025, 11, 22, 0)
    assert shift.duration == timedelta(hours=7)


def test_half_past_midnight_in_winter_is_off_duty_but_still_fridays_night() -> None:
    status = service_night(paris(2025, 11, 22, 0, 30), HOURS)

    assert status.night == date(2025, 11, 21)
    assert status.on_duty is False
    assert status.shift == shift_of(date(2025, 11, 21))


def test_sunday_evening_has_no_shift() -> None:
    assert HOURS.shift_for(date(2025, 6, 15)) is None
    assert HOURS.shift_for(date(2025, 11, 23)) is None

    status = service_night(paris(2025, 6, 15, 21), HOURS)
    assert status == type(status)(night=date(2025, 6, 15), on_duty=False, shift=None)


def test_day_boundary_decides_the_night_of_an_off_duty_moment() -> None:
    assert service_night(paris(2025, 6, 15, 5, 59), HOURS).night == date(2025, 6, 14)
    assert service_night(paris(2025, 6, 15, 6, 0), HOURS).night == date(2025, 6, 15)
    afternoon = service_night(paris(2025, 6, 16, 15), HOURS)
    assert afternoon.night == date(2025, 6, 16)
    assert afternoon.on_duty is False
    assert afternoon.shift == shift_of(date(2025, 6, 16))


# Public holidays


@pytest.mark.parametrize(
    "holiday",
    [
        pytest.param(date(2025, 7, 14), id="Bastille Day, a Monday"),
        pytest.param(date(2025, 12, 25), id="Christmas, a Thursday"),
    ],
)
def test_public_holidays_have_a_shift_when_holidays_are_included(holiday: date) -> None:
    assert HOURS.include_holidays is True
    assert HOURS.shift_for(holiday) is not None


@pytest.mark.parametrize("holiday", [date(2025, 7, 14), date(2025, 12, 25)])
def test_public_holidays_have_no_shift_when_holidays_are_excluded(holiday: date) -> None:
    hours = ServiceHours(rules=HOURS.rules, include_holidays=False)

    assert hours.shift_for(holiday) is None
    assert hours.shift_for(holiday + timedelta(days=1)) is not None  # an ordinary day
    status = service_night(datetime.combine(holiday, time(20), tzinfo=PARIS), hours)
    assert status.on_duty is False
    assert status.shift is None


# Seasons


def test_first_of_april_opens_the_summer_season() -> None:
    march_31 = shift_of(date(2025, 3, 31))
    april_1 = shift_of(date(2025, 4, 1))

    assert (march_31.starts_at, march_31.ends_at) == (paris(2025, 3, 31, 17), paris(2025, 4, 1, 0))
    assert (april_1.starts_at, april_1.ends_at) == (paris(2025, 4, 1, 18), paris(2025, 4, 2, 1))


def test_thirtieth_of_september_closes_summer_and_first_of_october_opens_winter() -> None:
    sept_30 = shift_of(date(2025, 9, 30))
    oct_1 = shift_of(date(2025, 10, 1))

    assert (sept_30.starts_at, sept_30.ends_at) == (paris(2025, 9, 30, 18), paris(2025, 10, 1, 1))
    assert (oct_1.starts_at, oct_1.ends_at) == (paris(2025, 10, 1, 17), paris(2025, 10, 2, 0))


def test_midnight_after_the_last_summer_night_is_on_duty_in_september() -> None:
    status = service_night(paris(2025, 10, 1, 0, 30), HOURS)

    assert status.night == date(2025, 9, 30)
    assert status.on_duty is True


def test_season_ranges_may_wrap_the_new_year() -> None:
    assert month_day_in_range(date(2025, 12, 31), (10, 1), (3, 31))
    assert month_day_in_range(date(2026, 1, 1), (10, 1), (3, 31))
    assert not month_day_in_range(date(2025, 4, 1), (10, 1), (3, 31))
    assert month_day_in_range(date(2025, 6, 1), (4, 1), (9, 30))


# Daylight-saving changes


def test_besancon_nights_around_the_spring_change_end_at_midnight_before_it() -> None:
    saturday = shift_of(date(2025, 3, 29))
    monday = shift_of(date(2025, 3, 31))

    assert saturday.starts_at == utc(2025, 3, 29, 16)  # 17:00 CET
    assert saturday.ends_at == utc(2025, 3, 29, 23)  # midnight CET, before the 02:00 change
    assert saturday.duration == timedelta(hours=7)
    assert HOURS.shift_for(date(2025, 3, 30)) is None
    assert monday.starts_at == utc(2025, 3, 31, 15)  # 17:00 CEST
    assert monday.duration == timedelta(hours=7)


def test_besancon_nights_around_the_autumn_change_end_at_midnight_before_it() -> None:
    saturday = shift_of(date(2025, 10, 25))
    monday = shift_of(date(2025, 10, 27))

    assert saturday.starts_at == utc(2025, 10, 25, 15)  # 17:00 CEST
    assert saturday.ends_at == utc(2025, 10, 25, 22)  # midnight CEST, before the 03:00 change
    assert saturday.duration == timedelta(hours=7)
    assert HOURS.shift_for(date(2025, 10, 26)) is None
    assert monday.starts_at == utc(2025, 10, 27, 16)  # 17:00 CET
    assert monday.duration == timedelta(hours=7)


def test_fall_back_hour_is_off_duty_for_besancon() -> None:
    for instant in (utc(2025, 10, 26, 0, 30), utc(2025, 10, 26, 1, 30)):
        status = service_night(instant, HOURS)
        assert status.night == date(2025, 10, 25)
        assert status.on_duty is False


def test_a_night_crossing_the_spring_change_lasts_twelve_hours() -> None:
    shift = shift_of(date(2025, 3, 29), ROUND_THE_CLOCK)

    assert shift.starts_at == utc(2025, 3, 29, 15)
    assert shift.ends_at == utc(2025, 3, 30, 3)
    assert shift.duration == timedelta(hours=12)


def test_a_night_crossing_the_autumn_change_lasts_fourteen_hours() -> None:
    shift = shift_of(date(2025, 10, 25), ROUND_THE_CLOCK)

    assert shift.starts_at == utc(2025, 10, 25, 14)
    assert shift.ends_at == utc(2025, 10, 26, 4)
    assert shift.duration == timedelta(hours=14)


@pytest.mark.parametrize(
    ("instant", "fold"),
    [
        pytest.param(utc(2025, 10, 26, 0, 30), 0, id="first 02:30, summer time"),
        pytest.param(utc(2025, 10, 26, 1, 30), 1, id="second 02:30, winter time"),
    ],
)
def test_both_half_past_two_of_the_fall_back_hour_are_on_duty_in_the_previous_night(
    instant: datetime, fold: int
) -> None:
    local = instant.astimezone(PARIS)
    assert (local.hour, local.minute, local.fold) == (2, 30, fold)

    status = service_night(instant, ROUND_THE_CLOCK)

    assert status.night == date(2025, 10, 25)
    assert status.on_duty is True
    assert status.shift == shift_of(date(2025, 10, 25), ROUND_THE_CLOCK)


def test_a_nonexistent_wall_time_is_pushed_past_the_spring_gap() -> None:
    early = ServiceHours(rules=(HoursRule((1, 1), (12, 31), ALL_WEEKDAYS, time(2, 30), time(6)),))

    shift = shift_of(date(2025, 3, 30), early)

    assert shift.starts_at == utc(2025, 3, 30, 1, 30)  # read as 02:30 CET, i.e. 03:30 CEST
    assert shift.starts_at.astimezone(PARIS).time() == time(3, 30)
    assert shift.duration == timedelta(hours=2, minutes=30)


def test_an_ambiguous_wall_time_means_its_first_occurrence() -> None:
    early = ServiceHours(rules=(HoursRule((1, 1), (12, 31), ALL_WEEKDAYS, time(2, 30), time(6)),))

    shift = shift_of(date(2025, 10, 26), early)

    assert shift.starts_at == utc(2025, 10, 26, 0, 30)  # 02:30 CEST
    assert shift.duration == timedelta(hours=4, minutes=30)


# Time zones of the moments


@pytest.mark.parametrize(
    "zone",
    [
        UTC,
        ZoneInfo("America/New_York"),
        ZoneInfo("Asia/Tokyo"),
        timezone(timedelta(hours=-3, minutes=-30)),
        PARIS,
    ],
    ids=str,
)
@pytest.mark.parametrize(
    "instant",
    [
        utc(2025, 6, 14, 22, 30),  # 00:30 Sunday in Paris, on duty
        utc(2025, 11, 21, 23, 30),  # 00:30 Saturday in Paris, off duty
        utc(2025, 6, 15, 3, 59),  # 05:59 Sunday in Paris, off duty
        utc(2025, 10, 26, 1, 30),  # second 02:30 in Paris
    ],
    ids=str,
)
def test_the_same_instant_in_any_time_zone_gives_the_same_answer(
    instant: datetime, zone: timezone | ZoneInfo
) -> None:
    assert service_night(instant.astimezone(zone), HOURS) == service_night(instant, HOURS)
    assert service_night(instant.astimezone(zone), ROUND_THE_CLOCK) == service_night(
        instant, ROUND_THE_CLOCK
    )


def test_a_naive_datetime_is_rejected() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        service_night(datetime(2025, 6, 14, 20), HOURS)


# Planning helpers and validation


def test_nights_between_lists_the_shifts_of_an_inclusive_range() -> None:
    week = nights_between(date(2025, 6, 9), date(2025, 6, 15), HOURS)

    assert [shift.night for shift in week] == [date(2025, 6, d) for d in range(9, 15)]
    assert nights_between(date(2025, 6, 15), date(2025, 6, 9), HOURS) == []


def test_nights_between_skips_holidays_when_they_are_excluded() -> None:
    hours = ServiceHours(rules=HOURS.rules, include_holidays=False)

    week = nights_between(date(2025, 6, 9), date(2025, 6, 15), hours)  # 9 June: Whit Monday

    assert [shift.night for shift in week] == [date(2025, 6, d) for d in range(10, 15)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("18:00", time(18)), ("00:00", time(0)), ("7:05", time(7, 5)), ("24:00", time(0))],
)
def test_parse_hhmm_reads_a_24_hour_clock(text: str, expected: time) -> None:
    assert parse_hhmm(text) == expected


@pytest.mark.parametrize("text", ["18h00", "25:00", "18:60", "24:30", "", "18", "18:00:00"])
def test_parse_hhmm_rejects_anything_else(text: str) -> None:
    with pytest.raises(ValueError, match=r"HH:MM|24:00"):
        parse_hhmm(text)


def test_invalid_rules_and_settings_are_rejected() -> None:
    with pytest.raises(ValueError, match="month, day"):
        HoursRule((2, 30), (3, 31), ALL_WEEKDAYS, time(17), time(0))
    with pytest.raises(ValueError, match="Weekdays"):
        HoursRule((1, 1), (12, 31), frozenset({7}), time(17), time(0))
    with pytest.raises(ValueError, match="time zone"):
        ServiceHours(rules=HOURS.rules, time_zone="Europe/Besançon")


# Property


ZONES = st.sampled_from(
    [
        UTC,
        PARIS,
        ZoneInfo("America/New_York"),
        ZoneInfo("Australia/Lord_Howe"),
        ZoneInfo("Asia/Kolkata"),
    ]
)


@given(
    moment=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2060, 12, 31), timezones=ZONES
    ),
    hours=st.sampled_from([HOURS, ROUND_THE_CLOCK]),
)
def test_an_on_duty_moment_lies_in_its_shift_and_its_night_is_today_or_yesterday(
    moment: datetime, hours: ServiceHours
) -> None:
    status = service_night(moment, hours)

    local_date = moment.astimezone(PARIS).date()
    assert status.night in {local_date, local_date - timedelta(days=1)}
    if status.on_duty:
        assert status.shift is not None
        assert status.shift.night == status.night
        assert status.shift.starts_at <= moment < status.shift.ends_at
    if status.shift is not None:
        assert status.shift == hours.shift_for(status.night)
