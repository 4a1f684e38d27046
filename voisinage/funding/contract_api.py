"""Funding API for the contract an agreement shares and for the agreement's amendments:
/agreements/{id}/contract (terms, amendments, purchase orders, what remains), its amendments
and orders, and /agreements/{id}/amendments. Reads for the agreement's readers; writes for its
managers (``access_agreement(..., write=True)``), the same services as the pages; refusals are
a 422 in French, nothing changed. Amounts are integer cents; percentages decimal strings."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from voisinage.apiauth import caller
from voisinage.apierrors import refused
from voisinage.apitypes import Day, Id, Line, Text
from voisinage.funding import services
from voisinage.funding.access import access_agreement
from voisinage.funding.models import Agreement
from voisinage.funding.selectors import contract_orders
from voisinage.funding.selectors.contract import contract_amendments, contract_terms_of
from voisinage.lib import clock
from voisinage.schemes.models import OperatorContract

router = Router(tags=["funding"])

AMOUNT = Field(None, ge=0, le=10**13, description="Incl. tax, in cents")
PERCENT = Field(None, ge=-100, le=1000, max_digits=8, decimal_places=4)
INDEX = Field(None, gt=0, le=10**7, max_digits=12, decimal_places=4)


class ContractTermsOut(Schema):
    effective_on: date
    annual_amount_cents: int
    ends_on: date
    sites: list[str]
    amendment_number: int | None


class ContractAmendmentOut(Schema):
    number: int
    signed_on: date
    effective_on: date
    ends_on: date | None
    annual_amount_cents: int | None
    revision_percent: Decimal | None
    index_base: Decimal | None
    index_new: Decimal | None
    sites: list[str]
    note: str

    @staticmethod
    def resolve_sites(obj: Any) -> list[str]:
        return obj.sites.splitlines() if obj.sites else []


class PurchaseOrderOut(Schema):
    reference: str
    ordered_on: date
    amount_cents: int
    description: str
    period_start: date | None
    period_end: date | None
    sites: list[str]

    @staticmethod
    def resolve_sites(obj: Any) -> list[str]:
        return obj.sites.splitlines() if obj.sites else []


class ContractHistoryOut(Schema):
    id: int
    reference: str
    operator: str
    starts_on: date
    annual_amount_cents: int
    ceiling_cents: int | None = Field(description="A framework contract's ceiling, if any")
    terms: list[ContractTermsOut] = Field(description="The terms in force from each date")
    amendments: list[ContractAmendmentOut]
    orders: list[PurchaseOrderOut]
    ordered_cents: int
    available_cents: int = Field(description="The ceiling, or what may be ordered to date")
    remaining_cents: int


class ContractAmendmentIn(Schema):
    signed_on: Day
    effective_on: Day
    ends_on: Day | None = None
    annual_amount_cents: int | None = AMOUNT
    revision_percent: Decimal | None = PERCENT
    index_base: Decimal | None = INDEX
    index_new: Decimal | None = INDEX
    sites: list[Line] = Field(default_factory=list, max_length=500)
    note: Line = Field("", max_length=300)


class PurchaseOrderIn(Schema):
    reference: Line = Field(max_length=100)
    ordered_on: Day
    amount_cents: int = Field(ge=1, le=10**13, description="Incl. tax, in cents")
    description: Text = Field(max_length=2000)
    period_start: Day | None = None
    period_end: Day | None = None
    sites: list[Line] = Field(default_factory=list, max_length=500)


class AgreementAmendmentIn(Schema):
    signed_on: Day
    effective_on: Day
    annual_cost_cents: int | None = AMOUNT
    cap_percent: Decimal | None = PERCENT
    cap_index_base: Decimal | None = INDEX
    cap_index_new: Decimal | None = INDEX
    note: Line = Field("", max_length=300)


class AgreementAmendmentOut(Schema):
    number: int
    signed_on: date
    effective_on: date
    annual_cost_cents: int | None
    cap_percent: Decimal | None
    cap_index_base: Decimal | None
    cap_index_new: Decimal | None
    note: str


def _with_contract(
    request: HttpRequest, agreement_id: int, *, write: bool = False
) -> tuple[Agreement, OperatorContract]:
    """The agreement (read, or written with ``write``) and its contract; 404 without one."""
    found = access_agreement(caller(request), None, agreement_id, write=write)
    if found.contract is None:
        raise Http404
    return found, found.contract


@router.get(
    "/agreements/{agreement_id}/contract",
    response=ContractHistoryOut,
    summary="The contract an agreement shares: terms, amendments, purchase orders",
)
def get_agreement_contract(request: HttpRequest, agreement_id: Id) -> dict[str, Any]:
    found, contract = _with_contract(request, agreement_id)
    amendments = contract_amendments(contract)
    book = contract_orders(found, clock.today())
    if book is None:
        raise Http404
    return {
        "id": contract.pk,
        "reference": contract.reference,
        "operator": str(contract.operator),
        "starts_on": contract.starts_on,
        "annual_amount_cents": contract.annual_amount_cents,
        "ceiling_cents": contract.ceiling_cents,
        "terms": [
            {
                "effective_on": t.effective_on,
                "annual_amount_cents": t.annual_cents,
                "ends_on": t.ends_on,
                "sites": list(t.sites),
                "amendment_number": t.amendment_number,
            }
            for t in contract_terms_of(contract, amendments)
        ],
        "amendments": amendments,
        "orders": book.orders,
        "ordered_cents": book.ordered_cents,
        "available_cents": book.ceiling_cents,
        "remaining_cents": book.remaining_cents,
    }


@router.post(
    "/agreements/{agreement_id}/contract/amendments",
    response={201: ContractAmendmentOut},
    summary="Record an amendment to the contract an agreement shares",
)
def add_contract_amendment(
    request: HttpRequest, agreement_id: Id, payload: ContractAmendmentIn
) -> Any:
    _found, contract = _with_contract(request, agreement_id, write=True)
    values = payload.dict()
    values["sites"] = "\n".join(values["sites"])
    try:
        amendment = services.contract_amendment_add(
            contract=contract, author=caller(request), **values
        )
    except ValidationError as exc:
        raise refused(exc) from exc
    return Status(201, amendment)


@router.post(
    "/agreements/{agreement_id}/contract/orders",
    response={201: PurchaseOrderOut},
    summary="Record a purchase order on the contract an agreement shares",
)
def add_purchase_order(request: HttpRequest, agreement_id: Id, payload: PurchaseOrderIn) -> Any:
    _found, contract = _with_contract(request, agreement_id, write=True)
    values = payload.dict()
    values["sites"] = "\n".join(values["sites"])
    try:
        order = services.purchase_order_create(
            contract=contract, created_by=caller(request), **values
        )
    except ValidationError as exc:
        raise refused(exc) from exc
    return Status(201, order)


@router.post(
    "/agreements/{agreement_id}/amendments",
    response={201: AgreementAmendmentOut},
    summary="Record an amendment to an agreement (a new cost, the caps revised)",
)
def add_agreement_amendment(
    request: HttpRequest, agreement_id: Id, payload: AgreementAmendmentIn
) -> Any:
    found = access_agreement(caller(request), None, agreement_id, write=True)
    try:
        amendment = services.agreement_amendment_add(
            agreement=found, author=caller(request), **payload.dict()
        )
    except ValidationError as exc:
        raise refused(exc) from exc
    return Status(201, amendment)
