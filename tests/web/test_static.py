"""engine/web/static: what the stylesheet draws must be drawable.

Symbols the CSS puts on the page (``content: "✓"``) are text in whatever font the browser picked.
A symbol missing from the font shows as an empty box — as the extension mark "⧗" did in Debian's
chromium, whose sans-serif is DejaVu Sans. Each symbol must be in that font; where a symbol is not,
the page draws an SVG icon instead (``templates/admin/_macros.html`` ``icon``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[2] / "engine" / "web" / "static" / "verksted.css"
FONT = "DejaVu Sans"


def drawn_symbols() -> set[str]:
    """Every character the stylesheet writes with ``content``, spaces aside."""
    strings = re.findall(r'content:\s*"([^"]*)"', CSS.read_text(encoding="utf-8"))
    return {char for text in strings for char in text if not char.isspace()}


def in_font(char: str) -> bool:
    found = subprocess.run(
        ["fc-list", f":family={FONT}:charset={ord(char):x}", "family"], capture_output=True, text=True, check=True
    )
    return bool(found.stdout.strip())


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig is installed with chromium by make test")
def test_every_symbol_the_stylesheet_draws_is_in_the_browsers_font():
    if not in_font("A"):
        pytest.skip(f"{FONT} is not installed")
    symbols = drawn_symbols()
    assert {"✓", "!", "○"} <= symbols  # the status marks are found at all
    missing = sorted(f"{char} (U+{ord(char):04X})" for char in symbols if not in_font(char))
    assert not missing, f"not in {FONT}, shown as an empty box: {', '.join(missing)}"
