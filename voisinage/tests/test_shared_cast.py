"""The cast is built once per test file and shared (voisinage/conftest.py): each test must still
read it as if it had built it itself."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import models

from voisinage.accounts.models import Membership, User
from voisinage.conftest import Cast, FrozenClock, _delete_rows, build_cast
from voisinage.lib.clock import today
from voisinage.schemes.models import Scheme

PARIS = ZoneInfo("Europe/Paris")


def content(cast: Cast) -> list[str]:
    """What the cast's rows say, without their ids, timestamps and salted password hashes (which
    differ between builds)."""
    rows: list[str] = []
    for model in (User, Membership, Scheme):
        kept = [
            f.attname
            for f in model._meta.concrete_fields
            if not isinstance(f, models.AutoField | models.ForeignKey | models.DateTimeField)
            and f.attname != "password"
        ]
        rows.extend(sorted(repr(row) for row in model.objects.values_list(*kept)))
    assert cast.scheme.slug in "".join(rows)
    return rows


def test_a_test_changes_its_copy_of_the_cast(cast):
    cast.scheme.name = "Changé en mémoire"
    cast.supervisor.first_name = "Autre"
    cast.supervisor.save(update_fields=["first_name"])


def test_the_next_test_reads_the_cast_as_built(cast):
    assert cast.scheme.name == "Rivebourg"
    assert cast.supervisor.first_name == "Sonia"
    assert User.objects.get(username="sonia").first_name == "Sonia"
    assert Scheme.objects.filter(slug="rivebourg").count() == 1


def test_a_shared_cast_reads_as_one_built_by_the_test(_file_cast, cast):  # noqa: PT019
    assert _file_cast is not None  # every test of this file shares the file's cast
    shared = content(cast)
    # What a test whose moment differs does: the file's rows go, and it builds its own.
    _delete_rows(_file_cast.rows)
    assert not User.objects.filter(username="sonia").exists()
    assert content(build_cast()) == shared
    assert len(shared) > 20


@pytest.fixture
def another_day(clock: FrozenClock) -> FrozenClock:
    """The clock moved to another day before the cast is asked for."""
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=PARIS))
    return clock


def test_a_test_on_another_day_gets_a_cast_of_that_day(another_day, cast):
    assert today().isoformat() == "2026-03-02"
    # Built on that day: Fanny's grant ended the day before it, whatever the file's cast says.
    ended = Membership.objects.get(user__username="fanny")
    assert ended.ends_on == today() - timedelta(days=1)
    assert Scheme.objects.filter(slug="rivebourg").count() == 1
    assert User.objects.filter(username="sonia").count() == 1
