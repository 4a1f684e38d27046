"""API of the field app: patrols."""

from ninja import Router

router = Router(tags=["field"])
