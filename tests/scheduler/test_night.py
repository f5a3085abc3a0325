"""Mail that waited goes out at the workflow's send_at, not at whatever hour the server returns
(issue #12, item 11).

After downtime the first pass used to send every reminder that had fallen due, at once — at 02:00
if that is when the server came back. Mail that waited now goes out in the workflow's sending
hours (``send_at`` to ``send_until``, 08:00–22:00 here): a pass at night keeps it, with its next
attempt at the coming send_at, and that pass sends it if it is still relevant then.
"""

from __future__ import annotations

from datetime import date

from engine import create_app
from engine.mail import mailbox
from engine.mail.scheduler import tick
from engine.store import get_store
from engine.store import outbox as outbox_repo
from tests.support.programmes import local, small_programme, store_programme

PID = "demo-2026"


def received(app) -> list:
    return mailbox.list_entries(app)[0]


def test_invitations_that_fell_due_while_the_server_was_down_wait_for_the_morning(app):
    store_programme(app, small_programme(date(2026, 3, 5)))  # invitations due 05.03.2026 at 08:00
    night = tick(app, local("2026-03-06T02:00"))  # the server is back in the middle of the night
    assert (night.queued, night.sent) == (9, 0)
    assert received(app) == []
    with app.app_context():
        waiting = outbox_repo.list_messages(get_store(), PID, state="pending")
    assert {m["next_attempt_at"] for m in waiting} == {"2026-03-06T08:00:00+01:00"}
    assert tick(app, local("2026-03-06T07:59")).sent == 0
    morning = tick(app, local("2026-03-06T08:00"))
    assert morning.sent == 9
    assert {entry.received_at.astimezone().hour for entry in received(app)} <= {7, 8}  # 08:00 Oslo, in UTC 07


def test_a_reminder_no_longer_relevant_in_the_morning_is_dropped_and_the_next_one_goes(app):
    store_programme(app, small_programme(date(2026, 3, 5)))
    tick(app, local("2026-03-05T08:01"))  # invitations; the Hovedplan is due 16.04.2026
    # Down from before the 'soon' reminder (7 days before: 09.04) until 02:00 on the day of
    # 'tomorrow' (15.04): the 'soon' reminder is relevant until 08:00 that day, then stale.
    tick(app, local("2026-04-15T02:00"))
    assert not [e for e in received(app) if e.kind == "reminder"]
    tick(app, local("2026-04-15T08:00"))
    reminders = [e for e in received(app) if e.kind == "reminder" and "Hovedplan" in e.subject]
    assert reminders and all(e.received_at == local("2026-04-15T08:00") for e in reminders)
    with app.app_context():
        dropped = [m for m in outbox_repo.list_messages(get_store(), PID, state="discarded") if ":soon:" in m["key"]]
    assert dropped, "the 'soon' reminder that waited through the night was dropped, not sent at 02:00"


def test_a_retry_that_falls_at_night_waits_for_the_morning(app_config, refusing_smtp_port, smtp_server):
    # A mail server that refuses at 08:00; the back-off puts the next attempt at 23:00.
    config = {**app_config, "MAIL_SERVER": "127.0.0.1", "MAIL_RETRY_BASE": 15 * 3600}
    down = create_app({**config, "MAIL_PORT": refusing_smtp_port})
    up = create_app({**config, "MAIL_PORT": smtp_server.port})
    store_programme(up, small_programme(date(2026, 3, 5)))
    failed = tick(down, local("2026-03-05T08:00"))
    assert failed.sent == 0 and failed.deferred + failed.failed == 9
    late = tick(up, local("2026-03-05T23:00"))  # the server works again, but it is night
    assert (late.sent, late.held) == (0, 9)
    assert smtp_server.inbox.messages == []
    morning = tick(up, local("2026-03-06T08:00"))
    assert morning.sent == 9 and len(smtp_server.inbox.messages) == 9
