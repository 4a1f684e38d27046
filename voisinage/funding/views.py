from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from voisinage.accounts.access import AuthenticatedRequest, get_or_404
from voisinage.funding import services
from voisinage.funding.access import access_agreement
from voisinage.funding.exports import schedule_xlsx
from voisinage.funding.forms import (
    AgreementAmendmentForm,
    AgreementForm,
    AmendmentForm,
    ConstraintForm,
    CostForm,
    OrderForm,
    PartyEndForm,
    PartyForm,
    PaymentForm,
    RuleForm,
    WhatIfForm,
)
from voisinage.funding.models import Agreement
from voisinage.funding.selectors import (
    agreement_content,
    agreement_next_notice,
    agreement_payments,
    agreement_schedule,
    agreement_sheet,
    agreement_timeline,
    agreement_what_if,
    contract_orders,
    coordinator_organisations,
    may_create_agreement,
    may_write_agreement,
    scheme_agreements,
)
from voisinage.funding.selectors.contract import contract_amendments, contract_terms_of
from voisinage.funding.wording import describe_group, describe_rule, findings
from voisinage.lib import clock
from voisinage.lib.forms import apply_errors
from voisinage.schemes.access import access_scheme
from voisinage.schemes.templatetags.voisinage import euros
from voisinage.territory.models import Organisation

if TYPE_CHECKING:
    from django import forms


