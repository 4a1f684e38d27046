from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from voisinage.accounts.access import grants_for, is_platform_admin


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


def navigation(request: HttpRequest) -> dict[str, object]:
    """The shell's navigation, following the user's role in the scheme being looked at."""
    context: dict[str, object] = {"demo_mode": settings.DEMO, "nav_items": [], "nav_scheme": None}
    user = request.user
    if not user.is_authenticated:
        return context
    match = request.resolver_match
    slug = match.kwargs.get("slug") if match else None
    view_name = match.view_name if match else ""
    items = [NavItem(_("Schemes"), reverse("home"), view_name == "home")]
    scheme = None
    if slug:
        from voisinage.schemes.models import Scheme

        scheme = Scheme.objects.visible_to(user).filter(slug=slug).first()
    if scheme is not None:
        from voisinage.navigation import scheme_entries

        items += [
            NavItem(
                str(entry.label),
                reverse(entry.view_name, args=[scheme.slug]),
                view_name == entry.view_name or view_name in entry.also_active_for,
            )
            for entry in scheme_entries(user, scheme)
        ]
    if is_platform_admin(user) or user.is_staff:
        items.append(NavItem(_("Administration"), reverse("admin:index"), False))
    context["nav_items"] = items
    context["nav_scheme"] = scheme
    roles = sorted({g.role_code for g in grants_for(user)})
    context["nav_roles"] = roles
    return context
