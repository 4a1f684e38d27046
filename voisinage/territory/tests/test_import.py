import io

import pytest
from openpyxl import Workbook

from voisinage.territory.models import Entrance, Residence
from voisinage.territory.services import housing_stock_import
from voisinage.territory.stockfile import MAX_BYTES, FileRejected
from voisinage.territory.tests.stock import HEADER, csv_file, label, snapshot, where, xlsx_file

IMPORT_URL = "/dispositifs/rivebourg/patrimoine/import/"

# Three new entrances: case and accents of landlord and neighbourhood names do not matter,
# French decimal commas are accepted in coordinates, coordinates are optional.
NEW_ROWS = [
    [
        "NEW-1",
        "1 rue des Lilas",
        "Habitat Nord",
        "Les Prés",
        "Résidence Soleil",
        "14",
        "47,2201",
        "5,9502",
    ],
    ["NEW-2", "2 rue des Lilas", "Logis Sud", "Centre", "", "6", "", ""],
    [
        "NEW-3",
        "3 rue des Lilas",
        "habitat nord",
        "les pres",
        "Résidence Soleil",
        "10",
        "47.23",
        "5.96",
    ],
]
NEW_ROWS_CODES = [row[0] for row in NEW_ROWS]


def the_cast_rows(cast, **changes):
    """The cast's five entrances as file rows, with some values changed by code."""
    rows = []
    for entrance in [*cast.north_entrances, *cast.south_entrances]:
        row = [
            entrance.code,
            entrance.address,
            entrance.landlord.name,
            entrance.neighbourhood.name,
            "",
            entrance.dwellings,
            entrance.lat,
            entrance.lon,
        ]
        for index, value in changes.get(entrance.code, {}).items():
            row[index] = value
        rows.append(row)
    return rows


def check_the_new_entrances_exist(cast):
    one, two, three = (Entrance.objects.get(scheme=cast.scheme, code=c) for c in NEW_ROWS_CODES)
    assert (one.landlord, one.neighbourhood, one.dwellings) == (cast.north, cast.pres, 14)
    assert (one.lat, one.lon) == (47.2201, 5.9502)
    assert one.address == "1 rue des Lilas"
    assert (two.landlord, two.neighbourhood, two.dwellings) == (cast.south, cast.centre, 6)
    assert (two.lat, two.lon, two.residence) == (None, None, None)
    assert (three.landlord, three.neighbourhood) == (cast.north, cast.pres)
    assert one.residence is not None
    assert one.residence == three.residence
    assert (one.residence.name, one.residence.landlord) == ("Résidence Soleil", cast.north)
    assert one.residence.scheme == cast.scheme


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(";", "utf-8-sig"), (",", "utf-8"), (",", "utf-8-sig"), (";", "cp1252")],
)
def test_a_valid_csv_creates_entrances_and_residences(cast, delimiter, encoding):
    data = csv_file(NEW_ROWS, delimiter=delimiter, encoding=encoding)
    if encoding == "cp1252":
        assert "é".encode("cp1252") in data  # really not UTF-8
    residences_before = Residence.objects.count()

    result = housing_stock_import(scheme=cast.scheme, data=data, filename="stock.csv")

    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    assert result.residences_created == 1
    assert sorted(result.codes) == NEW_ROWS_CODES
    assert Residence.objects.count() == residences_before + 1
    assert Entrance.objects.filter(scheme=cast.scheme).count() == 8
    check_the_new_entrances_exist(cast)


def test_an_xlsx_file_built_with_openpyxl_imports_the_same(cast):
    rows = [
        [
            "NEW-1",
            "1 rue des Lilas",
            "Habitat Nord",
            "Les Prés",
            "Résidence Soleil",
            14,
            47.2201,
            5.9502,
        ],
        ["NEW-2", "2 rue des Lilas", "Logis Sud", "Centre", None, 6.0, None, None],
        [
            "NEW-3",
            "3 rue des Lilas",
            "habitat nord",
            "les pres",
            "Résidence Soleil",
            "10",
            "47,23",
            "5,96",
        ],
    ]

    result = housing_stock_import(scheme=cast.scheme, data=xlsx_file(rows), filename="Stock.XLSX")

    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    assert result.residences_created == 1
    check_the_new_entrances_exist(cast)
    assert Entrance.objects.get(code="NEW-3").lat == 47.23


