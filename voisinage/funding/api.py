"""Funding API, mounted at the API root: /schemes/{slug}/agreements, /agreements/{id},
/agreements/{id}/schedule (and, from contract_api, the contract and the amendments). Amounts
are integer cents; percentages are decimal strings."""

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from voisinage.apiauth import caller
from voisinage.apitypes import Id, Paginated
from voisinage.funding.access import access_agreement
from voisinage.funding.contract_api import AgreementAmendmentOut
from voisinage.funding.contract_api import router as contract_router
from voisinage.funding.models import Agreement, AgreementParty
from voisinage.funding.selectors import Content, agreement_sheet, current_cost, scheme_agreements
from voisinage.funding.wording import describe_rule
from voisinage.lib import clock
from voisinage.schemes.access import access_scheme

router = Router(tags=["funding"])
router.add_router("", contract_router)


class OrganisationRef(Schema):
    id: int
    name: str


class PartyOut(Schema):
    id: int = Field(description="The party's id in this agreement")
    organisation: OrganisationRef
    role: str
    is_coordinator: bool

    @staticmethod
    def resolve_role(obj: AgreementParty) -> str:
        return obj.role_label


class AgreementBase(Schema):
    id: int
    scheme: str
    title: str
    reference: str
    starts_on: date
    ends_on: date
    annual_cost_cents: int | None = Field(description="Annual target cost in force today")
    parties: list[PartyOut]


class AgreementOut(AgreementBase):
    @staticmethod
    def resolve_scheme(obj: Agreement) -> str:
        return obj.scheme.slug

    @staticmethod
    def resolve_annual_cost_cents(obj: Agreement) -> int | None:
        return getattr(obj, "current_cost_cents", None)


class CostOut(Schema):
    starts_on: date
    annual_cost_cents: int
    note: str


class RuleOut(Schema):
    id: int
    label: str
    kind: str
    description: str = Field(description="The rule in words")
    party_id: int | None
    percent: str | None = Field(description='Decimal string, e.g. "28.19"')
    cap_cents: int | None
    fixed_cents: int | None
    children: list["RuleOut"]


class ConstraintOut(Schema):
    id: int
    kind: str
    rule_id: int
    cap_cents: int | None
    expected_percent: str | None
    tolerance_points: str
    clause: str


class ContractRef(Schema):
    id: int
    reference: str
    starts_on: date
    annual_amount_cents: int


class FindingOut(Schema):
    kind: str
    rule_id: int | None
    message: str
    clause: str


class CostCheckOut(Schema):
    starts_on: date
    annual_cost_cents: int
    findings: list[FindingOut]


class AgreementDetailOut(AgreementBase):
    notice_months: int
    rounding: str = Field(
        description="cent: parts to the cent by largest remainders; euro: lines to the euro, "
        "the residual carried by one line"
    )
    contract: ContractRef | None
    costs: list[CostOut]
    rules: list[RuleOut]
    constraints: list[ConstraintOut]
    checks: list[CostCheckOut] = Field(
        description="Each annual rate (from each cost period and each revision of the caps), "
        "checked against the caps then in force"
    )
    amendments: list[AgreementAmendmentOut] = Field(description="The agreement's amendments")


class LinePartyOut(Schema):
    id: int
    organisation_id: int
    name: str
    role: str


class ScheduleLineOut(Schema):
    rule_id: int | None = Field(description="None for the unallocated part, if any")
    label: str
    party: LinePartyOut | None
    amount_cents: int
    capped: bool
    residual_cents: int = Field(
        0, description="The rounding residual this line carries (to the euro), included"
    )
    requested_cents: int
    paid_cents: int
    status: str | None


class ScheduleYearOut(Schema):
    year: int
    starts_on: date
    ends_on: date
    months: str = Field(description='Months covered, e.g. "12", "7", "17/31"')
    total_cents: int
    lines: list[ScheduleLineOut]


class ScheduleOut(Schema):
    agreement: int
    years: list[ScheduleYearOut]


