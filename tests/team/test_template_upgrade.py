"""Upgrading Verksted under a running programme: a shipped form template and the workflow change while
teams have submitted. What was submitted keeps rendering with the template version it was filled in
with — on the receipt, the leader's page, in Word, through the API — and keeps its deadline and status;
what is still to come uses the new template and the new deadlines."""

from __future__ import annotations

import io
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import docx
import pytest

from engine import create_app
from engine.access import team as team_access
from engine.programmes import get_catalog, load_run
from engine.store import deliveries, get_store
from tests.support.teamwork import FREMDRIFTSPLAN, OSLO, PID, TeamMember, admin_client, text_of

ROOT = Path(__file__).resolve().parents[2]
OLD_LABEL, NEW_LABEL = "Resultatmål for perioden", "Resultatmål for perioden fram til neste samling"


@pytest.fixture
def app_config(app_config, tmp_path):
    """Forms and workflows copied, so the test can upgrade them as a new release of Verksted would."""
    for name in ("forms", "workflows"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return {**app_config, "FORMS_PATH": str(tmp_path / "forms"), "WORKFLOWS_PATH": str(tmp_path / "workflows")}


def upgrade(app_config) -> None:
    """Version 2 of the Fremdriftsplan: a question reworded, the meeting place dropped, a new required
    question; and a workflow that gives the Fremdriftsplan 21 days instead of 14."""
    form = Path(app_config["FORMS_PATH"]) / "fremdriftsplan.yaml"
    text = form.read_text(encoding="utf-8")
    text = text.replace("version: 1", "version: 2").replace(
        f'label: {{nb: "{OLD_LABEL}", nn: "{OLD_LABEL}"}}', f'label: {{nb: "{NEW_LABEL}", nn: "{NEW_LABEL}"}}'
    )
    text = text.replace(
        '      - {key: forste_mote_sted, type: text, label: {nb: "Sted", nn: "Stad"}, required: true, '
        "max_chars: 200}\n",
        '      - {key: deltakere, type: textarea, label: "Hvem deltar på arbeidsmøtet?", required: true}\n',
    )
    form.write_text(text, encoding="utf-8")
    workflow = Path(app_config["WORKFLOWS_PATH"]) / "utviklingsverksted.yaml"
    text = workflow.read_text(encoding="utf-8")
    marker = "  - key: fremdriftsplan\n"
    head, tail = text.split(marker)
    tail = tail.replace("due: {after: gathering, days: 14}", "due: {after: gathering, days: 21}", 1)
    workflow.write_text(head + marker + tail, encoding="utf-8")


def test_submissions_keep_their_version_and_deadline_when_the_template_and_workflow_change(
    app, app_config, store, clock, member, run
):
    member().submit(FREMDRIFTSPLAN)  # occurrence 1, under version 1, on time (due 03.05.2018)
    before = load_run(store, _catalog(app), PID)
    old_due = before.find("moss", "fremdriftsplan", 1).effective_due_at
    next_due = before.find("moss", "fremdriftsplan", 2).effective_due_at

    upgrade(app_config)
    later = create_app(app_config)  # the installation restarted with the new release's files
    assert _catalog(later).problems == []
    assert _catalog(later).forms["fremdriftsplan"].version == 2
    after = load_run(store, _catalog(later), PID)

    # The submitted assignment keeps the deadline it was delivered against, and its status …
    assert after.find("moss", "fremdriftsplan", 1).effective_due_at == old_due
    assert after.status(f"{PID}/moss/fremdriftsplan/1", clock()).value == "submitted_on_time"
    # … the ones still to come move with the workflow: 21 days after their gathering instead of 14.
    assert after.find("moss", "fremdriftsplan", 2).effective_due_at == next_due + timedelta(days=7)
    assert after.find("valer", "fremdriftsplan", 1).effective_due_at == old_due + timedelta(days=7)

    # The leader reads version 1 as it was filled in: the old question and the dropped one, answered.
    leader = admin_client(later, store, clock)
    page = text_of(leader.get(f"/admin/p/{PID}/submissions/moss/fremdriftsplan/1").get_data(as_text=True))
    assert OLD_LABEL in page and NEW_LABEL not in page
    assert FREMDRIFTSPLAN["forste_mote_sted"] in page and "Hvem deltar på arbeidsmøtet?" not in page
    word = docx.Document(io.BytesIO(leader.get(f"/admin/p/{PID}/submissions/moss/fremdriftsplan/1/docx").data))
    words = "\n".join(p.text for p in word.paragraphs) + "\n".join(
        cell.text for table in word.tables for row in table.rows for cell in row.cells
    )
    assert OLD_LABEL in words and FREMDRIFTSPLAN["forste_mote_sted"] in words

    # The team's receipt of version 1 too; and the next Fremdriftsplan is version 2's form.
    with later.app_context():
        link = team_access.mint_member_link(get_store(), "http://verksted.test", PID, "moss", "maria-olsen", clock())
    maria = TeamMember(later.test_client(), link.removeprefix("http://verksted.test"))
    maria.client.get("/?lang=en")
    (delivery,) = deliveries.list_deliveries(store, PID, assignment=f"{PID}/moss/fremdriftsplan/1")
    receipt = text_of(maria.get(f"a/fremdriftsplan/1/receipt/{delivery['id']}").get_data(as_text=True))
    assert OLD_LABEL in receipt and FREMDRIFTSPLAN["forste_mote_sted"] in receipt
    clock.set(datetime(2018, 9, 21, 10, 0, tzinfo=OSLO))  # after gathering 2: the next Fremdriftsplan is open
    form = maria.open("fremdriftsplan", 2)
    assert NEW_LABEL in form.text, form.text[:600]
    assert "Hvem deltar på arbeidsmøtet?" in form.text and "Sted" not in form.text.split()
    answers = {k: v for k, v in FREMDRIFTSPLAN.items() if k != "forste_mote_sted"}
    answers.update({f"tiltak-{row}-tidsestimat": ["2018-10"] for row in range(3)})
    maria.submit({**answers, "forste_mote": "2018-10-04T14:00", "deltakere": "Hele teamet"}, occurrence=2)
    versions = {d["occurrence"]: d["form_version"] for d in deliveries.list_deliveries(store, PID, team="moss")}
    assert versions == {1: 1, 2: 2}
    second = text_of(leader.get(f"/admin/p/{PID}/submissions/moss/fremdriftsplan/2").get_data(as_text=True))
    assert NEW_LABEL in second and "Hele teamet" in second


def _catalog(app):
    with app.app_context():
        return get_catalog()
