"""What one scheduler pass did: counted by the outbox as it works, kept by the scheduler."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


@dataclass
class TickReport:
    """What one pass did, for the CLI, the log, the leader's page and the tests."""

    now: datetime
    queued: int = 0
    sent: int = 0
    failed: int = 0
    discarded: int = 0  # no longer relevant when their turn came (submitted, withdrawn, stale)
    deferred: int = 0  # left for a later pass: the mail server failed or was too slow
    held: int = 0  # due outside the workflow's sending hours: kept for its next send_at
    programmes: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    store_problem: str | None = None  # the data folder could not be written: nothing was done

    def summary(self) -> str:
        """One line: the pass's time and what it did."""
        return (
            f"{self.now.isoformat()}: {self.programmes} programme(s), {self.queued} message(s) queued, "
            f"{self.sent} sent, {self.failed} failed, {self.discarded} discarded, {self.deferred} deferred"
            + (f", {self.held} held until send_at" if self.held else "")
            + f" ({round(self.seconds, 3):.2f} s)"
        )  # the figure last-pass.json keeps

    def to_document(self) -> dict[str, Any]:
        """The JSON kept in ``last-pass.json``."""
        return {
            "now": self.now.isoformat(),
            "finished_at": datetime.now(UTC).isoformat(),
            "pid": os.getpid(),
            "programmes": self.programmes,
            "queued": self.queued,
            "sent": self.sent,
            "failed": self.failed,
            "discarded": self.discarded,
            "deferred": self.deferred,
            "held": self.held,
            "seconds": round(self.seconds, 3),
            "errors": self.errors[:20],
            "store_problem": self.store_problem,
        }
