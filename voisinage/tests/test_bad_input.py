"""Bad input, one case per cause found by the security audit: each answers a clear French error
(422 from the API, 400 from a page), never a 500, and writes nothing.

The limits themselves live in ``voisinage.lib.bounds``; the API applies them through
``voisinage.apitypes`` and ``voisinage.apierrors``, the pages through ``voisinage.lib.params``.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from voisinage.accounts.services import api_token_create
from voisinage.field.models import Intervention
from voisinage.lib.tabular import FileRejected, read_table
from voisinage.reports.tests.conftest import reporting  # noqa: F401 - a fixture
from voisinage.reports.tests.helpers import make_report
from voisinage.territory.models import Entrance
from voisinage.territory.tests.stock import csv_file, xlsx_file

BIG = str(2**63)  # one past the largest bigint
API = "/api/v1/schemes/rivebourg"


@pytest.fixture
def api(cast) -> Client:
    """The supervisor's client, authenticated with a Bearer token."""
    _token, raw = api_token_create(user=cast.supervisor, name="bad input")
    return Client(headers={"authorization": f"Bearer {raw}"})


@pytest.fixture
def manager_api(cast) -> Client:
    """The operator manager's client: every list, the settings' change log included."""
    _token, raw = api_token_create(user=cast.operator_manager, name="bad input")
    return Client(headers={"authorization": f"Bearer {raw}"})


def french_422(response: Any, field: str) -> str:
    """The 422's message for ``field``, checked to be French and to name the field."""
    assert response.status_code == 422, response.content
    errors = response.json()["detail"]
    assert isinstance(errors, list), errors
    messages = [e["msg"] for e in errors if e["field"] == field]
    assert messages, errors
    message = messages[0]
    assert message.startswith(f"{field} : "), message
    for english in ("Input should", "Field required", "Value error", "valid integer"):
        assert english not in message
    return message


def paginated_paths(client: Client) -> list[str]:
    """Every list operation of the OpenAPI whose only path parameter is the scheme's slug."""
    spec = client.get("/api/v1/openapi.json").json()
    paths = []
    for path, operations in spec["paths"].items():
        get = operations.get("get", {})
        names = {p["name"] for p in get.get("parameters", [])}
        path_params = {p["name"] for p in get.get("parameters", []) if p["in"] == "path"}
        if {"limit", "offset"} <= names and path_params <= {"slug"}:
            paths.append(path.replace("{slug}", "rivebourg"))
    return paths


# --- 2⁶³ limits, offsets and ids ---------------------------------------------------------


def test_a_limit_or_offset_of_2_63_is_refused_in_french_on_every_list(manager_api):
    api = manager_api
    paths = paginated_paths(api)
    assert len(paths) >= 12
    for path in paths:
        assert "plus petite ou égale à 500" in french_422(api.get(path, {"limit": BIG}), "limit")
        assert "1000000" in french_422(api.get(path, {"offset": BIG}), "offset")
        assert api.get(path, {"limit": 500, "offset": 1_000_000}).status_code == 200, path


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/entrances.geojson", "landlord"),
        ("/entrances", "neighbourhood"),
        ("/coverage", "neighbourhood"),
        ("/coverage.geojson", "neighbourhood"),
        ("/interventions", "landlord"),
        ("/reports", "category"),
    ],
)
def test_a_filter_id_of_2_63_is_refused_in_french(api, path, field):
    french_422(api.get(API + path, {field: BIG}), field)


def test_an_object_id_of_2_63_in_the_path_is_refused_in_french(api):
    french_422(api.get(f"{API}/interventions/{BIG}"), "intervention_id")
    french_422(api.get(f"{API}/reports/{BIG}"), "report_id")
    assert api.get(f"{API}/interventions/{2**63 - 1}").status_code == 404


# --- Dates at the edge of year 9999 and impossible dates --------------------------------------


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/reports.geojson", {"to": "9999-12-31"}, "to"),
        ("/review.pptx", {"to": "9999-12-31"}, "to"),
        ("/indicators", {"date": "9999-12-31"}, "date"),
        ("/ambiance", {"date": "9999-12-31"}, "date"),
        ("/calls", {"night": "9999-12-31"}, "night"),
        ("/meetings", {"to": "9999-12-31"}, "to"),
        ("/response-times", {"start": "2026-01-01", "end": "9999-12-31"}, "end"),
        ("/interventions", {"night": "0001-01-01"}, "night"),
    ],
)
def test_a_date_out_of_range_is_refused_in_french(api, path, query, field):
    message = french_422(api.get(API + path, query), field)
    assert "01/01/2000" in message
    assert "31/12/2099" in message


