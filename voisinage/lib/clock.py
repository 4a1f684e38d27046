"""The one clock of the project: every "now" and "today" comes from here.

Code never calls ``timezone.now()``, ``timezone.localdate()``, ``date.today()`` or
``datetime.now()`` itself, so that a test can set the time once (with ``time-machine``, see the
``clock`` fixture in ``voisinage/conftest.py``) and every page, service and task agrees on it.

- :func:`now` is an aware datetime in UTC (what is stored).
- :func:`today` is the date in the project's display zone (``TIME_ZONE``, Europe/Paris).
- :func:`local_now` / :func:`local_today` answer in a given zone, e.g. a scheme's ``time_zone``
  (a scheme's service night is decided by ``lib.service_hours``, not by the calendar date).
- :func:`local` and :func:`time_label` turn a stored (UTC) moment into what people read:
  formatting an aware datetime directly (``f"{moment:%H:%M}"``) would print UTC, one hour
  early in winter and two in summer.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo

from django.utils import timezone


def now() -> datetime:
    """The current moment, aware, in UTC."""
    return timezone.now()


def today() -> date:
    """Today's date in the display zone (``settings.TIME_ZONE``)."""
    return timezone.localdate(now())


def _zone(zone: str | tzinfo | None) -> tzinfo:
    if zone is None:
        return timezone.get_default_timezone()
    if isinstance(zone, str):
        return ZoneInfo(zone)
    return zone


def local_now(zone: str | tzinfo | None = None) -> datetime:
    """The current moment in ``zone`` (a zone name such as a scheme's ``time_zone``, a tzinfo,
    or ``None`` for the display zone)."""
    return now().astimezone(_zone(zone))


def local_today(zone: str | tzinfo | None = None) -> date:
    """Today's date in ``zone`` (see :func:`local_now`)."""
    return local_now(zone).date()


def local(moment: datetime, zone: str | tzinfo | None = None) -> datetime:
    """``moment`` (aware) seen in ``zone`` (see :func:`local_now`)."""
    return moment.astimezone(_zone(zone))


def time_label(moment: datetime | None, zone: str | tzinfo | None = None) -> str:
    """« 22:40 »: the local hour and minute of an aware moment; "" for None."""
    return f"{local(moment, zone):%H:%M}" if moment is not None else ""
