from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from voisinage.accounts.access import grants_for, is_platform_admin
from voisinage.navigation import MenuItem, scheme_menu


def navigation(request: HttpRequest) -> dict[str, object]:
    """The shell's navigation, following the user's role in the scheme being looked at: outside
    a scheme, plain links (``nav_items``); inside one, the grouped menu (``nav_menu``)."""
    context: dict[str, object] = {
        "demo_mode": settings.DEMO,
        "nav_items": [],
        "nav_menu": None,
        "nav_scheme": None,
    }
    user = request.user
    if not user.is_authenticated:
        return context
    match = request.resolver_match
    slug = match.kwargs.get("slug") if match else None
    view_name = match.view_name if match else ""
    admin_items: tuple[MenuItem, ...] = ()
    if is_platform_admin(user) or user.is_staff:
        admin_items = (MenuItem(_("Platform administration"), reverse("admin:index"), False),)
    scheme = None
    if slug:
        from voisinage.schemes.models import Scheme

        scheme = Scheme.objects.visible_to(user).filter(slug=slug).first()
    if scheme is not None:
        context["nav_menu"] = scheme_menu(user, scheme, view_name, extra_admin=admin_items)
    else:
        home = MenuItem(_("Schemes"), reverse("home"), view_name == "home")
        context["nav_items"] = [home, *admin_items]
    context["nav_scheme"] = scheme
    roles = sorted({g.role_code for g in grants_for(user)})
    context["nav_roles"] = roles
    return context
