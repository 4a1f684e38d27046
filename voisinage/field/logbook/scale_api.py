"""API of the settings area's two fixed scales: the scheme's managers read the wording of the
results and climate levels and change it (the same services as the pages; errors in French,
nothing changed). No level is added nor deleted (ADR 0054)."""

from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Router, Schema

from voisinage.apiauth import caller
from voisinage.apierrors import refused
from voisinage.apitypes import Line
from voisinage.field.logbook import scale_settings
from voisinage.field.logbook.models import SCALE_LEVELS
from voisinage.field.logbook.scales import forget_scales, scale_labels
from voisinage.schemes.access import access_scheme

router = Router(tags=["settings"])

ScaleName = Literal["result", "climate"]


class ScaleLevelOut(Schema):
    code: str
    label: str
    default_label: str
    position: int
    retired: bool


class ScaleWordingOut(Schema):
    scale: str
    rated: bool
    levels: list[ScaleLevelOut]


class ScaleLevelChange(Schema):
    label: Line | None = Field(None, max_length=120)
    retired: bool | None = Field(None, description="true retires the level, false brings it back")
    move: Literal[-1, 1] | None = Field(None, description="-1 one place up, 1 one place down")


class ScaleSwitchIn(Schema):
    rated: bool = Field(description="false: the scheme does not rate this scale (climate only)")


def _wording(scheme: Any, scale: str) -> dict[str, Any]:
    forget_scales(scheme)
    wording = scale_labels(scheme)
    defaults = {code: str(label) for code, label in SCALE_LEVELS[scale].choices}
    return {
        "scale": scale,
        "rated": wording.rated(scale),
        "levels": [
            {
                "code": level.code,
                "label": level.label,
                "default_label": defaults[level.code],
                "position": position,
                "retired": level.retired,
            }
            for position, level in enumerate(wording.levels[scale], start=1)
        ],
    }


@router.get(
    "/{slug}/settings/scales",
    response=list[ScaleWordingOut],
    summary="The scheme's wording of the results and climate levels (the scheme's managers)",
)
def list_setting_scales(request: HttpRequest, slug: str) -> Any:
    scheme = access_scheme(caller(request), slug, write=True)
    return [_wording(scheme, scale) for scale in SCALE_LEVELS]


@router.patch(
    "/{slug}/settings/scales/{scale}",
    response=ScaleWordingOut,
    summary="Switch a scale on or off for the scheme (only the climate may be off)",
)
def switch_setting_scale(
    request: HttpRequest, slug: str, scale: ScaleName, payload: ScaleSwitchIn
) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    try:
        scale_settings.scale_switch(scheme=scheme, author=user, scale=scale, rated=payload.rated)
    except ValidationError as exc:
        raise refused(exc) from exc
    return _wording(scheme, scale)


@router.patch(
    "/{slug}/settings/scales/{scale}/{code}",
    response=ScaleWordingOut,
    summary="Word, move, retire or bring back a level of a scale (all or nothing)",
)
def change_setting_scale_level(
    request: HttpRequest, slug: str, scale: ScaleName, code: str, payload: ScaleLevelChange
) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    try:
        with transaction.atomic():
            if payload.label is not None:
                scale_settings.scale_level_rename(
                    scheme=scheme, author=user, scale=scale, code=code, label=payload.label
                )
            if payload.move is not None:
                scale_settings.scale_level_move(
                    scheme=scheme, author=user, scale=scale, code=code, by=payload.move
                )
            if payload.retired is not None:
                scale_settings.scale_level_retire(
                    scheme=scheme, author=user, scale=scale, code=code, retire=payload.retired
                )
    except ValidationError as exc:
        forget_scales(scheme)
        raise refused(exc) from exc
    return _wording(scheme, scale)
