"""Background work of the analytics app. Tasks take ids (and ISO dates) and call a service."""

from __future__ import annotations

from datetime import date

from django.tasks import task

from voisinage.analytics.services import review_deck_attach


@task
def attach_review_deck(meeting_id: int, user_id: int, first: str, last: str) -> int | None:
    return review_deck_attach(
        meeting_id=meeting_id,
        user_id=user_id,
        first=date.fromisoformat(first),
        last=date.fromisoformat(last),
    )
