"""Saving a form over HTTP: what DESIGN's budget measures — the answer a person waits for.

The repository benchmark (``measure.draft_saves``) times the store alone. This one times the whole
request: waitress, the token look-up, the CSRF check, building the WTForms class from the
template, validating as a draft, the store's save, and rendering the page that comes back (or the
JSON answer of an autosave). The server runs in a child process (``fork``, so it can be given the
benchmark's clock: the installation's programmes are in their second year at that moment), with
16 waitress threads as ``flask serve`` has; 16 client threads in this process each open a random
team's form once (untimed) and then save it back to back with no pause, every POST carrying the
page's CSRF token, nonce and draft revision as a browser's would.

Client and server share the machine's two cores, so the figures are somewhat pessimistic.
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import random
import secrets
import time
import urllib.parse
from collections.abc import Sequence
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

from engine.store import Store

from .build import START, Target
from .measure import Timings, run_threads

NOW = START + timedelta(days=500)  # between gathering 5 and 6: the programme runs, its links work
NOT_OPEN_YET = ("/sluttrapport/1", "/statusrapport/6")  # they open later: a save would be refused


def _serve(instance: str, port: int, ready) -> None:  # pragma: no cover - runs in the child process
    import waitress

    from engine import create_app

    app = create_app(
        {
            "INSTANCE_PATH": instance,
            "SECRET_KEY": "bench",
            "SCHEDULER": "off",
            "BASE_URL": f"http://127.0.0.1:{port}",
            "CLOCK": lambda: NOW,
            "LINK_GUESS_LIMIT": 10**6,
        }
    )
    ready.set()
    waitress.serve(app, host="127.0.0.1", port=port, threads=16, _quiet=True)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """One person's connection (keep-alive) and cookie, posting a form as a browser does."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = ""
        self.last = 0.0
        self.state: list[tuple[str, str]] = []

    def request(
        self, method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, str]:
        headers = {**(headers or {}), **({"Cookie": self.cookie} if self.cookie else {})}
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, text


class _FormControls(HTMLParser):
    """Every control of the page's template form with the value a browser would post (no buttons)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._text: list[str] = []
        self._in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form" and "template-form" in (a.get("class") or ""):
            self._in_form = True
        if not self._in_form or not a.get("name"):
            return
        if tag == "textarea":
            self._textarea, self._text = a["name"], []
        elif tag == "input" and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value") or ""))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def _form_state(page: str) -> list[tuple[str, str]]:
    parser = _FormControls()
    parser.feed(page)
    return parser.fields


def form_saves(
    store: Store,
    targets: Sequence[Target],
    threads: int,
    per_thread: int,
    seed: int,
    autosave: bool = False,
    pace: float = 0.0,
) -> Timings:
    """``threads`` people each save a random team's form ``per_thread`` times over HTTP (see the module doc).

    ``pace`` is the seconds between one person's saves (0: back to back). People who type save far
    less often than every second; ``pace=1`` is already an autosave storm, 0 is the server's ceiling.
    """
    from engine.access.links import mint_member_link

    port = _free_port()
    context = multiprocessing.get_context("fork")
    ready = context.Event()
    server = context.Process(target=_serve, args=(str(Path(store.root).parent), port, ready), daemon=True)
    server.start()
    try:
        ready.wait(60)
        _wait_until_listening(port)
        open_now = [t for t in targets if not t.assignment.endswith(NOT_OPEN_YET)]
        chosen = random.Random(seed).sample(open_now, threads)
        people = []
        for target in chosen:
            url = mint_member_link(store, "", target.pid, target.team, target.member, NOW)
            deliverable, occurrence = target.assignment.rsplit("/", 2)[1:]
            people.append((Browser(port), f"{url}a/{deliverable}/{occurrence}"))

        def step(rnd: random.Random, n: int) -> tuple[float, str]:
            browser, path = people[n // per_thread]
            if n % per_thread == 0:
                status, page = browser.request("GET", path)
                if status != 200:
                    raise RuntimeError(f"GET {path}: {status}")
                browser.state = _form_state(page)
            fields = _edited(browser.state, n, rnd)
            fields.append(("action", "autosave" if autosave else "save"))
            if autosave:  # verksted.js sends a fresh nonce with every background save
                fields = [(k, secrets.token_urlsafe(16) if k == "nonce" else v) for k, v in fields]
            body = urllib.parse.urlencode(fields)
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            if autosave:
                headers["Accept"] = "application/json"
            if pace:
                # a person's rhythm, not simulated time: the load generator waits as people do, each
                # at their own moment (a random phase, then pace ± 50 %), not all in the same instant
                wait = rnd.uniform(0, pace) if n % per_thread == 0 else rnd.uniform(pace / 2, pace * 1.5)
                time.sleep(max(0.0, (browser.last or time.perf_counter()) + wait - time.perf_counter()))
            started = browser.last = time.perf_counter()
            status, answer = browser.request("POST", path, body, headers)
            seconds = time.perf_counter() - started
            if status not in (200, 409):
                raise RuntimeError(f"POST {path}: {status} {answer[:300]}")
            if autosave:
                data = json.loads(answer)
                if "revision" in data:
                    browser.state = [(k, str(data["revision"]) if k == "revision" else v) for k, v in browser.state]
                return seconds, str(data.get("status", status))
            browser.state = _form_state(answer) or browser.state
            return seconds, "saved" if status == 200 else "conflict"

        return run_threads(threads, per_thread, seed, step)
    finally:
        server.terminate()
        server.join(10)


def _edited(state: list[tuple[str, str]], n: int, rnd: random.Random) -> list[tuple[str, str]]:
    """The form as posted, with the first free-text answer changed (a person typing on)."""
    fields, changed = [], False
    for name, value in state:
        if not changed and name not in ("csrf_token", "nonce", "revision") and len(value) > 20:
            value, changed = f"{value} Endret {n} {rnd.random():.4f}.", True
        fields.append((name, value))
    return fields


def _wait_until_listening(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.05)  # a real server process starting up
    raise RuntimeError("the benchmark server did not start")
