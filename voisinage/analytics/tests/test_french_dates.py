"""The review deck speaks French dates: « Du 1er janvier 2026 », months « janv. » … « juin »,
never Django's « Jui » (juin or juillet?) nor a capitalised « Jan »."""

from __future__ import annotations

import pytest
from django.utils import translation

from voisinage.analytics.documents.content import build_review
from voisinage.analytics.documents.deck import build_deck
from voisinage.analytics.tests.test_documents import H1, charts, deck_text

pytestmark = pytest.mark.django_db


def test_the_deck_says_1er_and_unambiguous_months(dataset):
    cast = dataset.cast
    with translation.override("fr"):
        deck = build_deck(build_review(cast.admin, cast.scheme, H1))
    text = deck_text(deck)
    assert "1er janvier 2026" in text
    assert " 1 janvier" not in text
    months = next(
        categories for categories, _values in charts(deck).values() if "juin 2026" in categories
    )
    assert months[:6] == [
        "janv. 2026",
        "févr. 2026",
        "mars 2026",
        "avr. 2026",
        "mai 2026",
        "juin 2026",
    ]
    assert "Jui" not in text
    assert "Jan " not in text
