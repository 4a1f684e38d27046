"""API of the settings area's staffing rules: the scheme's managers list, add, change and
remove them (the same services as the page; errors in French, nothing changed)."""

from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from voisinage.accounts.access import get_or_404
from voisinage.apiauth import caller
from voisinage.apierrors import refused
from voisinage.apitypes import Id, Line
from voisinage.schemes import staffing_rules
from voisinage.schemes.models import StaffingRule
from voisinage.schemes.settings.pages import access_settings_section

router = Router(tags=["settings"])

Position = Literal["supervisor", "agent"]


class StaffingRuleOut(Schema):
    id: int
    label: str
    position: str
    headcount: int
    weekdays: str
    priority: int
    date_ranges: str
    iso_weeks: str


class StaffingRuleIn(Schema):
    label: Line = Field(max_length=100)
    position: Position
    headcount: int = Field(ge=0, le=100)
    weekdays: Line = Field(max_length=7, description='0 = Monday … 6 = Sunday, e.g. "01234"')
    priority: int = Field(0, ge=-1000, le=1000)
    date_ranges: Line = Field("", max_length=200, description="e.g. 25/07-31/07, 01/08-14/08")
    iso_weeks: Line = Field("", max_length=100, description="e.g. 51, 52")


class StaffingRuleChange(Schema):
    label: Line | None = Field(None, max_length=100)
    position: Position | None = None
    headcount: int | None = Field(None, ge=0, le=100)
    weekdays: Line | None = Field(None, max_length=7)
    priority: int | None = Field(None, ge=-1000, le=1000)
    date_ranges: Line | None = Field(None, max_length=200)
    iso_weeks: Line | None = Field(None, max_length=100)


@router.get(
    "/{slug}/settings/staffing-rules",
    response=list[StaffingRuleOut],
    summary="Staffing rules and reduced periods (the scheme's managers)",
)
def list_setting_staffing_rules(request: HttpRequest, slug: str) -> Any:
    scheme = access_settings_section(caller(request), slug, staffing_rules.STAFFING)
    return list(StaffingRule.objects.filter(scheme=scheme).order_by("position", "-priority", "pk"))


@router.post(
    "/{slug}/settings/staffing-rules",
    response={201: StaffingRuleOut},
    summary="Add a staffing rule",
)
def add_setting_staffing_rule(request: HttpRequest, slug: str, payload: StaffingRuleIn) -> Any:
    user = caller(request)
    scheme = access_settings_section(user, slug, staffing_rules.STAFFING)
    try:
        rule = staffing_rules.staffing_rule_add(scheme=scheme, author=user, **payload.dict())
    except ValidationError as exc:
        raise refused(exc) from exc
    return Status(201, rule)


@router.patch(
    "/{slug}/settings/staffing-rules/{rule_id}",
    response=StaffingRuleOut,
    summary="Change a staffing rule (the fields given)",
)
def change_setting_staffing_rule(
    request: HttpRequest, slug: str, rule_id: Id, payload: StaffingRuleChange
) -> Any:
    user = caller(request)
    scheme = access_settings_section(user, slug, staffing_rules.STAFFING)
    rule = get_or_404(StaffingRule.objects.filter(scheme=scheme), pk=rule_id)
    try:
        return staffing_rules.staffing_rule_update(
            rule=rule, author=user, **payload.dict(exclude_none=True)
        )
    except ValidationError as exc:
        raise refused(exc) from exc


@router.delete(
    "/{slug}/settings/staffing-rules/{rule_id}",
    response={204: None},
    summary="Remove a staffing rule",
)
def remove_setting_staffing_rule(request: HttpRequest, slug: str, rule_id: Id) -> Any:
    user = caller(request)
    scheme = access_settings_section(user, slug, staffing_rules.STAFFING)
    rule = get_or_404(StaffingRule.objects.filter(scheme=scheme), pk=rule_id)
    staffing_rules.staffing_rule_remove(rule=rule, author=user)
    return Status(204, None)