def _decimal(value: Any) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _rules(content: Content) -> list[dict[str, Any]]:
    by_parent: dict[int | None, list[dict[str, Any]]] = {}
    for node in content.nodes:
        rule = node.rule
        by_parent.setdefault(rule.parent_id, []).append(
            {
                "id": rule.pk,
                "label": rule.label,
                "kind": rule.kind,
                "description": describe_rule(node),
                "party_id": rule.party_id,
                "percent": _decimal(rule.percent),
                "cap_cents": rule.cap_cents,
                "fixed_cents": rule.fixed_cents,
                "children": [],
            }
        )
    for children in by_parent.values():
        for item in children:
            item["children"] = by_parent.get(item["id"], [])
    return by_parent.get(None, [])


@router.get(
    "/schemes/{slug}/agreements",
    response=list[AgreementOut],
    summary="Funding agreements of a scheme that the caller is party to or administers",
)
@paginate(Paginated)
def list_agreements(request: HttpRequest, slug: str) -> QuerySet[Agreement]:
    scheme = access_scheme(caller(request), slug)
    return scheme_agreements(caller(request), scheme).select_related("scheme")


@router.get("/agreements/{agreement_id}", response=AgreementDetailOut, summary="One agreement")
def get_agreement(request: HttpRequest, agreement_id: Id) -> dict[str, Any]:
    found = access_agreement(caller(request), None, agreement_id)
    sheet = agreement_sheet(found, clock.today())
    content = sheet.content
    cost = current_cost(content.costs, sheet.today)
    contract = found.contract
    return {
        "id": found.pk,
        "scheme": found.scheme.slug,
        "title": found.title,
        "reference": found.reference,
        "starts_on": found.starts_on,
        "ends_on": found.ends_on,
        "annual_cost_cents": cost.annual_cost_cents if cost else None,
        "parties": content.parties,
        "notice_months": found.notice_months,
        "rounding": found.rounding,
        "contract": (
            {
                "id": contract.pk,
                "reference": contract.reference,
                "starts_on": contract.starts_on,
                "annual_amount_cents": contract.annual_amount_cents,
            }
            if contract
            else None
        ),
        "costs": content.costs,
        "rules": _rules(content),
        "constraints": [
            {
                "id": c.pk,
                "kind": c.kind,
                "rule_id": c.rule_id,
                "cap_cents": c.cap_cents,
                "expected_percent": _decimal(c.expected_percent),
                "tolerance_points": _decimal(c.tolerance_points),
                "clause": c.clause,
            }
            for c in content.constraints
        ],
        "checks": [
            {
                "starts_on": check.starts_on,
                "annual_cost_cents": check.cost.annual_cost_cents,
                "findings": [vars(f) for f in check.findings],
            }
            for check in sheet.cost_checks
        ],
        "amendments": content.amendments,
    }


@router.get(
    "/agreements/{agreement_id}/schedule",
    response=ScheduleOut,
    summary="Amounts due per calendar year and party, in cents, with what was requested and paid",
)
def get_agreement_schedule(request: HttpRequest, agreement_id: Id) -> dict[str, Any]:
    found = access_agreement(caller(request), None, agreement_id)
    sheet = agreement_sheet(found, clock.today())
    content = sheet.content
    payments = {(line.year, line.rule_id): line for year in sheet.payments for line in year.lines}
    years = []
    for year in sheet.schedule:
        lines = []
        for line in year.allocation.lines:
            party = content.party_by_id.get(line.party_id) if line.party_id else None
            paid = payments.get((year.year, line.rule_id)) if line.rule_id else None
            lines.append(
                {
                    "rule_id": line.rule_id,
                    "label": line.label,
                    "party": (
                        {
                            "id": party.pk,
                            "organisation_id": party.organisation_id,
                            "name": party.organisation.name,
                            "role": party.role_label,
                        }
                        if party
                        else None
                    ),
                    "amount_cents": line.amount_cents,
                    "capped": line.capped,
                    "residual_cents": line.residual_cents,
                    "requested_cents": paid.requested_cents if paid else 0,
                    "paid_cents": paid.paid_cents if paid else 0,
                    "status": paid.status if paid else None,
                }
            )
        months = year.months
        years.append(
            {
                "year": year.year,
                "starts_on": year.starts_on,
                "ends_on": year.ends_on,
                "months": str(months.numerator)
                if months.denominator == 1
                else f"{months.numerator}/{months.denominator}",
                "total_cents": year.total_cents,
                "lines": lines,
            }
        )
    return {"agreement": found.pk, "years": years}