@login_required
def agreements(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    page = Paginator(scheme_agreements(request.user, scheme), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "funding/agreements.html",
        {
            "scheme": scheme,
            "page": page,
            "can_create": may_create_agreement(request.user, scheme),
        },
    )


@login_required
def agreement_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    if not may_create_agreement(request.user, scheme):
        raise Http404
    form = AgreementForm(request.POST or None, scheme=scheme)
    if request.method == "POST" and form.is_valid():
        # A coordinator's referent creates the agreement for its organisation, which becomes
        # its coordinator party (so that the referent sees what it created).
        coordinators = coordinator_organisations(request.user, scheme)
        try:
            agreement = services.agreement_create(
                scheme=scheme,
                **form.cleaned_data,
                coordinator=(
                    Organisation.objects.get(pk=coordinators[0]) if coordinators else None
                ),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Agreement created: add its parties and rules."))
            return redirect("funding:agreement_setup", slug=slug, pk=agreement.pk)
    return render(request, "funding/agreement_form.html", {"scheme": scheme, "form": form})


@login_required
def agreement(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    found = access_agreement(request.user, scheme, pk)
    sheet = agreement_sheet(found, clock.today())
    nodes = [
        (node, describe_rule(node), describe_group(node) if not node.spec.party_id else "")
        for node in sheet.content.nodes
    ]
    return render(
        request,
        "funding/agreement.html",
        {
            "scheme": scheme,
            "agreement": found,
            "sheet": sheet,
            "nodes": nodes,
            "can_write": may_write_agreement(request.user, found),
            "what_if_form": WhatIfForm(),
        },
    )


@login_required
def schedule_export(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    found = access_agreement(request.user, scheme, pk)
    sheet = agreement_sheet(found, clock.today())
    response = HttpResponse(
        schedule_xlsx(sheet),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="echeancier-{scheme.slug}-{found.pk}.xlsx"'
    )
    return response


@login_required
def what_if(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    found = access_agreement(request.user, scheme, pk)
    form = WhatIfForm(request.GET if "annual_cost" in request.GET else None)
    result = None
    if form.is_bound and form.is_valid():
        result = agreement_what_if(found, form.cleaned_data["annual_cost"], clock.today())
    rows = [(row, describe_rule(row.node)) for row in result.rows] if result is not None else []
    return render(
        request,
        "funding/what_if.html",
        {"scheme": scheme, "agreement": found, "form": form, "result": result, "rows": rows},
    )


@login_required
def agreement_setup(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    """Parties, rules, costs and checks of an agreement: one page, one form per action."""
    scheme = access_scheme(request.user, slug)
    found = access_agreement(request.user, scheme, pk, write=True)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    data = request.POST if request.method == "POST" else None

    def bound(name: str) -> dict[str, object] | None:
        return data if action == name else None  # type: ignore[return-value]

    forms_: dict[str, forms.Form] = {
        "agreement": AgreementForm(
            bound("agreement"),
            prefix="agreement",
            scheme=scheme,
            editing=True,
            initial={
                "title": found.title,
                "reference": found.reference,
                "starts_on": found.starts_on,
                "ends_on": found.ends_on,
                "contract": found.contract_id,
                "notice_months": found.notice_months,
                "reminder_days": found.reminder_days,
                "notes": found.notes,
                "rounding": found.rounding,
                "vat_basis": found.vat_basis,
            },
        ),
        "party": PartyForm(bound("party"), prefix="party", agreement=found),
        "party_end": PartyEndForm(bound("party_end"), prefix="party_end", agreement=found),
        "rule": RuleForm(bound("rule"), prefix="rule", agreement=found),
        "cost": CostForm(bound("cost"), prefix="cost"),
        "constraint": ConstraintForm(bound("constraint"), prefix="constraint", agreement=found),
        "amendment": AgreementAmendmentForm(bound("amendment"), prefix="amendment"),
    }
    if request.method == "POST":
        done = _setup_action(request, found, action, forms_)
        if done:
            return redirect("funding:agreement_setup", slug=slug, pk=found.pk)
    content = agreement_content(found)
    return render(
        request,
        "funding/setup.html",
        {
            "scheme": scheme,
            "agreement": found,
            "content": content,
            "nodes": [(node, describe_rule(node)) for node in content.nodes],
            "forms": forms_,
        },
    )


def _remove(request: AuthenticatedRequest, found: Agreement, action: str) -> bool:
    """Remove a party, a rule, a cost period or a check of the agreement (404 if not its own)."""
    target = request.POST.get("id")
    try:
        if action == "party_remove":
            services.party_remove(party=get_or_404(found.parties.all(), pk=target))
        elif action == "rule_remove":
            services.rule_remove(rule=get_or_404(found.rules.all(), pk=target))
        elif action == "cost_remove":
            services.cost_period_remove(cost=get_or_404(found.costs.all(), pk=target))
        elif action == "constraint_remove":
            services.constraint_remove(constraint=get_or_404(found.constraints.all(), pk=target))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    messages.success(request, _("Removed."))
    return True


def _setup_action(
    request: AuthenticatedRequest,
    found: Agreement,
    action: str,
    forms_: dict[str, forms.Form],
) -> bool:
    """Run one setup action; True when it succeeded (the page then redirects)."""
    if action.endswith("_remove"):
        return _remove(request, found, action)
    form = forms_.get(action)
    if form is None:
        raise Http404
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        if action == "agreement":
            services.agreement_update(agreement=found, **data)
            messages.success(request, _("Agreement saved."))
        elif action == "party":
            services.party_add(agreement=found, **data)
            messages.success(request, _("Party added."))
        elif action == "party_end":
            services.party_end(party=data["party"], leaves_on=data["leaves_on"])
            messages.success(request, _("Participation updated."))
        elif action == "rule":
            services.rule_add(agreement=found, **data)
            messages.success(request, _("Rule added."))
        elif action == "amendment":
            amendment = services.agreement_amendment_add(
                agreement=found, author=request.user, **data
            )
            messages.success(request, _("%(a)s recorded.") % {"a": amendment})
        elif action == "constraint":
            services.constraint_add(
                agreement=found,
                **{k: v for k, v in data.items() if v is not None},
            )
            messages.success(request, _("Check added."))
        else:
            _cost, assessment = services.cost_period_add(agreement=found, **data)
            messages.success(request, _("New cost period saved."))
            content = agreement_content(found)
            for finding in findings(assessment, content):
                messages.warning(
                    request,
                    f"{finding.message} {finding.clause}".strip(),
                )
    except ValidationError as exc:
        apply_errors(form, exc)
        return False
    return True


@login_required
def payment_record(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    found = access_agreement(request.user, scheme, pk, write=True)
    content = agreement_content(found)
    schedule = agreement_schedule(found, content)
    choices = [
        (
            f"{year.year}:{line.party_id}",
            f"{year.year} — {line.label} ({content.party_by_id[line.party_id].organisation}) — "
            + _("due %(amount)s") % {"amount": euros(line.amount_cents)},
        )
        for year in schedule
        for line in year.allocation.lines
        if line.party_id is not None
    ]
    initial = {"on": clock.today(), "line": request.GET.get("line", "")}
    form = PaymentForm(request.POST or None, lines=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        year, party_id = form.cleaned_data["line"]
        try:
            services.payment_record(
                agreement=found,
                party=content.party_by_id[party_id],
                year=year,
                kind=form.cleaned_data["kind"],
                on=form.cleaned_data["on"],
                amount_cents=form.cleaned_data["amount_cents"],
                reference=form.cleaned_data["reference"],
                recorded_by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Recorded."))
            return redirect("funding:payment_record", slug=slug, pk=found.pk)
    history = agreement_payments(found)[:200]
    return render(
        request,
        "funding/payment_form.html",
        {"scheme": scheme, "agreement": found, "form": form, "history": history},
    )


@login_required
def contract(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    """The operator contract's timeline with its notice deadlines, and its purchase orders."""
    scheme = access_scheme(request.user, slug)
    found = access_agreement(request.user, scheme, pk)
    today = clock.today()
    can_write = may_write_agreement(request.user, found)
    data = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "order")
    form = OrderForm(data if action == "order" else None, initial={"ordered_on": today})
    amendment_form = AmendmentForm(data if action == "amendment" else None, prefix="amendment")
    if request.method == "POST":
        if not can_write or found.contract is None:
            raise Http404
        bound = amendment_form if action == "amendment" else form
        if bound.is_valid():
            try:
                if action == "amendment":
                    amendment = services.contract_amendment_add(
                        contract=found.contract, author=request.user, **bound.cleaned_data
                    )
                    messages.success(request, _("%(a)s recorded.") % {"a": amendment})
                else:
                    services.purchase_order_create(
                        contract=found.contract, **bound.cleaned_data, created_by=request.user
                    )
                    messages.success(request, _("Purchase order recorded."))
            except ValidationError as exc:
                apply_errors(bound, exc)
            else:
                return redirect("funding:contract", slug=slug, pk=found.pk)
    amendments = contract_amendments(found.contract) if found.contract else []
    return render(
        request,
        "funding/contract.html",
        {
            "scheme": scheme,
            "agreement": found,
            "timeline": agreement_timeline(found),
            "notice": agreement_next_notice(found, today),
            "book": contract_orders(found, today),
            "form": form,
            "amendment_form": amendment_form,
            "amendments": amendments,
            "terms": contract_terms_of(found.contract, amendments) if found.contract else [],
            "can_write": can_write,
            "today": today,
        },
    )
