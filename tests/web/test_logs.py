"""Logs (``engine.logs``): one line per event that a collector parses — logfmt or JSON lines — and no
person's name or address, no link token, no secret in any of them, whatever the server was doing."""

from __future__ import annotations

import io
import json
import logging
import re
import shlex
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date, timedelta
from http.cookiejar import CookieJar

import pytest

from engine import create_app
from engine.access.accounts import create_account
from engine.logs import configure, event, scrub
from engine.store import get_store
from tests.support.programmes import local, small_programme, store_programme
from tests.support.server import LiveServer
from tests.support.smtp import RefusingInbox, free_port, serving

TOKEN = "DEO5Tfuw2FPoVAt0L4ipw1Ub37N656VWhITDaaSSp9E"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("to kari.holm@example.org failed", "to [e-mail] failed"),
        (f"GET /p/demo/t/{TOKEN}/skjema/x", "GET /p/demo/t/[token]/skjema/x"),
        ("/p/demo/evaluering/3/Zm9vYmFyYmF6cXV4cXV1eA", "/p/demo/evaluering/3/[signature]"),
        (f"Authorization: Bearer {TOKEN}", "Authorization: Bearer [token]"),
        ("login password=hemmelig&next=/", "login password=[redacted]&next=/"),
        (f"a stray {TOKEN} here", "a stray [redacted] here"),
        ("programme demo-2026 message ab5a8dd0d6c305af", "programme demo-2026 message ab5a8dd0d6c305af"),
    ],
)
def test_scrub_replaces_addresses_tokens_and_secrets_and_nothing_else(text, expected):
    assert scrub(text) == expected


def _lines(log_format: str, emit) -> list[str]:
    stream = io.StringIO()
    handler = configure(log_format, "INFO", stream)
    try:
        emit(logging.getLogger("engine.test"))
    finally:
        logging.getLogger().removeHandler(handler)
    return stream.getvalue().splitlines()


def _emit(log):
    event(log, "mail_failed", logging.WARNING, programme="demo", message="ab12", attempts=2, error="550 no kari@x.no")
    log.info("plain message with a link /p/demo/t/%s/", TOKEN)
    try:
        raise ValueError('broken "quote"\nsecond line')
    except ValueError:
        log.exception("it broke")


def test_json_lines_parse_one_by_one_with_an_exception_on_the_same_line():
    lines = _lines("json", _emit)
    assert len(lines) == 3
    records = [json.loads(line) for line in lines]
    assert records[0] | {"time": "t", "pid": 1} == {
        "time": "t",
        "level": "warning",
        "logger": "engine.test",
        "event": "mail_failed",
        "programme": "demo",
        "message": "ab12",
        "attempts": 2,
        "error": "550 no [e-mail]",
        "pid": 1,
    }
    assert records[1]["event"] == "log" and records[1]["msg"] == "plain message with a link /p/demo/t/[token]/"
    assert records[2]["msg"] == "it broke" and "ValueError: broken" in records[2]["exception"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", records[0]["time"])


def test_logfmt_lines_split_into_keys_and_values():
    lines = _lines("text", _emit)
    assert len(lines) == 3
    pairs = [dict(part.split("=", 1) for part in shlex.split(line)) for line in lines]
    assert pairs[0]["event"] == "mail_failed" and pairs[0]["error"] == "550 no [e-mail]"
    assert pairs[0]["level"] == "warning" and pairs[0]["attempts"] == "2"
    assert pairs[2]["msg"] == "it broke" and 'broken "quote"\\nsecond line' in pairs[2]["exception"]


def test_an_unknown_log_format_stops_the_app_with_one_line(tmp_path):
    with pytest.raises(SystemExit, match="LOG_FORMAT must be one of text, json"):
        create_app({"INSTANCE_PATH": str(tmp_path), "LOG_FORMAT": "xml", "TESTING": True})


class _Browser:
    """A client of a live server that keeps cookies (a log-in) and does not raise on 4xx/5xx."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode()
        return self._open(urllib.request.Request(self.base + path, data=body, headers={"X-Request-ID": "abc-123"}))

    def _open(self, req) -> tuple[int, str]:
        try:
            with self.opener.open(req, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


@pytest.mark.slow
def test_a_serving_day_logs_parseable_json_lines_without_personal_data_or_tokens(tmp_path):
    """``flask serve`` with the scheduler sends invitations (one refused by the server), members open
    their links, the leader logs in, somebody guesses at links: every line parses, and no line holds a
    name, an address, a token or the password."""
    instance = tmp_path / "instance"
    setup = create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "log-secret-key"})
    doc = small_programme(date.today() - timedelta(days=1), cycle={"send_on": "any_day"})  # any weekday
    store_programme(setup, doc, local(f"{date.today() - timedelta(days=2)}T12:00"))
    with setup.app_context():
        create_account(get_store(), "lea@example.org", "the leader's password", "leader", local("2026-01-01T12:00"))
    inbox = RefusingInbox(refused=lambda address: address == "per@example.org")
    with serving(inbox) as smtp:
        settings = {
            "SCHEDULER": "on",
            "SCHEDULER_INTERVAL": 1,
            "LOG_FORMAT": "json",
            "SECRET_KEY": "log-secret-key",
            "MAIL_SERVER": smtp.host,
            "MAIL_PORT": smtp.port,
        }
        server = LiveServer(instance, free_port(), settings).start()
        try:
            received = inbox.wait_for(lambda messages: len(messages) >= 2, timeout=60)
            links = sorted({link for m in received for link in re.findall(r"http://\S+/p/\S+/t/[\w-]+/", m.text())})
            assert links, [m.text() for m in received]
            browser = _Browser(server.url)
            for link in links:
                assert browser.get(urllib.parse.urlparse(link).path)[0] == 200
            assert browser.get(f"/p/{doc['id']}/t/{TOKEN}/")[0] == 404
            login = browser.get("/admin/login")[1]
            csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
            status, _ = browser.post(
                "/admin/login", {"csrf_token": csrf, "email": "lea@example.org", "password": "the leader's password"}
            )
            assert status == 200  # followed the redirect to the programme list
            browser.get("/healthz")
            deadline = time.monotonic() + 30
            while '"mail_failed"' not in server.log():  # the refused invitation (polling a real process)
                assert time.monotonic() < deadline, server.log()
                time.sleep(0.1)
        finally:
            server.stop()
    lines = [line for line in server.log().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line parses on its own
    kinds = {record["event"] for record in records}
    assert {"request", "tick", "mail_sent", "mail_failed"} <= kinds, kinds
    routes = {r.get("route") for r in records if r["event"] == "request"}
    assert "/p/<pid>/t/[token]/" in routes and "/admin/login" in routes
    assert any(r.get("request_id") == "abc-123" for r in records)
    everything = "\n".join(lines)
    people = [(m["name"], m["email"]) for team in doc["teams"] for m in team["members"]]
    forbidden = [value for person in people for value in person] + ["Lea Leder", "lea@example.org"]
    forbidden += [urllib.parse.urlparse(link).path.split("/t/")[1].strip("/") for link in links]
    forbidden += [TOKEN, "the leader's password", "log-secret-key", "Nordmann", "Hansen"]
    assert [value for value in forbidden if value in everything] == []
