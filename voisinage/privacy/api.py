"""API of the privacy app: the scheme's retention rules (its settings area's section). The same
selectors and services as the page; the scheme's managers only; a refusal is a 422 in French,
nothing changed."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema

from voisinage.apiauth import caller
from voisinage.apierrors import refused
from voisinage.privacy import services
from voisinage.privacy.selectors import retention_lines
from voisinage.schemes.access import access_scheme
from voisinage.schemes.models import Scheme

router = Router(tags=["personal data"])


class RetentionRuleOut(Schema):
    kind: str
    label: str
    months: int
    default: int
    minimum: int


class RetentionRuleIn(Schema):
    kind: str
    months: int


def _rules(scheme: Scheme) -> list[RetentionRuleOut]:
    return [
        RetentionRuleOut(
            kind=line.kind,
            label=line.label,
            months=line.months,
            default=line.default,
            minimum=line.minimum,
        )
        for line in retention_lines(scheme)
    ]


@router.get(
    "/{slug}/settings/retention",
    response=list[RetentionRuleOut],
    summary="How long each kind of personal data is kept (managers)",
)
def retention_rules(request: HttpRequest, slug: str) -> Any:
    return _rules(access_scheme(caller(request), slug, write=True))


@router.put(
    "/{slug}/settings/retention",
    response=list[RetentionRuleOut],
    summary="Set retention periods (all or nothing; below the legal minimum refused)",
)
def set_retention_rules(request: HttpRequest, slug: str, payload: list[RetentionRuleIn]) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    try:
        services.retention_rules_set(
            scheme=scheme, author=user, months={r.kind: r.months for r in payload}
        )
    except ValidationError as exc:
        raise refused(exc) from exc
    return _rules(scheme)
