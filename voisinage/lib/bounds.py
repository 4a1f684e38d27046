"""The limits every parameter is held to, and the checks that apply them: one place for the API
(``voisinage.apitypes``: annotated types and the paginator) and the pages
(``voisinage.lib.params``: query-string parsing; ``voisinage.forms``: form fields).

Each check raises ``ValueError`` with a French message (gettext) that names no field: the
caller (a pydantic validator, a form field, a query-string parser) says which field it is.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _

# Ids: a database bigint. Anything larger can name no row, and a database refuses it (SQLite
# raises OverflowError, PostgreSQL "bigint out of range") instead of finding nothing.
MAX_ID = 2**63 - 1

# Paging of API lists: ``limit`` items from ``offset``.
DEFAULT_LIMIT = 100
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000

# Days and moments anywhere in the system (filters, periods, records): a wide but finite range,
# so that "the day after" and "the year before" of any accepted value still exist, and periods
# stay in reach of the database's date arithmetic. Fields with a tighter plausible range
# (an arrival, a planned date) check it on top of this one.
EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2099, 12, 31)

# An arrival recorded in the logbook: not more than a day ahead of now (a phone whose clock is
# a little ahead, a night that crosses midnight), not before the scheme started.
ARRIVAL_AHEAD = timedelta(days=1)

# A date planned for later (a partner's answer to a report): within a year.
PLANNED_AHEAD = timedelta(days=366)

# Text: the longest free text a form or the API takes, and the longest idempotency key.
MAX_TEXT = 10_000
MAX_IDEMPOTENCY_KEY = 80

# C0 control characters (NUL included) and DEL, except tab, line feed and carriage return:
# no person types them, spreadsheets and PDF refuse them, and PostgreSQL refuses NUL outright.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# In one-line values (a code, a key, a query-string word) line breaks and tabs are refused too.
LINE_BREAKS = re.compile(r"[\t\n\r\u2028\u2029]")


def check_text(value: str, *, max_length: int | None = MAX_TEXT, one_line: bool = False) -> str:
    """The text unchanged, or ValueError: control characters, line breaks in one-line values,
    more than ``max_length`` characters."""
    if CONTROL_CHARACTERS.search(value):
        raise ValueError(_("Remove the control characters (such as NUL) from this text."))
    if one_line and LINE_BREAKS.search(value):
        raise ValueError(_("This value must fit on one line."))
    if max_length is not None and len(value) > max_length:
        raise ValueError(
            _("Use at most %(max)s characters (there are %(length)s).")
            % {"max": max_length, "length": len(value)}
        )
    return value


def check_id(value: int) -> int:
    if not 1 <= value <= MAX_ID:
        raise ValueError(_("An identifier is a whole number from 1 to %(max)s.") % {"max": MAX_ID})
    return value


def check_day(value: date, *, earliest: date = EARLIEST_DAY, latest: date = LATEST_DAY) -> date:
    if isinstance(value, datetime):
        value = value.date()
    if not earliest <= value <= latest:
        raise ValueError(
            _("Give a date between %(earliest)s and %(latest)s.")
            % {"earliest": french_date(earliest), "latest": french_date(latest)}
        )
    return value


def check_moment(value: datetime) -> datetime:
    check_day(value.date())
    return value


def check_arrival(started_at: datetime, *, scheme_start: date, now: datetime) -> datetime:
    """An arrival time: within the system's range, not before the scheme's first day (a day of
    margin for the night that straddles it), not more than ``ARRIVAL_AHEAD`` after ``now``."""
    check_moment(started_at)
    if started_at > now + ARRIVAL_AHEAD:
        raise ValueError(_("The arrival cannot be more than a day in the future."))
    if started_at.date() < scheme_start - timedelta(days=1):
        raise ValueError(
            _("The arrival cannot be before the scheme started (%(start)s).")
            % {"start": french_date(scheme_start)}
        )
    return started_at


def check_idempotency_key(value: str) -> str:
    """A retry key: 1 to 80 printable characters on one line (never cut: a cut key could match
    another record's)."""
    value = value.strip()
    if not value:
        raise ValueError(_("Give an idempotency key of 1 to %(max)s characters.") % {"max": 80})
    check_text(value, max_length=None, one_line=True)
    if len(value) > MAX_IDEMPOTENCY_KEY:
        raise ValueError(
            _("The idempotency key has %(length)s characters; the limit is %(max)s.")
            % {"length": len(value), "max": MAX_IDEMPOTENCY_KEY}
        )
    return value


def french_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")
