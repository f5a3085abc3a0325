"""Guessing passwords is slowed down; the rightful user is never locked out (issue #12, item 7).

Five wrong passwords for ``leder@…`` used to lock the account for 15 minutes — the right password
got 429 too — and the counts lived in one process's memory (a restart reset them, each process
counted alone). Now each account and address waits 1, 2, 4 … seconds (at most LOGIN_MAX_DELAY) after
its free failures, each address has a cap, and the counts are in the instance folder.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from engine import create_app
from tests.admin.conftest import PASSWORD, csrf, make_account

ROOT = Path(__file__).resolve().parents[2]
LEA = "lea@example.org"
ELSEWHERE = {"REMOTE_ADDR": "10.0.0.2"}


def attempt(client, email=LEA, password="wrong password!", environ=None):
    data = {"csrf_token": csrf(client), "email": email, "password": password}
    return client.post("/admin/login", data=data, environ_base=environ or {})


def test_the_right_password_waits_a_few_seconds_at_most_after_many_wrong_ones(app, client, clock):
    make_account(app, LEA)
    for _ in range(30):  # someone at this address keeps guessing, as fast as they are let
        response = attempt(client)
        if response.status_code == 429:
            clock.advance(seconds=int(response.headers["Retry-After"]))
    response = attempt(client, password=PASSWORD)
    if response.status_code == 429:
        wait = int(response.headers["Retry-After"])
        assert wait <= app.config["LOGIN_MAX_DELAY"]
        clock.advance(seconds=wait)
        response = attempt(client, password=PASSWORD)
    assert response.status_code == 302


def test_at_another_address_the_right_password_is_not_refused_at_all(app, client):
    make_account(app, LEA)
    for _ in range(12):
        attempt(client)
    leader = app.test_client()
    assert attempt(leader, password=PASSWORD, environ=ELSEWHERE).status_code == 302


def test_each_attempt_after_the_free_ones_waits_longer(app, client, clock):
    make_account(app, LEA)
    client.get("/?lang=en")
    for _ in range(app.config["LOGIN_ATTEMPT_LIMIT"] - 1):
        assert attempt(client).status_code == 200  # free: no wait
    waits = []
    for _ in range(5):
        assert attempt(client).status_code == 200
        refused = attempt(client)
        assert refused.status_code == 429
        waits.append(int(refused.headers["Retry-After"]))
        clock.advance(seconds=waits[-1])
    assert waits == [1, 2, 4, 5, 5]
    assert "Wait 5 seconds" in refused.get_data(as_text=True)


def test_an_address_that_sprays_many_accounts_is_capped(app, client, clock):
    make_account(app, LEA)
    limit = app.config["LOGIN_ADDRESS_LIMIT"]
    for n in range(limit):
        assert attempt(client, email=f"guess{n}@example.org").status_code == 200
    refused = attempt(client, password=PASSWORD)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) == app.config["LOGIN_ATTEMPT_WINDOW"]
    assert attempt(app.test_client(), password=PASSWORD, environ=ELSEWHERE).status_code == 302
    clock.advance(seconds=app.config["LOGIN_ATTEMPT_WINDOW"])
    assert attempt(client, password=PASSWORD).status_code == 302


def test_the_counts_survive_a_restart(app, app_config, client):
    make_account(app, LEA)
    for _ in range(app.config["LOGIN_ATTEMPT_LIMIT"]):
        attempt(client)
    restarted = create_app(app_config).test_client()
    assert attempt(restarted).status_code == 429


SECOND_PROCESS = """
import sys
from datetime import datetime
from engine import create_app
from tests.admin.conftest import csrf
now = datetime.fromisoformat(sys.argv[2])
app = create_app({"INSTANCE_PATH": sys.argv[1], "SECRET_KEY": "test-secret", "TESTING": True,
                  "SCHEDULER": "off", "CLOCK": lambda: now})
client = app.test_client()
for _ in range(int(sys.argv[3])):
    data = {"csrf_token": csrf(client), "email": "lea@example.org", "password": "wrong password!"}
    assert client.post("/admin/login", data=data).status_code == 200
"""


def test_another_process_of_the_instance_counts_the_same_attempts(app, client, instance, clock):
    make_account(app, LEA)
    free = str(app.config["LOGIN_ATTEMPT_LIMIT"])
    subprocess.run(
        [sys.executable, "-c", SECOND_PROCESS, str(instance), clock.now.isoformat(), free], cwd=ROOT, check=True
    )
    assert attempt(client, password=PASSWORD).status_code == 429
