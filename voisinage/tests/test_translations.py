"""The French catalogue is complete, keeps its placeholders, and its compiled .mo is fresh.

To refresh the catalogue after adding or changing translatable strings, from the repository
root (gettext's xgettext/msgmerge/msgfmt must be installed):

    VOISINAGE_DEMO=true .venv/bin/python manage.py makemessages -l fr \\
        --ignore=.venv --ignore=var --ignore=bench --no-obsolete
    # translate every new or fuzzy entry in voisinage/locale/fr/LC_MESSAGES/django.po,
    # and remove the "#, fuzzy" flags once checked
    VOISINAGE_DEMO=true .venv/bin/python manage.py compilemessages --ignore=.venv

Both django.po and django.mo are committed, so machines without gettext still get French.
"""

from __future__ import annotations

import gettext as gettext_module
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.utils import translation

LC_MESSAGES = Path(__file__).resolve().parent.parent / "locale" / "fr" / "LC_MESSAGES"
PO_PATH = LC_MESSAGES / "django.po"
MO_PATH = LC_MESSAGES / "django.mo"

# printf-style conversions as Python's % operator reads them: %s, %d, %(name)s, %(n)d, %.2f…
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # 0 for a singular entry
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def label(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def _unquote(token: str, where: int) -> str:
    token = token.strip()
    if len(token) < 2 or not (token.startswith('"') and token.endswith('"')):
        raise ValueError(f"django.po line {where}: expected a quoted string, got {token!r}")
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), "\\" + m.group(1)), token[1:-1])


def parse_po(text: str) -> list[Entry]:
    """A minimal .po reader: flags, msgctxt, msgid, msgid_plural, msgstr / msgstr[N], strings
    continued over several lines. Obsolete entries (``#~``) are skipped."""
    entries: list[Entry] = []
    current: Entry | None = None
    pending_flags: set[str] = set()
    target: tuple[str, int] | None = None  # which field continuation lines extend

    def append(kind: str, index: int, value: str) -> None:
        assert current is not None
        if kind == "msgstr":
            current.msgstr[index] = current.msgstr.get(index, "") + value
        elif kind == "msgid_plural":
            current.msgid_plural = (current.msgid_plural or "") + value
        elif kind == "msgctxt":
            current.msgctxt = (current.msgctxt or "") + value
        else:
            current.msgid += value

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            target = None
            continue
        if line.startswith("#,"):
            pending_flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            if target is None:
                raise ValueError(f"django.po line {number}: string continues nothing")
            append(*target, _unquote(line, number))
            continue
        keyword, _, rest = line.partition(" ")
        match = re.fullmatch(r"(msgctxt|msgid|msgid_plural|msgstr)(?:\[(\d+)\])?", keyword)
        if match is None:
            raise ValueError(f"django.po line {number}: unexpected {line!r}")
        kind, index = match.group(1), int(match.group(2) or 0)
        starts_entry = kind == "msgctxt" or (
            kind == "msgid" and (current is None or current.msgctxt is None or current.msgstr)
        )
        if starts_entry:
            current = Entry(flags=pending_flags, line=number)
            entries.append(current)
            pending_flags = set()
        if current is None:
            raise ValueError(f"django.po line {number}: {kind} outside an entry")
        target = (kind, index)
        append(kind, index, _unquote(rest, number))
    return entries


def placeholders(text: str) -> Counter[str]:
    return Counter(p for p in PLACEHOLDER.findall(text) if p != "%%")


