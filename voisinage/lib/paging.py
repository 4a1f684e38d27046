"""Lazy pages for the API's paginated lists."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import QuerySet


class SerialisedPage:
    """What a list endpoint hands to django-ninja's paginator: the paginator counts and slices
    the queryset first, then only the rows of the page are read and serialised (one
    ``serialise_page`` call per page, so it can fetch the page's related rows in bulk)."""

    def __init__(
        self,
        qs: QuerySet[Any],
        serialise_page: Callable[[Sequence[Any]], list[dict[str, Any]]],
    ):
        self.qs, self.serialise_page = qs, serialise_page

    def __len__(self) -> int:
        return self.qs.count()

    def count(self) -> int:
        return self.qs.count()

    def __getitem__(self, item: slice) -> list[dict[str, Any]]:
        return self.serialise_page(list(self.qs[item]))
