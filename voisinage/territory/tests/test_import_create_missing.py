"""The housing-stock import creates missing neighbourhoods and landlords only when asked."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from voisinage.schemes.models import MemberRole, SchemeMember, SettingChange
from voisinage.territory.models import Entrance, Neighbourhood, Organisation
from voisinage.territory.services import housing_stock_import
from voisinage.territory.stockfile import FileRejected
from voisinage.territory.tests.stock import csv_file, snapshot

IMPORT_URL = "/dispositifs/rivebourg/patrimoine/import/"
ROWS = [
    ["MB-1", "1 rue Jean Jaurès", "Vilogia", "Nouveau Mons", "", "12", "", ""],
    ["MB-2", "2 rue Jean Jaurès", "vilogia", "nouveau mons", "", "8", "", ""],
    ["MB-3", "3 rue Jean Jaurès", "Habitat Nord", "Les Prés", "", "5", "", ""],
]


def _post(client, rows, **extra):
    data = {"file": SimpleUploadedFile("stock.csv", csv_file(rows)), **extra}
    return client.post(IMPORT_URL, data)


def test_unknown_names_are_refused_by_line_when_not_asked(cast, client):
    client.force_login(cast.operator_manager)
    before = snapshot()
    response = _post(client, ROWS)
    problems = response.context["problems"]
    assert any("Ligne 2" in p and "Vilogia" in p for p in problems)
    assert any("Ligne 3" in p and "nouveau mons" in p for p in problems)
    assert snapshot() == before
    assert not Organisation.objects.filter(name__iexact="Vilogia").exists()
    assert not Neighbourhood.objects.filter(name__iexact="Nouveau Mons").exists()


def test_asked_the_import_creates_them_once_logged_and_listed(cast, client):
    client.force_login(cast.operator_manager)
    response = _post(client, ROWS, create_missing="on")
    assert response.status_code == 302
    vilogia = Organisation.objects.get(name="Vilogia")
    assert vilogia.kind == "landlord"
    assert SchemeMember.objects.filter(
        scheme=cast.scheme, organisation=vilogia, role=MemberRole.LANDLORD
    ).exists()
    hood = Neighbourhood.objects.get(scheme=cast.scheme, name="Nouveau Mons")
    assert set(Entrance.objects.filter(landlord=vilogia).values_list("code", flat=True)) == {
        "MB-1",
        "MB-2",
    }
    assert Entrance.objects.filter(neighbourhood=hood).count() == 2
    assert SettingChange.objects.filter(section="quartiers", subject="Nouveau Mons").count() == 1
    assert SettingChange.objects.filter(section="membres", subject="Vilogia").count() == 1
    shown = [str(m) for m in response.wsgi_request._messages]
    assert any("Nouveau Mons" in m for m in shown)
    assert any("Vilogia" in m for m in shown)


def test_asked_a_file_with_another_problem_still_writes_nothing(cast):
    rows = [*ROWS, ["MB-4", "", "Vilogia", "Nouveau Mons", "", "3", "", ""]]
    before = snapshot()
    with pytest.raises(FileRejected) as rejected:
        housing_stock_import(
            scheme=cast.scheme, data=csv_file(rows), filename="stock.csv", create_missing=True
        )
    assert len(rejected.value.problems) == 1
    assert snapshot() == before
    assert not Organisation.objects.filter(name="Vilogia").exists()
    assert not Neighbourhood.objects.filter(name="Nouveau Mons").exists()
    assert not SettingChange.objects.exists()
