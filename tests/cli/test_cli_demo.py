"""`flask demo setup` (engine.demo): the example programme alive today, a leader's log-in, a team link."""

from __future__ import annotations

import re
import stat
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from engine.access.links import mint_member_link, resolve_token
from engine.exports.deliveries import load_delivery_rows
from engine.programmes import answers_of, get_catalog, load_run
from engine.programmes.attention import attention
from engine.store import admins as admin_repo
from engine.store import get_store
from engine.store import presenters as presenter_repo
from engine.store.templates import get_template_snapshot
from tests.support.clockfix import Clock

ROOT = Path(__file__).resolve().parents[2]
OSLO = ZoneInfo("Europe/Oslo")
TODAY = datetime(2026, 11, 22, 10, 0, tzinfo=OSLO)
# The example's id, like its title, carries the years it was moved to: 2018 + 7 on TODAY.
PID = "jobbvinner-ostfold-2025"


@pytest.fixture
def clock():
    return Clock(TODAY)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def setup(runner) -> list[str]:
    result = runner.invoke(args=["demo", "setup"])
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return result.stdout.splitlines()


def test_a_fresh_instance_gets_the_example_moved_to_today(app, runner):
    started = time.perf_counter()
    lines = setup(runner)
    assert time.perf_counter() - started < 10  # two programmes: the example alive, and finished
    assert lines[-1] == (
        "The example is also loaded finished, at its real dates: 'Jobbvinner Østfold – utviklingsverksted "
        "2018–2020' (jobbvinner-ostfold-2018-2020), with the teams' final reports — see its programme report."
    )
    with app.app_context():
        run = load_run(get_store(), get_catalog(), PID)
    dates = [g.date for g in run.programme.gatherings]
    first, last = dates[0].year, dates[-1].year
    assert re.fullmatch(
        rf"Loaded the example programme 'Jobbvinner Østfold – utviklingsverksted {first}–{last}' "
        rf"\(jobbvinner-ostfold-{first}\), moved \d+ days so that today falls between gathering 3 and "
        r"gathering 4, with 35 delivered versions\.",
        lines[0],
    )
    assert dates[2] < TODAY.date() < dates[3]
    assert all(d.weekday() == 3 for d in dates)  # still Thursdays
    states = run.statuses(TODAY)
    assert states[f"{PID}/marker/statusrapport/4"] == "open"
    assert states[f"{PID}/eidsberg/statusrapport/4"] == "submitted_on_time"
    assert states[f"{PID}/moss/fremdriftsplan/2"] == "overdue"
    assert states[f"{PID}/valer/statusrapport/3"] == "withdrawn"
    assert [t.id for t in run.programme.teams if t.withdrawn] == ["hvaler", "valer", "halden"]


@pytest.mark.parametrize(
    "now",
    [
        datetime(2027, 3, 1, 9, tzinfo=OSLO),
        datetime(2031, 7, 14, 23, tzinfo=OSLO),
        datetime(2026, 11, 29, 11, tzinfo=OSLO),  # Easter, Christmas and New Year push gathering 4 to January
    ],
)
def test_the_demo_is_mid_cycle_whenever_it_is_set_up(app, runner, now, clock):
    clock.set(now)
    pid = re.search(r"\((jobbvinner-ostfold-\d{4})\)", setup(runner)[0]).group(1)
    with app.app_context():
        store = get_store()
        run = load_run(store, get_catalog(), pid)
        candidates = presenter_repo.list_presenters(store, pid, gathering="g4")
    g3, g4 = run.programme.gatherings[2].date, run.programme.gatherings[3].date
    assert g3 < now.date() < g4
    assert pid == f"jobbvinner-ostfold-{run.programme.gatherings[0].date.year}"
    statuses = run.statuses(now)
    assert statuses[f"{pid}/sarpsborg/statusrapport/4"] == "open"
    # The story's early Statusrapport and the leader's candidate for gathering 4, whatever the date.
    assert statuses[f"{pid}/fredrikstad/statusrapport/4"] == "submitted_on_time"
    assert [(c["team"], c["confirmed_at"]) for c in candidates] == [("fredrikstad", None)]
    assert all(datetime.fromisoformat(c["marked_at"]) <= now for c in candidates)


def test_the_deliveries_tell_every_status_through_the_real_submission(app, runner):
    setup(runner)
    with app.app_context():
        store, catalog = get_store(), get_catalog()
        run = load_run(store, catalog, PID)
        statuses = {row.status.value for row in load_delivery_rows(store, run, TODAY)}
        assert statuses == {
            "submitted_on_time",
            "submitted_late",
            "overdue",
            "open",
            "not_open",
            "withdrawn",
            "excused",
        }
        for form in ("hovedplan", "fremdriftsplan", "statusrapport"):
            template = catalog.forms[form]
            assert get_template_snapshot(store, PID, form, template.version) == template.to_dict()
        assert get_template_snapshot(store, PID, "sluttrapport", 1) is None  # nobody has written one yet
        hovedplan = answers_of(store, run, run.first(f"{PID}/moss/hovedplan/1"))
        fremdrift = answers_of(store, run, run.first(f"{PID}/moss/fremdriftsplan/1"))
    assert hovedplan["team"] == "Moss" and hovedplan["innbyggere"] == 32000
    assert fremdrift["effektmal"] == hovedplan["effektmal"]  # carried over, as prefill suggests
    assert len(fremdrift["tiltak"]) >= 2 and fremdrift["tiltak"][0]["tidsestimat"]
    assert len(run.versions(f"{PID}/marker/statusrapport/3")) == 2


