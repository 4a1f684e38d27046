"""API of the reports' section of the settings area: the report categories (a coded list, the
routes shared with every coded list). The same services as the page; the scheme's managers
only; refusals are a 422 in French, nothing changed."""

from typing import Any

from django.db.models import QuerySet
from ninja import Router

from voisinage.reports.models import CategoryGroup, ReportCategory
from voisinage.reports.services import config
from voisinage.schemes.models import Scheme
from voisinage.schemes.referential_api import CodedIn, coded_list_routes

router = Router(tags=["settings"])


class CategoryIn(CodedIn):
    group: CategoryGroup


def _categories(scheme: Scheme) -> QuerySet[ReportCategory]:
    config.report_settings_for(scheme)  # the French default categories on first use, as the page
    return ReportCategory.objects.filter(scheme=scheme)


def _add(scheme: Scheme, user: Any, data: dict[str, Any]) -> ReportCategory:
    config.report_settings_for(scheme)
    return config.report_category_add(
        scheme=scheme, author=user, code=data["code"], label=data["label"], group=data["group"]
    )


coded_list_routes(
    router,
    path="report-categories",
    name="report_category",
    what="a report category",
    section=config.CATEGORIES,
    entries=_categories,
    add=_add,
    add_in=CategoryIn,
    rename=lambda e, user, label: config.report_category_rename(
        category=e, author=user, label=label
    ),
    move=lambda e, user, by: config.report_category_move(category=e, author=user, by=by),
    retire=lambda e, user, r: config.report_category_retire(category=e, author=user, retire=r),
)
