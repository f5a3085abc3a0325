"""``flask serve``: the production server (waitress) with the scheduler."""

from __future__ import annotations

import logging

import click
import waitress
from flask import current_app
from flask.cli import with_appcontext

from ..logs import event
from ..mail.scheduler import start_scheduler
from ..programmes import get_catalog
from .common import fail

log = logging.getLogger(__name__)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=16, show_default=True, type=int)
@with_appcontext
def serve_command(host: str, port: int, threads: int) -> None:
    """Run the production server (waitress) with the scheduler, unless VERKSTED_SCHEDULER=off."""
    app = current_app._get_current_object()
    catalog = get_catalog()
    if catalog.problems:
        for problem in catalog.problems:
            click.echo(str(problem), err=True)
        fail(f"{len(catalog.problems)} problem(s) in the form templates or workflows; not starting.")
    runner = None
    scheduler_state = "off"
    if app.config["SCHEDULER"]:
        runner = start_scheduler(app, stop_on_sigterm=True)
        scheduler_state = runner.describe() if runner else "run by another process on this instance; web only"
    event(log, "serving", url=f"http://{host}:{port}/", scheduler=scheduler_state)
    # Waitress drops X-Forwarded-* headers it was not told to trust, so behind a proxy they would
    # never reach werkzeug's ProxyFix (engine.config), which trusts exactly PROXY_FIX hops of them.
    behind_proxy = int(app.config.get("PROXY_FIX") or 0) > 0
    try:
        waitress.serve(
            app,
            host=host,
            port=port,
            threads=threads,
            ident="Verksted",
            clear_untrusted_proxy_headers=not behind_proxy,
        )
    finally:
        if runner:
            runner.shutdown()
