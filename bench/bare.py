"""A bare Flask page on Verksted's own server (``engine.cli.server``): the ceiling a page of the
app is measured against. ``python -m bench.bare --port P --workers N``."""

from __future__ import annotations

import argparse

from flask import Flask

from engine.cli.server import serve


def bare_app() -> Flask:
    """One route that answers a short page, and the settings the server reads."""
    app = Flask(__name__)
    app.config.update(SCHEDULER=False, MAIL_TIMEOUT=10)

    @app.get("/")
    def index() -> str:
        return "<!doctype html><title>Hei</title><p>Hei, verden.</p>"

    return app


def main() -> None:
    """Serve the bare page until SIGTERM."""
    parser = argparse.ArgumentParser(prog="python -m bench.bare", description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--threads", type=int, default=16)
    args = parser.parse_args()
    serve(bare_app(), "127.0.0.1", args.port, args.workers, args.threads)


if __name__ == "__main__":
    main()
