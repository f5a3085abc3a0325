"""The store's gate (``engine.store.gate``): writes pass it together; closing it waits for them and holds
new ones back; a stream of writers does not keep it from closing. And the journal's rewrite, the
one change to an append-only file, which an append waiting at the same time must survive."""

from __future__ import annotations

import threading
import time

from engine.store import drafts, events


def _save(store, pid, now, n):
    key = f"{pid}/moss/statusrapport/1"
    base = (drafts.get_draft(store, pid, "moss", key) or {}).get("revision", 0)
    return drafts.save_draft(store, pid, "moss", key, {"n": n}, "kari", "Kari", base, None, now)


def test_closing_waits_for_a_write_in_flight_and_holds_new_writes_back(store, pid, now):
    inside, release, closed_at, saved_at = threading.Event(), threading.Event(), [], []
    path = store.root / "slow.json"

    def slow_writer():
        with store.transaction(path) as tx:
            tx.table(path, "t").insert({"id": "x"})
            inside.set()
            release.wait(10)
            saved_at.append(time.monotonic())  # the commit comes after this, at the block's end

    def closer():
        with store.gate.closed():
            closed_at.append(time.monotonic())
            _late_writer.start()  # a write that starts while the gate is closed …
            time.sleep(0.2)  # … must still be waiting when we let go (a real thread, real waiting)
            assert not late_done.is_set()

    late_done = threading.Event()
    _late_writer = threading.Thread(target=lambda: (_save(store, pid, now, 1), late_done.set()))
    writer, closing = threading.Thread(target=slow_writer), threading.Thread(target=closer)
    writer.start()
    assert inside.wait(10)
    closing.start()
    closing.join(0.3)
    assert closing.is_alive() and not closed_at, "the gate closed while a transaction was half done"
    release.set()
    writer.join(10)
    closing.join(10)
    assert closed_at and saved_at and closed_at[0] >= saved_at[0]
    _late_writer.join(10)
    assert late_done.is_set()


def test_a_stream_of_writers_does_not_starve_a_backup(store, pid, now):
    stop, errors, counts = threading.Event(), [], [0] * 6

    def writer(n):
        try:
            while not stop.is_set():
                events.log_event(store, pid, "draft_saved", "kari", now, "moss", n=n)
                counts[n] += 1
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    waits = []
    try:
        for _ in range(5):
            started = time.monotonic()
            with store.gate.closed():
                waits.append(time.monotonic() - started)
            time.sleep(0.02)  # let the writers run between closings
    finally:
        stop.set()
        for thread in threads:
            thread.join(10)
    assert errors == [] and min(counts) > 0
    assert max(waits) < 2.0, waits


def test_the_thread_that_closed_the_gate_may_write_and_passages_nest(store, pid, now):
    with store.gate.closed():
        _save(store, pid, now, 1)  # a migration writes through the store while holding the gate
    with store.gate.passage(), store.gate.passage():
        _save(store, pid, now, 2)  # a transaction's journal appends pass inside its passage
    assert drafts.get_draft(store, pid, "moss", f"{pid}/moss/statusrapport/1")["values"] == {"n": 2}


def test_a_rewrite_keeps_the_appends_another_process_made_meanwhile(store, worker):
    """Another process's append waits for the journal's lock on the file it opened; when the rewrite
    renames a new file over that one, the append must land in the new file, not the old one."""
    log = store.journal(store.root / "shared.jsonl")
    log.append([{"id": f"old{n}", "who": "kari"} for n in range(50)])
    other = worker("append-many", store.root, "shared.jsonl", 400)
    other.expect("ready")
    other.send()
    rewrites = 0
    while other.process.poll() is None and rewrites < 2000:
        log.rewrite(lambda record: {**record, "who": "anon"} if record.get("who") == "kari" else record)
        rewrites += 1
    appended = other.result()
    ids = [record["id"] for record in log.read()]
    assert rewrites > 1
    assert set(appended) <= set(ids), f"{len(set(appended) - set(ids))} append(s) made during a rewrite were lost"
    assert ids[:50] == [f"old{n}" for n in range(50)]
    assert all(record.get("who") in (None, "anon") for record in log.read())
