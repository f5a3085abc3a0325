"""Fixtures for the store's tests: a store on a temp folder, a clock reading, a saved programme,
and a runner for a second process (``store_worker.py``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from engine.store import Store, programmes

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("store_worker.py")
OSLO = ZoneInfo("Europe/Oslo")
PID = "jv-2018"


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "data")


@pytest.fixture
def now() -> datetime:
    return datetime(2019, 3, 1, 10, 0, tzinfo=OSLO)


@pytest.fixture
def pid(store, now) -> str:
    """A saved programme with two teams."""
    programmes.save_programme(
        store,
        {
            "id": PID,
            "workflow": "utviklingsverksted",
            "title": "Jobbvinner",
            "teams": [
                {
                    "id": "moss",
                    "name": "Moss",
                    "members": [{"id": "kari", "name": "Kari"}, {"id": "ola", "name": "Ola"}],
                },
                {"id": "valer", "name": "Våler", "members": [{"id": "per", "name": "Per"}]},
            ],
        },
        "leader",
        now,
    )
    return PID


class Worker:
    """A second process running one ``store_worker.py`` command against the same store."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )

    def expect(self, line: str) -> None:
        assert self.process.stdout is not None
        got = self.process.stdout.readline().strip()
        assert got == line, f"worker said {got!r}"

    def send(self, line: str = "go") -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def result(self, timeout: float = 120):
        out, _ = self.process.communicate(timeout=timeout)
        assert self.process.returncode == 0, f"worker failed with {self.process.returncode}"
        return json.loads(out.strip().splitlines()[-1])


@pytest.fixture
def worker():
    started: list[Worker] = []

    def start(*args: str) -> Worker:
        started.append(Worker(*(str(a) for a in args)))
        return started[-1]

    yield start
    for running in started:
        if running.process.poll() is None:
            running.process.kill()
            running.process.wait()
