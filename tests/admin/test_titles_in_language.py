"""The leader's pages name each document in the page's language: "Framdriftsplan" and "Hovudplan" on a
page in Nynorsk, also for a programme that has adjusted its cycle (its deliverables are built anew
from the workflow's data, which names them in Bokmål only)."""

from __future__ import annotations

import pytest

from engine.programmes import get_catalog, load_run, save_programme_document
from engine.store import get_store
from tests.support.teamwork import MIDWAY, PID, text_of

PAGES = ["/", "/cycle", "/mail", "/timeline", "/report"]


@pytest.fixture
def adjusted(app, example):
    """The example with one adjustment of its cycle (registration for the gatherings on)."""
    with app.app_context():
        store, catalog = get_store(), get_catalog()
        document = load_run(store, catalog, PID).programme.to_document()
        document["cycle"] = {"deliverables": {"pamelding": {"enabled": True}}}
        save_programme_document(store, catalog, document, "test", MIDWAY)
    return PID


@pytest.mark.parametrize("page", PAGES)
def test_documents_are_named_in_nynorsk_on_a_page_in_nynorsk(leader, adjusted, page):
    text = text_of(leader.get(f"/admin/p/{PID}{page}?lang=nn").get_data(as_text=True))
    assert "Framdriftsplan" in text and "Fremdriftsplan" not in text


def test_the_front_pages_next_deadline_too(leader, adjusted):
    text = text_of(leader.get("/admin/?lang=nn").get_data(as_text=True))
    assert "Fremdriftsplan" not in text and "Hovedplan" not in text and "styringsgruppen" not in text
