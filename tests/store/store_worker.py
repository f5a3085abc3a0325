"""A second process for the store's tests: ``python tests/store/store_worker.py COMMAND ROOT ARGS…``.

Commands that race the test's own threads wait for a line on stdin before they start, so both
sides begin together; results go to stdout as one JSON line.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from datetime import datetime
from pathlib import Path

from engine.store import Store, outbox
from engine.store.storage import JSONFileStorage
from engine.store.transaction import Transaction


def wait_for_go() -> None:
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    sys.stdin.readline()


def pair_writes(store: Store, files: list[Path], count: int, tag: str) -> list[str]:
    """``count`` transactions, each inserting one record into two of ``files`` and one event."""
    ids = []
    journal = store.journal(store.root / "shared.jsonl")
    start = sum(map(ord, tag))  # writers walk the files from different places and cross each other
    for n in range(count):
        first, second = files[(start + n) % len(files)], files[(start + n * 7 + 1) % len(files)]
        if first == second:
            second = files[(start + n + 1) % len(files)]
        record = {"id": f"{tag}-{n}", "writer": tag, "n": n}
        with store.transaction(second, first) as tx:  # deliberately not in canonical order
            tx.table(first, "records").insert(record)
            tx.table(second, "records").insert(record)
            tx.append(journal, record)
        ids.append(record["id"])
    return ids


def main(argv: list[str]) -> None:
    command, root = argv[0], Path(argv[1])
    store = Store(root)
    if command == "pair-writes":
        files = [store.root / name for name in argv[4].split(",")]
        wait_for_go()
        print(json.dumps(pair_writes(store, files, int(argv[2]), argv[3])))
    elif command == "claim":
        pid, message_id, now = argv[2], argv[3], datetime.fromisoformat(argv[4])
        wait_for_go()
        print(json.dumps([m["id"] for m in outbox.claim(store, pid, [message_id], now, claimant=f"pid{os.getpid()}")]))
    elif command == "write":
        path, value = store.root / argv[2], argv[3]
        with Transaction([(path, store.root)]) as tx:
            table = tx.table(path, "items")
            table.truncate()
            table.insert({"id": "x", "value": value})
        print(json.dumps("written"))
    elif command == "insert":
        path = store.root / argv[2]
        with store.transaction(path) as tx:
            tx.table(path, "items").insert({"id": argv[3]})
        print(json.dumps("inserted"))
    elif command == "append":
        store.journal(store.root / argv[2]).append([{"id": argv[3]}])
        print(json.dumps("appended"))
    elif command == "append-many":
        journal, count = store.journal(store.root / argv[2]), int(argv[3])
        wait_for_go()
        ids = [f"p{n}" for n in range(count)]
        for record_id in ids:
            journal.append([{"id": record_id}])
        print(json.dumps(ids))
    elif command == "crash-before-rename":
        path = store.root / argv[2]
        storage = JSONFileStorage(path, store.root)
        os.replace = lambda *args: os.kill(os.getpid(), signal.SIGKILL)  # die between write and rename
        storage.lock.acquire()
        storage.write({"items": {"1": {"id": "x", "value": "half-written"}}})
    elif command == "hold-lock":
        storage = JSONFileStorage(store.root / argv[2], store.root)
        with storage.lock:
            sys.stdout.write("locked\n")
            sys.stdout.flush()
            sys.stdin.readline()
        print(json.dumps("released"))
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv[1:])