def test_headers_are_matched_without_regard_to_case_accents_spaces_or_order(cast):
    header = ["Logements", "Quartier", "BAILLEUR", "Adresse", "Code", "Résidence", "Latitude"]
    header += ["long-itude"]
    rows = [["7", "Centre", "Logis Sud", "9 rue Neuve", "NEW-9", "Les Tours", "47.1", "5.9"]]

    result = housing_stock_import(
        scheme=cast.scheme, data=csv_file(rows, header=header), filename="stock.csv"
    )

    assert result.created == 1
    entrance = Entrance.objects.get(code="NEW-9")
    assert (entrance.dwellings, entrance.neighbourhood, entrance.landlord) == (
        7,
        cast.centre,
        cast.south,
    )
    assert (entrance.address, entrance.residence.name, entrance.lon) == (
        "9 rue Neuve",
        "Les Tours",
        5.9,
    )


def test_importing_the_same_file_again_leaves_everything_unchanged(cast):
    data = csv_file(NEW_ROWS)
    housing_stock_import(scheme=cast.scheme, data=data, filename="stock.csv")
    before = snapshot()

    result = housing_stock_import(scheme=cast.scheme, data=data, filename="stock.csv")

    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert result.residences_created == 0
    assert snapshot() == before


def test_a_reimport_updates_entrances_by_code_and_deletes_nothing(cast):
    rows = the_cast_rows(cast, **{"HN-1": {5: 15}, "HN-2": {1: "20 bis rue Haute"}})
    rows = [r for r in rows if r[0] not in ("HN-3", "LS-2")]  # absent codes stay as they are
    hn3_before = Entrance.objects.filter(code="HN-3").values().get()
    ls2_before = Entrance.objects.filter(code="LS-2").values().get()

    result = housing_stock_import(scheme=cast.scheme, data=csv_file(rows), filename="stock.csv")

    assert (result.created, result.updated, result.unchanged) == (0, 2, 1)
    assert Entrance.objects.get(code="HN-1").dwellings == 15
    assert Entrance.objects.get(code="HN-2").address == "20 bis rue Haute"
    assert Entrance.objects.get(code="LS-1").dwellings == 30
    assert Entrance.objects.filter(scheme=cast.scheme).count() == 5
    assert Entrance.objects.filter(code="HN-3").values().get() == hn3_before
    assert Entrance.objects.filter(code="LS-2").values().get() == ls2_before


def test_a_reimport_can_move_an_entrance_to_another_landlord_and_neighbourhood(cast):
    rows = the_cast_rows(cast, **{"HN-3": {2: "Logis Sud", 3: "Les Prés", 4: "Le Clos"}})

    result = housing_stock_import(scheme=cast.scheme, data=csv_file(rows), filename="stock.csv")

    assert (result.created, result.updated, result.unchanged) == (0, 1, 4)
    moved = Entrance.objects.get(code="HN-3")
    assert (moved.landlord, moved.neighbourhood, moved.residence.name) == (
        cast.south,
        cast.pres,
        "Le Clos",
    )


def test_entrances_of_another_scheme_with_the_same_code_are_not_touched(cast):
    other_before = Entrance.objects.filter(pk=cast.other_entrance.pk).values().get()
    rows = [["AU-1", "1 rue Ailleurs", "Habitat Nord", "Les Prés", "", "3", "", ""]]

    result = housing_stock_import(scheme=cast.scheme, data=csv_file(rows), filename="stock.csv")

    assert result.created == 1
    assert Entrance.objects.get(scheme=cast.scheme, code="AU-1").landlord == cast.north
    assert Entrance.objects.filter(pk=cast.other_entrance.pk).values().get() == other_before


# A file where every line but the first is wrong, each in its own way.
BAD_ROWS = [
    ["NEW-1", "1 rue A", "Habitat Nord", "Les Prés", "", "12", "47.2", "5.9"],  # 2: good
    ["NEW-2", "2 rue A", "Bailleur Inconnu", "Les Prés", "", "12", "", ""],  # 3
    ["NEW-3", "3 rue A", "Habitat Nord", "Quartier Inconnu", "", "12", "", ""],  # 4
    ["NEW-4", "4 rue A", "Habitat Nord", "Les Prés", "", "-3", "", ""],  # 5
    ["NEW-5", "5 rue A", "Habitat Nord", "Les Prés", "", "12,5", "", ""],  # 6
    ["NEW-6", "6 rue A", "Habitat Nord", "Les Prés", "", "douze", "", ""],  # 7
    ["NEW-7", "7 rue A", "Habitat Nord", "Les Prés", "", "12", "95", "5.9"],  # 8
    ["NEW-8", "8 rue A", "Habitat Nord", "Les Prés", "", "12", "47.2", ""],  # 9
    ["NEW-1", "9 rue A", "Habitat Nord", "Les Prés", "", "12", "", ""],  # 10: duplicate
    ["", "10 rue A", "Habitat Nord", "Les Prés", "", "12", "", ""],  # 11: no code
    ["NEW-11", "", "Habitat Nord", "Les Prés", "", "12", "", ""],  # 12: no address
    ["NEW-12", "12 rue A", "Habitat Nord", "Les Prés", "", "", "", ""],  # 13: no dwellings
    ["NEW-13", "13 rue A", "Habitat Nord", "Les Prés", "", "12", "47.2", "nord"],  # 14
    ["X" * 41, "14 rue A", "Habitat Nord", "Les Prés", "", "12", "", ""],  # 15: code too long
]