def test_an_impossible_date_is_refused_in_french_by_the_api(api):
    message = french_422(api.get(f"{API}/calls", {"night": "2026-02-30"}), "night")
    assert "AAAA-MM-JJ" in message


# --- Recording: started_at, NUL bytes, idempotency keys ----------------------------------------


def record(api: Client, key: str | None = None, **fields: Any) -> Any:
    body = {"started_at": "2026-03-01T22:30:00+01:00", "origin": "patrol", **fields}
    headers = {"Idempotency-Key": key} if key else {}
    return api.post(f"{API}/interventions", body, content_type="application/json", headers=headers)


@pytest.mark.parametrize("started_at", ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"])
def test_a_started_at_in_year_1_or_9999_is_refused_and_nothing_is_recorded(api, started_at):
    french_422(record(api, started_at=started_at), "started_at")
    assert not Intervention.objects.exists()


def test_a_number_is_not_read_as_a_started_at_in_1970(api):
    message = french_422(record(api, started_at=1_700_000_000), "started_at")
    assert "ISO 8601" in message
    assert not Intervention.objects.exists()


def test_a_nul_byte_in_api_text_is_refused_and_nothing_is_recorded(api):
    response = record(api, narrative="Hall calme\x00", other_place_label="x")
    assert "caractères de contrôle" in french_422(response, "narrative")
    assert not Intervention.objects.exists()


def test_a_nul_byte_in_a_query_string_is_refused(api):
    assert "caractères de contrôle" in french_422(api.get(f"{API}/entrances?q=a%00b"), "q")


def test_an_idempotency_key_over_80_characters_is_refused_not_cut(api):
    response = record(api, key="k" * 81)
    message = french_422(response, "Idempotency-Key")
    assert "81" in message
    assert not Intervention.objects.exists()


# --- French errors: missing fields, unreadable bodies, 401, 404, 405 ---------------------------


def test_a_missing_field_is_named_in_french(api):
    response = api.post(f"{API}/interventions", {}, content_type="application/json")
    assert french_422(response, "started_at") == "started_at : Ce champ est obligatoire."


def test_an_unreadable_body_is_answered_in_french(api):
    response = api.post(f"{API}/interventions", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Le corps de la requête n’est pas du JSON valide."}


def test_401_404_and_405_are_answered_in_french(api, client):
    assert client.get(f"{API}/entrances").json()["detail"].startswith("Authentification requise")
    assert api.get("/api/v1/schemes/nowhere").json() == {"detail": "Introuvable."}
    response = api.delete(f"{API}/entrances")
    assert response.status_code == 405
    assert response.json()["detail"].startswith("La méthode DELETE n’est pas permise ici")


# --- Pages: impossible and out-of-range dates, huge ids -----------------------------------------


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/dispositifs/rivebourg/appels/?nuit=2026-02-30", "nuit"),
        ("/dispositifs/rivebourg/consignes/?nuit=2026-02-30", "nuit"),
        ("/dispositifs/rivebourg/delais/?du=2026-02-30", "du"),
        ("/dispositifs/rivebourg/delais/?au=9999-12-31", "au"),
        ("/dispositifs/rivebourg/entrees/?landlord=" + BIG, "landlord"),
    ],
)
def test_a_page_answers_a_wrong_parameter_with_a_french_400(cast, client, url, name):
    client.force_login(cast.supervisor)
    response = client.get(url)
    assert response.status_code == 400
    text = response.content.decode()
    assert f"Le paramètre « {name} »" in text
    assert "Traceback" not in text


# --- Uploads: the column bomb, encodings, NUL bytes in the stock import and the export ---------

IMPORT_URL = "/dispositifs/rivebourg/patrimoine/import/"


def column_bomb(declared: bytes = b"A1:XFD20000") -> bytes:
    """A small workbook whose sheet declares A1:XFD20000 (16 384 columns, 20 000 rows) around
    two real rows: a reader that trusts the declaration walks 327 million empty cells."""
    data = xlsx_file([["HN-9", "1 rue A", "Habitat Nord", "Les Prés", "", 4, "", ""]])
    source, target = io.BytesIO(data), io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            content = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(
                    rb'<dimension ref="[^"]*"', b'<dimension ref="%s"' % declared, content
                )
                assert declared in content
            zout.writestr(item, content)
    return target.getvalue()


