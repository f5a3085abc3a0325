"""Every user-visible string is in both catalogues, and every Norwegian entry is translated.

The strings are collected from the source exactly as ``make translations`` does (Babel's
extractors over engine/ with babel.cfg), so a new ``_()`` without a catalogue entry fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

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


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_source_string_is_in_the_catalogue(lang):
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue(lang) if m.id}
    missing = sorted(source_msgids() - known)
    assert not missing, f"missing from {lang} (run `make translations`):\n" + "\n".join(missing)


def test_every_norwegian_entry_is_translated():
    untranslated = [
        m.id
        for m in catalogue("nb")
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy)
    ]
    assert not untranslated, "untranslated or fuzzy in nb:\n" + "\n".join(map(str, untranslated))


def test_catalogues_carry_no_stale_entries():
    known = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalogue("nb") if m.id}
    stale = sorted(known - source_msgids())
    assert not stale, "in nb but no longer in the source:\n" + "\n".join(map(str, stale))
