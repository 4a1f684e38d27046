"""The people of the demo: invented users who all log in with the documented demo password.
Used by the demo scenarios and by the apps' demo loaders (``<app>/demo.py``)."""

from __future__ import annotations

from voisinage.accounts.models import User

DEMO_PASSWORD = "voisinage-demo"  # noqa: S105 - documented demo password, demo data only


def demo_user(username: str, first_name: str, last_name: str) -> User:
    """The demo user ``username``, created when missing, with the demo password (idempotent)."""
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@demo.voisinage.invalid",
        },
    )
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user
