"""A retired neighbourhood is not offered for a new patrol plan and a new plan cannot take it;
a plan that already covers it keeps it when regenerated."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from voisinage.field.patrols import services
from voisinage.field.patrols.views import PlanForm
from voisinage.territory.models import Neighbourhood


def test_a_retired_neighbourhood_is_not_offered_for_a_new_patrol_plan(cast):
    Neighbourhood.objects.filter(pk=cast.centre.pk).update(is_active=False)
    form = PlanForm(scheme=cast.scheme, user=cast.supervisor)
    assert list(form.fields["neighbourhoods"].queryset) == [cast.pres]
    with translation.override("fr"), pytest.raises(ValidationError, match="Quartier inconnu"):
        services.patrol_plan_create(
            scheme=cast.scheme,
            month=date(2031, 5, 1),
            neighbourhood_ids=[cast.pres.pk, cast.centre.pk],
            weekly_target=10,
            created_by=cast.supervisor,
        )
    assert not cast.scheme.patrol_plans.exists()


def test_a_plan_keeps_a_neighbourhood_retired_since_when_regenerated(cast):
    plan = services.patrol_plan_create(
        scheme=cast.scheme,
        month=date(2031, 5, 1),
        neighbourhood_ids=[cast.pres.pk, cast.centre.pk],
        weekly_target=10,
        created_by=cast.supervisor,
    )
    Neighbourhood.objects.filter(pk=cast.centre.pk).update(is_active=False)
    again = services.patrol_plan_regenerate(
        plan=plan,
        expected_version=plan.version,
        neighbourhood_ids=[cast.pres.pk, cast.centre.pk],
    )
    assert set(again.neighbourhoods.all()) == {cast.pres, cast.centre}
