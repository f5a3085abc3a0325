"""Append-only JSON Lines files (``engine.store.journal``)."""

from __future__ import annotations

import json

import pytest

from engine.store.cache import CACHE


def keys(records):
    return tuple((record["id"], record["id"].upper()) for record in records)


def test_records_come_back_in_the_order_appended_one_json_object_per_line(store):
    journal = store.journal(store.root / "log.jsonl")
    journal.append([{"id": "a", "text": "Våler"}, {"id": "b"}])
    journal.append([{"id": "c"}])
    assert [record["id"] for record in journal.read()] == ["a", "b", "c"]
    lines = journal.path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["a", "b", "c"]
    assert "Våler" in lines[0]


def test_a_missing_journal_reads_as_empty(store):
    assert store.journal(store.root / "none.jsonl").read() == ()


def test_an_unchanged_journal_is_not_read_again(store):
    journal = store.journal(store.root / "log.jsonl")
    journal.append([{"id": "a"}])
    journal.read()
    loads = CACHE.stats.loads
    journal.read()
    journal.read()
    assert CACHE.stats.loads == loads


def test_appends_by_another_process_are_seen(store, worker):
    journal = store.journal(store.root / "log.jsonl")
    journal.append([{"id": "mine"}])
    assert len(journal.read()) == 1
    assert worker("append", store.root, "log.jsonl", "theirs").result() == "appended"
    assert [record["id"] for record in journal.read()] == ["mine", "theirs"]


def test_a_torn_last_line_is_skipped_and_the_next_append_starts_a_new_line(store):
    journal = store.journal(store.root / "log.jsonl")
    journal.append([{"id": "a"}])
    with journal.path.open("ab") as fh:
        fh.write(b'{"id": "torn", "te')  # a crash in the middle of an append
    assert [record["id"] for record in journal.read()] == ["a"]
    journal.append([{"id": "b"}])
    assert [record["id"] for record in journal.read()] == ["a", "b"]


def test_a_projection_is_cached_on_its_own_and_follows_appends(store):
    journal = store.journal(store.root / "log.jsonl")
    journal.append([{"id": "a"}, {"id": "b"}])
    assert journal.read(keys) == (("a", "A"), ("b", "B"))
    journal.append([{"id": "c"}])
    assert journal.read(keys) == (("a", "A"), ("b", "B"), ("c", "C"))
    assert [record["id"] for record in journal.read()] == ["a", "b", "c"]


def test_a_projection_checkpoint_spares_a_fresh_process_the_parsed_prefix(store, monkeypatch):
    journal = store.journal(store.root / "log.jsonl")
    journal.append([{"id": f"r{n}", "padding": "x" * 200} for n in range(1000)])  # past CHECKPOINT_AFTER
    assert len(journal.read(keys)) == 1000
    checkpoint = store.root / ".log.jsonl.keys.json"
    assert json.loads(checkpoint.read_text())["offset"] == journal.path.stat().st_size
    journal.append([{"id": "late"}])
    CACHE.clear()  # a fresh process
    parsed = []
    parse = type(journal)._parse
    monkeypatch.setattr(
        type(journal), "_parse", lambda self, chunk, offset: parsed.append(chunk) or parse(self, chunk, offset)
    )
    values = journal.read(keys)
    assert values[0] == ("r0", "R0") and values[-1] == ("late", "LATE") and len(values) == 1001
    assert parsed == [b'{"id":"late"}\n']  # only what came after the checkpoint


@pytest.mark.parametrize("content", ['{"inode": 1, "offset": 0, "values": []}', "{torn", '{"offset": 999999}'])
def test_a_stale_or_broken_checkpoint_is_ignored(store, content):
    journal = store.journal(store.root / "log.jsonl")
    journal.append([{"id": "a"}])
    (store.root / ".log.jsonl.keys.json").write_text(content)
    assert journal.read(keys) == (("a", "A"),)