def import_problems(client: Client, data: bytes, name: str) -> list[str]:
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    response = client.post(IMPORT_URL, {"file": upload})
    if response.status_code == 302:  # imported
        return []
    assert response.status_code == 200
    return [str(p) for p in response.context["problems"]]


def test_the_16384_column_bomb_is_refused_in_french_in_under_a_second(cast, client):
    bomb = column_bomb()
    assert len(bomb) < 8_000
    client.force_login(cast.operator_manager)
    before = Entrance.objects.count()
    import_problems(client, b"code\n", "warm-up.csv")  # the page's first rendering is not timed
    started = time.monotonic()
    problems = import_problems(client, bomb, "bomb.xlsx")
    assert time.monotonic() - started < 1.0
    assert problems == [
        "La feuille a 16384 colonnes ; la limite est 100. Supprimez les colonnes après votre "
        "tableau, ou copiez le tableau seul dans une nouvelle feuille."
    ]
    assert Entrance.objects.count() == before


def test_a_sheet_declaring_too_many_rows_is_refused_before_reading(cast):
    started = time.monotonic()
    with pytest.raises(FileRejected) as rejected:
        read_table(
            column_bomb(b"A1:H1048576"),
            "x.xlsx",
            columns=["code"],
            required=["code"],
            labels={"code": "code"},
            max_rows=1_000,
        )
    assert time.monotonic() - started < 1.0
    assert str(rejected.value) == (
        "La feuille a 1048576 lignes ; la limite est 1000. Supprimez les lignes vides après "
        "votre tableau."
    )


def test_a_utf16_stock_file_is_read_as_text(cast, client):
    rows = [["HN-9", "1 rue de l’Église", "Habitat Nord", "Les Prés", "", 4, "", ""]]
    client.force_login(cast.operator_manager)
    for encoding in ("utf-16", "utf-16-le"):  # with and without a byte-order mark
        assert import_problems(client, csv_file(rows, encoding=encoding), "s.csv") == [], encoding
    assert Entrance.objects.get(code="HN-9").address == "1 rue de l’Église"


def test_a_latin1_stock_file_is_read_as_text(cast, client):
    rows = [["HN-9", "2 allée des Frênes", "Habitat Nord", "Les Prés", "", 4, "", ""]]
    client.force_login(cast.operator_manager)
    assert import_problems(client, csv_file(rows, encoding="latin-1"), "s.csv") == []
    assert Entrance.objects.get(code="HN-9").address == "2 allée des Frênes"


def test_a_binary_file_sent_as_csv_is_refused_with_the_right_message(cast, client):
    client.force_login(cast.operator_manager)
    workbook = xlsx_file([])
    assert import_problems(client, workbook, "stock.csv") == [
        "Ce fichier est un classeur Excel, pas un fichier CSV : envoyez-le en .xlsx (dans "
        "Excel, « Enregistrer sous », « Classeur Excel »)."
    ]
    problems = import_problems(client, b"\x00\x00\x01\x02" * 500, "stock.csv")
    assert len(problems) == 1
    assert "octets nuls (NUL)" in problems[0]
    problems = import_problems(client, bytes(range(1, 256)) * 8, "stock.csv")
    assert problems == [
        "Le fichier n’est ni du texte UTF-8, ni UTF-16, ni Windows-1252 (Latin-1). "
        "Enregistrez-le en « CSV UTF-8 » ou envoyez le classeur .xlsx."
    ]


def test_a_nul_byte_in_the_stock_import_is_refused_on_its_line_and_column(cast, client):
    rows = [["HN-9", "1 rue A\x00", "Habitat Nord", "Les Prés", "", 4, "", ""]]
    client.force_login(cast.operator_manager)
    problems = import_problems(client, csv_file(rows), "stock.csv")
    assert problems == [
        "Ligne 2, colonne « adresse » : Retirez de ce texte les caractères de contrôle (comme NUL)."
    ]
    assert not Entrance.objects.filter(code="HN-9").exists()


