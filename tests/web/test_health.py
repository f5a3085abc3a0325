"""``/healthz`` (``engine.mail.health``): the store writable, the scheduler passing, the mail waiting —
200 while all is well, 503 "degraded" when the store cannot be written or no pass has run for three
intervals. Time moves on the test's clock; the store is made unwritable for real."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from engine import create_app
from engine.mail.scheduler import tick
from tests.support.clockfix import Clock
from tests.support.programmes import local, small_programme, store_programme
from tests.support.server import LiveServer
from tests.support.smtp import free_port

START = local("2026-03-05T09:00")
INTERVAL = 60


@pytest.fixture
def clock():
    return Clock(START)


@pytest.fixture
def app_config(app_config):
    return {**app_config, "SCHEDULER_INTERVAL": INTERVAL}


def health(app):
    response = app.test_client().get("/healthz")
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    return response.status_code, response.get_json()


def test_a_fresh_installation_is_healthy_and_waits_for_its_first_pass(app, clock):
    assert health(app) == (
        200,
        {
            "status": "ok",
            "store": {"writable": True},
            "scheduler": {"running": False, "last_pass": None, "pending_mail": 0, "failed_mail": 0},
        },
    )
    clock.advance(seconds=3 * INTERVAL)
    assert health(app)[0] == 200
    clock.advance(seconds=1)
    status, body = health(app)
    assert status == 503 and body["status"] == "degraded"
    assert body["reasons"] == ["no scheduler pass for more than 3 intervals of 60 s"]


def test_a_pass_under_way_counts_as_passing_until_there_is_a_last_one(app, clock, instance):
    clock.advance(seconds=10 * INTERVAL)
    assert health(app)[0] == 503
    with _held(instance / "tick.lock"):  # what a pass holds while it runs
        assert health(app)[0] == 200


def test_the_last_pass_and_the_mail_waiting_are_reported_and_a_stopped_scheduler_degrades(
    app, clock, refusing_smtp_port
):
    store_programme(app, small_programme(date(2026, 3, 5)), START)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=refusing_smtp_port)
    report = tick(app, local("2026-03-05T19:00"))
    assert report.failed == 1 and report.deferred == 8  # the server refused: one tried, the rest wait
    clock.set(local("2026-03-05T19:00"))
    status, body = health(app)
    assert status == 200
    assert body["scheduler"] == {
        "running": False,
        "last_pass": "2026-03-05T19:00:00+01:00",
        "pending_mail": 8,
        "failed_mail": 1,
    }
    clock.advance(seconds=3 * INTERVAL)
    assert health(app)[0] == 200
    clock.advance(seconds=1)  # the scheduler stopped: three intervals without a pass
    status, body = health(app)
    assert (status, body["status"]) == (503, "degraded")
    assert body["scheduler"]["last_pass"] == "2026-03-05T19:00:00+01:00"
    tick(app, clock())  # it passes again
    assert health(app)[0] == 200


def test_the_running_flag_follows_the_runner_lock_of_the_instance(app, instance):
    with _held(instance / "scheduler.lock"):  # what the `flask serve` running the scheduler holds
        assert health(app)[1]["scheduler"]["running"] is True
    assert health(app)[1]["scheduler"]["running"] is False


def test_an_unwritable_store_degrades(app, instance):
    with _unwritable(instance / "data"):
        status, body = health(app)
        assert (status, body["status"], body["store"]) == (503, "degraded", {"writable": False})
        assert body["reasons"][0].startswith("the store cannot be written (")
    assert health(app)[0] == 200
    assert not [p for p in (instance / "data").iterdir() if p.name.startswith(".probe")]


@pytest.mark.slow
def test_a_web_only_process_reports_the_scheduler_another_process_runs(tmp_path):
    instance = tmp_path / "instance"
    create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "x"})
    scheduler = LiveServer(instance, free_port(), {"SCHEDULER": "on", "SCHEDULER_INTERVAL": 1}).start()
    web = LiveServer(instance, free_port(), {"SCHEDULER": "off", "SCHEDULER_INTERVAL": 1}).start()
    try:
        body = _wait_for(web, lambda body: body["scheduler"]["last_pass"] is not None)
        assert body["status"] == "ok" and body["scheduler"]["running"] is True
    finally:
        scheduler.stop()
    try:
        body = _wait_for(web, lambda body: body["status"] == "degraded", timeout=30)
        assert body["scheduler"]["running"] is False  # and three seconds (intervals) without a pass
    finally:
        web.stop()


def _wait_for(server: LiveServer, predicate, timeout: float = 30) -> dict:
    import json
    import time
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{server.url}/healthz", timeout=5) as response:
                body = json.load(response)
        except urllib.error.HTTPError as error:
            body = json.load(error)
        if predicate(body):
            return body
        assert time.monotonic() < deadline, (body, server.log())
        time.sleep(0.2)  # polling real processes, not simulating time


@contextlib.contextmanager
def _held(path: Path):
    fd = os.open(path, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        os.close(fd)


@contextlib.contextmanager
def _unwritable(folder: Path):
    """Make ``folder`` refuse new files for real: the immutable attribute (which binds root too) or,
    for a user without it, taking away the write permission."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("running as root without chattr: cannot make a folder unwritable")
        result = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True)
        if result.returncode != 0:
            pytest.skip(f"chattr +i is not allowed here: {result.stderr.strip()}")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        mode = folder.stat().st_mode
        folder.chmod(0o500)
        try:
            yield
        finally:
            folder.chmod(mode)
