"""``flask --app engine message send PROGRAMME_ID --subject TEXT [--team NAME]…``: write to teams.

The text comes on standard input (``… < melding.txt``). Without ``--team`` the message goes to
every team still in the programme; each ``--team`` (id or name) narrows it. It is stored and
queued to every active member of each team with their personal link — exactly as from the
leader's page — and the scheduler sends it (at once with ``flask tick``). Prints one line: how
many e-mails were queued to which teams. Mistakes are one line each on stderr, and exit 1.
"""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from .. import clock
from ..access.team import find_run
from ..programmes import get_catalog
from ..store import get_store
from ..teamwork import messages as messaging
from .common import fail

message_group = AppGroup("message", help="Messages from the project leader to the teams.")

PROBLEMS = {
    messaging.NO_SUBJECT: "the subject is empty (give --subject TEXT)",
    messaging.SUBJECT_TOO_LONG: f"the subject is longer than {messaging.MAX_SUBJECT} characters",
    messaging.SUBJECT_LINES: "the subject contains a line break; write it on one line",
    messaging.NO_TEXT: "the message is empty: give its text on standard input",
    messaging.TEXT_TOO_LONG: f"the message is longer than {messaging.MAX_TEXT} characters",
    messaging.NO_TEAMS: "no team is still in the programme to write to",
    messaging.UNKNOWN_TEAM: "the programme has no team '{detail}'",
    messaging.WITHDRAWN_TEAM: "{detail} has withdrawn from the programme",
}


@message_group.command("send")
@click.argument("programme_id")
@click.option("--subject", required=True, help="The subject line.")
@click.option("--team", "teams", multiple=True, help="Only this team (its id or name); repeat for several.")
def send_command(programme_id: str, subject: str, teams: tuple[str, ...]) -> None:
    """Queue a message (text on standard input) to every active member of the teams."""
    store = get_store()
    run = find_run(store, get_catalog(), programme_id)
    if run is None:
        fail(f"there is no programme '{programme_id}' (see `flask --app engine programme list`)")
    if sys.stdin.isatty():
        click.echo("Type the message; end with Ctrl-D on a line of its own.", err=True)
    text = sys.stdin.read()
    now = clock.now()
    problems = messaging.message_problems(run, subject, text, teams or None, now)
    if problems:
        for reason, detail in problems:
            click.echo("Error: " + PROBLEMS[reason].format(detail=detail), err=True)
        sys.exit(1)
    sent = messaging.send_message(store, run, subject, text, teams or None, "cli", None, now)
    names = ", ".join(team.id for team in sent.teams)
    click.echo(f"queued {sent.queued} e-mails to {len(sent.teams)} teams ({names}): message {sent.record['id']}")
