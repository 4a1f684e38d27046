"""API of the evaluation section of the settings area: the scheme's avoided-cost types and
reference figures. The scheme's managers only (404 for everyone else, before the body is
read); refusals are a 422 in French, nothing changed."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from voisinage.accounts.access import get_or_404
from voisinage.analytics import services
from voisinage.analytics.evaluation import avoided_cost_units
from voisinage.analytics.models import CountedAs, ReferenceFigure
from voisinage.apiauth import caller
from voisinage.apierrors import refused
from voisinage.apitypes import Id, Line, Text
from voisinage.core.indicators import Register
from voisinage.schemes.access import access_scheme

router = Router(tags=["settings"])


class AvoidedCostTypeOut(Schema):
    code: str = Field(alias="event")
    label: str
    definition: str
    counted_as: str
    counted_code: str
    unit: str
    unit_cost_cents: int
    reference_figure: str
    source: str


class AvoidedCostTypeIn(Schema):
    code: Line = Field(max_length=40)
    label: Line = Field(max_length=200)
    definition: Text = ""
    counted_as: Line = Field(max_length=30, description=", ".join(CountedAs.values))
    counted_code: Line = Field("", max_length=40)
    unit: Line = Field("", max_length=80)
    unit_cost_cents: int = Field(ge=0, le=10**12)
    reference_figure: Line = Field("", max_length=200)
    source: Text = ""


class ReferenceFigureOut(Schema):
    id: int
    evaluation_register: str = Field(alias="register")
    label: str
    figure: str
    source: str


class ReferenceFigureIn(Schema):
    evaluation_register: Line = Field(max_length=20, description=", ".join(Register.values))
    label: Line = Field(max_length=200)
    figure: Line = Field(max_length=80)
    source: Text = ""


class EvaluationSettingsOut(Schema):
    avoided_cost_types: list[AvoidedCostTypeOut]
    reference_figures: list[ReferenceFigureOut]


@router.get(
    "/{slug}/settings/evaluation",
    response=EvaluationSettingsOut,
    summary="The scheme's avoided-cost types and reference figures",
)
def get_evaluation_settings(request: HttpRequest, slug: str) -> Any:
    scheme = access_scheme(caller(request), slug, write=True)
    return {
        "avoided_cost_types": avoided_cost_units(scheme),
        "reference_figures": list(ReferenceFigure.objects.filter(scheme=scheme)),
    }


@router.put(
    "/{slug}/settings/evaluation/avoided-cost-types",
    response=AvoidedCostTypeOut,
    summary="Add an avoided-cost type, or change the one with this code",
)
def save_avoided_cost_type(request: HttpRequest, slug: str, payload: AvoidedCostTypeIn) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    try:
        return services.avoided_cost_type_save(scheme=scheme, author=user, **payload.dict())
    except ValidationError as exc:
        raise refused(exc) from exc


@router.post(
    "/{slug}/settings/evaluation/reference-figures",
    response={201: ReferenceFigureOut},
    summary="Add a reference figure quoted from outside",
)
def add_reference_figure(request: HttpRequest, slug: str, payload: ReferenceFigureIn) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    try:
        figure = services.reference_figure_add(
            scheme=scheme,
            author=user,
            register=payload.evaluation_register,
            label=payload.label,
            figure=payload.figure,
            source=payload.source,
        )
    except ValidationError as exc:
        raise refused(exc) from exc
    return Status(201, figure)


@router.delete(
    "/{slug}/settings/evaluation/reference-figures/{figure_id}",
    response={204: None},
    summary="Remove a reference figure",
)
def remove_reference_figure(request: HttpRequest, slug: str, figure_id: Id) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    figure = get_or_404(ReferenceFigure.objects.filter(scheme=scheme), pk=figure_id)
    services.reference_figure_remove(figure=figure, author=user)
    return Status(204, None)
