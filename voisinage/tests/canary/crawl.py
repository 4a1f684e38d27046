"""The crawl: every named route of the URL resolver, with the world's real ids, as one persona;
the text of every answer (HTML, JSON, CSV, GeoJSON, ICS, PDF, PPTX, XLSX) and of every e-mail the
persona received; the canaries found in them.

A route is crawled when it takes only the scheme's slug (or nothing), or when ``ARGS`` says how
to fill its parameters; otherwise it must be in ``EXCLUDED`` with the reason. A new route that is
neither fails ``test_every_route_is_crawled``: it cannot escape the crawl.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from typing import TYPE_CHECKING, Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

from voisinage.tests.canary.world import LABELS, NIGHT, SLUG
from voisinage.tests.pdf import pdf_text

if TYPE_CHECKING:
    from django.test import Client

    from voisinage.tests.canary.world import World

# A canary starts a word and names its kind (random tokens in pages, such as CSRF tokens, are
# not canaries); any case, since a template may change it.
CANARY = re.compile(rf"(?<![A-Za-z0-9])QZ(?:{'|'.join(LABELS)})[A-Z0-9]*", re.IGNORECASE)
MONTH = NIGHT.strftime("%Y-%m")
JANUARY = "du=2026-01-01&au=2026-01-31"

POST_ONLY = "POST only: its answer is a redirect, checked by the app's access tests"
EXCLUDED: dict[str, str] = {
    "accounts:login": "public form, no data",
    "accounts:invitation_accept": "needs a signed single-use token; shows one invitation",
    "accounts:logout": POST_ONLY,
    "accounts:password_reset": "public form, no data",
    "accounts:password_reset_done": "public page, no data",
    "accounts:password_reset_confirm": "needs a reset token sent by e-mail: accounts tests",
    "accounts:password_reset_complete": "public page, no data",
    "accounts:token_create": POST_ONLY,
    "accounts:token_revoke": POST_ONLY,
    "accounts:second_factor": "one's own second factor, no scheme data",
    "accounts:second_factor_setup": "one's own second factor, no scheme data",
    "accounts:second_factor_disable": "one's own second factor, no scheme data",
    "api:api-root": "django-ninja's root, no data",
    "api:openapi-json": "the public description of the API, no data",
    "api:openapi-view": "the public description of the API, no data",
    "api:create_intervention": "POST (its GET is api:list_interventions, crawled)",
    "api:update_intervention": "PUT (its GET is api:get_intervention, crawled)",
    "api:call_on_site_api": "POST (the call it changes is read by api:get_call, crawled)",
    "api:create_call": "POST (its GET is api:list_calls, crawled)",
    "api:end_member": "POST, the scheme's managers: schemes/tests/test_settings_api.py",
    "api:end_operator_site": "POST, whole-scheme managers: schemes/tests/test_operator_sites.py",
    "api:change_access": "POST, the scheme's managers: schemes/tests/test_settings_api.py",
    "api:add_shared_address": "POST, the scheme's managers: schemes/tests/test_settings_api.py",
    "api:retire_neighbourhood": "POST, the scheme's managers: schemes/tests/test_settings_api.py",
    "api:retire_residence": "POST, the scheme's managers: schemes/tests/test_settings_api.py",
    "api:move_activity": "writes, managers: schemes/tests/test_settings_write_api.py",
    "api:rename_activity": "writes, managers: schemes/tests/test_settings_write_api.py",
    "api:retire_activity": "writes, managers: schemes/tests/test_settings_write_api.py",
    "api:remove_hours_rule": "writes, managers: schemes/tests/test_settings_write_api.py",
    "api:move_call_nature": "writes, managers: desk/tests/test_settings_write_api.py",
    "api:rename_call_nature": "writes, managers: desk/tests/test_settings_write_api.py",
    "api:retire_call_nature": "writes, managers: desk/tests/test_settings_write_api.py",
    "api:move_report_category": "writes, managers: reports/tests/test_settings_write_api.py",
    "api:rename_report_category": "writes, managers: reports/tests/test_settings_write_api.py",
    "api:retire_report_category": "writes, managers: reports/tests/test_settings_write_api.py",
    "api:update_entrance": "writes, managers: territory/tests/test_settings_write_api.py",
    "api:update_neighbourhood": "writes, managers: territory/tests/test_settings_write_api.py",
    "api:add_contract_amendment": "POST, managers: funding/tests/test_contract_api.py",
    "api:add_purchase_order": "POST, managers: funding/tests/test_contract_api.py",
    "api:add_agreement_amendment": "POST, managers: funding/tests/test_contract_api.py",
    "api:put_operator_deadline": "PUT (its GET is api:get_digest_settings, crawled): "
    "digests/tests/test_deadlines.py",
    "api:create_instruction": "POST (its GET is api:list_instructions, crawled)",
    "api:create_report": "POST (its GET is api:list_reports, crawled)",
    "api:add_setting_field_code": "POST (its GET is api:list_setting_field_codes, crawled)",
    "api:change_setting_field_code": "PATCH (its list is api:list_setting_field_codes, crawled)",
    "api:switch_setting_scale": "PATCH (its list is api:list_setting_scales, crawled; walked in "
    "field/tests/test_scale_settings.py)",
    "api:change_setting_scale_level": "PATCH (its list is api:list_setting_scales, crawled; "
    "walked in field/tests/test_scale_settings.py)",
    "api:add_setting_staffing_rule": "POST (its GET is api:list_setting_staffing_rules, crawled)",
    "api:change_setting_staffing_rule": "PATCH (api:list_setting_staffing_rules is crawled)",
    "api:remove_setting_staffing_rule": "DELETE (api:list_setting_staffing_rules is crawled)",
    "api:add_setting_body": "POST (its GET is api:list_setting_bodies, crawled)",
    "api:change_setting_body": "PATCH (api:list_setting_bodies is crawled)",
    "api:add_setting_quota": "POST (its GET is api:list_setting_quotas, crawled)",
    "api:change_setting_quota": "PATCH (api:list_setting_quotas is crawled)",
    "api:save_avoided_cost_type": "PUT, managers: analytics/tests/test_evaluation_registers.py",
    "api:add_reference_figure": "POST, managers: analytics/tests/test_evaluation_registers.py",
    "api:remove_reference_figure": "DELETE, managers: analytics/tests/test_evaluation_registers",
    "api:add_network_scheme": "POST, a network's managers: networks/tests/test_networks.py",
    "api:add_network_member": "POST, a network's managers: networks/tests/test_networks.py",
    "networks:overview": "a network's figures (counts and shares, no canary text), walked by "
    "networks/tests/test_networks.py: the crawl's world has no network",
    "networks:manage": "a network's managers: networks/tests/test_networks.py",
    "api:network_overview_api": "as networks:overview: networks/tests/test_networks.py",
    "api:answer_report": POST_ONLY,
    "api:patrol_passage": POST_ONLY,
    "api:record_courtesy_outcome": POST_ONLY,
    "field:validate": POST_ONLY,
    "field:reopen": POST_ONLY,
    "field:patrol_passage": POST_ONLY,
    "field:courtesy_outcome": POST_ONLY,
    "governance:attendance_remove": POST_ONLY,
    "governance:decision_add": POST_ONLY,
    "governance:document_add": POST_ONLY,
    "governance:document_remove": POST_ONLY,
    "governance:meeting_deck": POST_ONLY,
    "governance:meeting_cancel": POST_ONLY,
    "governance:meeting_invite": POST_ONLY,
    "governance:action_status": POST_ONLY,
    "governance:calendar_regenerate": POST_ONLY,
    "governance:calendar_revoke": POST_ONLY,
    "reports:answer": POST_ONLY,
    "reports:reroute": POST_ONLY,
    "reports:close": POST_ONLY,
    "reports:split": POST_ONLY,
    "reports:rule_delete": POST_ONLY,
    "reports:link": "the recipient's signed answer link, sent by e-mail (crawled there)",
    "desk:call_action": POST_ONLY,
    "privacy:subject_act": "POST, erasure or rectification: privacy/tests/test_rights.py",
    "privacy:request_answer": "POST, a request's answer: privacy/tests/test_rights.py",
    "desk:instruction_action": POST_ONLY,
    "desk:survey": "the caller's signed satisfaction link, no account: desk tests",
    "digests:prepare": POST_ONLY,
    "digests:validate": POST_ONLY,
    "digests:send": POST_ONLY,
    "digests:ambiance_override": POST_ONLY,
    "desk:inbound_dismiss": POST_ONLY,
    "desk:inbound_attachment": "the world's e-mail has no attachment; an attachment is read "
    "through its e-mail's access (desk/tests/test_inbound.py)",
    "demo:mail": "the demo's mailbox: demo mode and the platform administrator only (404 for "
    "every other persona in the matrix), who may read everything",
    "demo:mail_html": "the demo's mailbox: the platform administrator only",
    "demo:mail_attachment": "the demo's mailbox: the platform administrator only",
}


def _ids(key: str) -> Callable[[World, str], list[tuple[Any, ...]]]:
    def args(world: World, persona: str) -> list[tuple[Any, ...]]:
        return [(SLUG, value) for value in world.ids[key]]

    return args


def _bare(key: str) -> Callable[[World, str], list[tuple[Any, ...]]]:
    def args(world: World, persona: str) -> list[tuple[Any, ...]]:
        return [(value,) for value in world.ids[key]]

    return args


def _fixed(*values: Any) -> Callable[[World, str], list[tuple[Any, ...]]]:
    def args(world: World, persona: str) -> list[tuple[Any, ...]]:
        return [(SLUG, value) for value in values]

    return args


def _visits(world: World, persona: str) -> list[tuple[Any, ...]]:
    return [(SLUG, campaign, visit) for campaign, visit in world.ids["visit"]]


def _feed(world: World, persona: str) -> list[tuple[Any, ...]]:
    return [(world.feeds[persona],)]


# How to fill the parameters of routes that take more than the scheme's slug.
ARGS: dict[str, Callable[[World, str], list[tuple[Any, ...]]]] = {
    "territory:export": _fixed("csv", "xlsx"),
    "schemes:settings_section": _fixed(
        "fiche",
        "horaires",
        "activites",
        "domaines",
        "quartiers",
        "entrees",
        "appels",
        "categories",
        "personnes",
        "situations-materielles",
        "situations-comportements",
        "actions",
        "effectifs",
        "instances",
        "quotas",
        "donnees-personnelles",
        "evaluation",
    ),
    "privacy:subject_export": _fixed("json", "pdf"),
    "field:intervention": _ids("intervention"),
    "desk:inbound_email": _ids("inbound_email"),
    "desk:inbound_original": _ids("inbound_email"),
    "field:edit": _ids("intervention"),
    "field:duty_night": _ids("night"),
    "field:patrol_plan": _ids("month"),
    "field:patrol_plan_edit": _ids("month"),
    "field:courtesy_campaign": _ids("campaign"),
    "field:courtesy_dwellings": _ids("campaign"),
    "governance:meeting": _ids("meeting"),
    "governance:meeting_edit": _ids("meeting"),
    "governance:meeting_minutes": _ids("meeting"),
    "governance:meeting_attendance": _ids("meeting"),
    "governance:document_download": _ids("document"),
    "governance:calendar_feed": _feed,
    "funding:agreement": _ids("agreement"),
    "funding:agreement_setup": _ids("agreement"),
    "funding:schedule_export": _ids("agreement"),
    "funding:what_if": _ids("agreement"),
    "funding:payment_record": _ids("agreement"),
    "funding:contract": _ids("agreement"),
    "reports:detail": _ids("report"),
    "reports:photo": _ids("report_photo"),
    "desk:call": _ids("call"),
    "desk:instruction": _ids("instruction"),
    "analytics:dashboard_export": _fixed("csv", "xlsx"),
    "analytics:summary_pdf": _ids("month"),
    "analytics:review_download": _fixed("pptx", "pdf"),
    "digests:detail": _ids("night"),
    "digests:pdf": _ids("night"),
    "api:get_intervention": _ids("intervention"),
    "api:patrol_plan": _ids("month"),
    "api:get_courtesy_campaign": _ids("campaign"),
    "api:get_meeting": _ids("meeting"),
    "api:get_report": _ids("report"),
    "api:get_call": _ids("call"),
    "api:get_instruction": _ids("instruction"),
    "api:monthly_summary_pdf": _ids("month"),
    "api:roadmap": _ids("year"),
    "api:get_digest": _ids("night"),
    "api:get_digest_pdf": _ids("night"),
    "api:get_agreement": _bare("agreement"),
    "api:get_agreement_schedule": _bare("agreement"),
    "api:get_agreement_contract": _bare("agreement"),
}
# Query strings also crawled (the bare URL always is): the world's night, month and versions.
# Without a query, pages show last night, this month or this week, which hold the world.
QUERIES: dict[str, list[str]] = {
    "field:logbook": [f"nuit={NIGHT}"],
    "field:staffing": [f"date={NIGHT}"],
    "field:patrol_tonight": [f"nuit={NIGHT}"],
    "desk:calls": [f"nuit={NIGHT}"],
    "desk:instructions": [f"nuit={NIGHT}"],
    "desk:times": [JANUARY],
    "analytics:dashboard": [JANUARY],
    "analytics:dashboard_export": [JANUARY],
    "analytics:evaluation": [JANUARY],
    "analytics:summary": [f"mois={MONTH}"],
    "analytics:review": [JANUARY],
    "analytics:review_download": [JANUARY],
    # A person's data: every caller, every tenant of the world (their canaries share a prefix,
    # written in lower case so that the search echoed on the page is not read as a canary).
    "privacy:subject": ["nom=zcal", "nom=zten"],
    "privacy:subject_export": ["nom=zcal", "nom=zten"],
    # Without a version, the newest (2, the correction).
    "digests:detail": ["version=1"],
    "digests:pdf": ["version=1"],
    "api:get_digest": ["version=1"],
    "api:get_digest_pdf": ["version=1"],
    "api:list_interventions": [f"night={NIGHT}"],
    "api:list_duty": [f"from={NIGHT}&to={NIGHT}"],
    "api:get_staffing": [f"from={NIGHT}&to={NIGHT}"],
    "api:indicators": [
        "from=2026-01-01&to=2026-01-31&group_by=landlord",
        "from=2026-01-01&to=2026-01-31&group_by=neighbourhood",
    ],
    "api:review_pptx": ["from=2026-01-01&to=2026-01-31"],
    "api:review_pdf_api": ["from=2026-01-01&to=2026-01-31"],
    "api:get_response_times": ["start=2026-01-01&end=2026-01-31"],
}


def _params(pattern: URLPattern | URLResolver) -> list[str]:
    inner = pattern.pattern
    if isinstance(inner, RoutePattern):
        return list(inner.converters)
    if isinstance(inner, RegexPattern):
        return list(inner.regex.groupindex)
    return []


def named_routes(
    patterns: list[URLPattern | URLResolver] | None = None, prefix: str = "", params=()
) -> Iterator[tuple[str, list[str]]]:
    """Every named route of the URL resolver (the Django admin aside) with its parameters."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from named_routes(pattern.url_patterns, namespace, [*params, *_params(pattern)])
        elif pattern.name:
            yield f"{prefix}{pattern.name}", [*params, *_params(pattern)]


