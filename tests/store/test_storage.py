"""The storage layer (``engine.store.storage``): atomic writes, the stat-validated cache, copies."""

from __future__ import annotations

import json
import os

import pytest

from engine.store.cache import CACHE
from engine.store.errors import CorruptFile, NotFound
from engine.store.locks import FileLock
from engine.store.storage import JSONFileStorage


def write(path, data, anchor):
    storage = JSONFileStorage(path, anchor)
    with storage.lock:
        storage.write(data)


def items(store, path):
    return store.view(path).table("items").all()


@pytest.fixture
def path(store):
    target = store.root / "items.json"
    write(target, {"items": {"1": {"id": "a", "value": "old"}}}, store.root)
    return target


def test_write_replaces_the_file_with_valid_json_and_leaves_no_temp_file(store, path):
    write(path, {"items": {"1": {"id": "a", "value": "new"}}}, store.root)
    assert json.loads(path.read_text()) == {"items": {"1": {"id": "a", "value": "new"}}}
    assert sorted(p.name for p in store.root.iterdir()) == ["format.json", "items.json", "items.json.lock"]


def test_a_failed_rename_leaves_the_old_file_intact_and_forgets_the_cache(store, path, monkeypatch):
    assert items(store, path)[0]["value"] == "old"

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write(path, {"items": {"1": {"id": "a", "value": "new"}}}, store.root)
    monkeypatch.undo()
    assert json.loads(path.read_text())["items"]["1"]["value"] == "old"
    assert not list(store.root.glob(".*.tmp"))
    loads = CACHE.stats.loads
    assert items(store, path)[0]["value"] == "old"
    assert CACHE.stats.loads == loads + 1  # read from disk again, not trusted from the cache


def test_a_process_killed_between_write_and_rename_leaves_the_old_file(store, path, worker):
    child = worker("crash-before-rename", store.root, "items.json")
    child.process.wait(timeout=60)
    assert child.process.returncode == -9
    assert json.loads(path.read_text())["items"]["1"]["value"] == "old"
    assert items(store, path)[0]["value"] == "old"
    write(path, {"items": {"1": {"id": "a", "value": "after"}}}, store.root)  # the leftover temp is reused
    assert items(store, path)[0]["value"] == "after"
    assert not list(store.root.glob(".*.tmp"))


def test_an_unchanged_file_is_read_from_disk_once(store, path):
    CACHE.invalidate(str(path))
    loads = CACHE.stats.loads
    for _ in range(5):
        assert items(store, path)[0]["value"] == "old"
    assert CACHE.stats.loads == loads + 1


def test_a_write_in_this_process_needs_no_read_afterwards(store, path):
    write(path, {"items": {"1": {"id": "a", "value": "new"}}}, store.root)
    loads = CACHE.stats.loads
    assert items(store, path)[0]["value"] == "new"
    assert CACHE.stats.loads == loads


def test_a_file_renamed_into_place_by_another_process_is_seen(store, path, worker):
    assert items(store, path)[0]["value"] == "old"
    assert worker("write", store.root, "items.json", "from the other process").result() == "written"
    assert items(store, path)[0]["value"] == "from the other process"


def test_a_write_with_the_same_size_and_mtime_is_seen_through_the_generation(store, path):
    assert items(store, path)[0]["value"] == "old"
    before = os.stat(path)
    with FileLock(path) as lock:  # what a writer in another process does, with an unlucky stat
        path.write_text(path.read_text().replace("old", "new"))
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        lock.bump_generation()
    after = os.stat(path)
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (before.st_ino, before.st_size, before.st_mtime_ns)
    assert items(store, path)[0]["value"] == "new"


def test_a_corrupt_file_is_reported_and_never_overwritten(store):
    path = store.root / "broken.json"
    path.write_text('{"items": {"1": ')
    with pytest.raises(CorruptFile, match=r"broken\.json"):
        items(store, path)
    with pytest.raises(CorruptFile), store.transaction(path) as tx:
        tx.table(path, "items").insert({"id": "b"})
    assert path.read_text() == '{"items": {"1": '


def test_documents_handed_out_are_copies(store, path):
    doc = items(store, path)[0]
    doc["value"] = "changed by a caller"
    doc.setdefault("nested", []).append(1)
    assert items(store, path)[0] == {"id": "a", "value": "old"}


def test_values_given_to_a_transaction_stay_the_callers(store, path):
    values = {"rows": [{"text": "first"}]}
    with store.transaction(path) as tx:
        tx.table(path, "items").insert({"id": "b", "values": values})
    values["rows"][0]["text"] = "changed after the commit"
    assert store.view(path).table("items").all()[1]["values"] == {"rows": [{"text": "first"}]}


@pytest.mark.parametrize(
    "change",
    [
        lambda table: table.insert({"id": "b"}),
        lambda table: table.update({"value": "changed"}),
        lambda table: table.remove(doc_ids=[1]),
        lambda table: table.truncate(),
    ],
    ids=["insert", "update", "remove", "truncate"],
)
def test_a_snapshot_refuses_to_write_and_the_cache_stays_intact(store, path, change):
    with pytest.raises(TypeError, match="read-only"):
        change(store.view(path).table("items"))
    assert items(store, path) == [{"id": "a", "value": "old"}]


def test_writing_without_the_lock_is_refused(store, path):
    with pytest.raises(RuntimeError, match="without holding its lock"):
        JSONFileStorage(path, store.root).write({})


def test_a_missing_file_reads_as_empty(store):
    assert items(store, store.root / "nothing.json") == []


def test_a_file_is_never_created_outside_an_existing_anchor(store):
    anchor = store.root / "programmes" / "gone"
    path = anchor / "teams" / "moss" / "deliveries.json"
    with pytest.raises(NotFound, match="gone"):
        write(path, {"items": {}}, anchor)
    assert not anchor.exists()
