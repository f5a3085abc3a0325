"""Many writers at once, in threads and in another process: the store's promises under load.

Each module's own tests cover the single-writer behaviour; these race real threads against a
real second process (``store_worker.py``) on the same files.
"""

from __future__ import annotations

import json
import threading
from collections import Counter

import pytest
from store_worker import pair_writes

from engine.store import outbox

FILES = [f"shared-{n}.json" for n in range(32)]  # 280 records each: contention, not file size
THREADS, WRITES = 8, 500


@pytest.mark.slow
def test_eight_threads_and_a_second_process_lose_nothing(store, worker):
    files = [store.root / name for name in FILES]
    other = worker("pair-writes", store.root, WRITES, "process", ",".join(FILES))
    other.expect("ready")
    barrier, written, errors = threading.Barrier(THREADS + 1), {}, []

    def thread(n):
        barrier.wait()
        try:
            written[n] = pair_writes(store, files, WRITES, f"thread{n}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=thread, args=(n,)) for n in range(THREADS)]
    for running in threads:
        running.start()
    barrier.wait()
    other.send()
    for running in threads:
        running.join()
    assert errors == []
    expected = {record_id for ids in written.values() for record_id in ids} | set(other.result())
    assert len(expected) == (THREADS + 1) * WRITES

    per_file = []
    for path in files:
        data = json.loads(path.read_text())  # every file parses …
        ids = [record["id"] for record in data["records"].values()]
        assert len(ids) == len(set(ids)), f"{path.name}: a record stored twice"
        per_file += ids
    counts = Counter(per_file)
    assert set(counts) == expected and set(counts.values()) == {2}  # … and every record is in both its files
    logged = [json.loads(line)["id"] for line in (store.root / "shared.jsonl").read_text().splitlines()]
    assert len(logged) == len(expected) and set(logged) == expected
    assert not list(store.root.glob(".*.tmp"))


def test_two_processes_and_threads_claiming_one_message_send_it_once(store, pid, now, worker):
    message, _ = outbox.enqueue(
        store,
        pid,
        {"key": "invitation:x", "kind": "invitation", "to": ["a@example.org"], "subject": "Invitasjon", "text": "Hei"},
        now,
    )
    others = [worker("claim", store.root, pid, message["id"], now.isoformat()) for _ in range(2)]
    for other in others:
        other.expect("ready")
    barrier, claims = threading.Barrier(5), []

    def thread():
        barrier.wait()
        claims.append(outbox.claim(store, pid, [message["id"]], now, claimant="thread"))

    threads = [threading.Thread(target=thread) for _ in range(4)]
    for running in threads:
        running.start()
    barrier.wait()
    for other in others:
        other.send()
    for running in threads:
        running.join()
    won = [c for c in claims if c] + [r for r in (other.result() for other in others) if r]
    assert len(won) == 1
