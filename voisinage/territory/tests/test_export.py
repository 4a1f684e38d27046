import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from voisinage.territory.models import Entrance
from voisinage.territory.services import housing_stock_import
from voisinage.territory.stockfile import COLUMNS
from voisinage.territory.tests.stock import csv_file, snapshot

EXPORT_URL = "/dispositifs/rivebourg/patrimoine/export.{}"


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())  # Excel needs the BOM to read UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(content: bytes) -> list[tuple[object, ...]]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return rows


def test_the_csv_export_holds_exactly_the_landlords_own_entrances(cast, client):
    client.force_login(cast.north_referent)

    response = client.get(EXPORT_URL.format("csv"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="patrimoine-rivebourg-' in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('.csv"')
    header, *rows = csv_rows(response.content)
    assert header == list(COLUMNS)
    assert rows == [
        [
            e.code,
            e.address,
            "Habitat Nord",
            e.neighbourhood.name,
            "",
            str(e.dwellings),
            "47.22",
            "5.95",
        ]
        for e in cast.north_entrances
    ]
    assert [row[0] for row in rows] == ["HN-1", "HN-2", "HN-3"]
    assert [row[3] for row in rows] == ["Les Prés", "Les Prés", "Centre"]


def test_the_xlsx_export_holds_exactly_the_landlords_own_entrances(cast, client):
    client.force_login(cast.north_referent)

    response = client.get(EXPORT_URL.format("xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].endswith('.xlsx"')
    header, *rows = xlsx_rows(response.content)
    assert list(header) == list(COLUMNS)
    assert [row[0] for row in rows] == ["HN-1", "HN-2", "HN-3"]
    assert [row[5] for row in rows] == [12, 20, 8]  # numbers stay numbers
    assert {row[2] for row in rows} == {"Habitat Nord"}
    assert [row[3] for row in rows] == ["Les Prés", "Les Prés", "Centre"]
    assert {(row[6], row[7]) for row in rows} == {(47.22, 5.95)}


@pytest.mark.parametrize(
    ("persona", "codes"),
    [
        ("south_referent", ["LS-1", "LS-2"]),
        ("pres_viewer", ["HN-1", "HN-2"]),
        ("city_officer", ["HN-1", "HN-2", "HN-3", "LS-1", "LS-2"]),
        ("agent", ["HN-1", "HN-2", "HN-3", "LS-1", "LS-2"]),
    ],
)
def test_each_persona_exports_its_own_perimeter(cast, client, persona, codes):
    client.force_login(cast.personas()[persona])

    csv_export = csv_rows(client.get(EXPORT_URL.format("csv")).content)
    xlsx_export = xlsx_rows(client.get(EXPORT_URL.format("xlsx")).content)

    assert [row[0] for row in csv_export[1:]] == codes
    assert [row[0] for row in xlsx_export[1:]] == codes


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("persona", ["other_partner", "nobody"])
def test_someone_outside_the_scheme_cannot_export_it(cast, client, fmt, persona):
    client.force_login(cast.personas()[persona])

    response = client.get(EXPORT_URL.format(fmt))

    assert response.status_code == 404
    assert b"HN-1" not in response.content


def test_an_anonymous_visitor_cannot_export(cast, client):
    response = client.get(EXPORT_URL.format("csv"))

    assert response.status_code == 302
    assert b"HN-1" not in response.content


def test_an_unknown_format_is_not_served(cast, client):
    client.force_login(cast.operator_manager)

    assert client.get(EXPORT_URL.format("pdf")).status_code == 404


def give_the_stock_residences_and_a_missing_position(cast):
    """Make the cast's stock richer than the factories: residences, French names, no position."""
    rows = [
        [
            "HN-1",
            "1 rue des Tests",
            "Habitat Nord",
            "Les Prés",
            "Résidence « Les Prés »",
            12,
            "47.2201",
            "5.9502",
        ],
        [
            "HN-2",
            "2 rue des Tests; bât. B",
            "Habitat Nord",
            "Les Prés",
            "Résidence « Les Prés »",
            20,
            "",
            "",
        ],
        ["LS-1", 'Tour "Sud", 3 rue Haute', "Logis Sud", "Centre", "Le Clos", 30, "47.1", "6"],
    ]
    result = housing_stock_import(scheme=cast.scheme, data=csv_file(rows), filename="stock.csv")
    assert (result.updated, result.residences_created) == (3, 2)
    Entrance.objects.filter(code="LS-2").update(is_active=False)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_exported_file_imports_back_with_every_entrance_unchanged(cast, client, fmt):
    give_the_stock_residences_and_a_missing_position(cast)
    client.force_login(cast.operator_manager)
    response = client.get(EXPORT_URL.format(fmt))
    assert response.status_code == 200
    before = snapshot()

    result = housing_stock_import(
        scheme=cast.scheme, data=response.content, filename=f"patrimoine.{fmt}"
    )

    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)
    assert sorted(result.codes) == ["HN-1", "HN-2", "HN-3", "LS-1", "LS-2"]
    assert snapshot() == before


def test_an_exported_file_goes_back_through_the_import_page(cast, client):
    give_the_stock_residences_and_a_missing_position(cast)
    client.force_login(cast.operator_manager)
    exported = client.get(EXPORT_URL.format("xlsx")).content
    before = snapshot()

    response = client.post(
        "/dispositifs/rivebourg/patrimoine/import/",
        {"file": SimpleUploadedFile("patrimoine.xlsx", exported)},
        follow=True,
    )

    assert response.redirect_chain
    assert response.status_code == 200
    assert snapshot() == before


def test_text_that_looks_like_a_formula_stays_text_in_the_xlsx_export(cast, client):
    rows = [["HN-1", "=1+1", "Habitat Nord", "Les Prés", '=HYPERLINK("x")', 12, "", ""]]
    housing_stock_import(scheme=cast.scheme, data=csv_file(rows), filename="stock.csv")
    client.force_login(cast.operator_manager)

    exported = client.get(EXPORT_URL.format("xlsx")).content

    workbook = load_workbook(io.BytesIO(exported))
    hn1 = next(row for row in workbook.worksheets[0].iter_rows() if row[0].value == "HN-1")
    assert (hn1[1].data_type, hn1[4].data_type) == ("s", "s")
    before = snapshot()
    result = housing_stock_import(scheme=cast.scheme, data=exported, filename="patrimoine.xlsx")
    assert result.unchanged == 5
    assert snapshot() == before


def test_text_that_looks_like_a_formula_is_neutralised_in_the_csv_and_round_trips(cast, client):
    rows = [["HN-1", "=1+1", "Habitat Nord", "Les Prés", "@SUM(A1)", 12, "", ""]]
    housing_stock_import(scheme=cast.scheme, data=csv_file(rows), filename="stock.csv")
    client.force_login(cast.operator_manager)

    exported = client.get(EXPORT_URL.format("csv")).content

    text = exported.decode("utf-8-sig")
    assert ";'=1+1;" in text
    assert ";'@SUM(A1);" in text
    before = snapshot()
    result = housing_stock_import(scheme=cast.scheme, data=exported, filename="patrimoine.csv")
    assert result.unchanged == 5
    assert snapshot() == before
    assert cast.scheme.entrances.get(code="HN-1").address == "=1+1"
