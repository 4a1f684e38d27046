"""The Idempotency-Key header, read one way by every view and API handler."""

from __future__ import annotations

from django.test import RequestFactory

from voisinage.lib.http import IDEMPOTENCY_KEY_LENGTH, idempotency_key


def test_the_key_is_trimmed_and_a_blank_one_is_none():
    factory = RequestFactory()
    assert idempotency_key(factory.post("/", headers={"Idempotency-Key": " abc "})) == "abc"
    assert idempotency_key(factory.post("/", headers={"Idempotency-Key": "  "})) is None
    assert idempotency_key(factory.post("/")) is None


def test_a_long_key_is_cut_to_the_stored_length():
    request = RequestFactory().post("/", headers={"Idempotency-Key": "k" * 200})
    assert idempotency_key(request) == "k" * IDEMPOTENCY_KEY_LENGTH
