"""The privacy holders against everything `flask demo setup` stores — deliveries, drafts, the leader's
own documents, evaluations, feedback from the leader and from reference groups, messages, follow-up
notes, presenters, reading marks — with a calendar subscription for every team and people named in
every kind of free text: after the purge of both programmes, or after forgetting one member, no
member's name, address or id is left anywhere under the instance folder, and calendars stop."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from engine import privacy
from engine.access.calendars import feed_path, feed_secret, subscribe
from engine.demo import FINISHED_ID
from engine.programmes import get_catalog, load_run
from engine.store import LEADER_OWNER, get_store
from engine.store import admins as admin_repo
from engine.store import calendars as feed_repo
from engine.store import drafts as draft_repo
from engine.store import feedback as feedback_repo
from engine.store import followups as note_repo
from engine.store import messages as message_repo
from engine.store import presenters as presenter_repo
from engine.store import readings as reading_repo
from tests.support.clockfix import Clock
from tests.support.privacy import traces

OSLO = ZoneInfo("Europe/Oslo")
TODAY = datetime(2026, 11, 22, 10, 0, tzinfo=OSLO)
PID = "jobbvinner-ostfold-2025"  # the live demo (its id carries the moved years)


@pytest.fixture
def clock():
    return Clock(TODAY)


def everyone(run):
    return [(m.name, m.email, m.id) for team in run.programme.teams for m in team.members]


@pytest.fixture
def demo(app, runner, clock):
    """The demo set up, and on top of it in the live programme: every record kind naming a member."""
    result = runner.invoke(args=["demo", "setup"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        store, catalog = get_store(), get_catalog()
        run = load_run(store, catalog, PID)
        finished = load_run(store, catalog, FINISHED_ID)
        ida = next(m for m in run.programme.team("moss").members if m.active)
        about = f"{ida.name} ({ida.email}) fortalte om traineeordningen"
        delivery = next(r for r in run.deliveries if r["team"] == "moss")
        feedback_repo.add_feedback(
            store,
            PID,
            {**{k: delivery[k] for k in ("assignment", "version")}, "delivery": delivery["id"], "by": "leader"}
            | {"author": "system", "text": about},
            None,
            clock(),
        )
        message_repo.add_message(store, PID, "Til Moss", f"Hei {ida.name}!", ["moss"], "system", None, clock())
        note_repo.add_note(store, PID, "moss", TODAY.date(), "call", about, "system", None, clock())
        gathering = run.programme.gatherings[3].id
        presenter_repo.mark(
            store, PID, gathering, "moss", delivery["assignment"], delivery["id"], about, "system", clock()
        )
        own = run.leader_assignments()[-1]
        draft_repo.save_draft(store, PID, LEADER_OWNER, own.key, {"x": about}, "system", "Leder", 0, None, clock())
        secrets = []
        for pid, programme in ((PID, run), (FINISHED_ID, finished)):
            for team in [t.id for t in programme.programme.teams] + [None]:
                feed = subscribe(store, "test-secret", pid, "team" if team else "programme", team, "system", clock())
                secrets.append(feed_path(pid, feed_secret("test-secret", pid, feed["id"])))
    return run, finished, ida, secrets


def test_a_purge_of_the_demo_leaves_no_member_anywhere_and_stops_every_calendar(app, client, demo, instance, clock):
    run, finished, _, feeds = demo
    people = everyone(run) + everyone(finished)
    before = traces(instance, people)
    for name in ("feedback.json", "messages.json", "followups.json", "presenters.json", "events.jsonl"):
        assert f"data/programmes/{PID}/{name}" in before, name  # the new records really name people
    assert any(path.startswith(f"data/programmes/{PID}/leader/drafts/") for path in before)
    assert all(client.get(path).status_code == 200 for path in feeds)
    with app.app_context():
        store = get_store()
        assert reading_repo.read_versions(store, PID, _admin(store))
        for pid in (PID, FINISHED_ID):
            privacy.close(store, pid, "system", clock())
        assert {client.get(path).status_code for path in feeds} == {410}  # closed: the calendars stop
        done = [privacy.purge(app, store, pid, "system", clock()) for pid in (PID, FINISHED_ID)]
    assert [d.records["calendars"] for d in done] == [len(run.programme.teams) + 1] * 2
    assert traces(instance, people) == {}
    with app.app_context():
        store = get_store()
        assert feed_repo.list_feeds(store, PID) == [] and not reading_repo.read_versions(store, PID, _admin(store))
        # What stays, in the team's name: the feedback, the messages, the notes, the presenters.
        assert any(f["text"].startswith("Moss (Moss) fortalte") for f in feedback_repo.list_feedback(store, PID))
        assert message_repo.list_team_messages(store, PID, "moss")[-1]["text"] == "Hei Moss!"
        assert any(n["text"].startswith("Moss (Moss)") for n in note_repo.list_notes(store, PID, "moss"))
        assert presenter_repo.list_presenters(store, PID, team="moss")[-1]["reason"].startswith("Moss (Moss)")
        assert len(feedback_repo.list_feedback(store, PID)) > 1 and note_repo.list_notes(store, FINISHED_ID)
    assert {client.get(path).status_code for path in feeds} == {404}


def test_forgetting_a_member_of_the_demo_and_her_export(app, demo, instance, clock):
    run, _, ida, _ = demo
    with app.app_context():
        store = get_store()
        exported = privacy.export(app, store, ida.email, clock())
        (mine,) = [p for p in exported["programmes"] if p["programme"] == PID]
        assert {"feedback", "messages", "followups", "presenters"} <= set(mine)
        assert mine["messages"][-1]["text"] == f"Hei {ida.name}!"
        admin = privacy.export(app, store, "leder@example.org", clock())
        assert admin["readings"] and admin["readings"][0]["programme"] == PID
        privacy.forget(app, store, ida.email, "system", clock())
        assert traces(instance, [(ida.name, ida.email, ida.id)]) == {}
        assert feed_repo.list_feeds(store, PID)  # the team's calendar is the team's: it stays
        others = [p for p in everyone(run) if p[2] != ida.id]
        assert traces(instance, others)  # everyone else is as they were


def test_a_reference_group_member_forgotten_leaves_her_feedback_to_her_team(app, demo, instance, clock):
    with app.app_context():
        store = get_store()
        written = [f for f in feedback_repo.list_feedback(store, PID) if f["by"] == "team"]
        assert written
        group, author = written[0]["from_team"], written[0]["author"]
        member = next(m for m in load_run(store, get_catalog(), PID).programme.team(group).members if m.id == author)
        exported = privacy.export(app, store, member.email, clock())
        (mine,) = [p for p in exported["programmes"] if p["programme"] == PID]
        assert written[0]["text"] in [f["text"] for f in mine["feedback"]]
        assert any(e["kind"] == "feedback_given" for e in mine["events"])
        privacy.forget(app, store, member.email, "system", clock())
        after = next(f for f in feedback_repo.list_feedback(store, PID) if f["id"] == written[0]["id"])
        assert after["author"].startswith("erased-") and after["from_team"] == group
        assert traces(instance, [(member.name, member.email, member.id)]) == {}


def _admin(store) -> str:
    return admin_repo.find_admin_by_email(store, "leder@example.org")["id"]
