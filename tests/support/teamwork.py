"""Helpers for driving the team pages through the test client: the example programme and instants
in it, a team member who opens forms and posts them as a browser would, and an admin's log-in.

Time moves only when a test sets the clock (``tests/support/clockfix.py``); nothing sleeps.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from engine.access.accounts import create_account

OSLO = ZoneInfo("Europe/Oslo")
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "jobbvinner-ostfold.yaml"
PID = "jobbvinner-ostfold-2018"
# The day after gathering 1 (19.04.2018): the Hovedplan and the first Fremdriftsplan are open.
START = datetime(2018, 4, 20, 10, 0, tzinfo=OSLO)
# Between gathering 3 (14.02.2019) and gathering 4 (06.06.2019).
MIDWAY = datetime(2019, 5, 1, 12, 0, tzinfo=OSLO)
PASSWORD = "a long enough password"  # of the admin accounts admin_client makes

# A complete Fremdriftsplan with three rows of the plan (months of the period Apr–Sep 2018).
FREMDRIFTSPLAN = {
    "gruppeleder": "Maria Olsen",
    "effektmal": "Flere kvalifiserte søkere til ledige stillinger i helse og omsorg.",
    "resultatmal": "To nye traineeplasser er lyst ut før sommeren.",
    "forste_mote": "2018-05-03T14:00",
    "forste_mote_sted": "Moss rådhus, møterom 2",
    "tiltak-0-delmal": "Kartlegge behovet",
    "tiltak-0-tiltak": "Gå gjennom turnover i alle enheter",
    "tiltak-0-ansvarlig": "Ida Pedersen",
    "tiltak-0-tidsestimat": ["2018-05", "2018-06"],
    "tiltak-1-delmal": "Lyse ut traineeplasser",
    "tiltak-1-tiltak": "Skrive utlysning sammen med HR",
    "tiltak-1-ansvarlig": "Lars Kristiansen",
    "tiltak-1-tidsestimat": ["2018-06"],
    "tiltak-2-delmal": "Følge opp søkerne",
    "tiltak-2-tiltak": "Intervjuer og oppfølging",
    "tiltak-2-ansvarlig": "Maria Olsen",
    "tiltak-2-tidsestimat": ["2018-08", "2018-09"],
}


def hidden(page: str, name: str) -> str | None:
    """The value of the hidden input ``name`` in ``page``."""
    for tag in re.findall(r"<input[^>]*>", page):
        if re.search(rf'\bname="{re.escape(name)}"', tag) and 'type="hidden"' in tag:
            found = re.search(r'\bvalue="([^"]*)"', tag)
            return html.unescape(found.group(1)) if found else ""
    return None


def text_of(page: str) -> str:
    """The page's text with tags removed and white space collapsed (for assertions on wording)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def notices(page: str) -> list[str]:
    """The texts of the page's notices (saved, conflict, expired …)."""
    return [text_of(p) for p in re.findall(r'<div class="notice[^"]*"[^>]*>(.*?)</div>', page, re.S)]


def field_value(page: str, name: str) -> str | None:
    """What an input or text area named ``name`` shows."""
    area = re.search(rf'<textarea[^>]*\bname="{re.escape(name)}"[^>]*>(.*?)</textarea>', page, re.S)
    if area:
        # as a browser reads it: line breaks normalised to LF, then one leading line break dropped
        # (the one written after the tag) — never two, or a text that begins with one loses it
        return html.unescape(area.group(1)).replace("\r\n", "\n").removeprefix("\n")
    for tag in re.findall(r"<input[^>]*>", page):
        if re.search(rf'\bname="{re.escape(name)}"', tag):
            found = re.search(r'\bvalue="([^"]*)"', tag)
            return html.unescape(found.group(1)) if found else ""
    return None


@dataclass
class FormPage:
    """A form page as a browser holds it: its URL, HTML and hidden fields."""

    url: str
    page: str
    status: int

    @property
    def csrf(self) -> str | None:
        return hidden(self.page, "csrf_token")

    @property
    def nonce(self) -> str | None:
        return hidden(self.page, "nonce")

    @property
    def revision(self) -> str | None:
        return hidden(self.page, "revision")

    @property
    def confirm(self) -> str | None:
        return hidden(self.page, "confirm")

    @property
    def text(self) -> str:
        return text_of(self.page)


@dataclass
class TeamMember:
    """One member with a personal link and a browser of their own (their own cookies)."""

    client: Any
    base: str  # /p/<pid>/t/<token>/
    pages: list[FormPage] = field(default_factory=list)

    def get(self, path: str = "", **kwargs: Any):
        return self.client.get(self.base + path, **kwargs)

    def form_url(self, deliverable: str = "fremdriftsplan", occurrence: int = 1) -> str:
        return f"{self.base}a/{deliverable}/{occurrence}"

    def open(self, deliverable: str = "fremdriftsplan", occurrence: int = 1) -> FormPage:
        url = self.form_url(deliverable, occurrence)
        response = self.client.get(url)
        return FormPage(url, response.get_data(as_text=True), response.status_code)

    def post(self, page: FormPage, fields: dict[str, Any], action: str = "save", **extra: Any) -> FormPage:
        """Post ``fields`` from ``page`` as its button ``action`` would (hidden fields from the page)."""
        data = {
            "csrf_token": page.csrf,
            "nonce": page.nonce,
            "revision": page.revision,
            "action": action,
            **fields,
            **extra,
        }
        response = self.client.post(page.url, data={k: v for k, v in data.items() if v is not None})
        return FormPage(page.url, response.get_data(as_text=True), response.status_code)

    def confirm(self, page: FormPage):
        """Press "Submit" on a confirmation page; returns the raw response (a redirect to the receipt)."""
        data = {"csrf_token": page.csrf, "nonce": page.nonce, "confirm": page.confirm, "action": "submit"}
        return self.client.post(page.url, data=data)

    def submit(self, fields: dict[str, Any], deliverable: str = "fremdriftsplan", occurrence: int = 1):
        """Open, submit, confirm: the whole way to a delivery; returns the confirm response."""
        page = self.open(deliverable, occurrence)
        confirmation = self.post(page, fields, action="submit")
        assert confirmation.confirm is not None, confirmation.text[:2000]
        return self.confirm(confirmation)


def admin_client(app: Any, store: Any, clock: Any, role: str = "leader"):
    """A browser of its own, reading English, logged in through the log-in page as a new admin
    ``<role>@example.org`` of ``role`` (``leader`` or ``observer``)."""
    email = f"{role}@example.org"
    create_account(store, email, PASSWORD, role, clock())
    client = app.test_client()
    client.get("/?lang=en")
    token = hidden(client.get("/admin/login").get_data(as_text=True), "csrf_token")
    response = client.post("/admin/login", data={"csrf_token": token, "email": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def with_registration(app, run, now):
    """``run``'s programme with registration for the gatherings turned on in its cycle, as a leader
    does under «Syklus» (the shipped workflow has it off); returns the new run."""
    from engine.programmes import get_catalog, save_programme_document
    from engine.store import get_store

    document = {**run.programme.to_document(), "cycle": {"deliverables": {"pamelding": {"enabled": True}}}}
    with app.app_context():
        return save_programme_document(get_store(), get_catalog(), document, "test", now)
