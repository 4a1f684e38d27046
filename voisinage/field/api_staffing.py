"""API of the field app: staffing."""

from ninja import Router

router = Router(tags=["field"])
