from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voisinage.accounts.access import (
    AuthenticatedRequest,
    ReaderKind,
    has_capability,
    reader_kind,
)
from voisinage.core.extensions import HOME
from voisinage.lib import clock
from voisinage.lib.params import id_param, text_param
from voisinage.schemes.access import access_scheme
from voisinage.territory.selectors import (
    housing_stock,
    housing_stock_export_rows,
    scheme_entrances,
    scheme_neighbourhoods,
)
from voisinage.territory.services import housing_stock_import
from voisinage.territory.stockfile import COLUMNS, FileRejected, write_csv, write_xlsx

STOCK_VIEW = "patrimoine"  # ?vue=patrimoine: a landlord's referent's housing stock and map


@login_required
def overview(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The scheme's home page: its housing stock in the user's perimeter, as figures, a table
    and a map. A landlord's referent gets what waits for them instead (the apps' ``home.py``
    panels, the ``HOME`` extension point: reports to answer, instructions, last night's
    digest); ``?vue=patrimoine`` gives them the housing stock and its map."""
    scheme = access_scheme(request.user, slug)
    stock = housing_stock(request.user, scheme)
    if (
        reader_kind(request.user, scheme.pk) == ReaderKind.LANDLORD
        and request.GET.get("vue") != STOCK_VIEW
    ):
        panels = sorted(
            (p for home_panels in HOME.values() for p in home_panels(request.user, scheme)),
            key=lambda p: p.order,
        )
        return render(
            request,
            "territory/partner_home.html",
            {
                "scheme": scheme,
                "stock": stock,
                "panels": [
                    render_to_string(p.template, {"scheme": scheme, **p.context}, request)
                    for p in panels
                ],
                "stock_view": STOCK_VIEW,
            },
        )
    return render(
        request,
        "territory/overview.html",
        {
            "scheme": scheme,
            "stock": stock,
            "map_tile_url": settings.VOISINAGE_MAP_TILE_URL,
            "map_attribution": settings.VOISINAGE_MAP_ATTRIBUTION,
            "can_manage": has_capability(request.user, scheme.pk, "can_manage"),
        },
    )


@login_required
def entrances(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    landlord = id_param(request.GET, "landlord")
    neighbourhood = id_param(request.GET, "neighbourhood")
    q = text_param(request.GET, "q", max_length=100)
    qs = scheme_entrances(request.user, scheme, landlord=landlord, neighbourhood=neighbourhood, q=q)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    stock = housing_stock(request.user, scheme)
    return render(
        request,
        "territory/entrances.html",
        {
            "scheme": scheme,
            "page": page,
            "q": q,
            "landlord": landlord,
            "neighbourhood": neighbourhood,
            "landlords": stock.by_landlord,
            "neighbourhoods": scheme_neighbourhoods(request.user, scheme),
        },
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Housing-stock file"),
        help_text=gettext_lazy("CSV (semicolons or commas) or Excel .xlsx, 10 MB at most."),
    )
    create_missing = forms.BooleanField(
        label=gettext_lazy("Create the missing neighbourhoods and landlords"),
        required=False,
        help_text=gettext_lazy(
            "Unticked, a neighbourhood or landlord the scheme does not have is refused."
        ),
    )


@login_required
def stock_import(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug, write=True)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = housing_stock_import(
                scheme=scheme,
                data=upload.read(),
                filename=upload.name,
                create_missing=form.cleaned_data["create_missing"],
                author=request.user,
            )
        except FileRejected as exc:
            problems = [str(p) for p in exc.problems]
            messages.error(
                request,
                _("Nothing was imported: the file has %(count)s problem(s), listed below.")
                % {"count": len(problems)},
            )
        else:
            messages.success(
                request,
                _(
                    "Import done: %(created)s entrance(s) created, %(updated)s updated, "
                    "%(unchanged)s unchanged."
                )
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
            )
            for label, names in (
                (_("Neighbourhoods created: %(names)s."), result.neighbourhoods_created),
                (_("Landlords created: %(names)s."), result.landlords_created),
            ):
                if names:
                    messages.info(request, label % {"names": ", ".join(names)})
            return redirect("territory:import", slug=slug)
    return render(
        request,
        "territory/import.html",
        {"scheme": scheme, "form": form, "problems": problems, "columns": COLUMNS},
    )


@login_required
def stock_export(request: AuthenticatedRequest, slug: str, fmt: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    rows = housing_stock_export_rows(request.user, scheme)
    stamp = clock.today().isoformat()
    if fmt == "xlsx":
        response = HttpResponse(
            write_xlsx(rows, title=_("Housing stock")),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(write_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="patrimoine-{scheme.slug}-{stamp}.{fmt}"'
    )
    return response
