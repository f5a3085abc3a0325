"""Verksted: form templates and workflows for learning networks, run as a Flask application.

``create_app()`` only configures and wires the parts together; each part owns its set-up in an
``init_app(app)`` of its own. The scheduler is *not* started here (see ``engine.mail.scheduler``): only
``flask serve`` starts it, so tests and extra web processes never send mail by accident.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Mapping
from typing import Any

from flask import Flask


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: defaults, then ``instance/config.py``, then ``VERKSTED_*``, then ``test_config``.

    The garbage collector pauses while the app is made: importing the parts and compiling the
    routes make tens of thousands of objects that live as long as the process, and looking for
    garbage among them only costs time — about 30 ms of every ``flask tick`` from cron here.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(test_config)
    finally:
        if collecting:
            gc.enable()


def _build(test_config: Mapping[str, Any] | None) -> Flask:
    instance_path = (test_config or {}).get("INSTANCE_PATH") or os.environ.get("VERKSTED_INSTANCE_PATH")
    app = Flask(
        __name__,
        instance_path=os.path.abspath(instance_path) if instance_path else None,
        instance_relative_config=True,
        template_folder="web/templates",
        static_folder="web/static",
    )
    # Imported here, as Flask's tutorial does: importing ``engine`` for its pure core (``engine.cycle``,
    # ``engine.schema``) does not load the web, the mail or the CLI.
    from . import cli, config, i18n, logs, mail, privacy, programmes, store, web

    app.config.from_object(config.Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("VERKSTED")
    if test_config:
        app.config.update(test_config)
    config.finalise(app)

    logs.init_app(app)
    programmes.init_app(app)
    try:
        store.init_app(app)
    except store.StoreError as exc:  # data of a newer Verksted, a damaged format file: do not start
        raise SystemExit(f"Error: {exc}") from None
    mail.init_app(app)
    privacy.init_app(app)
    i18n.init_app(app)
    web.init_app(app)
    cli.init_app(app)
    return app
