"""Access to one report or photo for a user (lists: ``reports.selectors``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from voisinage.accounts.access import get_or_404, readable
from voisinage.reports.models import Report, ReportPhoto
from voisinage.reports.selectors import description_section, for_lists

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def access_report(user: AnyUser, scheme: Scheme, pk: int, *, supervise: bool = False) -> Report:
    """One report the user may see (or supervise: re-route, close, split); 404 otherwise."""
    qs = Report.objects.visible_to(user, require="can_supervise" if supervise else None)
    return get_or_404(for_lists(qs).select_related("routing_rule"), scheme=scheme, pk=pk)


def access_photo(user: AnyUser, scheme: Scheme, pk: int) -> ReportPhoto:
    """A photo, through its report's description section (a social situation's photos are
    read by those who read its description); 404 otherwise."""
    visible = readable(user, Report.objects.filter(scheme=scheme), section=description_section)
    return get_or_404(
        ReportPhoto.objects.filter(occurrence__report__in=visible.values("pk")), pk=pk
    )
