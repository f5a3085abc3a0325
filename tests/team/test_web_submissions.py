"""engine.web.admin.submissions: the leader reads each version as it was filled in, compares
versions word by word, prints, and downloads a Word file."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest

from engine import create_app
from tests.support.teamwork import FREMDRIFTSPLAN, PID, admin_client, text_of

FORMS = Path(__file__).resolve().parents[2] / "forms"
URL = f"/admin/p/{PID}/submissions/moss/fremdriftsplan/1"


@pytest.fixture
def app_config(app_config, tmp_path):
    forms = tmp_path / "forms"
    shutil.copytree(FORMS, forms)
    return {**app_config, "FORMS_PATH": str(forms)}


@pytest.fixture
def two_versions(member, clock):
    maria = member()
    maria.submit(FREMDRIFTSPLAN)
    clock.advance(days=2)
    member("moss", "lars-kristiansen").submit(
        {
            **FREMDRIFTSPLAN,
            "resultatmal": "Tre nye traineeplasser er lyst ut før sommeren.",
            "tiltak-1-tiltak": "Skrive utlysning sammen med HR og tillitsvalgte",
        }
    )


def test_the_list_shows_every_submitted_assignment(app, store, clock, two_versions):
    page = text_of(admin_client(app, store, clock).get(f"/admin/p/{PID}/submissions").get_data(as_text=True))
    assert "Moss Fremdriftsplan after gathering 1 Submitted on time 22.04.2018 at 10:00, Lars Kristiansen 2" in page


def test_a_version_shows_its_facts_versions_and_answers(app, store, clock, two_versions):
    leader = admin_client(app, store, clock)
    page = text_of(leader.get(URL + "?version=1").get_data(as_text=True))
    assert "Submitted 20.04.2018 at 10:00 By Maria Olsen Version 1 of 2" in page
    assert "Deadline 03.05.2018 Status Submitted on time Template Fremdriftsplan, version 1" in page
    assert "<code>fremdriftsplan</code>" not in leader.get(URL + "?version=1").get_data(as_text=True)
    assert (page.count("Deadline"), page.count("Submitted on time")) == (1, 1)
    assert "To nye traineeplasser er lyst ut før sommeren." in page
    assert "changes from version 1 to 2" in page
    latest = text_of(leader.get(URL).get_data(as_text=True))
    assert "By Lars Kristiansen Version 2 of 2" in latest and "Tre nye traineeplasser" in latest
    assert leader.get(URL + "?version=3").status_code == 404


def test_an_unsubmitted_assignment_says_so_and_names_the_draft_saver(app, store, clock, member):
    maria = member()
    maria.post(maria.open("hovedplan", 1), {"effektmal": "Et mål"})
    page = text_of(
        admin_client(app, store, clock).get(f"/admin/p/{PID}/submissions/moss/hovedplan/1").get_data(as_text=True)
    )
    assert "Nothing has been submitted yet." in page
    assert "The team has a draft, last saved by Maria Olsen" in page
    assert "Et mål" not in page  # a draft is the team's own until submitted


def test_a_version_renders_with_the_template_it_was_filled_in_with(app_config, store, clock, member):
    member().submit(FREMDRIFTSPLAN)
    path = Path(app_config["FORMS_PATH"]) / "fremdriftsplan.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("version: 1", "version: 2").replace(
            "label: Resultatmål for perioden", "label: Resultatmål (ny versjon)"
        ),
        encoding="utf-8",
    )
    later = create_app(app_config)  # the installation restarted with the new template file
    assert later.extensions["verksted.catalog"].forms["fremdriftsplan"].version == 2
    page = text_of(admin_client(later, store, clock).get(URL).get_data(as_text=True))
    assert "Resultatmål for perioden" in page and "Resultatmål (ny versjon)" not in page


def test_two_versions_compared_mark_deleted_and_inserted_words(app, store, clock, two_versions):
    response = admin_client(app, store, clock).get(URL + "?compare=1,2")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<del><span class="visually-hidden">[deleted: </span>To<span class="visually-hidden">]</span></del>' in page
    assert (
        '<ins><span class="visually-hidden">[inserted: </span>Tre<span class="visually-hidden">]</span></ins>' in page
    )
    assert '<ins><span class="visually-hidden">[inserted: </span> og tillitsvalgte' in page
    text = text_of(page)
    assert "2 of 7 answers changed." in text
    assert "Gruppeleder Unchanged." in text
    assert "Row 2" in text and "Row 1 " not in text  # only the changed row of the table


@pytest.mark.parametrize("query", ["?compare=1", "?compare=1,9", "?compare=a,b", "?compare=1,2,3"])
def test_a_bad_comparison_is_a_404(app, store, clock, two_versions, query):
    assert admin_client(app, store, clock).get(URL + query).status_code == 404


def test_the_print_page_is_the_document_alone(app, store, clock, two_versions):
    response = admin_client(app, store, clock).get(URL + "/print?version=1")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<body class="print-page">' in page
    assert "site-nav" not in page  # no admin navigation around the document
    assert "Kartlegge behovet" in page and "Maria Olsen" in page


def test_the_word_file_has_every_question_and_the_plan_as_a_table(app, store, clock, two_versions):
    response = admin_client(app, store, clock).get(URL + "/docx?version=2")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="moss-fremdriftsplan-1-v2.docx"'
    word = docx.Document(io.BytesIO(response.data))
    paragraphs = [p.text for p in word.paragraphs]
    template = app.extensions["verksted.catalog"].forms["fremdriftsplan"]
    for _section, spec in template.walk():
        assert spec.label in paragraphs, spec.label
    assert "Tre nye traineeplasser er lyst ut før sommeren." in paragraphs
    facts, plan = word.tables
    assert [c.text for c in facts.rows[4].cells] == ["By", "Lars Kristiansen"]
    assert [c.text for c in plan.rows[0].cells] == ["Delmål", "Tiltak", "Ansvarlig", "Tidsestimat (sett kryss)"]
    assert [c.text for c in plan.rows[2].cells] == [
        "Lyse ut traineeplasser",
        "Skrive utlysning sammen med HR og tillitsvalgte",
        "Lars Kristiansen",
        "juni 2018",
    ]
    assert len(plan.rows) == 4


def test_an_observer_reads_submissions(app, store, clock, two_versions):
    observer = admin_client(app, store, clock, role="observer")
    for path in ("", "?compare=1,2", "/print", "/docx"):
        assert observer.get(URL + path).status_code == 200
