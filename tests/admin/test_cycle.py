"""engine.web.admin.cycle: the programme's cycle adjusted in the browser — deliverables, reminders, mail.

An adjustment re-plans only what is not yet submitted, is stored with the programme as an
override of the workflow (``cycle``), is logged, and survives the programme file's export and load.
"""

from __future__ import annotations

from datetime import datetime

import pytest
import yaml

from engine.cli.programme import programme_group  # noqa: F401  (the CLI group exists)
from engine.programmes import get_catalog, import_programme_file, save_programme_document
from engine.store import deliveries as delivery_repo
from engine.store import events as event_repo
from engine.store import get_store
from engine.store import programmes as programme_repo
from engine.web.admin.cycle import MAIL_KINDS
from tests.admin.conftest import OSLO, PID, post, run_of, text

# Every deliverable's inputs as the page shows them for the Østfold programme.
UNCHANGED = {
    "d-hovedplan-enabled": "on",
    "d-hovedplan-opens-relation": "at",
    "d-hovedplan-opens-days": "",
    "d-hovedplan-due-relation": "after",
    "d-hovedplan-due-days": "42",
    "d-fremdriftsplan-enabled": "on",
    "d-fremdriftsplan-opens-relation": "at",
    "d-fremdriftsplan-opens-days": "",
    "d-fremdriftsplan-due-relation": "after",
    "d-fremdriftsplan-due-days": "14",
    "d-statusrapport-enabled": "on",
    "d-statusrapport-opens-relation": "before",
    "d-statusrapport-opens-days": "42",
    "d-statusrapport-due-relation": "before",
    "d-statusrapport-due-days": "14",
    "d-sluttrapport-enabled": "on",
    "d-sluttrapport-opens-relation": "at",
    "d-sluttrapport-opens-days": "",
    "d-sluttrapport-due-relation": "after",
    "d-sluttrapport-due-days": "30",
    "d-styringsgrupperapport-enabled": "on",
    "d-styringsgrupperapport-opens-relation": "after",
    "d-styringsgrupperapport-opens-days": "21",
    "d-styringsgrupperapport-due-relation": "after",
    "d-styringsgrupperapport-due-days": "30",
    "d-pamelding-opens-relation": "before",
    "d-pamelding-opens-days": "28",
    "d-pamelding-due-relation": "before",
    "d-pamelding-due-days": "7",
    "d-evaluering-enabled": "on",
    "d-evaluering-opens-relation": "at",
    "d-evaluering-opens-days": "",
    "d-evaluering-due-relation": "after",
    "d-evaluering-due-days": "7",
}


def deliver(app, team: str, deliverable: str, occurrence: int, at: datetime) -> None:
    a = run_of(app).find(team, deliverable, occurrence)
    with app.app_context():
        meta = {"form": a.form, "form_version": 1, "opens_at": a.opens_at}
        delivery_repo.submit(get_store(), PID, team, a.key, {}, meta, "m", "M", None, a.effective_due_at, at)


def due_day(app, team: str, deliverable: str, occurrence: int) -> str:
    return run_of(app).find(team, deliverable, occurrence).effective_due_at.date().isoformat()


def test_the_cycle_page_shows_every_deliverable_with_its_timing(english, example):
    page = text(english.get(f"/admin/p/{PID}/cycle"))
    assert "Statusrapport" in page and "days before the gathering" not in page  # select + word, not a sentence
    html = english.get(f"/admin/p/{PID}/cycle").get_data(as_text=True)
    assert 'name="d-fremdriftsplan-due-days" size="4"\n         value="14"' in html
    assert '<option value="after" selected>days after</option>' in html
    assert "the last gathering" in page  # the Sluttrapport hangs on the last gathering
    assert 'href="/admin/p/jobbvinner-ostfold-2018/cycle/mail/invitation"' in html


