"""The housing-stock import through its page and its management command."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from voisinage.territory.models import Entrance
from voisinage.territory.services import housing_stock_import
from voisinage.territory.stockfile import FileRejected
from voisinage.territory.tests.stock import csv_file, snapshot, xlsx_file
from voisinage.territory.tests.test_import import (
    BAD_ROWS,
    NEW_ROWS,
    bad_rows_expected,
    check_the_new_entrances_exist,
    the_cast_rows,
)

IMPORT_URL = "/dispositifs/rivebourg/patrimoine/import/"

# The import page.


def upload(data: bytes, name: str = "stock.csv") -> dict[str, SimpleUploadedFile]:
    return {"file": SimpleUploadedFile(name, data, content_type="application/octet-stream")}


def test_the_operator_manager_sees_the_import_page(cast, client):
    client.force_login(cast.operator_manager)

    response = client.get(IMPORT_URL)

    assert response.status_code == 200
    assert b'type="file"' in response.content
    assert b'name="file"' in response.content


def test_a_bad_file_posted_on_the_page_lists_every_problem_and_changes_nothing(cast, client):
    client.force_login(cast.operator_manager)
    before = snapshot()

    response = client.post(IMPORT_URL, upload(csv_file(BAD_ROWS)))

    assert response.status_code == 200
    with pytest.raises(FileRejected) as rejected:
        housing_stock_import(scheme=cast.scheme, data=csv_file(BAD_ROWS), filename="stock.csv")
    expected = [str(p) for p in rejected.value.problems]
    assert len(expected) == len(bad_rows_expected())
    assert response.context["problems"] == expected
    listed = response.content.split(b'data-testid="import-problems">', 1)[1].split(b"</ul>")[0]
    assert listed.count(b"<li>") == len(expected)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert snapshot() == before


def test_a_good_file_posted_on_the_page_imports_and_redirects(cast, client):
    client.force_login(cast.operator_manager)

    response = client.post(IMPORT_URL, upload(csv_file(NEW_ROWS)))

    assert response.status_code == 302
    assert response.url == IMPORT_URL
    check_the_new_entrances_exist(cast)
    followed = client.get(response.url)
    assert [m.level_tag for m in followed.context["messages"]] == ["success"]


def test_an_xlsx_file_posted_on_the_page_imports(cast, client):
    client.force_login(cast.operator_manager)

    response = client.post(IMPORT_URL, upload(xlsx_file(NEW_ROWS), "stock.xlsx"))

    assert response.status_code == 302
    check_the_new_entrances_exist(cast)


def test_a_post_without_a_file_shows_the_form_again_and_changes_nothing(cast, client):
    client.force_login(cast.operator_manager)
    before = snapshot()

    # As a browser sends it: the form's CSRF field, no file.
    response = client.post(IMPORT_URL, {"csrfmiddlewaretoken": "token"})

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert snapshot() == before


@pytest.mark.parametrize(
    "persona", ["supervisor", "agent", "city_officer", "north_referent", "other_partner", "nobody"]
)
def test_only_managers_of_the_scheme_reach_the_import_page(cast, client, persona):
    client.force_login(cast.personas()[persona])
    before = snapshot()

    assert client.get(IMPORT_URL).status_code == 404
    assert client.post(IMPORT_URL, upload(csv_file(NEW_ROWS))).status_code == 404
    assert snapshot() == before


def test_the_import_page_asks_anonymous_visitors_to_log_in(cast, client):
    before = snapshot()

    response = client.post(IMPORT_URL, upload(csv_file(NEW_ROWS)))

    assert response.status_code == 302
    assert "/compte/" in response.url
    assert snapshot() == before


# The management command.


def test_the_command_imports_a_file_and_says_what_it_did(cast, tmp_path):
    path = tmp_path / "stock.csv"
    path.write_bytes(csv_file([*NEW_ROWS, *the_cast_rows(cast, **{"LS-2": {5: 6}})]))
    out = io.StringIO()

    call_command("import_housing_stock", "rivebourg", str(path), stdout=out)

    assert out.getvalue().strip() == "3 created, 1 updated, 4 unchanged."
    check_the_new_entrances_exist(cast)
    assert Entrance.objects.get(code="LS-2").dwellings == 6


def test_the_command_rejects_a_bad_file_and_changes_nothing(cast, tmp_path):
    path = tmp_path / "stock.csv"
    path.write_bytes(csv_file(BAD_ROWS))
    err = io.StringIO()
    before = snapshot()

    with pytest.raises(CommandError, match=r"\b13\b"):
        call_command("import_housing_stock", "rivebourg", str(path), stderr=err)

    assert len(err.getvalue().strip().splitlines()) == len(bad_rows_expected())
    assert snapshot() == before


def test_the_command_refuses_an_unknown_scheme_or_a_missing_file(cast, tmp_path):
    path = tmp_path / "stock.csv"
    path.write_bytes(csv_file(NEW_ROWS))
    before = snapshot()

    with pytest.raises(CommandError, match="nowhere"):
        call_command("import_housing_stock", "nowhere", str(path))
    with pytest.raises(CommandError):
        call_command("import_housing_stock", "rivebourg", str(tmp_path / "missing.csv"))
    assert snapshot() == before
