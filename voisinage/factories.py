"""factory_boy factories for tests (and for bench/ later)."""

from __future__ import annotations

from datetime import date, time

import factory

from voisinage.accounts.models import Membership, Role, User
from voisinage.schemes.models import Scheme, SchemeMember, ServiceHoursRule
from voisinage.territory.models import Entrance, Neighbourhood, Organisation


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = "other"


class SchemeFactory(factory.django.DjangoModelFactory[Scheme]):
    class Meta:
        model = Scheme
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Dispositif {n}")
    slug = factory.Sequence(lambda n: f"dispositif-{n}")
    operator = factory.SubFactory(OrganisationFactory, kind="operator")
    starts_on = date(2024, 6, 1)


class NeighbourhoodFactory(factory.django.DjangoModelFactory[Neighbourhood]):
    class Meta:
        model = Neighbourhood

    scheme = factory.SubFactory(SchemeFactory)
    name = factory.Sequence(lambda n: f"Quartier {n}")
    kind = "priority"
    lat = 47.22
    lon = 5.95


class EntranceFactory(factory.django.DjangoModelFactory[Entrance]):
    class Meta:
        model = Entrance

    scheme = factory.LazyAttribute(lambda o: o.neighbourhood.scheme)
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    landlord = factory.SubFactory(OrganisationFactory, kind="landlord")
    code = factory.Sequence(lambda n: f"E{n:05d}")
    address = factory.Sequence(lambda n: f"{n} rue des Tests")
    dwellings = 10
    lat = 47.22
    lon = 5.95


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.invalid")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()


def grant(
    user: User,
    scheme: Scheme,
    organisation: Organisation,
    role: str,
    perimeter: str = "scheme",
    neighbourhoods: list[Neighbourhood] | None = None,
) -> Membership:
    membership = Membership.objects.create(
        user=user,
        scheme=scheme,
        organisation=organisation,
        role=Role.objects.get(code=role),
        perimeter=perimeter,
    )
    if neighbourhoods:
        membership.neighbourhoods.set(neighbourhoods)
    return membership


def besancon_like_hours(scheme: Scheme) -> None:
    ServiceHoursRule.objects.create(
        scheme=scheme,
        start_month=4,
        start_day=1,
        end_month=9,
        end_day=30,
        weekdays="012345",
        starts_at=time(18),
        ends_at=time(1),
    )
    ServiceHoursRule.objects.create(
        scheme=scheme,
        start_month=10,
        start_day=1,
        end_month=3,
        end_day=31,
        weekdays="012345",
        starts_at=time(17),
        ends_at=time(0),
    )


def member(scheme: Scheme, organisation: Organisation, role: str) -> SchemeMember:
    return SchemeMember.objects.get_or_create(scheme=scheme, organisation=organisation, role=role)[
        0
    ]
