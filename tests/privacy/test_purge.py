"""Purging a closed programme (``engine.privacy.lifecycle``, ``engine.store.privacy``): after it, no
member's name or e-mail address occurs anywhere under the instance folder — every file is read — while
the deliveries, the submitted documents, the event log and the programme itself stay."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest

from engine import privacy
from engine.exports.deliveries import export_deliveries
from engine.mail.scheduler import tick
from engine.programmes import get_catalog, load_run
from engine.reports.summary import summarise
from engine.store import deliveries, drafts, evaluations, events, outbox, programmes
from tests.support.privacy import traces
from tests.support.teamwork import FREMDRIFTSPLAN, PID, admin_client, text_of


@pytest.fixture
def app_config(app_config):
    return {**app_config, "RETENTION_DAYS": 30}


def everyone(run):
    return [(m.name, m.email, m.id) for team in run.programme.teams for m in team.members]


@pytest.fixture
def lived_in(app, store, run, clock, member, instance):
    """The example programme after a few weeks of use: mail in the local mailbox, a submission whose
    answers name people, a draft, an evaluation comment naming somebody, a failed message quoting an
    address, the last pass's errors, and a temporary file a crash left behind."""
    tick(app, clock())  # the invitations, to the local mailbox
    maria = member()
    maria.submit(FREMDRIFTSPLAN)  # names Maria Olsen, Ida Pedersen and Lars Kristiansen in its answers
    lars = member("moss", "lars-kristiansen")
    lars.post(
        lars.open("hovedplan", 1), {"effektmal": "Lars Kristiansen skriver utkastet (lars.kristiansen@example.org)"}
    )
    evaluations.add_evaluation(store, PID, "g1", {"kommentar": "Takk til Hanne Berg!"}, None, clock())
    waiting, _ = outbox.enqueue(
        store,
        PID,
        {
            "key": "manual:x:kari-holm",
            "kind": "reminder",
            "team": "eidsberg",
            "member": "kari-holm",
            "to": [{"name": "Kari Holm", "email": "kari.holm@example.org"}],
            "subject": "Påminnelse til Kari Holm",
            "text": "Hei Kari Holm",
        },
        clock(),
    )
    error = "the mail server refused the recipients: kari.holm@example.org (550 no such user)"
    outbox.mark_failed(store, PID, waiting["id"], error, clock() + timedelta(hours=1), clock())
    last = json.loads((instance / "last-pass.json").read_text())
    last["errors"] = [f"{PID}: manual:x:kari-holm: {error}"]
    (instance / "last-pass.json").write_text(json.dumps(last))
    (store.teams_dir(PID) / "moss" / ".deliveries.json.tmp").write_text('{"x": "Maria Olsen"}')
    return run


def test_after_a_purge_no_member_is_left_anywhere_under_the_instance_folder(app, store, lived_in, clock, instance):
    people = everyone(lived_in)
    before = traces(instance, people)
    assert {"mailbox", "data/programmes"} <= {path.split("/")[0] for path in before} | {
        "/".join(path.split("/")[:2]) for path in before
    }  # the test data really is everywhere
    records_before = deliveries.list_deliveries(store, PID)

    privacy.close(store, PID, "leader", clock())
    done = privacy.purge(app, store, PID, "leader", clock())

    assert done.people == len(people) == 25
    assert traces(instance, people) == {}
    # What stays: every delivery, with its answers, now in the team's name …
    records = deliveries.list_deliveries(store, PID)
    assert [(r["id"], r["submitted_at"], r["version"]) for r in records] == [
        (r["id"], r["submitted_at"], r["version"]) for r in records_before
    ]
    (moss,) = [r for r in records if r["team"] == "moss"]
    assert (moss["submitted_by_name"], moss["submitted_by"].startswith("erased-")) == ("Moss", True)
    answers = deliveries.get_answers(store, PID, "moss", moss["content_hash"])
    assert answers["gruppeleder"] == "Moss" and answers["resultatmal"] == FREMDRIFTSPLAN["resultatmal"]
    assert answers["tiltak"][1]["ansvarlig"] == "Moss"
    # … the event log (who became a pseudonym), the sent mail (what, when, to which team) …
    submitted = [e for e in events.list_events(store, PID, kind="submitted")]
    assert submitted[0]["detail"]["content_hash"] == moss["content_hash"]
    assert submitted[0]["actor"] == moss["submitted_by"]
    sent = outbox.list_messages(store, PID, state="sent")
    assert sent and all(m["to"] == [{"name": m["to"][0]["name"], "email": ""}] for m in sent)
    assert {m["to"][0]["name"] for m in sent if m.get("team") == "moss"} == {"Moss"}
    # … and the programme, its gatherings and teams; gone: members, links, drafts, waiting mail.
    doc = programmes.get_programme(store, PID)
    assert doc["purged_at"] and doc["closed_at"] and len(doc["gatherings"]) == 6
    assert [t["name"] for t in doc["teams"]][:2] == ["Eidsberg", "Marker"] and all(
        not t["members"] for t in doc["teams"]
    )
    assert drafts.list_drafts(store, PID, "moss") == []
    assert outbox.list_messages(store, PID, state="failed") == []
    assert not (store.programme_dir(PID) / "tokens.json").read_text().count("token_hash")
    assert events.list_events(store, PID, kind="programme_purged")[0]["actor"] == "leader"


