"""The big pages, byte for byte: how fast a page is rendered must never change what a person gets.

``tests/support/pages.py`` renders the form pages (a Fremdriftsplan of twenty rows saved, with a row
added and removed, refused with errors, in conflict; a Hovedplan saved, confirmed, received; the
Statusrapport, Sluttrapport and evaluation; the five previews), the team page and the leader's
matrix and submission pages, in Norwegian and English, and compares each with the copy kept in
``tests/web/pages/``. Those copies were rendered by the Jinja macros before the form renderer was
made faster. When a page is *meant* to change, write the copies anew and review the diff:

    VERKSTED_WRITE_PAGES=1 .venv/bin/pytest tests/web/test_pages_unchanged.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.pages import page_states

KEPT = Path(__file__).resolve().parent / "pages"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, str]:
    return page_states(tmp_path_factory.mktemp("pages"))


def test_every_kept_page_is_still_rendered(rendered):
    if os.environ.get("VERKSTED_WRITE_PAGES"):
        for old in KEPT.glob("*.html"):
            old.unlink()
        for name, page in rendered.items():
            (KEPT / f"{name}.html").write_bytes(page.encode())  # bytes: text mode would turn CRLF into LF
    assert sorted(p.stem for p in KEPT.glob("*.html")) == sorted(rendered)


@pytest.mark.parametrize("name", sorted(p.stem for p in KEPT.glob("*.html")))
def test_the_page_is_the_same_to_the_byte(rendered, name):
    kept = (KEPT / f"{name}.html").read_bytes().decode()
    page = rendered[name]
    if page != kept:
        at = next((i for i, (a, b) in enumerate(zip(page, kept, strict=False)) if a != b), min(len(page), len(kept)))
        pytest.fail(
            f"{name} differs from character {at}:\n"
            f"kept:     {kept[max(0, at - 200) : at + 200]!r}\nrendered: {page[max(0, at - 200) : at + 200]!r}"
        )