def test_a_later_deadline_moves_only_what_is_not_submitted_and_is_shown_first(app, english, example):
    deliver(app, "moss", "fremdriftsplan", 3, datetime(2019, 2, 20, tzinfo=OSLO))
    changed = {**UNCHANGED, "d-fremdriftsplan-due-days": "21"}
    response = post(english, f"/admin/p/{PID}/cycle/deliverables", changed, app=app)
    page = text(response)
    assert response.status_code == 200 and "Confirm the change of the cycle" in page
    assert "1 submitted assignment keeps its dates" in page
    assert "Moss: Fremdriftsplan after gathering 3 (due 28.02.2019)" in page
    assert due_day(app, "marker", "fremdriftsplan", 4) == "2019-06-20"  # nothing saved yet
    response = post(english, f"/admin/p/{PID}/cycle/deliverables", {**changed, "confirm": "yes"}, app=app)
    assert response.status_code == 302
    assert due_day(app, "marker", "fremdriftsplan", 4) == "2019-06-27"
    assert due_day(app, "marker", "fremdriftsplan", 3) == "2019-03-07"  # not submitted: moves
    assert due_day(app, "moss", "fremdriftsplan", 3) == "2019-02-28"  # submitted: keeps its history
    with app.app_context():
        stored = programme_repo.get_programme(get_store(), PID)
        events = [e for e in event_repo.list_events(get_store(), PID) if e["kind"] == "cycle_adjusted"]
    assert stored["cycle"] == {"deliverables": {"fremdriftsplan": {"due": {"after": "gathering", "days": 21}}}}
    assert [e["detail"]["changes"] for e in events] == [["deliverables.fremdriftsplan.due"]]


def test_a_deliverable_turned_off_keeps_what_was_submitted(app, english, example):
    deliver(app, "moss", "statusrapport", 3, datetime(2019, 1, 30, tzinfo=OSLO))
    changed = {k: v for k, v in UNCHANGED.items() if k != "d-statusrapport-enabled"}
    page = text(post(english, f"/admin/p/{PID}/cycle/deliverables", changed, app=app))
    assert "assignments are no longer asked for" in page
    assert (
        post(english, f"/admin/p/{PID}/cycle/deliverables", {**changed, "confirm": "yes"}, app=app).status_code == 302
    )
    statusrapporter = [a.key for a in run_of(app).assignments if a.deliverable == "statusrapport"]
    assert statusrapporter == [f"{PID}/moss/statusrapport/3"]
    html = english.get(f"/admin/p/{PID}/cycle").get_data(as_text=True)
    assert 'id="d-statusrapport-enabled" name="d-statusrapport-enabled" value="on">' in html  # unticked


def test_a_cycle_that_breaks_the_rules_is_refused_with_the_input_named_and_everything_typed_kept(app, english, example):
    changed = {
        **UNCHANGED,
        "d-hovedplan-due-relation": "before",
        "d-hovedplan-due-days": "3",
        "d-sluttrapport-due-days": "x",
    }
    response = post(english, f"/admin/p/{PID}/cycle/deliverables", changed, app=app)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Write a whole number of days from 0 to 365." in text(response)
    assert 'name="d-sluttrapport-due-days" size="4"\n         value="x"' in html
    del changed["d-sluttrapport-due-days"]
    response = post(
        english, f"/admin/p/{PID}/cycle/deliverables", {**changed, "d-sluttrapport-due-days": "30"}, app=app
    )
    assert response.status_code == 422
    assert "comes before 'opens'" in text(response)
    assert 'href="#d-hovedplan-due-days"' in response.get_data(as_text=True)
    assert "cycle" not in run_of(app).document


def rules_form(*rules: tuple[str, str, str, bool]) -> dict[str, str]:
    data = {"rule_count": str(len(rules)), "action": "save"}
    for index, (rule_id, direction, days, cc) in enumerate(rules):
        data |= {f"r-{index}-id": rule_id, f"r-{index}-direction": direction, f"r-{index}-days": days}
        if cc:
            data[f"r-{index}-cc"] = "on"
    return data


