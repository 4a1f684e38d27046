"""The settings area's pages of the two fixed scales (« Résultats », « Niveaux de climat »): the
coded lists' look without their "add" form (a scale's levels are fixed, ADR 0054); each level is
worded, moved, retired or brought back; the climate scale may be switched off."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voisinage.field.logbook import scale_settings
from voisinage.field.logbook.models import SCALE_LEVELS, Scale
from voisinage.field.logbook.scales import scale_labels
from voisinage.schemes.settings.pages import LabelForm, error_text, render_section

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from voisinage.schemes.models import Scheme

INTROS: dict[str, Any] = {
    Scale.RESULT: gettext_lazy(
        "How an intervention ended. The four results are the same in every scheme: the "
        "indicators (resolved share, handed-over share) and the comparisons between schemes "
        "give each its meaning, so none is added; word them your way, order them, retire those "
        "you do not use. For a finer result, use an action taken or a situation."
    ),
    Scale.CLIMATE: gettext_lazy(
        "The climate of the residence the team rates. The four levels are the same in every "
        "scheme: the climate score (0 to 3) and the tense-climate share give each its meaning, "
        "so none is added; word them your way, order them, retire those you do not use, or "
        "switch the scale off if the team does not rate the climate."
    ),
}
ACTIONS = frozenset({"rename", "up", "down", "retire", "restore", "switch_off", "switch_on"})


def scale_page(request: HttpRequest, scheme: Scheme, *, scale: str) -> HttpResponse:
    """A scale's page: bad input re-shows it with the reason in French, nothing changed."""
    author: Any = request.user
    action = request.POST.get("action", "")
    errors: list[str] = []
    if request.method == "POST" and action in ACTIONS:
        code = request.POST.get("entry", "")
        try:
            if action == "rename":
                form = LabelForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Give a label."))
                scale_settings.scale_level_rename(
                    scheme=scheme,
                    author=author,
                    scale=scale,
                    code=code,
                    label=form.cleaned_data["label"],
                )
            elif action in ("up", "down"):
                scale_settings.scale_level_move(
                    scheme=scheme,
                    author=author,
                    scale=scale,
                    code=code,
                    by=-1 if action == "up" else 1,
                )
            elif action in ("retire", "restore"):
                scale_settings.scale_level_retire(
                    scheme=scheme, author=author, scale=scale, code=code, retire=action == "retire"
                )
            else:
                scale_settings.scale_switch(
                    scheme=scheme, author=author, scale=scale, rated=action == "switch_on"
                )
        except ValidationError as exc:
            errors = error_text(exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(
                "schemes:settings_section", slug=scheme.slug, key=scale_settings.SECTIONS[scale]
            )
    wording = scale_labels(scheme)
    defaults = {code: str(label) for code, label in SCALE_LEVELS[scale].choices}
    context = {
        "intro": INTROS[scale],
        "errors": errors,
        "levels": [(level, defaults[level.code]) for level in wording.levels[scale]],
        "switchable": scale == Scale.CLIMATE,
        "rated": wording.rated(scale),
    }
    key = scale_settings.SECTIONS[scale]
    return render_section(
        request, scheme, key, "settings/scale.html", context, status=400 if errors else 200
    )