def bad_rows_expected():
    return [
        (3, label("bailleur")),
        (4, label("quartier")),
        (5, label("logements")),
        (6, label("logements")),
        (7, label("logements")),
        (8, label("latitude")),
        (9, ""),  # latitude without longitude: the whole line
        (10, label("code")),
        (11, label("code")),
        (12, label("adresse")),
        (13, label("logements")),
        (14, label("longitude")),
        (15, label("code")),
    ]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_bad_file_is_rejected_with_every_problem_and_nothing_is_written(cast, kind):
    data = csv_file(BAD_ROWS) if kind == "csv" else xlsx_file(BAD_ROWS)
    before = snapshot()

    with pytest.raises(FileRejected) as rejected:
        housing_stock_import(scheme=cast.scheme, data=data, filename=f"stock.{kind}")

    assert where(rejected.value.problems) == bad_rows_expected()
    assert all(p.message for p in rejected.value.problems)
    assert snapshot() == before


def test_a_duplicate_code_problem_names_the_line_of_the_first_occurrence(cast):
    rows = [
        ["NEW-1", "1 rue A", "Habitat Nord", "Les Prés", "", "1", "", ""],
        ["NEW-2", "2 rue A", "Habitat Nord", "Les Prés", "", "1", "", ""],
        ["NEW-1", "3 rue A", "Habitat Nord", "Les Prés", "", "1", "", ""],
    ]

    with pytest.raises(FileRejected) as rejected:
        housing_stock_import(scheme=cast.scheme, data=csv_file(rows), filename="stock.csv")

    [problem] = rejected.value.problems
    assert (problem.line, problem.column) == (4, label("code"))
    assert "2" in problem.message
    assert "4" in str(problem)


def test_one_bad_last_line_rejects_the_whole_file(cast):
    rows = [
        [f"NEW-{i}", f"{i} rue A", "Logis Sud", "Centre", f"Résidence {i % 3}", str(i), "", ""]
        for i in range(1, 31)
    ]
    rows += the_cast_rows(cast, **{"HN-1": {5: 99}})  # an update that must not happen either
    rows.append(["NEW-LAST", "1 rue Z", "Logis Sud", "Centre", "", "-1", "", ""])
    before = snapshot()

    with pytest.raises(FileRejected) as rejected:
        housing_stock_import(scheme=cast.scheme, data=csv_file(rows), filename="stock.csv")

    assert where(rejected.value.problems) == [(len(rows) + 1, label("logements"))]
    assert snapshot() == before
    assert Entrance.objects.get(code="HN-1").dwellings == 12


def test_a_landlord_that_is_not_a_landlord_of_the_scheme_is_refused(cast):
    # The city is a member of the scheme, but not as a landlord; Autreville's partner is not
    # a member at all.
    rows = [
        ["NEW-1", "1 rue A", "Ville de Rivebourg", "Les Prés", "", "1", "", ""],
        ["NEW-2", "2 rue A", "ASL Autreville", "Les Prés", "", "1", "", ""],
        ["NEW-3", "3 rue A", "Habitat Nord", "Autre quartier", "", "1", "", ""],
    ]

    with pytest.raises(FileRejected) as rejected:
        housing_stock_import(scheme=cast.scheme, data=csv_file(rows), filename="stock.csv")

    assert where(rejected.value.problems) == [
        (2, label("bailleur")),
        (3, label("bailleur")),
        (4, label("quartier")),
    ]


def test_blank_lines_are_skipped_but_keep_the_line_numbers_right(cast):
    data = (
        b"code;adresse;bailleur;quartier;logements\r\n"
        b"NEW-1;1 rue A;Logis Sud;Centre;1\r\n"
        b"\r\n"
        b";;;;\r\n"
        b"NEW-2;2 rue A;Logis Sud;Centre;x\r\n"
    )

    with pytest.raises(FileRejected) as rejected:
        housing_stock_import(scheme=cast.scheme, data=data, filename="stock.csv")

    assert where(rejected.value.problems) == [(5, label("logements"))]


