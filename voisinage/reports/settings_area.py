from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from voisinage.core.settings_area import SettingsSection
from voisinage.reports.models import CategoryGroup, ReportCategory
from voisinage.reports.services import config
from voisinage.schemes.models import Capability
from voisinage.schemes.settings.pages import CodedAddForm, CodedList, coded_list_page

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from voisinage.schemes.models import Scheme


class CategoryAddForm(CodedAddForm):
    group = forms.ChoiceField(label=_("Group"), choices=CategoryGroup.choices)


def categories(request: HttpRequest, scheme: Scheme) -> HttpResponse:
    author: Any = request.user
    config.report_settings_for(scheme)  # the French default categories on first use
    spec = CodedList(
        key=config.CATEGORIES,
        intro=_(
            "The kinds of problems the team reports to the partners. A retired category stays "
            "on the reports filed under it."
        ),
        entries=ReportCategory.objects.filter(scheme=scheme),
        add=lambda data: config.report_category_add(
            scheme=scheme,
            author=author,
            code=data["code"],
            label=data["label"],
            group=data["group"],
        ),
        rename=lambda e, label: config.report_category_rename(
            category=e, author=author, label=label
        ),
        move=lambda e, by: config.report_category_move(category=e, author=author, by=by),
        retire=lambda e, r: config.report_category_retire(category=e, author=author, retire=r),
        add_form=CategoryAddForm,
    )
    return coded_list_page(request, scheme, spec)


def settings_sections(scheme: Scheme) -> list[SettingsSection]:
    if not scheme.uses(Capability.REPORTS):
        return []
    return [
        SettingsSection(
            70,
            config.CATEGORIES,
            _("Report categories"),
            categories,
            _("The kinds of problems reported to the partners."),
        )
    ]
