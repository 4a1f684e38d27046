"""API of the field app: night staffing (who is on duty, levels against the rule, hours)."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from voisinage.apiauth import caller
from voisinage.apitypes import Day, Paginated, Year
from voisinage.field.staffing.access import access_rota
from voisinage.field.staffing.models import DutyAssignment
from voisinage.field.staffing.selectors import (
    check_period,
    duty_hours,
    night_staffing,
    scheme_rota,
    week_monday,
)
from voisinage.lib import clock
from voisinage.lib.service_hours import service_night
from voisinage.schemes.access import access_scheme
from voisinage.schemes.selectors import scheme_service_hours

router = Router(tags=["field"])


class Period(Schema):
    night: Day | None = Field(None, description="One service night (the evening's date)")
    start: Day | None = Field(None, alias="from", description="First night (with `to`)")
    end: Day | None = Field(None, alias="to", description="Last night, inclusive")


class PersonRef(Schema):
    id: int
    username: str
    name: str


class DutyOut(Schema):
    id: int
    night: date
    person: PersonRef
    position: str
    team: str
    hours: Decimal

    @staticmethod
    def resolve_person(obj: DutyAssignment) -> dict[str, Any]:
        return _person(obj.user)


class PositionLevelOut(Schema):
    position: str
    label: str
    required: int
    on_duty: int
    missing: int


class NightStaffingOut(Schema):
    night: date
    service: bool = Field(description="Whether the scheme works that night")
    starts_at: str | None = Field(None, description="Start of the shift (ISO 8601, UTC)")
    ends_at: str | None = Field(None, description="End of the shift (ISO 8601, UTC)")
    required: int
    on_duty: int
    missing: int
    positions: list[PositionLevelOut]


class StaffingOut(Schema):
    start: date = Field(alias="from")
    end: date = Field(alias="to")
    nights_with_shortfall: int
    nights: list[NightStaffingOut]


class PersonHoursOut(Schema):
    person: PersonRef
    nights_worked: int
    worked: Decimal
    planned: Decimal
    projection: Decimal | None = Field(description="Hours by 31 December at the current pace")
    basis: Decimal | None = Field(description="The annual basis prorated from the first night")
    worked_share: Decimal | None = Field(description="% of that basis worked to date")
    projection_share: Decimal | None = Field(description="% of that basis, projected")


class HoursOut(Schema):
    year: int
    cutoff: date = Field(description="Nights before this date count as worked")
    basis: int | None = Field(description="Annual hours basis of a full-time mediator")
    people: list[PersonHoursOut]


def _period(scheme: Any, period: Period, *, default_week: bool) -> tuple[date, date]:
    if period.night is not None:
        start = end = period.night
    elif period.start is not None or period.end is not None:
        if period.start is None or period.end is None:
            raise HttpError(422, _("Give both “from” and “to”, or “night”."))
        start, end = period.start, period.end
    elif default_week:
        start = week_monday(clock.today())
        end = date.fromordinal(start.toordinal() + 6)
    else:
        start = end = service_night(clock.now(), scheme_service_hours(scheme)).night
    try:
        check_period(start, end)
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc
    return start, end


def _person(user: Any) -> dict[str, Any]:
    return {"id": user.pk, "username": user.username, "name": user.display_name}


@router.get(
    "/{slug}/duty",
    response=list[DutyOut],
    summary="Who is on duty: one night (default tonight) or from/to (operator staff only)",
)
@paginate(Paginated)
def list_duty(request: HttpRequest, slug: str, period: Query[Period]) -> QuerySet[DutyAssignment]:
    user = caller(request)
    scheme = access_scheme(user, slug)
    access_rota(user, scheme)
    start, end = _period(scheme, period, default_week=False)
    return scheme_rota(user, scheme, start, end)


@router.get(
    "/{slug}/staffing",
    response=StaffingOut,
    by_alias=True,
    summary="Required vs on duty vs missing per night and position (default: this week)",
)
def get_staffing(request: HttpRequest, slug: str, period: Query[Period]) -> dict[str, Any]:
    user = caller(request)
    scheme = access_scheme(user, slug)
    start, end = _period(scheme, period, default_week=True)
    nights = night_staffing(user, scheme, start, end, with_people=False)
    return {
        "from": start,
        "to": end,
        "nights_with_shortfall": sum(1 for n in nights if n.missing),
        "nights": [
            {
                "night": n.night,
                "service": n.has_service,
                "starts_at": n.shift.starts_at.isoformat() if n.shift else None,
                "ends_at": n.shift.ends_at.isoformat() if n.shift else None,
                "required": n.required,
                "on_duty": n.on_duty,
                "missing": n.missing,
                "positions": [vars(p) for p in n.positions],
            }
            for n in nights
        ],
    }


@router.get(
    "/{slug}/duty/hours",
    response=HoursOut,
    summary="Hours per person in a year against the annual basis (operator staff only)",
)
def get_duty_hours(request: HttpRequest, slug: str, year: Year | None = None) -> dict[str, Any]:
    user = caller(request)
    scheme = access_scheme(user, slug)
    access_rota(user, scheme)
    today = clock.today()
    year = year or today.year
    if not 2000 <= year <= today.year + 1:
        raise HttpError(422, _("Unknown year."))
    report = duty_hours(user, scheme, year, today)
    return {
        "year": report.year,
        "cutoff": report.cutoff,
        "basis": report.basis,
        "people": [
            {
                "person": _person(p.user),
                "nights_worked": p.nights_worked,
                "worked": p.worked,
                "planned": p.planned,
                "projection": p.projection,
                "basis": p.basis,
                "worked_share": p.worked_share,
                "projection_share": p.projection_share,
            }
            for p in report.people
        ],
    }
