"""Verksted behind nginx with HTTPS, as README "Running in production" sets it up: the deployment check
(``tools/check_behind_nginx.py``) run on this machine. Skipped, with the reason, where nginx cannot be had."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = 77


@pytest.mark.slow
def test_log_in_team_link_secure_cookies_and_health_through_nginx():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "check_behind_nginx.py")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode == SKIPPED:
        pytest.skip(result.stdout.strip())
    assert result.returncode == 0, result.stdout + result.stderr
    passed = [line for line in result.stdout.splitlines() if line.startswith("ok: ")]
    assert len(passed) == 5, result.stdout
