"""Transactions over one or several files (``engine.store.transaction``)."""

from __future__ import annotations

import threading

import pytest

from engine.store.locks import read_generation
from engine.store.storage import JSONFileStorage


@pytest.fixture
def files(store):
    return store.root / "a.json", store.root / "b.json", store.root / "c.json"


def ids(store, path, table="items"):
    return [doc["id"] for doc in store.view(path).table(table).all()]


def test_each_changed_file_is_written_once_and_an_untouched_one_not_at_all(store, files):
    a, b, c = files
    with store.transaction(a, b, c) as tx:
        for n in range(3):
            tx.table(a, "items").insert({"id": f"a{n}"})
            tx.table(a, "other").insert({"id": f"o{n}"})
        tx.table(b, "items").insert({"id": "b0"})
    assert [read_generation(path) for path in files] == [1, 1, 0]
    assert not c.exists()
    assert ids(store, a) == ["a0", "a1", "a2"] and ids(store, a, "other") == ["o0", "o1", "o2"]


def test_an_exception_inside_writes_nothing(store, files):
    a, b, _ = files
    with pytest.raises(ValueError), store.transaction(a, b) as tx:
        tx.table(a, "items").insert({"id": "a0"})
        tx.table(b, "items").insert({"id": "b0"})
        raise ValueError("the caller changed its mind")
    assert not a.exists() and not b.exists()


def test_files_are_written_in_the_order_first_changed(store, files, monkeypatch):
    a, b, _ = files
    write = JSONFileStorage.write

    def fail_for_a(self, data):
        if self.path == a:
            raise OSError("disk full")
        write(self, data)

    monkeypatch.setattr(JSONFileStorage, "write", fail_for_a)
    with pytest.raises(OSError), store.transaction(a, b) as tx:
        tx.table(b, "items").insert({"id": "written first"})
        tx.table(a, "items").insert({"id": "referencing record"})
    assert ids(store, b) == ["written first"]
    assert ids(store, a) == []


def test_journal_records_are_appended_after_the_files_changed_before_them(store, files):
    a, _, _ = files
    journal = store.journal(store.root / "events.jsonl")
    with store.transaction(a) as tx:
        tx.table(a, "items").insert({"id": "a0"})
        tx.append(journal, {"id": "e1"})
        tx.append(journal, {"id": "e2"})
        assert journal.read() == ()  # nothing before the commit
    assert [record["id"] for record in journal.read()] == ["e1", "e2"]


def test_transactions_do_not_nest(store, files):
    a, b, _ = files
    with pytest.raises(RuntimeError, match="do not nest"), store.transaction(a), store.transaction(b):
        pass
    with store.transaction(b) as tx:  # the failed attempt released everything
        tx.table(b, "items").insert({"id": "b0"})
    assert ids(store, b) == ["b0"]


def test_a_file_not_named_is_refused(store, files):
    a, b, _ = files
    with pytest.raises(RuntimeError, match="not part of this transaction"), store.transaction(a) as tx:
        tx.table(b, "items")


def test_the_lock_holds_against_another_process(store, files, worker):
    a, _, _ = files
    holder = worker("hold-lock", store.root, "a.json")
    holder.expect("locked")
    done = threading.Event()

    def write():
        with store.transaction(a) as tx:
            tx.table(a, "items").insert({"id": "waited"})
        done.set()

    thread = threading.Thread(target=write)
    thread.start()
    assert not done.wait(0.5), "wrote while another process held the lock"
    holder.send()
    assert holder.result() == "released"
    thread.join(30)
    assert done.is_set() and ids(store, a) == ["waited"]


def test_transactions_naming_files_in_opposite_orders_do_not_deadlock(store, files):
    a, b, _ = files

    def run(first, second, tag):
        for n in range(100):
            with store.transaction(first, second) as tx:
                tx.table(first, "items").insert({"id": f"{tag}{n}"})
                tx.table(second, "items").insert({"id": f"{tag}{n}"})

    threads = [threading.Thread(target=run, args=(a, b, "x")), threading.Thread(target=run, args=(b, a, "y"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads)
    assert len(ids(store, a)) == len(ids(store, b)) == 200


def test_inserts_by_another_process_never_collide_with_our_document_ids(store, files, worker):
    # TinyDB caches the next document id per Table; fresh tables per transaction recount it.
    a, _, _ = files
    with store.transaction(a) as tx:
        tx.table(a, "items").insert({"id": "ours-1"})
    assert worker("insert", store.root, "a.json", "theirs").result() == "inserted"
    with store.transaction(a) as tx:
        tx.table(a, "items").insert({"id": "ours-2"})
    assert ids(store, a) == ["ours-1", "theirs", "ours-2"]
    assert sorted(store.peek(a)["items"], key=int) == ["1", "2", "3"]