def test_a_control_character_already_stored_does_not_break_the_xlsx_export(cast, client):
    # A NUL on SQLite (PostgreSQL refuses to store one); \x01 is refused by XLSX just the same.
    Entrance.objects.filter(code="HN-1").update(address="3 rue\x01 B")
    client.force_login(cast.north_referent)
    response = client.get("/dispositifs/rivebourg/patrimoine/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    addresses = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "3 rue B" in addresses


# --- The logbook and patrol pages, the intervention form, the report answer --------------------

RECORD_URL = "/dispositifs/rivebourg/main-courante/saisir/"
FORM = {
    "started_at": "2026-01-13T21:00",
    "entrance_code": "HN-1",
    "origin": "patrol",
    "adults": "0",
    "young_people": "0",
    "minors": "0",
}


@pytest.mark.parametrize(
    "url",
    [
        "/dispositifs/rivebourg/main-courante/?nuit=2026-02-30",
        "/dispositifs/rivebourg/veilles/ce-soir/?nuit=2026-02-30",
        "/dispositifs/rivebourg/main-courante/?nuit=9999-12-31",
    ],
)
def test_the_logbook_and_patrol_pages_answer_an_impossible_night_in_french(cast, client, url):
    client.force_login(cast.supervisor)
    response = client.get(url)
    assert response.status_code == 400
    assert "Le paramètre « nuit »" in response.content.decode()


@pytest.mark.parametrize("started_at", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_the_form_refuses_a_started_at_in_year_1_or_9999_next_to_the_field(
    cast, client, started_at
):
    client.force_login(cast.supervisor)
    response = client.post(RECORD_URL, {**FORM, "started_at": started_at})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["started_at"]
    field = response.content.decode().split('name="started_at"', 1)[1].split("<label", 1)[0]
    assert 'class="errorlist' in field
    assert not Intervention.objects.exists()


def test_the_form_shows_every_refused_field_next_to_it(cast, client):
    client.force_login(cast.supervisor)
    response = client.post(RECORD_URL, {**FORM, "adults": "-3", "idempotency_key": "k" * 81})
    html = response.content.decode()
    assert response.context["form"].errors.keys() == {"adults", "idempotency_key"}
    adults = html.split('name="adults"', 1)[1].split("</label>", 1)[0]
    assert "supérieure ou égale à 0" in adults
    assert 'data-testid="errors-idempotency_key"' in html
    assert not Intervention.objects.exists()


@pytest.mark.parametrize(
    ("started_at", "expected"),
    [
        ("2010-06-01T22:00:00+02:00", "précéder le début du dispositif"),
        ("2031-06-01T22:00:00+02:00", "plus d’un jour dans le futur"),
    ],
)
def test_an_implausible_arrival_is_refused_by_the_api(api, clock, started_at, expected):
    assert expected in french_422_or_detail(record(api, started_at=started_at))
    assert not Intervention.objects.exists()


def french_422_or_detail(response: Any) -> str:
    """The French message of a refusal raised by a service (one sentence in ``detail``)."""
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    return detail if isinstance(detail, str) else " ".join(e["msg"] for e in detail)


@pytest.fixture
def north_report(cast, reporting):  # noqa: F811 - the imported fixture
    """A report routed to Habitat Nord (the reports tests' routing table)."""
    return make_report(cast, reporting, entrance=cast.north_entrances[0]).report


def test_a_bad_planned_date_is_named_next_to_its_field_not_as_choose_an_answer(
    cast, client, north_report
):
    client.force_login(cast.north_referent)
    url = f"/dispositifs/rivebourg/signalements/{north_report.pk}/reponse/"
    for planned_for in ("2026-02-30", "9999-12-31"):
        response = client.post(url, {"answer": "planned", "planned_for": planned_for})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Choisissez une réponse" not in html
        field = html.split('name="planned_for"', 1)[1].split("<label", 1)[0]
        assert 'class="errorlist' in field, planned_for
    north_report.refresh_from_db()
    assert north_report.planned_for is None


def test_a_report_planned_in_9999_or_two_years_ahead_is_refused_by_the_api(
    cast, api, north_report, clock
):
    _token, raw = api_token_create(user=cast.north_referent, name="answer")
    url = f"{API}/reports/{north_report.pk}/answer"
    headers = {"authorization": f"Bearer {raw}"}
    far = api.post(
        url,
        {"answer": "planned", "planned_for": "9999-12-31"},
        content_type="application/json",
        headers=headers,
    )
    assert "31/12/2099" in french_422(far, "planned_for")
    later = api.post(
        url,
        {"answer": "planned", "planned_for": "2028-02-01"},
        content_type="application/json",
        headers=headers,
    )
    assert "dans l’année" in french_422_or_detail(later)
    north_report.refresh_from_db()
    assert north_report.planned_for is None
