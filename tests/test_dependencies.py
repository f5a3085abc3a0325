"""The lock: the environment the suite runs in is exactly what ``constraints.txt`` pins, and every
requirement is locked at the version its requirements file names (so ``make constraints`` was run)."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)")


def pins(path: Path) -> dict[str, str]:
    """``name -> version`` of every ``name==version`` line, names normalised as pip does."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line.strip())
        if match:
            found[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(2)
    return found


def test_every_locked_package_is_installed_at_its_locked_version():
    locked = pins(ROOT / "constraints.txt")
    assert len(locked) > 40  # the runtime and test dependencies with everything they pull in
    wrong = {
        name: (version, metadata.version(name)) for name, version in locked.items() if metadata.version(name) != version
    }
    assert wrong == {}, "installed versions differ from constraints.txt (run `make test` to reinstall)"


def test_every_requirement_is_locked_at_its_own_pin():
    locked = pins(ROOT / "constraints.txt")
    for requirements in ("requirements.txt", "requirements-test.txt"):
        for name, version in pins(ROOT / requirements).items():
            assert locked.get(name) == version, f"{requirements}: {name}=={version} (run `make constraints`)"