def uncovered_routes() -> list[str]:
    """Routes the crawl would not know how to request."""
    return sorted(
        name
        for name, params in named_routes()
        if name not in EXCLUDED and name not in ARGS and set(params) - {"slug"}
    )


def urls(world: World, persona: str) -> Iterator[tuple[str, str]]:
    """(route name, URL) of everything to request as ``persona``."""
    for name, params in named_routes():
        if name in EXCLUDED:
            continue
        if name in ARGS:
            arg_lists = ARGS[name](world, persona)
        elif params == ["slug"]:
            arg_lists = [(SLUG,)]
        elif not params:
            arg_lists = [()]
        else:
            raise LookupError(f"the crawl does not know how to request {name}")
        for args in arg_lists:
            base = reverse(name, args=args)
            yield name, base
            for query in QUERIES.get(name, []):
                yield name, f"{base}?{query}"


# --- Text of answers, documents and e-mails ---------------------------------------------------


def _zip_text(data: bytes) -> str:
    """Every part of an Office document (PPTX, XLSX; charts' embedded workbooks included)."""
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            content = archive.read(info)
            if content[:2] == b"PK":
                parts.append(_zip_text(content))
            else:
                parts.append(content.decode("utf-8", errors="replace"))
    return "\n".join(parts)


def document_text(data: bytes, content_type: str = "") -> str:
    if data.startswith(b"%PDF-"):
        return pdf_text(data)
    if data[:2] == b"PK":
        return _zip_text(data)
    if content_type.startswith("image/") or data[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0"):
        return ""
    return data.decode("utf-8", errors="replace")


def response_text(response: Any) -> str:
    if getattr(response, "streaming", False):
        data = b"".join(response.streaming_content)
    else:
        data = response.content
    return document_text(data, response.get("Content-Type", ""))


def message_text(message: Any) -> str:
    """Subject, body, alternatives and attachments of an e-mail, as one text."""
    parts = [message.subject, message.body]
    parts += [content for content, _mimetype in getattr(message, "alternatives", [])]
    for attachment in message.attachments:
        if isinstance(attachment, Message):
            payload = attachment.get_payload(decode=True)
            parts.append(document_text(payload if isinstance(payload, bytes) else b""))
        else:
            _name, content, mimetype = attachment
            data = content.encode() if isinstance(content, str) else content
            parts.append(document_text(data, mimetype or ""))
    return "\n".join(parts)


def canaries_in(text: str) -> set[str]:
    return {found.upper() for found in CANARY.findall(text)}


# --- Checks that are not strings -----------------------------------------------------------


def count_labels_agree(text: str) -> list[str]:
    """In a digest read through the API, a section's count ("2 calls about 2 events") must
    count the rows the reader gets, not the whole night's."""
    problems = []
    data = json.loads(text)
    for section in data.get("sections", []):
        label = section.get("count_label") or ""
        numbers = re.findall(r"\d+", label)
        if numbers and int(numbers[0]) != len(section["rows"]):
            problems.append(f"{section['key']}: « {label} » over {len(section['rows'])} rows")
    return problems


CONSISTENCY: dict[str, Callable[[str], list[str]]] = {"api:get_digest": count_labels_agree}


@dataclass
class Reading:
    """What one persona read: the canaries found, where, and other inconsistencies."""

    found: dict[str, set[str]] = field(default_factory=dict)  # canary → where
    problems: list[str] = field(default_factory=list)
    requests: int = 0

    def add(self, where: str, text: str) -> None:
        for found in canaries_in(text):
            self.found.setdefault(found, set()).add(where)


def crawl(world: World, persona: str, client: Client) -> Reading:
    user = world.personas()[persona]
    client.force_login(user)
    reading = Reading()
    for name, url in urls(world, persona):
        response = client.get(url)
        reading.requests += 1
        if response.status_code != 200:
            continue
        text = response_text(response)
        reading.add(url, text)
        if name in CONSISTENCY:
            reading.problems += [f"{url}: {p}" for p in CONSISTENCY[name](text)]
    client.logout()
    for message in world.outbox:
        if user.email and user.email in [*message.to, *message.cc, *message.bcc]:
            reading.add(f"e-mail « {message.subject} »", message_text(message))
    return reading
