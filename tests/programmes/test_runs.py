"""engine.programmes: the assembled run, and the copy a process keeps while its files are unchanged."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from engine.programmes import cached_run, get_catalog, import_programme_file, load_run
from engine.store import deliveries, get_store

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "jobbvinner-ostfold.yaml"
NOW = datetime(2018, 4, 20, 10, 0, tzinfo=ZoneInfo("Europe/Oslo"))


def test_the_kept_run_is_reused_until_the_programme_or_a_delivery_changes(app):
    with app.app_context():
        store, catalog = get_store(), get_catalog()
        run, _ = import_programme_file(store, catalog, EXAMPLE, "test", NOW)
        first = cached_run(store, catalog, run.id)
        assert cached_run(store, catalog, run.id) is first  # nothing changed: the same assembly

        key = f"{run.id}/moss/hovedplan/1"
        deliveries.submit(
            store,
            run.id,
            "moss",
            key,
            {"team": "Moss"},
            {"form": "hovedplan", "form_version": 1},
            "maria-olsen",
            "Maria Olsen",
            "n1",
            None,
            NOW,
        )
        after_submit = cached_run(store, catalog, run.id)
        assert after_submit is not first and after_submit.latest(key)["submitted_by"] == "maria-olsen"
        assert after_submit.deliveries == load_run(store, catalog, run.id).deliveries

        document = {**run.document, "title": "Nytt navn"}
        from engine.store import programmes

        programmes.save_programme(store, document, "test", NOW)
        assert cached_run(store, catalog, run.id).programme.title == "Nytt navn"
