"""``flask tick [--now ISO-8601]``: one scheduler pass as if the clock showed that time."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask.cli import with_appcontext

from .. import clock
from ..mail.scheduler import PassBusy, tick

OSLO = ZoneInfo("Europe/Oslo")


def parse_now(text: str, tz: tzinfo = OSLO) -> datetime:
    """``--now``: ISO 8601 with an offset or ``Z``, or a local date and time (``2019-03-01T07:00``) in ``tz``.

    Raises ``ValueError`` with one sentence for a date without a time, a malformed value, or a
    local time that does not exist (skipped when the clocks go forward).
    """
    text = text.strip()
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"'{text}' is not a date and time in ISO 8601, such as 2019-03-01T07:00 or 2019-03-01T07:00+01:00"
        ) from None
    if len(text) <= 10:
        raise ValueError(f"'{text}' has no time of day; write a date and a time, such as {text}T07:00")
    if value.tzinfo is not None:
        return value
    local = value.replace(tzinfo=tz)
    if local.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != value:
        raise ValueError(f"{text} does not exist in {tz} (the clocks jump forward then); give the offset")
    return local


@click.command("tick")
@click.option(
    "--now",
    "now_text",
    metavar="ISO-8601",
    help="Run the pass as if the clock showed this time (local Europe/Oslo time unless an offset "
    "is given). Default: now.",
)
@with_appcontext
def tick_command(now_text: str | None) -> None:
    """One scheduler pass: queue the mail that is due and send the outbox, then print what it did."""
    app = current_app._get_current_object()
    try:
        now = parse_now(now_text, ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"])) if now_text else clock.now()
        report = tick(app, now)
    except (ValueError, PassBusy) as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    if report.store_problem is not None:  # nothing could be done: one line, and a status cron notices
        click.echo(f"Error: {report.errors[0]}", err=True)
        sys.exit(1)
    click.echo(report.summary())
    for error in report.errors:
        click.echo(error, err=True)
