"""Saving a form over HTTP, what a person waits for, next to the ceiling of the same server.

The server is the real ``flask --app engine serve --workers N`` (gunicorn) in a process of its own
on the benchmark's instance folder; the ceiling is a bare Flask page (``bench.bare``) on the same
server code. The client is this process: 16 threads, each one person with a keep-alive connection
and a cookie, who opens a random team's form once (untimed) and then saves it — back to back, or
at a person's pace — every POST carrying the page's security token, nonce and draft revision as a
browser's would, the whole form as the page holds it, with one answer changed. What comes back is
read as a browser needs it: the new nonce and revision (a full-page save), or the JSON (autosave).

Client and server share the machine's cores, so the figures are somewhat pessimistic; the bare
page is measured with the same client, so the ratio of the two is the fair comparison.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from random import Random

from engine.store import Store

from .build import Target
from .measure import Timings, run_threads

ROOT = Path(__file__).resolve().parent.parent
NOT_OPEN_YET = ("/sluttrapport/1", "/statusrapport/6")  # they open later: a save would be refused
HIDDEN = {
    name: re.compile(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"') for name in ("csrf_token", "nonce", "revision")
}


@dataclass
class Served:
    """A server process on 127.0.0.1:``port`` started by :func:`serving`."""

    process: subprocess.Popen
    port: int

    def cpu_seconds(self) -> float:
        """CPU time (user and system) the server's processes have used so far: what a request costs
        the server, whatever else the machine is doing (wall times are not: they wait for a core)."""
        ticks = 0
        for pid in [self.process.pid, *children(self.process.pid)]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> tuple[float, float]:
        """Resident memory of the server's processes together (master and workers): RSS, and PSS
        (shared pages divided among the processes that share them, so not counted twice)."""
        rss = pss = 0
        for pid in [self.process.pid, *children(self.process.pid)]:
            rss += _kib(f"/proc/{pid}/status", "VmRSS:")
            pss += _kib(f"/proc/{pid}/smaps_rollup", "Pss:")
        return rss / 1024, pss / 1024


@contextmanager
def serving(command: list[str], port: int, env: dict[str, str], log: Path, probe: str = "/healthz") -> Iterator[Served]:
    """Run ``command`` (a server on ``port``), wait until ``probe`` answers, stop it with SIGTERM after."""
    with log.open("ab") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_until_listening(process, port, probe, log)
        yield Served(process, port)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def verksted(instance: Path, port: int, workers: int, log: Path) -> AbstractContextManager[Served]:
    """``flask --app engine serve --workers N`` on ``instance`` (scheduler off: only pages are measured)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERKSTED_")}
    env.update(
        VERKSTED_INSTANCE_PATH=str(instance),
        VERKSTED_SECRET_KEY="bench",
        VERKSTED_SCHEDULER="off",
        VERKSTED_BASE_URL=f"http://127.0.0.1:{port}",
        VERKSTED_LINK_GUESS_LIMIT=str(10**6),
    )
    command = [sys.executable, "-m", "flask", "--app", "engine", "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    return serving(command, port, env, log)


def bare(port: int, workers: int, log: Path) -> AbstractContextManager[Served]:
    """The bare Flask page (``bench.bare``) on the same server with ``workers`` workers."""
    command = [sys.executable, "-m", "bench.bare", "--port", str(port), "--workers", str(workers)]
    return serving(command, port, dict(os.environ), log, probe="/")


class Browser:
    """One person's connection (keep-alive) and cookie."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookie = ""
        self.last = 0.0
        self.fields: list[tuple[str, str]] = []

    def request(self, method: str, path: str, body: str | None = None, headers: dict | None = None) -> tuple[int, str]:
        headers = {**(headers or {}), **({"Cookie": self.cookie} if self.cookie else {})}
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, text


def bare_pages(port: int, clients: int, per_client: int, seed: int) -> Timings:
    """``clients`` browsers asking for the bare page back to back."""
    people = [Browser(port) for _ in range(clients)]

    def step(rnd: Random, n: int) -> tuple[float, str]:
        started = time.perf_counter()
        status, _ = people[n // per_client].request("GET", "/")
        return time.perf_counter() - started, str(status)

    return run_threads(clients, per_client, seed, step)


def form_saves(
    store: Store,
    targets: Sequence[Target],
    port: int,
    clients: int,
    per_client: int,
    seed: int,
    autosave: bool = False,
    pace: float = 0.0,
) -> Timings:
    """``clients`` people each save a random team's form ``per_client`` times (see the module docstring).

    ``pace`` is the seconds between one person's saves (0: back to back). People who type save far
    less often than every second; ``pace=1`` is already an autosave storm, 0 is the server's ceiling.
    """
    from engine.access.links import mint_member_link
    from engine.clock import now

    open_now = [t for t in targets if not t.assignment.endswith(NOT_OPEN_YET)]
    people = []
    for target in Random(seed).sample(open_now, clients):
        url = mint_member_link(store, "", target.pid, target.team, target.member, now())
        deliverable, occurrence = target.assignment.rsplit("/", 2)[1:]
        people.append((Browser(port), f"{url}a/{deliverable}/{occurrence}"))

    def step(rnd: Random, n: int) -> tuple[float, str]:
        browser, path = people[n // per_client]
        if n % per_client == 0:
            status, page = browser.request("GET", path)
            if status != 200:
                raise RuntimeError(f"GET {path}: {status}")
            browser.fields = form_controls(page)
        fields = [*edited(browser.fields, n, rnd), ("action", "autosave" if autosave else "save")]
        if autosave:  # verksted.js sends a fresh nonce with every background save
            fields = [(k, secrets.token_urlsafe(16) if k == "nonce" else v) for k, v in fields]
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if autosave:
            headers["Accept"] = "application/json"
        if pace:
            # a person's rhythm, not simulated time: the load generator waits as people do, each at
            # their own moment (a random phase, then pace ± 50 %), not all in the same instant
            wait = rnd.uniform(0, pace) if n % per_client == 0 else rnd.uniform(pace / 2, pace * 1.5)
            time.sleep(max(0.0, (browser.last or time.perf_counter()) + wait - time.perf_counter()))
        body = urllib.parse.urlencode(fields)
        started = browser.last = time.perf_counter()
        status, answer = browser.request("POST", path, body, headers)
        seconds = time.perf_counter() - started
        if status != 200:
            raise RuntimeError(f"POST {path}: {status} {answer[:300]}")
        if autosave:
            data = json.loads(answer)
            browser.fields = _replaced(browser.fields, {"revision": str(data["revision"])})
            return seconds, str(data["status"])
        browser.fields = _replaced(browser.fields, {name: _hidden(answer, name) for name in HIDDEN})
        return seconds, "saved"

    return run_threads(clients, per_client, seed, step)


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


def form_controls(page: str) -> list[tuple[str, str]]:
    """What a browser would post from the page's form (read once per person, when the form opens)."""
    parser = _FormControls()
    parser.feed(page)
    return parser.fields


def _hidden(page: str, name: str) -> str:
    found = HIDDEN[name].search(page)
    if not found:
        raise RuntimeError(f"no {name} in the page that came back")
    return found.group(1)


def _replaced(fields: list[tuple[str, str]], values: dict[str, str]) -> list[tuple[str, str]]:
    return [(k, values.get(k, v)) for k, v in fields]


def edited(state: list[tuple[str, str]], n: int, rnd: Random) -> list[tuple[str, str]]:
    """The form as posted, with the first free-text answer changed (a person typing on)."""
    fields, changed = [], False
    for name, value in state:
        if not changed and name not in HIDDEN and len(value) > 20:
            value, changed = f"{value} Endret {n} {rnd.random():.4f}.", True
        fields.append((name, value))
    return fields


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _kib(path: str, label: str) -> int:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(label):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _wait_until_listening(process: subprocess.Popen, port: int, probe: str, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server ended with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", probe)
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.05)  # a real server process starting up
    raise RuntimeError(f"the benchmark server did not start:\n{log.read_text()[-3000:]}")
