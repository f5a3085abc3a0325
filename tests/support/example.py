"""The shipped example programme outside an app, for the tests of the layers below the web, as a
pytest plugin (registered in ``tests/conftest.py``): the ``catalog`` fixture and :func:`example_store`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.programmes import Catalog, import_programme_file, load_catalog
from engine.store import Store
from tests.support.teamwork import EXAMPLE, MIDWAY, ROOT


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    """The shipped forms and workflows."""
    return load_catalog(ROOT / "forms", ROOT / "workflows")


def example_store(folder: Path, catalog: Catalog) -> Store:
    """A store in ``folder`` holding the example programme, loaded at ``MIDWAY``."""
    store = Store(folder / "data")
    import_programme_file(store, catalog, EXAMPLE, "system", MIDWAY)
    return store
