"""Every value that was accepted comes back unchanged: in the page, and in every export that shows it.

"Accepted" is what the server said it kept: a draft saved ("Saved at …"), a submission recorded,
settings saved. Text is kept as Verksted keeps all text (``schema.cleantext.clean_input``: without
invisible control characters, line breaks as LF) and must then come back exactly — in the form
shown again, in the receipt, in the Word file of the submission (paragraphs as Word splits them),
in the settings page and in every team's calendar.
"""

from __future__ import annotations

import html
import io
import re

from docx import Document
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from engine.schema.cleantext import cell_text, clean_input
from engine.schema.words import normalise
from tests.support.teamwork import FREMDRIFTSPLAN, PID, field_value, hidden, notices

from .conftest import quick_or_stress
from .values import text_values

# Every free-text input of the Fremdriftsplan (the one-line ones refuse line breaks on submission).
LINES = ("gruppeleder", "forste_mote_sted", "tiltak-0-delmal", "tiltak-0-ansvarlig")
AREAS = ("effektmal", "resultatmal", "tiltak-0-tiltak")
BASE = {k: v for k, v in FREMDRIFTSPLAN.items() if "tidsestimat" not in k}  # months of 2018's period
kept_text = text_values.filter(lambda v: len(v) < 3000 and normalise(clean_input(v)) != "")
one_line = kept_text.filter(lambda v: "\n" not in clean_input(v) and "\u2028" not in v and "\u2029" not in v)


def ical_text(raw: str) -> str:
    """An iCalendar TEXT value as a calendar program reads it (RFC 5545 §3.3.11 escapes undone)."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), raw)


def flat(text: str) -> str:
    return " ".join(text.split())


@settings(settings.get_profile("hostile"), max_examples=quick_or_stress(15))
@given(values=st.fixed_dictionaries({}, optional={name: kept_text for name in LINES + AREAS}))
@example(values={"tiltak-0-tiltak": "\n0"})  # a text that begins with a line break keeps it
def test_a_saved_draft_shows_every_character_again(own_site, values):
    site = own_site
    assume(values)
    member = site.member
    page = member.open("fremdriftsplan", 3)
    saved = member.post(page, {**BASE, **values})
    site.record(saved.status)
    assume(saved.status == 200 and notices(saved.page)[0].startswith("Saved at"))
    again = member.open("fremdriftsplan", 3)
    site.record(again.status)
    for name, value in values.items():
        assert field_value(again.page, name) == clean_input(value), name


@settings(settings.get_profile("hostile"), max_examples=quick_or_stress(10))
@given(
    lines=st.fixed_dictionaries({}, optional={name: one_line for name in LINES}),
    areas=st.fixed_dictionaries({}, optional={name: kept_text.filter(lambda v: len(v.split()) < 90) for name in AREAS}),
)
def test_a_submission_keeps_every_character_in_the_receipt_and_the_word_file(own_site, lines, areas):
    site = own_site
    values = {**lines, **areas}
    assume(values)
    member = site.member
    confirmation = member.post(member.open("fremdriftsplan", 3), {**BASE, **values}, action="submit")
    site.record(confirmation.status)
    assume(confirmation.confirm is not None)  # accepted as a submission
    hidden_fields = {"csrf_token": confirmation.csrf, "nonce": confirmation.nonce, "confirm": confirmation.confirm}
    receipt = site.send("POST", confirmation.url, data={**hidden_fields, "action": "submit"})
    assert receipt.status_code == 303
    page = site.send("GET", receipt.location).get_data(as_text=True)
    shown = flat(html.unescape(re.sub(r"<[^>]+>", " ", page)))  # the receipt as a reader sees it
    word = site.send("GET", f"/admin/p/{PID}/submissions/moss/fremdriftsplan/3/docx")
    assert word.status_code == 200
    document = Document(io.BytesIO(word.data))
    text = flat(
        " ".join(
            [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]
        )
    )
    for name, value in values.items():
        expected = flat(normalise(clean_input(value)))
        assert expected in shown, name
        assert expected in text, name


@settings(settings.get_profile("hostile"), max_examples=quick_or_stress(10))
@given(title=one_line.filter(lambda v: len(v) < 300), recipient=one_line.filter(lambda v: len(v) < 300))
def test_saved_settings_come_back_on_the_page_and_in_every_calendar(own_site, title, recipient):
    site = own_site
    leader = site.leader
    page = site.send("GET", f"/admin/p/{PID}/settings").get_data(as_text=True)
    data = {
        "csrf_token": hidden(page, "csrf_token"),
        "revision": hidden(page, "revision"),
        "title": title,
        "recipient": recipient,
        "leader_name": "Lea Leder",
        "leader_email": "lea@example.org",
    }
    response = site.send("POST", f"/admin/p/{PID}/settings", data=data, client=leader)
    assume(response.status_code == 302)
    again = site.send("GET", f"/admin/p/{PID}/settings").get_data(as_text=True)
    assert field_value(again, "title") == clean_input(title).strip()
    assert field_value(again, "recipient") == clean_input(recipient).strip()
    calendar = Calendar.from_ical(site.send("GET", site.member.base + "calendar.ics").data)
    name = ical_text(str(calendar["X-WR-CALNAME"]))  # an X- property: icalendar leaves it escaped
    assert name.startswith(cell_text(clean_input(title).strip(), single_line=True))