def test_a_missing_required_column_is_reported_on_the_header_line(cast):
    header = [c for c in HEADER if c not in ("logements", "quartier")]
    rows = [["NEW-1", "1 rue A", "Logis Sud", "", "", ""]]
    before = snapshot()

    with pytest.raises(FileRejected) as rejected:
        housing_stock_import(
            scheme=cast.scheme, data=csv_file(rows, header=header), filename="stock.csv"
        )

    assert sorted(where(rejected.value.problems)) == [(1, "logements"), (1, "quartier")]
    assert snapshot() == before


def test_a_column_given_twice_is_reported_on_the_header_line(cast):
    header = [*HEADER, "Code"]
    rows = [["NEW-1", "1 rue A", "Logis Sud", "Centre", "", "1", "", "", "NEW-1"]]

    with pytest.raises(FileRejected) as rejected:
        housing_stock_import(
            scheme=cast.scheme, data=csv_file(rows, header=header), filename="stock.csv"
        )

    assert where(rejected.value.problems) == [(1, "Code")]


def damaged_xlsx() -> bytes:
    return xlsx_file(NEW_ROWS)[:500]


def empty_xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"", "stock.csv"),
        ("\ufeff".encode(), "stock.csv"),
        (csv_file([]), "stock.csv"),
        (csv_file([["", "", "", "", "", "", "", ""]]), "stock.csv"),
        (xlsx_file([]), "stock.xlsx"),
        (b"%PDF-1.4 not a spreadsheet", "stock.pdf"),
        (csv_file(NEW_ROWS), "stock.pdf"),
        (csv_file(NEW_ROWS), "stock"),
        (b"PK\x03\x04 damaged", "stock.xlsx"),
        (damaged_xlsx(), "stock.xlsx"),
        (csv_file(NEW_ROWS), "stock.xlsx"),
        (b"\x81\x8d\x8f\x90\x9d", "stock.csv"),
    ],
    ids=[
        "empty",
        "bom-only",
        "header-only",
        "header-and-blank-line",
        "xlsx-header-only",
        "pdf",
        "csv-named-pdf",
        "no-extension",
        "not-a-zip",
        "truncated-xlsx",
        "csv-named-xlsx",
        "neither-utf8-nor-cp1252",
    ],
)
def test_files_that_cannot_be_read_are_rejected_as_a_whole(cast, data, filename):
    before = snapshot()

    with pytest.raises(FileRejected) as rejected:
        housing_stock_import(scheme=cast.scheme, data=data, filename=filename)

    assert [p.line for p in rejected.value.problems] == [0]
    assert rejected.value.problems[0].message
    assert snapshot() == before


def test_an_empty_workbook_is_rejected(cast):
    before = snapshot()

    with pytest.raises(FileRejected) as rejected:
        housing_stock_import(scheme=cast.scheme, data=empty_xlsx(), filename="stock.xlsx")

    assert rejected.value.problems
    assert all(p.line in (0, 1) for p in rejected.value.problems)
    assert snapshot() == before


def test_a_file_larger_than_ten_megabytes_is_rejected_before_reading(cast):
    data = csv_file(NEW_ROWS) + b"x" * MAX_BYTES
    before = snapshot()

    with pytest.raises(FileRejected) as rejected:
        housing_stock_import(scheme=cast.scheme, data=data, filename="stock.csv")

    assert [p.line for p in rejected.value.problems] == [0]
    assert snapshot() == before


def test_every_problem_of_a_single_line_is_listed(cast):
    rows = [["", "", "Personne", "Nulle part", "", "-1", "200", "500"]]

    with pytest.raises(FileRejected) as rejected:
        housing_stock_import(scheme=cast.scheme, data=csv_file(rows), filename="stock.csv")

    assert where(rejected.value.problems) == [
        (2, label(column))
        for column in (
            "code",
            "adresse",
            "bailleur",
            "quartier",
            "logements",
            "latitude",
            "longitude",
        )
    ]


def test_a_latitude_without_longitude_is_reported_along_with_other_problems_of_its_line(cast):
    rows = [["NEW-1", "1 rue A", "Personne", "Les Prés", "", "1", "47.2", ""]]

    with pytest.raises(FileRejected) as rejected:
        housing_stock_import(scheme=cast.scheme, data=csv_file(rows), filename="stock.csv")

    assert where(rejected.value.problems) == [(2, label("bailleur")), (2, "")]
