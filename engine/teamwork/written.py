"""Text people write into the learning loop (feedback, messages, notes) as it is stored.

Line ends become ``\\n`` and control characters other than the line break and the tab are
dropped — nobody types them, and they would only trouble a mail client, a terminal or a
spreadsheet later; what remains is stored as written and escaped wherever it is shown.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def written(text: str | None) -> str:
    """``text`` with normalised line ends, no control characters, and no blank lines around it."""
    normalised = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", normalised).strip()
