"""Persistence on TinyDB behind small repository functions (see ``storage`` for the file layer)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Open the instance's store; the storage layer is built in ``engine.store.storage``."""
    app.extensions.setdefault("verksted.store", None)
