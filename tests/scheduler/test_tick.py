"""One scheduler pass (``engine.mail.scheduler``): ``tick``, ``flask tick --now``, the pass lock, the last pass."""

from __future__ import annotations

import fcntl
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from engine.cli.tick import parse_now
from engine.mail import mailbox
from engine.mail.scheduler import PassBusy, last_pass, tick
from tests.support.programmes import OSLO, small_programme, store_programme


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-03-01T07:00", datetime(2019, 3, 1, 7, 0, tzinfo=OSLO)),
        ("2019-03-01T07:00:30", datetime(2019, 3, 1, 7, 0, 30, tzinfo=OSLO)),
        ("2019-06-01T07:00", datetime(2019, 6, 1, 5, 0, tzinfo=UTC)),  # summer time: +02:00
        ("2019-03-01T07:00+02:00", datetime(2019, 3, 1, 5, 0, tzinfo=UTC)),
        ("2019-03-01T06:00Z", datetime(2019, 3, 1, 7, 0, tzinfo=OSLO)),
        ("2026-10-25T02:30", datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),  # twice that night: the first
    ],
)
def test_now_is_read_as_local_time_unless_it_has_an_offset(text, expected):
    # compared in UTC: Python never calls an instant of the repeated hour equal to one in another zone
    assert parse_now(text).astimezone(UTC) == expected.astimezone(UTC)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2019-03-01", "'2019-03-01' has no time of day; write a date and a time, such as 2019-03-01T07:00"),
        (
            "yesterday",
            "'yesterday' is not a date and time in ISO 8601, such as 2019-03-01T07:00 or 2019-03-01T07:00+01:00",
        ),
        (
            "2019-02-30T07:00",
            "'2019-02-30T07:00' is not a date and time in ISO 8601, such as 2019-03-01T07:00 or 2019-03-01T07:00+01:00",
        ),
        (
            "2026-03-29T02:30",
            "2026-03-29T02:30 does not exist in Europe/Oslo (the clocks jump forward then); give the offset",
        ),
    ],
)
def test_a_time_that_cannot_be_read_is_one_clear_sentence(text, message):
    with pytest.raises(ValueError) as error:
        parse_now(text)
    assert str(error.value) == message


def test_flask_tick_runs_one_pass_as_if_the_clock_showed_now(app, runner):
    store_programme(app, small_programme(date(2026, 3, 5)))
    result = runner.invoke(args=["tick", "--now", "2026-03-05T19:00"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "2026-03-05T19:00:00+01:00: 1 programme(s), 9 message(s) queued, 9 sent, 0 failed, "
        f"0 discarded, 0 deferred ({last_pass(app)['seconds']:.2f} s)\n"
    )
    assert mailbox.list_entries(app)[1] == 9
    again = runner.invoke(args=["tick", "--now", "2026-03-05T19:05+01:00"])
    assert "0 message(s) queued, 0 sent" in again.output


@pytest.mark.parametrize("value", ["2019-03-01", "soon", "2026-03-29T02:15"])
def test_flask_tick_with_a_bad_now_is_one_error_line_and_exit_1(runner, value):
    result = runner.invoke(args=["tick", "--now", value])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and result.output.startswith("Error: ")


def test_every_pass_leaves_its_summary_for_the_leaders_page(app):
    assert last_pass(app) is None
    moment = datetime(2026, 3, 5, 19, tzinfo=OSLO)
    report = tick(app, moment)
    remembered = last_pass(app)
    assert remembered["now"] == moment and remembered["pid"] == os.getpid()
    assert (remembered["programmes"], remembered["sent"], remembered["seconds"]) == (0, 0, round(report.seconds, 3))


def test_a_pass_waits_for_the_one_running_and_gives_up_in_time(app):
    with open(Path(app.instance_path) / "tick.lock", "a+") as held:  # another process's pass, as far as flock sees
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(PassBusy):
            tick(app, datetime(2026, 3, 5, 19, tzinfo=OSLO), wait=0.3)
        fcntl.flock(held, fcntl.LOCK_UN)
    assert tick(app, datetime(2026, 3, 5, 19, tzinfo=OSLO), wait=0.3).programmes == 0


def test_a_naive_now_is_refused(app):
    with pytest.raises(ValueError):
        tick(app, datetime(2026, 3, 5, 19) - timedelta(0))


def test_one_damaged_programme_does_not_stop_the_others_mail(app):
    now = datetime(2026, 3, 5, 9, 0, tzinfo=OSLO)
    store_programme(app, small_programme(date(2026, 3, 5)))
    store_programme(app, small_programme(date(2026, 3, 5), pid="damaged"))
    deliveries = Path(app.instance_path) / "data" / "programmes" / "damaged" / "teams" / "moss" / "deliveries.json"
    deliveries.parent.mkdir(parents=True, exist_ok=True)
    deliveries.write_text("{ not json", encoding="utf-8")
    report = tick(app, now)
    assert report.sent > 0  # the healthy programme's invitations went out
    assert any(error.startswith("damaged: ") for error in report.errors), report.errors
