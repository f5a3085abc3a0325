"""The scheduler when the data folder cannot be written (issue #12, item 4): the pass says so and
sends nothing (a message sent but not recorded would go out again every minute); ``flask tick``
prints one line and exits 1, never a traceback; once the folder is writable the mail goes out."""

from __future__ import annotations

from datetime import date

from engine.mail import mailbox
from engine.mail.scheduler import tick
from tests.support.failing_store import private_instance_fixture, unwritable

__all__ = ["private_instance_fixture"]  # the ``instance`` fixture: a folder of its own (see failing_store)
from tests.support.programmes import local, small_programme, store_programme


def test_a_pass_reports_the_store_and_sends_nothing(app, instance):
    store_programme(app, small_programme(date(2026, 3, 5)))
    with unwritable(instance):
        report = tick(app, local("2026-03-05T08:01"))
    assert (report.queued, report.sent) == (0, 0)
    assert report.errors == ["the data folder cannot be written: Permission denied; no mail was queued or sent"]
    assert mailbox.list_entries(app)[1] == 0
    after = tick(app, local("2026-03-05T08:02"))  # once the folder is writable, the day's mail goes out
    assert after.sent == after.queued > 0 and after.errors == []


def test_flask_tick_is_one_line_and_exit_status_1(app, runner, instance):
    store_programme(app, small_programme(date(2026, 3, 5)))
    with unwritable(instance):
        result = runner.invoke(args=["tick", "--now", "2026-03-05T08:01"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr.strip().splitlines() == [
        "Error: the data folder cannot be written: Permission denied; no mail was queued or sent"
    ]