def test_what_a_purged_programme_still_shows(app, store, lived_in, clock):
    privacy.close(store, PID, "leader", clock())
    privacy.purge(app, store, PID, "leader", clock())
    with app.app_context():
        run = load_run(store, get_catalog(), PID)
    assert run.purged and run.closed
    summary = summarise(run, clock())
    assert summary.count("submitted_on_time") == 1
    exported = list(csv.DictReader(io.StringIO(export_deliveries(store, run, "csv", clock()).decode())))
    assert [row["submitted_by"] for row in exported if row["submitted_at"]] == ["Moss"]
    leader = admin_client(app, store, clock)
    page = text_of(leader.get(f"/admin/p/{PID}/submissions/moss/fremdriftsplan/1").get_data(as_text=True))
    assert "By Moss" in page and "Maria Olsen" not in page
    assert "members were erased on" in text_of(leader.get(f"/admin/p/{PID}/").get_data(as_text=True))


def test_a_purge_twice_is_a_purge_once_and_an_open_programme_is_not_purged(app, store, lived_in, clock):
    with pytest.raises(privacy.NotClosed):
        privacy.purge(app, store, PID, "leader", clock())
    assert programmes.get_programme(store, PID)["teams"][0]["members"]
    privacy.close(store, PID, "leader", clock())
    privacy.purge(app, store, PID, "leader", clock())
    revision = programmes.get_programme(store, PID)["revision"]
    assert privacy.purge(app, store, PID, "leader", clock()).already
    assert programmes.get_programme(store, PID)["revision"] == revision


def test_the_scheduler_purges_when_the_retention_period_has_run_out(app, store, lived_in, clock, instance):
    privacy.close(store, PID, "leader", clock())
    closed_at = clock()
    report = tick(app, closed_at + timedelta(days=30) - timedelta(seconds=1))
    assert report.purged == 0 and not programmes.get_programme(store, PID)["purged_at"]
    assert report.sent == 0 and report.queued == 0  # a closed programme sends nothing
    report = tick(app, closed_at + timedelta(days=30))
    assert report.purged == 1 and "1 programme(s) purged" in report.summary()
    assert traces(instance, everyone(lived_in)) == {}
    assert tick(app, closed_at + timedelta(days=31)).purged == 0


def test_deleted_programmes_are_removed_after_the_retention_period(app, store, lived_in, clock):
    programmes.delete_programme(store, PID, "leader", clock())
    (kept,) = list((store.root / "deleted").iterdir())
    tick(app, clock() + timedelta(days=29))
    assert kept.exists()
    tick(app, clock() + timedelta(days=30, hours=1))
    assert not kept.exists()


def test_the_cli_closes_and_purges(app, runner, store, lived_in, instance):
    assert runner.invoke(args=["programme", "purge", PID]).output.startswith("Error: the programme")
    closed = runner.invoke(args=["programme", "close", PID])
    assert closed.exit_code == 0 and "closed on" in closed.output and "purged from" in closed.output
    purged = runner.invoke(args=["programme", "purge", PID])
    assert purged.exit_code == 0 and "25 member(s) erased" in purged.output
    assert traces(instance, everyone(lived_in)) == {}
    again = runner.invoke(args=["programme", "purge", PID])
    assert again.output.strip() == f"{PID}: purged already; nothing to do."
    reopened = runner.invoke(args=["programme", "reopen", PID])
    assert reopened.exit_code == 1 and "cannot be opened again" in reopened.output
    missing = runner.invoke(args=["programme", "close", "nope"])
    assert missing.exit_code == 1 and missing.output.startswith("Error: there is no programme 'nope'")
