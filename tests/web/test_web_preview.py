"""engine.web.preview: templates as a team sees them, checked as a submission would be; nothing stored."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

from tests.admin.conftest import log_in, make_account

FORMS = Path(__file__).resolve().parents[2] / "forms"

DEMO = """\
id: demo
version: 4
title: Demo
intro: Sendes {recipient} innen {due:%d.%m.%Y}.
limits: {max_words: 30}
sections:
  - fields:
      - {key: team, type: text, label: Deltakende team, prefill: team.name, readonly: true}
      - {key: maal, type: textarea, label: Mål, required: true, max_words: 10}
      - {key: kort, type: text, label: Kort, max_chars: 10}
      - {key: antall, type: integer, label: Antall, min: 0}
      - {key: dato, type: date, label: Dato}
      - {key: epost, type: email, label: E-post}
      - {key: skala, type: scale, label: Skala, min_label: Lite, max_label: Mye}
  - title: Plan
    fields:
      - key: plan
        type: table
        label: Plan
        min_rows: 1
        max_rows: 3
        rows: 1
        prefill: {from: previous.plan, columns: [delmal]}
        columns:
          - {key: delmal, type: text, label: Delmål, required: true}
          - {key: ansvarlig, type: text, label: Ansvarlig, required: true}
          - {key: maneder, type: period_months, label: Måneder}
"""


@pytest.fixture
def app_config(app_config, tmp_path):
    forms = tmp_path / "forms"
    forms.mkdir()
    for path in FORMS.glob("*.yaml"):
        (forms / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (forms / "demo.yaml").write_text(DEMO, encoding="utf-8")
    return {**app_config, "FORMS_PATH": str(forms)}


@pytest.fixture
def english(client):
    """Assertions below read the English message ids: switch this session to English."""
    client.get("/?lang=en")
    return client


def token(client, form_id="demo") -> str:
    page = client.get(f"/preview/{form_id}").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def send(client, action="submit", form_id="demo", **data):
    fields = {"maal": "Flere søkere", "plan-0-delmal": "Mottak", "plan-0-ansvarlig": "Kari", **data}
    response = client.post(
        f"/preview/{form_id}", data={"csrf_token": token(client, form_id), "action": action, **fields}
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def summary(page: str) -> list[str]:
    """The error summary's lines, as text."""
    box = re.search(r'<div class="error-summary".*?</ul>', page, re.S)
    return (
        [html.unescape(re.sub(r"<[^>]+>", "", item)) for item in re.findall(r"<li>(.*?)</li>", box.group(0))]
        if box
        else []
    )


