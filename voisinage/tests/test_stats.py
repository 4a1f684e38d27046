"""lib.stats: the percentiles the database takes (PostgreSQL's percentile_disc) are the nearest
ranks ``percentile`` takes in Python, value for value; the suite runs this on both engines, so
each path is checked against the definition."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q

from voisinage.accounts.models import ApiToken
from voisinage.accounts.services import api_token_create
from voisinage.factories import UserFactory
from voisinage.lib.stats import PercentileDisc, duration_figures, percentile

pytestmark = pytest.mark.django_db

START = datetime(2025, 3, 1, 20, 0, tzinfo=UTC)
PS = (1, 10, 25, 50, 75, 90, 99, 100)


def used_after():
    return ExpressionWrapper(F("last_used_at") - F("created_at"), output_field=DurationField())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_database_and_python_take_the_same_nearest_ranks(seed):
    rng = random.Random(seed)
    user = UserFactory()
    expected: list[float] = []
    for i in range(rng.randint(1, 60)):
        token, _secret = api_token_create(user=user, name=f"t{i}")
        if rng.random() < 0.2:  # never used: no duration, left out
            used = None
        else:  # ties, whole minutes and odd microseconds alike
            seconds = rng.choice([60, 90, 600, rng.randint(0, 7200)])
            used = START + timedelta(seconds=seconds, microseconds=rng.choice([0, 1, 499_999]))
            expected.append((used - START).total_seconds() / 60)
        ApiToken.objects.filter(pk=token.pk).update(created_at=START, last_used_at=used)
    tokens = ApiToken.objects.filter(user=user)
    counts, found = duration_figures(
        tokens,
        {"use": used_after()},
        PS,
        timedelta(minutes=1),
        counts={"tokens": Count("pk"), "revoked": Count("pk", filter=Q(revoked_at__isnull=False))},
    )
    assert counts == {"tokens": tokens.count(), "revoked": 0}
    assert found["use"].count == len(expected)
    assert found["use"].values == {p: percentile(expected, p) for p in PS}


def test_without_any_duration_there_is_no_percentile():
    user = UserFactory()
    api_token_create(user=user, name="never used")
    tokens = ApiToken.objects.filter(user=user)
    _counts, found = duration_figures(tokens, {"use": used_after()}, (50,), timedelta(minutes=1))
    assert found["use"].count == 0
    assert found["use"].values == {50: None}


def test_a_percentile_outside_1_to_100_is_refused():
    with pytest.raises(ValueError, match="percentile out of"):
        PercentileDisc(F("x"), 0)
    with pytest.raises(ValueError, match="percentile out of"):
        PercentileDisc(F("x"), 101)


def test_the_durations_do_not_travel_to_python():
    """Each engine takes the percentiles itself: only the rows at the ranks come back."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = UserFactory()
    for i in range(30):
        token, _secret = api_token_create(user=user, name=f"t{i}")
        used = START + timedelta(minutes=i)
        ApiToken.objects.filter(pk=token.pk).update(created_at=START, last_used_at=used)
    tokens = ApiToken.objects.filter(user=user)
    with CaptureQueriesContext(connection) as queries:
        _counts, found = duration_figures(
            tokens, {"use": used_after()}, (50, 90), timedelta(minutes=1)
        )
    assert found["use"].values == {50: 14.0, 90: 26.0}
    assert len(queries) == 1
    sql = queries[0]["sql"]
    assert "percentile_disc" in sql or "ROW_NUMBER() OVER" in sql
