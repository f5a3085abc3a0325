"""Run Verksted as users and cron do: ``flask --app engine serve`` / ``tick`` in subprocesses."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench.http import children

ROOT = Path(__file__).resolve().parents[2]


# The day the browser tests of the demo see (VERKSTED_CLOCK): a Sunday three weeks and a half before
# gathering 4, so what the pages show does not change with the day the tests run.
DEMO_DAY = "2026-11-22T10:00:00+01:00"


def engine_env(instance: Path, **settings: object) -> dict[str, str]:
    """Environment for a subprocess of the engine on ``instance`` with ``VERKSTED_<KEY>`` settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERKSTED_")}
    env["VERKSTED_INSTANCE_PATH"] = str(instance)
    env["PYTHONUNBUFFERED"] = "1"
    for key, value in settings.items():
        if value is not None:
            env[f"VERKSTED_{key}"] = str(value)
    return env


def flask_cli(
    instance: Path, *args: str, input: str | None = None, timeout: float = 120, **settings: object
) -> subprocess.CompletedProcess:
    """Run one ``flask --app engine …`` command to completion."""
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "engine", *args],
        cwd=ROOT,
        env=engine_env(instance, **settings),
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@dataclass
class LiveServer:
    """``flask --app engine serve`` on loopback, started and stopped by a test.

    ``workers``: ``serve --workers`` (None: serve's default, one per core).
    """

    instance: Path
    port: int
    settings: dict = field(default_factory=dict)
    workers: int | None = None
    process: subprocess.Popen | None = None
    log_path: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> LiveServer:
        self.log_path = self.instance.parent / f"serve-{self.port}.log"
        log = self.log_path.open("ab")
        settings = {"BASE_URL": self.url, **self.settings}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "flask",
                "--app",
                "engine",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                *(["--workers", str(self.workers)] if self.workers else []),
            ],
            cwd=ROOT,
            env=engine_env(self.instance, **settings),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"serve exited with {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)  # polling a real process start-up, not simulating time
        raise RuntimeError(f"serve did not answer within {timeout}s:\n{self.log()}")

    def stop(self, timeout: float = 10) -> None:
        """SIGTERM (a graceful stop: requests and a scheduler pass in flight finish), then wait."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def worker_pids(self, count: int | None = None, timeout: float = 30) -> list[int]:
        """The worker processes of the server (children of ``serve``), waiting until there are
        ``count`` of them (default: ``workers``) when it is given."""
        assert self.process is not None
        wanted = count or self.workers
        deadline = time.monotonic() + timeout
        while True:
            found = children(self.process.pid)
            if wanted is None or len(found) >= wanted or time.monotonic() > deadline:
                return found
            time.sleep(0.05)  # polling real processes as they boot

    def pids(self) -> set[int]:
        """``serve`` and its workers now."""
        assert self.process is not None
        return {self.process.pid, *children(self.process.pid)}

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path and self.log_path.exists() else ""
