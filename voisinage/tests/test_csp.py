"""The Content-Security-Policy: every page is sent with a strict policy, and no template that a
browser renders holds an inline script, an inline style or an on*= handler (the browser walk in
test_browser_csp.py checks the same from Chromium's side). E-mail templates are not pages: mail
readers need their inline styles (PDFs are Typst templates, not HTML)."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

TEMPLATES = Path(settings.BASE_DIR) / "voisinage" / "templates"
NOT_PAGES = ("email/",)
INLINE = {
    "inline <script>": re.compile(r'<script(?![^>]*\bsrc=)(?![^>]*type="application/json")[^>]*>'),
    "<style> block": re.compile(r"<style[\s>]"),
    "style= attribute": re.compile(r"\sstyle="),
    "on*= handler": re.compile(r"\son[a-z]+=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def page_templates() -> list[Path]:
    found = []
    for root in [TEMPLATES, *Path(settings.BASE_DIR, "voisinage").glob("*/templates")]:
        for path in root.rglob("*.html"):
            if not any(part in path.as_posix() for part in NOT_PAGES):
                found.append(path)
    return found


def test_no_page_template_holds_inline_script_or_style():
    offences = [
        f"{path.relative_to(settings.BASE_DIR)}: {what}"
        for path in page_templates()
        for what, pattern in INLINE.items()
        if pattern.search(path.read_text())
    ]
    assert len(page_templates()) > 100
    assert offences == []


def test_the_scanner_sees_each_kind_of_inline_code():
    samples = [
        "<script>alert(1)</script>",
        "<style>p{}</style>",
        '<p style="color:red">',
        '<form onsubmit="x()">',
        '<a href="javascript:x()">',
    ]
    for sample in samples:
        assert any(p.search(sample) for p in INLINE.values()), sample
    clean = '<script src="/static/a.js"></script><script type="application/json" id="d">{}</script>'
    assert not any(p.search(clean) for p in INLINE.values())


def test_pages_carry_a_strict_policy(client, db):
    response = client.get(reverse("accounts:login"))
    policy = response.headers["Content-Security-Policy"]
    directives = {
        name: value
        for name, _sep, value in (d.strip().partition(" ") for d in policy.split(";"))
        if name
    }
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy
