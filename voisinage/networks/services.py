"""Every write on networks (keyword-only, typed, one transaction). Refusals are French
``ValidationError``s and change nothing."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from voisinage.lib import clock
from voisinage.networks.models import Network, NetworkField, NetworkMember, NetworkScheme
from voisinage.schemes.models import MediationField, Scheme
from voisinage.schemes.services import mediation_field_add

if TYPE_CHECKING:
    from voisinage.accounts.models import User
    from voisinage.territory.models import Organisation


@transaction.atomic
def network_create(
    *, name: str, slug: str, kind: str, organisation: Organisation, description: str = ""
) -> Network:
    """Create a network; idempotent by slug (the demo loads twice)."""
    existing = Network.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    network = Network(
        name=name.strip(),
        slug=slug,
        kind=kind,
        organisation=organisation,
        description=description.strip(),
    )
    network.full_clean()
    network.save()
    return network


@transaction.atomic
def network_scheme_add(
    *, network: Network, scheme: Scheme, author: User | None, on: date | None = None
) -> NetworkScheme:
    """Group a scheme in the network; a scheme already there is refused."""
    if NetworkScheme.objects.filter(network=network, scheme=scheme).exists():
        raise ValidationError(
            _("The scheme « %(scheme)s » is already in this network.") % {"scheme": scheme.name},
            code="scheme_twice",
        )
    try:
        with transaction.atomic():
            return NetworkScheme.objects.create(
                network=network, scheme=scheme, added_on=on or clock.today()
            )
    except IntegrityError as exc:  # added meanwhile by someone else
        raise ValidationError(
            _("The scheme « %(scheme)s » is already in this network.") % {"scheme": scheme.name},
            code="scheme_twice",
        ) from exc


@transaction.atomic
def network_member_add(
    *,
    network: Network,
    user: User,
    organisation: Organisation,
    author: User | None,
    schemes: list[Scheme] | None = None,
    can_manage: bool = False,
    starts_on: date | None = None,
) -> NetworkMember:
    """Give someone a grant in the network: every scheme of the network (``schemes`` empty) or
    some of them. A grant wider than the network (a scheme it does not group) is refused, and
    so is a second grant for someone already a member."""
    listed = list(schemes or [])
    grouped = set(NetworkScheme.objects.filter(network=network).values_list("scheme_id", flat=True))
    outside = [s.name for s in listed if s.pk not in grouped]
    if outside:
        raise ValidationError(
            _("This grant is wider than the network: %(schemes)s not in it.")
            % {"schemes": ", ".join(sorted(outside))},
            code="wider_than_network",
        )
    if NetworkMember.objects.filter(network=network, user=user, ends_on__isnull=True).exists():
        raise ValidationError(_("This person is already a member of the network."))
    member = NetworkMember(
        network=network,
        user=user,
        organisation=organisation,
        can_manage=can_manage,
        starts_on=starts_on,
    )
    member.full_clean()
    member.save()
    member.schemes.set(listed)
    return member


@transaction.atomic
def network_field_add(*, network: Network, code: str, label: str) -> MediationField:
    """A mediation field the network steers by, available to the schemes (idempotent by code
    for the network that added it)."""
    own = NetworkField.objects.filter(network=network, field__code=code).select_related("field")
    if (found := own.first()) is not None:
        return found.field
    field = mediation_field_add(code=code, label=label)
    NetworkField.objects.create(network=network, field=field)
    return field


def _unknown_scheme(slug: str) -> ValidationError:
    return ValidationError(
        _("No scheme « %(slug)s » that you manage.") % {"slug": slug}, code="unknown_scheme"
    )


def _managed_scheme(author: User, slug: str) -> Scheme:
    """A scheme joins a network only by someone who manages it (or a platform administrator):
    a network's members read its figures from then on. Unknown and not managed are refused
    alike."""
    scheme = (
        Scheme.objects.visible_to(author, require="can_manage")
        .filter(slug=slug, is_active=True)
        .first()
    )
    if scheme is None:
        raise _unknown_scheme(slug)
    return scheme


def network_scheme_add_by_slug(*, network: Network, author: User, slug: str) -> NetworkScheme:
    """The page's and the API's way in: a scheme by its address, managed by the author."""
    return network_scheme_add(network=network, scheme=_managed_scheme(author, slug), author=author)


def network_member_add_by_name(
    *,
    network: Network,
    author: User,
    username: str,
    scheme_slugs: list[str],
    can_manage: bool = False,
) -> NetworkMember:
    """A member by username; the listed schemes by their addresses (any of the network's)."""
    from voisinage.accounts.models import User as UserModel

    user = UserModel.objects.filter(username__iexact=username.strip(), is_active=True).first()
    if user is None:
        raise ValidationError(_("No active account with this username."))
    found = {s.slug: s for s in Scheme.objects.filter(slug__in=scheme_slugs)}
    unknown = sorted(set(scheme_slugs) - set(found))
    if unknown:
        raise ValidationError(
            _("This grant is wider than the network: %(schemes)s not in it.")
            % {"schemes": ", ".join(unknown)},
            code="wider_than_network",
        )
    return network_member_add(
        network=network,
        user=user,
        organisation=network.organisation,
        author=author,
        schemes=list(found.values()),
        can_manage=can_manage,
    )
