"""The accessibility statement (``engine.web.accessibility``): every WCAG 2.1 A and AA criterion once,
the deviations, how to report a problem (a configurable address), and a link to it on every page."""

from __future__ import annotations

import re

import pytest

from engine.web.accessibility import CRITERIA, METHODS, counts
from tests.support.teamwork import text_of

# WCAG 2.1's success criteria at levels A and AA: 30 at A, 20 at AA.
WCAG21_A_AA = [
    "1.1.1",
    "1.2.1",
    "1.2.2",
    "1.2.3",
    "1.2.4",
    "1.2.5",
    "1.3.1",
    "1.3.2",
    "1.3.3",
    "1.3.4",
    "1.3.5",
    "1.4.1",
    "1.4.2",
    "1.4.3",
    "1.4.4",
    "1.4.5",
    "1.4.10",
    "1.4.11",
    "1.4.12",
    "1.4.13",
    "2.1.1",
    "2.1.2",
    "2.1.4",
    "2.2.1",
    "2.2.2",
    "2.3.1",
    "2.4.1",
    "2.4.2",
    "2.4.3",
    "2.4.4",
    "2.4.5",
    "2.4.6",
    "2.4.7",
    "2.5.1",
    "2.5.2",
    "2.5.3",
    "2.5.4",
    "3.1.1",
    "3.1.2",
    "3.2.1",
    "3.2.2",
    "3.2.3",
    "3.2.4",
    "3.3.1",
    "3.3.2",
    "3.3.3",
    "3.3.4",
    "4.1.1",
    "4.1.2",
    "4.1.3",
]


def test_every_criterion_of_wcag_21_a_and_aa_is_accounted_for_once():
    assert [c.number for c in CRITERIA] == WCAG21_A_AA
    assert [c.level for c in CRITERIA].count("A") == 30 and [c.level for c in CRITERIA].count("AA") == 20
    assert all(c.methods and set(c.methods) <= set(METHODS) for c in CRITERIA)
    assert counts() == {"met": 37, "partly": 1, "not_applicable": 12}


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_page_names_the_contact_and_the_deviation(app, lang):
    app.config["ACCESSIBILITY_CONTACT"] = "uu@kommune.example"
    client = app.test_client()
    client.get(f"/?lang={lang}")
    page = client.get("/tilgjengelighet").get_data(as_text=True)
    assert 'href="mailto:uu@kommune.example"' in page
    assert len(re.findall(r'<th scope="row">\d', page)) == 50
    text = text_of(page)
    if lang == "nb":
        assert "Tilgjengelighetserklæring" in text and "3.1.2 Språk på deler av innhold: Med engelsk" in text
        assert "Oppfylt: 37. Delvis oppfylt: 1. Ikke aktuelt: 12." in text
    else:
        assert "Known deviations" in text and "uutilsynet.no" in text


def test_without_a_contact_the_page_says_whom_to_tell(client):
    text = text_of(client.get("/tilgjengelighet?lang=en").get_data(as_text=True))
    assert "tell the project leader of your programme, or the organisation that runs this service" in text


def test_every_kind_of_page_links_to_it(app, client):
    for path in ("/", "/admin/login", "/preview/", "/p/x/t/not-a-token/"):
        assert 'href="/tilgjengelighet"' in client.get(path).get_data(as_text=True), path
