"""The ``flask --app engine …`` commands, one module per command group; each a thin wrapper over a
plain function of the service layers, which the tests also call directly.

Errors a user can make (a bad file, an unknown programme) end as one line on stderr and exit 1
(:func:`~engine.cli.common.fail`), never a traceback.
"""

from __future__ import annotations

from flask import Flask

from . import admin, check, demo, export, links, message, programme, report, serve, tick


def init_app(app: Flask) -> None:
    """Register every command on the app's CLI group."""
    app.cli.add_command(check.check_command)
    app.cli.add_command(serve.serve_command)
    app.cli.add_command(tick.tick_command)
    app.cli.add_command(admin.admin_group)
    app.cli.add_command(programme.programme_group)
    app.cli.add_command(export.export_group)
    app.cli.add_command(report.report_group)
    app.cli.add_command(demo.demo_group)
    app.cli.add_command(links.links_command)
    app.cli.add_command(message.message_group)