def test_reminder_rules_are_changed_added_and_removed(app, english, example):
    form = rules_form(("soon", "before_due", "5", False), ("overdue", "after_due", "2", True))
    response = post(english, f"/admin/p/{PID}/cycle/reminders", form, app=app)
    assert response.status_code == 302
    rules = run_of(app).workflow.reminders
    assert [(r.id, r.offset, r.cc_leader) for r in rules] == [("soon", -5, False), ("overdue", 2, True)]
    added = post(english, f"/admin/p/{PID}/cycle/reminders", {**form, "action": "add_rule"}, app=app)
    assert added.get_data(as_text=True).count('name="r-2-id"') == 1
    twice = rules_form(("soon", "before_due", "5", False), ("soon", "before_due", "3", False))
    response = post(english, f"/admin/p/{PID}/cycle/reminders", twice, app=app)
    assert response.status_code == 422
    assert "the id 'soon' is already used by reminders[0]" in text(response)


def test_a_mail_text_is_previewed_from_real_data_and_saved(app, english, example):
    url = f"/admin/p/{PID}/cycle/mail/invitation"
    page = text(english.get(url))
    assert "Preview" in page and "Hei, " in page and "Statusrapport før samling 4" in page  # the next deadline
    subject = "Nytt skjema: {{ deliverable }} for {{ team }}"
    body = "Hei, {{ member }}!\n\nFristen er {{ due|date }}.\n{{ link }}\n"
    response = post(english, url, {"subject": subject, "body": body, "action": "preview"}, app=app)
    assert "Nytt skjema: Statusrapport for Eidsberg" in text(response)
    assert f"/p/{PID}/t/…" in text(response)  # each member's own link, minted when the mail is sent
    assert "cycle" not in run_of(app).document  # a preview saves nothing
    assert post(english, url, {"subject": subject, "body": body, "action": "save"}, app=app).status_code == 302
    assert run_of(app).workflow.mail["invitation"].subject == subject
    bad = post(english, url, {"subject": "{{ teem }}", "body": body, "action": "save"}, app=app)
    assert bad.status_code == 422 and "unknown variable 'teem'" in text(bad)
    assert 'value="{{ teem }}"' in bad.get_data(as_text=True)
    reset = post(english, url, {"subject": subject, "body": body, "action": "reset"}, app=app)
    assert reset.status_code == 302 and "cycle" not in run_of(app).document


def test_an_observer_reads_the_cycle_but_cannot_change_it(app, observer, example):
    assert observer.get(f"/admin/p/{PID}/cycle").status_code == 200
    response = post(observer, f"/admin/p/{PID}/cycle/deliverables", UNCHANGED, app=app)
    assert response.status_code == 403


def test_the_adjusted_cycle_survives_export_and_load(app, english, example, runner, tmp_path):
    changed = {k: v for k, v in UNCHANGED.items() if k != "d-statusrapport-enabled"}
    post(english, f"/admin/p/{PID}/cycle/deliverables", {**changed, "confirm": "yes"}, app=app)
    post(english, f"/admin/p/{PID}/cycle/reminders", rules_form(("soon", "before_due", "3", False)), app=app)
    download = english.get(f"/admin/p/{PID}/export/programme.yaml")
    assert download.status_code == 200
    data = yaml.safe_load(download.get_data(as_text=True))
    assert data["cycle"] == {
        "deliverables": {"statusrapport": {"enabled": False}},
        "reminders": [{"id": "soon", "before_due": "3d"}],
    }
    result = runner.invoke(args=["export", "programme", PID])
    assert result.exit_code == 0 and result.output == download.get_data(as_text=True)
    path = tmp_path / "copy.yaml"
    path.write_text(result.output.replace(f"id: {PID}", "id: ostfold-kopi", 1), encoding="utf-8")
    with app.app_context():
        run, changed_flag = import_programme_file(
            get_store(), get_catalog(), path, "system", datetime(2019, 5, 1, tzinfo=OSLO)
        )
    assert changed_flag and run.programme.cycle == run_of(app).programme.cycle
    assert not [a for a in run.assignments if a.deliverable == "statusrapport"]
    assert [r.id for r in run.workflow.reminders] == ["soon"]
    assert len(run.programme.teams) == 8 and run.programme.gatherings == run_of(app).programme.gatherings