@pytest.fixture(scope="module")
def po_entries() -> list[Entry]:
    return parse_po(PO_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def messages(po_entries: list[Entry]) -> list[Entry]:
    """The translatable entries (the header, whose msgid is empty, aside)."""
    return [e for e in po_entries if e.msgid]


def test_header_declares_french_and_its_plural_rule(po_entries: list[Entry]) -> None:
    headers = [e for e in po_entries if not e.msgid]
    assert len(headers) == 1
    header = headers[0].msgstr[0]
    assert "Language: fr\n" in header
    assert "charset=UTF-8" in header
    assert "Plural-Forms: nplurals=2; plural=(n > 1);\n" in header
    assert "fuzzy" not in headers[0].flags


def test_catalogue_is_not_empty(messages: list[Entry]) -> None:
    assert len(messages) > 100


def test_every_entry_is_translated_and_not_fuzzy(messages: list[Entry]) -> None:
    fuzzy = [e.label for e in messages if "fuzzy" in e.flags]
    assert not fuzzy, f"fuzzy entries (Django ignores them): {fuzzy}"
    untranslated = []
    for e in messages:
        expected = {0, 1} if e.msgid_plural is not None else {0}
        forms = e.msgstr
        if set(forms) != expected or not all(forms[i].strip() for i in expected):
            untranslated.append(e.label)
    assert not untranslated, f"untranslated entries: {untranslated}"


def test_placeholders_are_kept(messages: list[Entry]) -> None:
    broken = []
    for e in messages:
        if e.msgid_plural is None:
            pairs = [(e.msgid, e.msgstr.get(0, ""))]
        else:
            pairs = [(e.msgid, e.msgstr.get(0, "")), (e.msgid_plural, e.msgstr.get(1, ""))]
        for source, translated in pairs:
            if placeholders(source) != placeholders(translated):
                broken.append(f"{e.label} → {translated!r}")
    assert not broken, f"placeholders differ: {broken}"


def test_compiled_catalogue_matches_the_po(messages: list[Entry]) -> None:
    """A stale django.mo (compilemessages forgotten after editing django.po) fails here."""
    assert MO_PATH.exists(), "django.mo is missing: run compilemessages"
    with MO_PATH.open("rb") as fh:
        mo = gettext_module.GNUTranslations(fh)
    stale = []
    for e in messages:
        if e.msgid_plural is None:
            got = [
                mo.pgettext(e.msgctxt, e.msgid) if e.msgctxt is not None else mo.gettext(e.msgid)
            ]
            want = [e.msgstr[0]]
        else:
            # French: n = 1 takes form 0, n = 2 form 1.
            if e.msgctxt is not None:
                got = [mo.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n) for n in (1, 2)]
            else:
                got = [mo.ngettext(e.msgid, e.msgid_plural, n) for n in (1, 2)]
            want = [e.msgstr[0], e.msgstr[1]]
        if got != want:
            stale.append(e.label)
    assert not stale, f"django.mo is stale, run compilemessages; differing entries: {stale}"


def test_django_serves_the_french_catalogue() -> None:
    # msgids held in variables, so that makemessages does not list this file as a source.
    schemes = "Schemes"
    entrance, entrances = "%(n)s entrance", "%(n)s entrances"
    with translation.override("fr"):
        assert translation.gettext(schemes) == "Dispositifs"
        # French uses the singular for 0 and 1.
        assert translation.ngettext(entrance, entrances, 0) == "%(n)s entrée"
        assert translation.ngettext(entrance, entrances, 2) == "%(n)s entrées"


def test_parser_reads_multiline_strings_plurals_and_flags() -> None:
    sample = (
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n'
        "#, fuzzy, python-format\n"
        'msgid ""\n"Two "\n"lines \\"quoted\\""\nmsgstr "Deux lignes"\n\n'
        'msgctxt "menu"\nmsgid "%(n)d item"\nmsgid_plural "%(n)d items"\n'
        'msgstr[0] "%(n)d élément"\nmsgstr[1] ""\n"%(n)d éléments"\n\n'
        '#~ msgid "Gone"\n#~ msgstr "Parti"\n'
    )
    header, multi, plural = parse_po(sample)
    assert header.msgstr == {0: "Language: fr\n"}
    assert multi.msgid == 'Two lines "quoted"'
    assert multi.flags == {"fuzzy", "python-format"}
    assert plural.msgctxt == "menu"
    assert plural.msgid_plural == "%(n)d items"
    assert plural.msgstr == {0: "%(n)d élément", 1: "%(n)d éléments"}
    assert placeholders("%(n)d of %s, 100 %% done") == Counter({"%(n)d": 1, "%s": 1})
