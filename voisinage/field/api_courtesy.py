"""API of the field app: courtesy."""

from ninja import Router

router = Router(tags=["field"])
