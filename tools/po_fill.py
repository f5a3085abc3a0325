"""Fill a catalogue's entries from a JSON object {msgid: translation}: `python tools/po_fill.py nb file.json`.

A plural entry is keyed by its singular msgid and takes a list [singular, plural].

A small aid for translators working in bulk; `make translations` adds new entries first.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]


def fill(lang: str, translations: dict[str, str]) -> list[str]:
    """Set the given translations; return the msgids that are still untranslated."""
    path = ROOT / "engine" / "translations" / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    for message in catalog:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key and key in translations:
            value = translations[key]
            message.string = tuple(value) if isinstance(message.id, tuple) else value
            message.flags.discard("fuzzy")
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, sort_output=True, no_location=True)
    return [m.id for m in catalog if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))]


if __name__ == "__main__":
    left = fill(sys.argv[1], json.loads(Path(sys.argv[2]).read_text(encoding="utf-8")))
    print(f"{len(left)} untranslated", *left, sep="\n")
