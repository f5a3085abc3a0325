"""Every user-visible string is in every catalogue, and every Norwegian entry (Bokmål and Nynorsk) is translated.

The strings are collected from the source exactly as ``make translations`` does (Babel's
extractors over engine/ with babel.cfg), so a new ``_()`` without a catalogue entry fails here.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from engine import timefmt
from engine.i18n import fmt_mean

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}  # as `make translations` (pybabel) uses
METHOD_MAP = [
    ("engine/**.py", "python"),
    ("engine/**/templates/**.html", "jinja2"),
    ("engine/**/templates/**.txt", "jinja2"),
]


# As babel.cfg says: the templates use {% do %}, and a template the extractor cannot parse must fail
# loudly (silently skipped, its strings would never reach the catalogues).
TEMPLATE_OPTIONS = {
    pattern: {"extensions": "jinja2.ext.do", "silent": "false"} for pattern, method in METHOD_MAP if method == "jinja2"
}


def source_msgids() -> set[str]:
    ids = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), METHOD_MAP, keywords=KEYWORDS, options_map=TEMPLATE_OPTIONS
    ):
        ids.add(message[0] if isinstance(message, tuple) else message)
    return ids


def catalogue(lang: str):
    with (ROOT / "engine" / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=lang)


LANGUAGES = ["nb", "nn", "en"]
NORWEGIAN = ["nb", "nn"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_source_string_is_in_the_catalogue(lang):
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue(lang) if m.id}
    missing = sorted(source_msgids() - known)
    assert not missing, f"missing from {lang} (run `make translations`):\n" + "\n".join(missing)


@pytest.mark.parametrize("lang", NORWEGIAN)
def test_every_norwegian_entry_is_translated(lang):
    untranslated = [
        m.id
        for m in catalogue(lang)
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy)
    ]
    assert not untranslated, f"untranslated or fuzzy in {lang}:\n" + "\n".join(map(str, untranslated))


@pytest.mark.parametrize("lang", NORWEGIAN)
def test_catalogues_carry_no_stale_entries(lang):
    known = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalogue(lang) if m.id}
    stale = sorted(known - source_msgids())
    assert not stale, f"in {lang} but no longer in the source:\n" + "\n".join(map(str, stale))


PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|<[^>]+>")


@pytest.mark.parametrize("lang", NORWEGIAN)
def test_translations_keep_every_placeholder_and_tag(lang):
    """A %(name)s or a tag lost in translation would break the page or the mail it is in."""
    wrong = []
    for m in catalogue(lang):
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        texts = m.string if isinstance(m.string, tuple) else (m.string,)
        for msgid, text in zip(ids * len(texts) if len(ids) == 1 else ids, texts, strict=False):
            if sorted(set(PLACEHOLDER.findall(msgid))) != sorted(set(PLACEHOLDER.findall(text))):
                wrong.append(f"{msgid!r} → {text!r}")
    assert not wrong, f"placeholders differ in {lang}:\n" + "\n".join(wrong)


def test_nynorsk_reads_as_nynorsk():
    """Spot checks that the nn catalogue is Nynorsk rather than a copy of the Bokmål one."""
    nn = {m.id: m.string for m in catalogue("nn") if m.id and isinstance(m.id, str)}
    assert nn["Project leader"] == "Prosjektleiar"
    assert nn["Gatherings"] == "Samlingar"
    assert nn["Reference group"] == "Referansegruppe"
    assert "ikkje" in nn["This form is closed; it can no longer be changed."]
    words = " ".join(text if isinstance(text, str) else " ".join(text) for m in catalogue("nn") for text in [m.string])
    for bokmaal in (" ikke ", " hvis ", " hva ", " hvem ", " fra ", " mye ", " noen "):
        assert bokmaal not in f" {words} ", f"Bokmål word {bokmaal.strip()!r} in the nn catalogue"


def test_dates_and_numbers_in_nynorsk():
    assert timefmt.fmt_long_date(date(2018, 4, 19), "nn") == "19. april 2018"
    assert timefmt.fmt_month(2018, 4, "nn") == "apr. 2018"
    assert timefmt.fmt_datetime(datetime(2018, 4, 19, 9, 0, tzinfo=timefmt.OSLO), "nn") == "19.04.2018 kl. 09.00"
    assert timefmt.fmt_time(9, 5, "nn") == "09.05"
    assert fmt_mean(4.666, "nn") == "4,67"


def test_a_page_in_nynorsk(client):
    page = client.get("/admin/login?lang=nn").get_data(as_text=True)
    assert '<html lang="nn">' in page
    assert "Logg inn som prosjektleiar" in page
    assert 'hreflang="nb">Bokmål<' in page and 'hreflang="en">English<' in page
