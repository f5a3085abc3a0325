"""The store as a Flask extension (``engine.store.init_app`` / ``get_store``)."""

from __future__ import annotations

from pathlib import Path

from engine import create_app
from engine.store import Store, cache, get_store


def test_the_app_opens_its_store_in_the_instance_data_folder(app):
    with app.app_context():
        store = get_store()
    assert isinstance(store, Store)
    assert store.root == Path(app.instance_path) / "data" and store.root.is_dir()
    assert app.extensions["verksted.store"] is store


def test_the_cache_size_comes_from_the_config(app_config):
    try:
        create_app({**app_config, "STORE_CACHE_MB": 8})
        assert cache.CACHE.max_bytes == 8 * 2**20
    finally:
        cache.configure(cache.DEFAULT_MAX_BYTES)
