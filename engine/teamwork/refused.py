"""The one exception the learning loop's services raise for what a person asked and cannot have.

``reason`` is a short word the pages and the CLI turn into a sentence (each service lists its
words); ``detail`` names what was at fault where there is something to name (a team).
"""

from __future__ import annotations


class Refused(ValueError):
    """A request the service cannot carry out as asked; nothing was stored."""

    def __init__(self, reason: str, detail: str = ""):
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}" if detail else reason)
