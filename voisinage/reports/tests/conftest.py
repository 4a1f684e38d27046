"""The cast's scheme with report categories and a routing table:

1. technical anomalies at Habitat Nord's entrances → Habitat Nord, 5 days;
2. technical anomalies at Logis Sud's entrances → Logis Sud, 3 working days;
3. bulky waste elsewhere than at an entrance → the city, 2 days;
4. any other cleanliness problem at an entrance, in Les Prés → the city, 10 days;
5. social situations anywhere → "Solidarités Rivebourg" (social services), 1 day.
No default recipient: anything else waits for the supervisor.
"""

from dataclasses import dataclass

import pytest

from voisinage.factories import OrganisationFactory, member
from voisinage.reports.models import CategoryGroup, PlaceKind, ReportCategory, RoutingRule
from voisinage.reports.services import report_settings_for
from voisinage.territory.models import Organisation


@dataclass
class Reporting:
    social: Organisation
    categories: dict[str, ReportCategory]
    rules: list[RoutingRule]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BASE_URL = "http://testserver"


@pytest.fixture
def reporting(cast) -> Reporting:
    return build_reporting(cast)


def build_reporting(cast) -> Reporting:
    """The routing table above, for the cast's scheme (the ``reporting`` fixture)."""
    cast.north.manager_email = "direction@habitat-nord.invalid"
    cast.north.save()
    social = OrganisationFactory.create(
        name="Solidarités Rivebourg", kind="other", email="accueil@solidarites.invalid"
    )
    member(cast.scheme, social, "other")
    report_settings_for(cast.scheme)
    categories = {c.code: c for c in ReportCategory.objects.filter(scheme=cast.scheme)}
    specs = [
        {
            "category_group": CategoryGroup.TECHNICAL,
            "place": PlaceKind.HOUSING,
            "landlord": cast.north,
            "recipient": cast.north,
            "deadline_days": 5,
        },
        {
            "category_group": CategoryGroup.TECHNICAL,
            "place": PlaceKind.HOUSING,
            "landlord": cast.south,
            "recipient": cast.south,
            "deadline_days": 3,
            "working_days": True,
        },
        {
            "category": categories["encombrants"],
            "place": PlaceKind.PUBLIC_SPACE,
            "recipient": cast.city,
            "deadline_days": 2,
        },
        {
            "category_group": CategoryGroup.CLEANLINESS,
            "place": PlaceKind.HOUSING,
            "neighbourhood": cast.pres,
            "recipient": cast.city,
            "deadline_days": 10,
        },
        {"category_group": CategoryGroup.SOCIAL, "recipient": social, "deadline_days": 1},
    ]
    rules = [
        RoutingRule.objects.create(scheme=cast.scheme, position=i, **spec)
        for i, spec in enumerate(specs, start=1)
    ]
    return Reporting(social=social, categories=categories, rules=rules)
