"""The report pages without JavaScript: create from an intervention, duplicates proposed and
merged, the partner board, the map page, the rules page."""

from django.urls import reverse

from voisinage.field.logbook.services import intervention_record
from voisinage.lib import clock
from voisinage.reports.models import Occurrence, Report
from voisinage.reports.tests.helpers import WEDNESDAY, make_report

CREATE = "/dispositifs/rivebourg/signalements/nouveau/"
LIST = "/dispositifs/rivebourg/signalements/"


def intervention(cast, entrance):
    return intervention_record(
        scheme=cast.scheme,
        author=cast.agent,
        started_at=WEDNESDAY,
        origin="patrol",
        entrance=entrance,
        narrative="Ascenseur bloqué",
    )[0]


def form(reporting, **over):
    data = {
        "category": reporting.categories["ascenseur"].pk,
        "urgency": "normal",
        "entrance_code": "HN-1",
        "description": "Ascenseur bloqué au 3e",
        "idempotency_key": "k1",
    }
    data.update(over)
    return data


def test_the_intervention_page_offers_to_report_and_the_form_is_prefilled(cast, reporting, client):
    found = intervention(cast, cast.north_entrances[0])
    client.force_login(cast.supervisor)
    page = client.get(reverse("field:intervention", args=["rivebourg", found.pk]))
    link = f"{CREATE}?intervention={found.pk}"
    assert link.encode() in page.content
    prefilled = client.get(link)
    assert prefilled.context["form"].initial["entrance_code"] == "HN-1"
    created = client.post(link, form(reporting, intervention=found.pk))
    report = Report.objects.get()
    assert created["Location"] == report.get_absolute_url()
    occurrence = report.occurrences.get()
    assert (occurrence.intervention, occurrence.source) == (found, "intervention")


def test_partners_do_not_get_the_button(cast, reporting, client):
    found = intervention(cast, cast.north_entrances[0])
    client.force_login(cast.north_referent)
    page = client.get(reverse("field:intervention", args=["rivebourg", found.pk]))
    assert b"report-from-intervention" not in page.content


def test_a_duplicate_is_proposed_then_merged_on_request(cast, reporting, client):
    first = make_report(
        cast, reporting, "ascenseur", entrance=cast.north_entrances[0], at=clock.now()
    ).report
    client.force_login(cast.agent)
    proposed = client.post(CREATE, form(reporting))
    assert proposed.status_code == 200
    assert [c.pk for c in proposed.context["candidates"]] == [first.pk]
    assert Report.objects.count() == 1
    merged = client.post(CREATE, form(reporting, merge_into=str(first.pk)))
    assert merged["Location"] == first.get_absolute_url()
    assert Report.objects.count() == 1
    assert Occurrence.objects.filter(report=first).count() == 2
    # The same form sent again (a double click) changes nothing.
    client.post(CREATE, form(reporting, merge_into=str(first.pk)))
    assert Occurrence.objects.count() == 2
    # The list counts the report's occurrences (one subquery per listed report).
    other = make_report(cast, reporting, "ascenseur", entrance=cast.north_entrances[1]).report
    client.force_login(cast.supervisor)
    listed = {r.pk: r.occurrence_count for r in client.get(LIST).context["page"]}
    assert listed == {first.pk: 2, other.pk: 1}
    assert b"\xc3\x972</span>" in client.get(LIST).content  # the ×2 badge


def test_create_anyway_makes_a_new_report(cast, reporting, client):
    make_report(cast, reporting, "ascenseur", entrance=cast.north_entrances[0], at=clock.now())
    client.force_login(cast.agent)
    assert client.post(CREATE, form(reporting)).context["candidates"]
    client.post(CREATE, form(reporting, merge_into="new"))
    assert Report.objects.count() == 2


def test_bad_input_is_shown_and_nothing_is_written(cast, reporting, client):
    client.force_login(cast.agent)
    response = client.post(CREATE, form(reporting, entrance_code="ZZ-9"))
    assert response.status_code == 200
    assert response.context["form"].errors["entrance_code"]
    response = client.post(CREATE, form(reporting, entrance_code="", place_label=""))
    assert response.context["form"].errors
    assert not Report.objects.exists()


def test_the_partner_board_counts_open_and_overdue_per_recipient(cast, reporting, client):
    make_report(cast, reporting, "ascenseur", entrance=cast.north_entrances[0])
    make_report(cast, reporting, "fuite", entrance=cast.south_entrances[0])
    client.force_login(cast.supervisor)
    page = client.get(reverse("reports:partners", args=["rivebourg"]))
    lines = {line.name: line for line in page.context["lines"]}
    # Made in June 2025: long overdue today.
    assert (lines["Habitat Nord"].open, lines["Habitat Nord"].overdue) == (1, 1)
    assert page.context["overdue_count"] == 2
    client.force_login(cast.north_referent)
    page = client.get(reverse("reports:partners", args=["rivebourg"]))
    assert [line.name for line in page.context["lines"]] == ["Habitat Nord"]