def test_the_printed_login_works_and_is_kept_privately(app, runner, instance, client):
    lines = setup(runner)
    assert lines[1] == "Project leader's log-in: http://verksted.test/admin/login"
    assert lines[2] == "  e-mail:   leder@example.org"
    password = re.match(r"  password: (\S+)   \(kept in (.+)\)$", lines[3])
    credentials = instance / "demo-credentials.txt"
    assert password.group(2) == str(credentials)
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    assert f"password: {password.group(1)}" in credentials.read_text(encoding="utf-8")
    page = client.get("/admin/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/admin/login", data={"csrf_token": token, "email": "leder@example.org", "password": password.group(1)}
    )
    assert response.location == "/admin/"


def test_the_printed_team_link_opens_a_team_with_a_document_to_fill_in(app, runner, client):
    lines = setup(runner)
    link = re.fullmatch(
        rf"Team link for Liv Strand \(Marker\): http://verksted.test(/p/{PID}/t/([\w-]+)/)",
        lines[4],
    )
    with app.app_context():
        token = resolve_token(get_store(), PID, link.group(2))
    assert (token["team"], token["member"]) == ("marker", "liv-strand")
    page = client.get(f"{link.group(1)}?lang=en").get_data(as_text=True)
    assert "Nothing to fill in right now." not in page
    assert re.search(r'<a class="button" href="[^"]*/a/statusrapport/4">Fill in', page)


def test_a_second_run_changes_nothing_but_prints_the_login_and_a_fresh_link(runner, instance):
    first = setup(runner)
    before = snapshot(instance)
    second = setup(runner)
    assert second[0] == "This instance already has programmes; nothing was changed."
    assert second[1:4] == first[1:4]
    assert second[4] != first[4] and second[4].startswith("Team link for Liv Strand (Marker): ")
    after = snapshot(instance)
    changed = {name for name in after if after[name] != before.get(name)}
    # the new link's hash (and the lock that guarded writing it), nothing else
    assert changed == {f"data/programmes/{PID}/tokens.json", f"data/programmes/{PID}/tokens.json.lock"}


def test_an_instance_with_its_own_programmes_is_left_alone(runner):
    assert runner.invoke(args=["programme", "load", str(ROOT / "examples" / "jobbvinner-ostfold.yaml")]).exit_code == 0
    lines = setup(runner)
    assert lines[:3] == [
        "This instance already has programmes; nothing was changed.",
        "Project leader's log-in: http://verksted.test/admin/login",
        "  (no demo account here: create one with `flask --app engine admin create EMAIL`)",
    ]
    assert lines[3].startswith("Team link for Hanne Berg (Fredrikstad): http://verksted.test/p/")


def test_the_demo_shows_the_learning_loop(app, runner):
    from engine.reports.feedback import open_requests
    from engine.store import feedback, followups, messages

    setup(runner)
    with app.app_context():
        store = get_store()
        run = load_run(store, get_catalog(), PID)
        member = run.programme.team("fredrikstad").active_members[0]  # the loop's showcase
        link = mint_member_link(store, "http://verksted.test", PID, "fredrikstad", member.id, TODAY)
        link = link.removeprefix("http://verksted.test")
        records = feedback.list_feedback(store, PID)
        sent = messages.list_team_messages(store, PID)
        notes = followups.list_notes(store, PID)
    assert list(open_requests(run, records, TODAY)) == [f"{PID}/fredrikstad/fremdriftsplan/3"]
    marker = [r for r in records if r["assignment"] == f"{PID}/marker/statusrapport/3" and r["requests_version"]]
    assert [r["version"] for r in marker] == [1]  # "Rettet etter innspill fra prosjektleder": met by version 2
    assert {t.id for t in run.programme.teams} <= {team for m in sent for team in m["teams"]}
    assert {t.id for t in run.programme.teams} == {n["team"] for n in notes}
    assert {n["kind"] for n in notes} >= {"meeting", "visit", "call"}
    page = app.test_client().get(link + "?lang=en").get_data(as_text=True)
    assert "From the reference group Hvaler: Hovedplan" in page and "From the project leader" in page
    assert "New version requested" in page and "Samling 4: program og statusrapport" in page
    assert "You are reference group for Hvaler" in page


def test_the_leaders_front_page_has_something_of_each_kind_to_show(app, runner):
    """Three weeks before gathering 4 the Statusrapport is due within the week: Marker has not begun,
    Sarpsborg has a draft; Moss is behind; the leader has read everything but the early Statusrapporter."""
    setup(runner)
    with app.app_context():
        store = get_store()
        leader = admin_repo.find_admin_by_email(store, "leder@example.org")["id"]
        items = attention(store, get_catalog(), leader, TODAY).items
    found = {kind: [i.assignment.split("/", 1)[1] for i in listed] for kind, listed in items.items()}
    assert found["overdue"] == ["moss/fremdriftsplan/2", "moss/fremdriftsplan/3"]
    assert found["due_soon"] == ["marker/statusrapport/4"]
    assert found["draft"] == ["sarpsborg/statusrapport/4"]
    assert found["unread"] == ["eidsberg/statusrapport/4", "fredrikstad/statusrapport/4"]  # early, not yet read
    assert found["answered"] == ["marker/statusrapport/3"]  # the corrected version the leader asked for
    assert found["mail_failed"] == []
