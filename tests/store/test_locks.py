"""Per-file locks and write generations (``engine.store.locks``)."""

from __future__ import annotations

import threading

import pytest

from engine.store.locks import FileLock, read_generation


def test_the_generation_counts_writes_and_survives_the_lock(tmp_path):
    path = tmp_path / "x.json"
    assert read_generation(path) == 0
    with FileLock(path) as lock:
        assert lock.bump_generation() == 1
        assert lock.bump_generation() == 2
    assert read_generation(path) == 2
    with FileLock(path) as lock:
        assert lock.generation() == 2


def test_threads_take_turns(tmp_path):
    path, inside, overlaps = tmp_path / "x.json", [], []

    def work():
        for _ in range(50):
            with FileLock(path):
                inside.append(1)
                if len(inside) > 1:
                    overlaps.append(1)
                inside.pop()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlaps == []


def test_releasing_a_lock_not_held_is_an_error(tmp_path):
    with pytest.raises(RuntimeError, match="not held"):
        FileLock(tmp_path / "x.json").release()
    with pytest.raises(RuntimeError, match="not held"):
        FileLock(tmp_path / "x.json").bump_generation()


def test_the_sidecar_folder_is_made_by_the_prepare_hook(tmp_path):
    path = tmp_path / "new" / "x.json"
    with FileLock(path, prepare=lambda: path.parent.mkdir()):
        assert (tmp_path / "new" / "x.json.lock").exists()
