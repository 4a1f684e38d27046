"""API of the field app: logbook."""

from ninja import Router

router = Router(tags=["field"])
