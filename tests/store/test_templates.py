"""Template snapshots (``engine.store.templates``)."""

from __future__ import annotations

from engine.store import templates
from engine.store.locks import read_generation


def test_the_first_snapshot_of_a_version_is_kept_for_good(store, pid):
    v1 = {"id": "hovedplan", "version": 1, "sections": [{"title": "Deltakende team"}]}
    assert templates.snapshot_template(store, pid, "hovedplan", 1, v1) is True
    assert templates.snapshot_template(store, pid, "hovedplan", 1, {**v1, "sections": []}) is False
    assert templates.get_template_snapshot(store, pid, "hovedplan", 1) == v1


def test_versions_are_kept_apart(store, pid):
    templates.snapshot_template(store, pid, "hovedplan", 1, {"version": 1})
    templates.snapshot_template(store, pid, "hovedplan", 2, {"version": 2})
    assert templates.get_template_snapshot(store, pid, "hovedplan", 1) == {"version": 1}
    assert templates.get_template_snapshot(store, pid, "hovedplan", 2) == {"version": 2}
    assert templates.get_template_snapshot(store, pid, "hovedplan", 3) is None


def test_a_known_snapshot_costs_no_write(store, pid):
    templates.snapshot_template(store, pid, "hovedplan", 1, {"version": 1})
    written = read_generation(store.programme_file(pid))
    templates.snapshot_template(store, pid, "hovedplan", 1, {"version": 1})
    assert read_generation(store.programme_file(pid)) == written