class Inputs(HTMLParser):
    """Collects the form controls, labels, ids and anything inline a CSP would block."""

    def __init__(self):
        super().__init__()
        self.controls, self.label_for, self.ids, self.inline, self.tags = [], set(), [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(a)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "label" and "for" in a:
            self.label_for.add(a["for"])
        if tag in ("input", "textarea", "select") and a.get("type") not in ("hidden", "submit"):
            self.controls.append(a)
        if "style" in a or tag == "style" or (tag == "script" and "src" not in a) or any(k.startswith("on") for k in a):
            self.inline.append((tag, a))


def described_by(page: str, field_id: str) -> list[str]:
    """The aria-describedby ids of the input ``field_id`` or of the fieldset that groups it."""
    parsed = Inputs()
    parsed.feed(page)
    for attrs in parsed.tags:
        if attrs.get("id") in (field_id, f"field-{field_id}") and "aria-describedby" in attrs:
            return attrs["aria-describedby"].split()
    return []


def test_the_list_shows_every_template_with_its_version(english):
    page = english.get("/preview/").get_data(as_text=True)
    for title in ("Hovedplan", "Fremdriftsplan", "Statusrapport", "Sluttrapport", "Evaluering av samlingen", "Demo"):
        assert f">{title}</a>" in page
    assert "<dt>Version</dt><dd>4</dd>" in page
    assert "1500 words (3 pages)" in page


def test_an_unknown_template_is_not_found(client):
    assert client.get("/preview/nope").status_code == 404


@pytest.mark.parametrize(
    "form_id", ["hovedplan", "fremdriftsplan", "statusrapport", "sluttrapport", "evaluering", "pamelding", "demo"]
)
def test_every_input_has_a_label_and_nothing_is_inline(client, form_id):
    response = client.get(f"/preview/{form_id}")
    assert response.status_code == 200
    parsed = Inputs()
    parsed.feed(response.get_data(as_text=True))
    assert parsed.controls, "the page shows the form"
    assert [c["id"] for c in parsed.controls if c.get("id") not in parsed.label_for] == []
    assert len(parsed.ids) == len(set(parsed.ids)), "ids are unique"
    assert parsed.inline == []


def test_the_page_shows_the_template_with_a_sample_context(english):
    page = english.get("/preview/fremdriftsplan").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "<code>fremdriftsplan</code>, version 1" in page
    assert "Perioden september 2018 – februar 2019" in page
    assert "Sendes til: prosjektgruppa v/ prosjektleder innen 04.10.2018." in page
    assert 'name="team" readonly type="text" value="Fredrikstad"' in page
    # examples are marked as examples
    assert "Example from the team&#39;s Hovedplan: Effektmål (langsiktig)</textarea>" in page
    assert 'value="Example from the team&#39;s previous Fremdriftsplan: Delmål, row 1"' in page
    # one tick box per month of the period, for each row
    months = re.findall(r'<label for="tiltak-0-tidsestimat-\d+">([^<]+)</label>', page)
    assert months == ["sep. 2018", "okt. 2018", "nov. 2018", "des. 2018", "jan. 2019", "feb. 2019"]
    assert "0 of at most 150 words" in page
    assert "of 6 required answers filled in" in page


def test_the_page_is_norwegian_by_default(client):
    page = client.get("/preview/hovedplan").get_data(as_text=True)
    assert '<html lang="nb">' in page
    assert "Planen skal sendes inn til prosjektgruppa v/ prosjektleder innen 04.10.2018." in page


def test_a_valid_submission_is_shown_as_its_receipt(english):
    page = send(english, dato="20.09.2018", antall="3", epost="kari@example.org", skala="5")
    assert summary(page) == []
    assert "This would be accepted as a submission" in page
    assert '<div class="answer answer-text">20.09.2018</div>' in page
    assert '<td class="answer-text" data-label="Delmål">Mottak</td>' in page


@pytest.mark.parametrize(
    "data, line, field_id",
    [
        ({"maal": ""}, "Mål: This field is required.", "maal"),
        (
            {"maal": "en to tre fire fem seks sju åtte ni ti elleve"},
            "Mål: Too many words: 11, the limit is 10.",
            "maal",
        ),
        ({"kort": "elleve tegn"}, "Kort: Too many characters: 11, the limit is 10.", "kort"),
        ({"antall": "abc"}, "Antall: Enter a whole number, for example 12.", "antall"),
        ({"antall": "-3"}, "Antall: Enter a number of at least 0.", "antall"),
        ({"dato": "32.01.2019"}, "Dato: Enter a date as dd.mm.yyyy, for example 19.04.2018.", "dato"),
        ({"epost": "kari@"}, "E-post: Enter an e-mail address such as name@example.org.", "epost"),
        ({"skala": "9"}, "Skala: Choose one of the options shown.", "skala"),
        ({"plan-0-ansvarlig": ""}, "Ansvarlig (row 1): This field is required.", "plan-0-ansvarlig"),
        ({"plan-0-delmal": "", "plan-0-ansvarlig": ""}, "Plan: Filled-in rows: 0; at least 1 are needed.", "plan"),
        (
            {
                "plan-1-delmal": "B",
                "plan-1-ansvarlig": "B",
                "plan-2-delmal": "C",
                "plan-2-ansvarlig": "C",
                "plan-3-delmal": "D",
                "plan-3-ansvarlig": "D",
            },
            "Plan: Rows: 4; at most 3 are allowed.",
            "plan",
        ),
        ({"plan-0-maneder": "2020-01"}, "Måneder (row 1): Tick only months of this period.", "plan-0-maneder"),
        ({"kort": "a\nb"}, "Kort: Write this on one line.", "kort"),  # issue #12, item 2
        ({"plan-0-delmal": "Mottak\r\nog mer"}, "Delmål (row 1): Write this on one line.", "plan-0-delmal"),
    ],
)
def test_a_submission_is_checked_and_the_errors_are_linked(english, data, line, field_id):
    page = send(english, **data)
    assert summary(page) == [line]
    anchor = re.search(r'<div class="error-summary".*?href="#([^"]+)"', page, re.S).group(1)
    assert anchor.startswith(field_id)
    assert re.search(rf'<(input|textarea|fieldset)[^>]* id="{anchor}"', page), "the summary links to the input"
    assert f'<div class="field-error" id="{field_id}-error">' in page, "the error is shown next to the field"
    assert f"{field_id}-error" in described_by(page, field_id), "and the input or its group is described by it"


def test_the_whole_document_limit_is_checked(english):
    page = send(
        english,
        maal="en to tre fire fem seks sju åtte ni",
        kort="a",
        **{
            "plan-0-delmal": "en to tre fire fem seks sju åtte ni ti",
            "plan-0-ansvarlig": "en to tre fire fem seks sju åtte ni ti",
        },
    )
    # Fredrikstad (1) + 9 + 1 + 10 + 10
    assert summary(page) == ["The document has 31 words; the limit is 30."]
    assert 'class="counter counter--document counter--over"' in page


def test_every_character_typed_is_kept_on_error(english):
    typed = 'Mål med <b>fet</b> & "sitat"\nog linjeskift'
    page = send(english, maal=typed, antall="abc", dato="20/9-18", **{"plan-0-ansvarlig": ""})
    assert f"{escape(typed)}</textarea>" in page.replace("\r\n", "\n")
    assert "<b>fet</b>" not in page, "typed markup is shown, never run"
    assert 'name="antall" type="text" value="abc"' in page
    assert 'name="dato" type="text" value="20/9-18"' in page, "a date a date input cannot show stays visible"
    assert 'value="Mottak"' in page


def test_a_draft_is_never_blocked_and_warns(english):
    page = send(english, action="save", maal="", antall="abc")
    assert summary(page) == []
    assert "A team's draft would have been saved now" in page
    assert "Antall: Enter a whole number, for example 12." in page
    assert "Mål: This field is required." not in page


@pytest.mark.parametrize(
    "action, rows",
    [
        ("add_row:plan", ["Mottak", "B", ""]),
        ("remove_row:plan:0", ["B"]),
    ],
)
def test_rows_are_added_and_removed_without_javascript(english, action, rows):
    page = send(english, action=action, antall="abc", **{"plan-1-delmal": "B", "plan-1-ansvarlig": "Per"})
    assert re.findall(r'name="plan-\d+-delmal" type="text" value="([^"]*)"', page) == rows
    assert 'value="abc"' in page
    assert summary(page) == [], "changing rows checks nothing"


def test_the_add_button_disappears_at_the_most_rows(english):
    page = send(english, action="add_row:plan", **{"plan-1-delmal": "B"})
    assert re.search(r'value="add_row:plan"[^>]*hidden', page)
    assert 'value="remove_row:plan:2"' in page


def test_an_expired_security_token_keeps_the_text(english):
    response = english.post("/preview/demo", data={"csrf_token": "expired", "action": "submit", "maal": "Mitt mål"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "security check expired" in page
    assert "Mitt mål</textarea>" in page


def test_a_leader_keeps_the_leaders_menu_on_the_template_pages(app, client):
    """The previews are open to template authors without an account; a logged-in leader who follows
    'Form templates' from the menu must not lose the menu (mailbox, mail, log out)."""
    assert 'class="site-nav"' not in client.get("/preview/").get_data(as_text=True)
    make_account(app, "lea@example.org", "leader", "Lea Leder")
    log_in(client, "lea@example.org")
    for url in ("/preview/", "/preview/demo"):
        page = client.get(url).get_data(as_text=True)
        nav = page.split('<nav class="site-nav"')[1].split("</nav>")[0]
        assert 'href="/admin/mailbox"' in nav and "auth/logout" not in nav and 'action="/admin/logout"' in nav
        assert re.search(r'href="/preview/" aria-current="page"', nav)