def test_the_map_page_passes_its_filters_to_the_geojson(cast, reporting, client):
    client.force_login(cast.city_officer)
    page = client.get(
        reverse("reports:map", args=["rivebourg"]), {"statut": "open", "destinataire": "3"}
    )
    assert b"reports.geojson?status=open&amp;recipient=3" in page.content


def test_the_rules_page_lists_the_table(cast, reporting, client):
    client.force_login(cast.supervisor)
    page = client.get(reverse("reports:rules", args=["rivebourg"]))
    assert list(page.context["rules"]) == reporting.rules


def test_the_supervisor_is_told_in_the_list_what_waits_for_routing(cast, reporting, client):
    make_report(cast, reporting, "stationnement-abusif", entrance=cast.north_entrances[0])
    client.force_login(cast.supervisor)
    page = client.get(reverse("reports:list", args=["rivebourg"]))
    assert page.context["to_route"] == 1
    assert b'data-testid="to-route"' in page.content
    client.force_login(cast.city_officer)
    assert client.get(reverse("reports:list", args=["rivebourg"])).context["to_route"] == 0


def test_a_photo_sent_with_the_form_is_stored_without_exif_and_served_to_who_sees_it(
    cast, reporting, client
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from voisinage.reports.models import ReportPhoto
    from voisinage.reports.tests.test_photos import jpeg_with_exif

    client.force_login(cast.agent)
    upload = SimpleUploadedFile("IMG_0001.jpg", jpeg_with_exif(), content_type="image/jpeg")
    client.post(CREATE, {**form(reporting), "photos": [upload]})
    photo = ReportPhoto.objects.get()
    with photo.image.open("rb") as f:
        assert dict(Image.open(f).getexif()) == {}
    url = reverse("reports:photo", args=["rivebourg", photo.pk])
    for user, status in [(cast.north_referent, 200), (cast.south_referent, 404)]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status
        if status == 200:
            assert b"PhoneModel" not in b"".join(response.streaming_content)


def test_managers_edit_the_routing_table_supervisors_read_it(cast, reporting, client):
    from voisinage.reports.models import RoutingRule

    url = reverse("reports:rules", args=["rivebourg"])
    data = {
        "position": "0",
        "category_group": "parking",
        "place": "housing",
        "landlord": str(cast.north.pk),
        "recipient": str(cast.north.pk),
        "deadline_days": "4",
        "label": "Stationnement chez Habitat Nord",
    }
    for user in (cast.supervisor, cast.north_referent, cast.agent):
        client.force_login(user)
        assert client.post(url, data).status_code == 404, user
    assert RoutingRule.objects.count() == 5
    client.force_login(cast.operator_manager)
    assert b'data-testid="rule-form"' in client.get(url).content
    assert client.post(url, data).status_code == 302
    rule = RoutingRule.objects.get(label="Stationnement chez Habitat Nord")
    # The new first rule routes abusive parking at Habitat Nord's entrances.
    report = make_report(cast, reporting, "stationnement-abusif", entrance=cast.north_entrances[1])
    report.report.refresh_from_db()
    assert report.report.recipient == cast.north
    # A landlord in public space makes no sense: refused, nothing added.
    refused = client.post(url, {**data, "place": "public_space"})
    assert refused.status_code == 200
    assert RoutingRule.objects.count() == 6
    delete = reverse("reports:rule_delete", args=["rivebourg", rule.pk])
    client.force_login(cast.supervisor)
    assert client.post(delete).status_code == 404
    client.force_login(cast.operator_manager)
    assert client.post(delete).status_code == 302
    assert not RoutingRule.objects.filter(pk=rule.pk).exists()
    # The report keeps its recipient and the rule's description in its history.
    report.report.refresh_from_db()
    assert report.report.recipient == cast.north
    assert report.report.events.get(kind="routed").rule_label.startswith("#0")
    # Both changes are in the scheme's change log, with their author; the refusal is not.
    log = client.get(reverse("api:list_setting_changes", args=["rivebourg"])).json()["items"]
    removed, added = log  # newest first
    assert added["author"] == removed["author"] == cast.operator_manager.display_name
    assert "Stationnement chez Habitat Nord" in added["after"]
    assert added["before"] == ""
    assert removed["after"] == ""
    assert added["after"].endswith(f"→ {cast.north}")
    assert removed["before"] == added["after"]


def test_the_list_marks_the_reports_past_their_due_date(cast, reporting, client, clock):
    """The landlord's home said « dépassée »; the list showed the same date plainly."""
    from datetime import datetime, time, timedelta

    from voisinage.reports.tests.helpers import PARIS

    report = make_report(cast, reporting, entrance=cast.north_entrances[0]).report
    assert report.due_on is not None
    client.force_login(cast.supervisor)

    clock.set(datetime.combine(report.due_on, time(12), tzinfo=PARIS))
    assert b'data-testid="late"' not in client.get(LIST).content  # due today: not late yet
    clock.set(datetime.combine(report.due_on + timedelta(days=1), time(12), tzinfo=PARIS))
    assert client.get(LIST).content.count(b'data-testid="late"') == 1
    report.status = "done"
    report.save(update_fields=["status"])
    assert b'data-testid="late"' not in client.get(LIST).content  # answered: nothing waits