@pytest.mark.parametrize("kind", list(MAIL_KINDS))
def test_every_mail_kind_of_the_workflow_can_be_edited_with_a_preview(english, example, kind):
    response = english.get(f"/admin/p/{PID}/cycle/mail/{kind}")
    assert response.status_code == 200
    page = text(response)
    assert "Preview" in page and "Subject:" in page  # rendered, not "nothing to show" nor "cannot be shown"
    assert "nothing to show" not in page and "cannot be shown" not in page


def test_a_programme_copied_for_the_next_round_keeps_the_cycle_and_teams_with_new_dates(app, english, example):
    changed = {k: v for k, v in UNCHANGED.items() if k != "d-statusrapport-enabled"}
    post(english, f"/admin/p/{PID}/cycle/deliverables", {**changed, "confirm": "yes"}, app=app)
    form = {"title": "Jobbvinner Østfold 2027–2029", "programme_id": "", "first_date": "2027-04-15", "members": "drop"}
    response = post(english, f"/admin/p/{PID}/copy", form)
    assert response.status_code == 302 and response.location == "/admin/p/jobbvinner-ostfold-20272029/"
    old, new = run_of(app), run_of(app, "jobbvinner-ostfold-20272029")
    assert new.programme.cycle == old.programme.cycle == {"deliverables": {"statusrapport": {"enabled": False}}}
    assert not [a for a in new.assignments if a.deliverable == "statusrapport"]
    assert [t.name for t in new.programme.teams] == [t.name for t in old.programme.teams]
    # the reference groups travel with the teams (Eidsberg–Marker, Fredrikstad–Hvaler, … as the slides pair them)
    assert [t.reference_for for t in new.programme.teams] == [t.reference_for for t in old.programme.teams]
    assert any(t.reference_for for t in new.programme.teams)
    assert all(t.withdrawn is None and not t.members for t in new.programme.teams)
    assert [g.date.isoformat() for g in new.programme.gatherings] == [
        "2027-04-15",
        "2027-09-16",
        "2028-02-10",
        "2028-06-01",
        "2028-10-12",
        "2029-02-08",
    ]  # the same distances as 2018–2020
    assert new.programme.extensions == () and new.programme.excusals == ()
    with app.app_context():
        kinds = [e["kind"] for e in event_repo.list_events(get_store(), new.id)]
    assert "programme_copied" in kinds


def test_a_copy_needs_a_title_and_a_date_and_a_free_id(app, english, example):
    response = post(english, f"/admin/p/{PID}/copy", {"title": "", "first_date": "31.02.2027", "members": "keep"})
    assert response.status_code == 422
    page = text(response)
    assert "Enter the title." in page and "Write the date as dd.mm.yyyy" in page
    taken = {"title": "X", "programme_id": PID, "first_date": "2027-04-15", "members": "keep"}
    response = post(english, f"/admin/p/{PID}/copy", taken)
    assert response.status_code == 409 and "exists already" in text(response)


def test_a_nynorsk_programmes_mail_texts_are_edited_in_nynorsk(app, english, example, clock):
    with app.app_context():
        document = {**run_of(app).programme.to_document(), "language": "nn"}
        save_programme_document(get_store(), get_catalog(), document, "test", clock.now)
    url = f"/admin/p/{PID}/cycle/mail/invitation"
    page = english.get(url).get_data(as_text=True)
    assert "Skjemaet finn du på sida til teamet" in page and "Venleg helsing" in page  # the nn text, previewed
    installed = run_of(app).installed_workflow.data["mail"]["invitation"]
    form = {"subject": installed["subject"]["nn"], "body": installed["body"]["nn"], "action": "save"}
    assert post(english, url, form, app=app).status_code == 302
    assert "cycle" not in run_of(app).document  # the workflow's own nn text is no adjustment
    form = {**form, "subject": "Nytt skjema no: {{ deliverable }}"}
    assert post(english, url, form, app=app).status_code == 302
    assert run_of(app).programme.cycle == {"mail": {"invitation": {"subject": "Nytt skjema no: {{ deliverable }}"}}}
    reset = post(english, url, {**form, "action": "reset"}, app=app)
    assert reset.status_code == 302 and "cycle" not in run_of(app).document
