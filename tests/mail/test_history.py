"""What the mail pages show (``engine.mail.history``): counts, the outbox, mail per deliverable and team."""

from __future__ import annotations

from datetime import date

from engine import create_app
from engine.mail.history import mail_counts, occasion_mail, occasions, programme_mail, recipients
from engine.mail.scheduler import tick
from engine.programmes import get_catalog, load_run
from engine.store import deliveries, get_store
from tests.support.example import example_store
from tests.support.programmes import local, small_programme, store_programme
from tests.support.teamwork import PID as EXAMPLE_PID

PID = "demo-2026"


def test_counts_and_outbox_after_a_pass_with_a_refused_connection(app_config, refusing_smtp_port):
    app = create_app({**app_config, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": refusing_smtp_port})
    store_programme(app, small_programme(date(2026, 3, 5)))
    tick(app, local("2026-03-05T19:00"))
    with app.app_context():
        counts, outbox = mail_counts(get_store(), PID), programme_mail(get_store(), PID)
    assert (counts["failed"], counts["pending"], counts["sent"]) == (1, 8, 0)
    assert [row.last_error for row in outbox.failed] == ["the mail server refused the connection"]
    assert len(outbox.pending) == 8 and outbox.recent == []


def test_mail_per_deliverable_and_per_team(app):
    store_programme(app, small_programme(date(2026, 3, 5)))
    tick(app, local("2026-03-05T19:00"))
    tick(app, local("2026-03-12T19:00"))
    with app.app_context():
        store = get_store()
        deliveries.submit(
            store,
            PID,
            "moss",
            f"{PID}/moss/fremdriftsplan/1",
            {},
            {"form": "fremdriftsplan", "form_version": 1},
            "kari",
            "Kari",
            None,
            None,
            local("2026-03-13T09:00"),
        )
        run = load_run(store, get_catalog(), PID)
        rows = programme_mail(store, PID).rows
    now = local("2026-03-13T10:00")
    by_key = {(o.deliverable, o.occurrence): o for o in occasions(run, rows, now)}
    plan = by_key[("fremdriftsplan", 1)]
    assert (plan.teams, plan.submitted, plan.remindable, plan.sent) == (2, 1, 1, 6)  # 3 invitations, 3 'soon'
    assert by_key[("evaluering", 1)].teams == 0 and by_key[("evaluering", 1)].sent == 3
    assert ("fremdriftsplan", 2) not in by_key  # not open yet
    [moss, valer] = occasion_mail(run, rows, "fremdriftsplan", 1, now)
    assert (moss.team_name, moss.status.value, moss.not_remindable) == (
        "Moss",
        "submitted_on_time",
        "the team has submitted",
    )
    assert (valer.status.value, valer.not_remindable) == ("open", None)
    assert [(m.kind, m.rule) for m in valer.messages] == [("invitation", None), ("reminder", "soon")]
    assert [t.team_name for t in occasion_mail(run, rows, "fremdriftsplan", 1, now, team="valer")] == ["Våler"]


def test_recipients_are_shown_as_people_read_them():
    assert (
        recipients([{"name": "Kari", "email": "kari@example.org"}, {"email": "ola@example.org"}, "per@example.org"])
        == "Kari <kari@example.org>, ola@example.org, per@example.org"
    )


def test_teams_that_left_are_not_counted_in_what_was_submitted(tmp_path, catalog):
    """Østfold on 10.05.2019: Hvaler and Våler withdrew in the winter and Halden on 02.05; five teams
    are still in, so each deliverable is out of five, not eight."""
    store = example_store(tmp_path, catalog)
    deliveries.submit(
        store,
        EXAMPLE_PID,
        "moss",
        f"{EXAMPLE_PID}/moss/statusrapport/4",
        {},
        {"form": "statusrapport", "form_version": 1},
        "maria-olsen",
        "Maria Olsen",
        None,
        None,
        local("2019-05-08T09:00"),
    )
    run = load_run(store, catalog, EXAMPLE_PID)
    by_key = {(o.deliverable, o.occurrence): o for o in occasions(run, [], local("2019-05-10T12:00"))}
    assert (by_key[("statusrapport", 4)].submitted, by_key[("statusrapport", 4)].teams) == (1, 5)
    assert by_key[("fremdriftsplan", 3)].teams == 5  # Halden left it overdue, and has left
    assert by_key[("hovedplan", 1)].teams == 5  # nothing delivered: the three that left owe nothing now
