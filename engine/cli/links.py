"""``flask --app engine links PROGRAMME_ID [--team NAME]``: fresh personal links, one line per member.

Prints, tab-separated, the team id, the member's name, e-mail address and link for every active
member of every team still in the programme (DESIGN §4). Each run mints new tokens (only their
hashes are stored; older links keep working until revoked). An unknown programme or team is one
line on stderr and exit status 1.
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from .. import clock
from ..access.team import find_run, mint_links
from ..programmes import get_catalog
from ..store import get_store
from .common import fail


@click.command("links")
@click.argument("programme_id")
@click.option("--team", "team", default=None, help="Only this team (its id or its name).")
@with_appcontext
def links_command(programme_id: str, team: str | None) -> None:
    """Mint and print a personal link for each active member (team id, name, e-mail, URL)."""
    store = get_store()
    run = find_run(store, get_catalog(), programme_id)
    if run is None:
        fail(f"there is no programme '{programme_id}' (see `flask programme list`)")
    if run.closed:
        fail(f"the programme '{programme_id}' is closed: its links open nothing")
    try:
        minted = mint_links(store, run, current_app.config["BASE_URL"], clock.now(), team)
    except LookupError:
        fail(f"the programme '{programme_id}' has no team '{team}'")
    for link in minted:
        click.echo(
            "\t".join(_one_line(value) for value in (link.team.id, link.member.name, link.member.email, link.url))
        )


def _one_line(value: str) -> str:
    # A tab or line break in a name would shift every column after it.
    return " ".join(str(value).split())
