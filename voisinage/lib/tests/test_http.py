"""The Idempotency-Key header, read one way by every view and API handler."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from voisinage.lib.bounds import MAX_IDEMPOTENCY_KEY
from voisinage.lib.http import idempotency_key


def test_the_key_is_trimmed_and_a_blank_one_is_none():
    factory = RequestFactory()
    assert idempotency_key(factory.post("/", headers={"Idempotency-Key": " abc "})) == "abc"
    assert idempotency_key(factory.post("/", headers={"Idempotency-Key": "  "})) is None
    assert idempotency_key(factory.post("/")) is None


def test_a_long_key_is_refused_never_cut():
    # A cut key could match another record's: the header is refused instead.
    exact = RequestFactory().post("/", headers={"Idempotency-Key": "k" * MAX_IDEMPOTENCY_KEY})
    assert idempotency_key(exact) == "k" * MAX_IDEMPOTENCY_KEY
    request = RequestFactory().post("/", headers={"Idempotency-Key": "k" * 200})
    with pytest.raises(ValueError, match="200"):
        idempotency_key(request)
