"""Slowing guessing down without ever locking the rightful user out.

**Log-ins.** Counting failures per *account* let anyone lock a leader out: five wrong passwords for
``leder@…`` and the right one was refused for 15 minutes. Failures are counted per account *and
address* instead, and per address:

- each account and address has ``LOGIN_ATTEMPT_LIMIT`` free failures in ``LOGIN_ATTEMPT_WINDOW``;
  after them every further attempt from that address waits 1, 2, 4 … seconds after the last,
  never more than ``LOGIN_MAX_DELAY`` (a few seconds) — so the rightful user, even one who
  mistyped as often, is never refused for longer than that, and someone at another address not
  at all, while one address can try a password only every few seconds;
- each address has a cap: after ``LOGIN_ADDRESS_LIMIT`` failures in the window (for any accounts)
  it is refused until the oldest of them leaves the window — a sprayer's address stops there.

An attempt that would be counted as a failure with a delay takes its turn under the counts' lock
before the password is checked, so parallel requests from one address cannot all get in before
the delay: the second is refused like a too-early retry. A successful log-in clears its account
and address.

**Links.** A link look-up that fails (an unknown, revoked or expired token) counts against the
address; after ``LINK_GUESS_LIMIT`` in ``LINK_GUESS_WINDOW`` the address gets 429 until the window
slides. A valid link is never counted or refused: behind one proxy, one guesser must not lock
out a municipality's teams.

The counts are in the store (``engine.store.throttles``, hashed keys), so every process of the
instance sees the same ones and a restart keeps them. A look-up or log-in that changes nothing
reads the cached file and writes nothing.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ..store import Store
from ..store.throttles import Count, change_counts, read_counts


@dataclass(frozen=True)
class Refusal:
    """Why an attempt is refused and when to try again: ``wait`` (this account and address must
    wait a few seconds) or ``address`` (the address used up its failures for a while)."""

    reason: str
    retry_after: timedelta

    @property
    def seconds(self) -> int:
        """The wait in whole seconds, at least 1 (for ``Retry-After`` and the message)."""
        return max(1, math.ceil(self.retry_after.total_seconds()))


@dataclass(frozen=True)
class LoginPolicy:
    """The log-in throttle's settings (see the module docstring)."""

    free: int
    max_delay: timedelta
    address_limit: int
    window: timedelta

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> LoginPolicy:
        """The policy from the app's ``LOGIN_*`` settings."""
        return cls(
            int(config["LOGIN_ATTEMPT_LIMIT"]),
            timedelta(seconds=float(config["LOGIN_MAX_DELAY"])),
            int(config["LOGIN_ADDRESS_LIMIT"]),
            timedelta(seconds=float(config["LOGIN_ATTEMPT_WINDOW"])),
        )

    def delay(self, failures: int) -> timedelta:
        """How long an account and address waits after its ``failures``-th failure in the window."""
        if failures < self.free:
            return timedelta(0)
        return min(timedelta(seconds=2 ** min(failures - self.free, 16)), self.max_delay)

    def refusal(self, pair: Count, address: Count, now: datetime) -> Refusal | None:
        """Why an attempt with these counts is refused at ``now``, or None."""
        if len(address.failures) >= self.address_limit:
            oldest = address.failures[-self.address_limit]
            return Refusal("address", oldest + self.window - now)
        waiting = pair.waiting(now)
        return Refusal("wait", waiting) if waiting > timedelta(0) else None


def _key(kind: str, *parts: str) -> str:
    """A counted key as stored: hashed, so the file names no address and no e-mail address."""
    return hashlib.sha256("\x1f".join((kind, *parts)).encode("utf-8")).hexdigest()[:32]


def _login_keys(email: str, address: str) -> tuple[str, str]:
    return _key("login", (email or "").strip().lower(), address or "-"), _key("address", address or "-")


def login_gate(store: Store, policy: LoginPolicy, email: str, address: str, now: datetime) -> Refusal | None:
    """Whether an attempt to log in as ``email`` from ``address`` may check its password at ``now``.

    If a failure would make the next attempt wait, the attempt takes its turn now (under the lock).
    """
    pair, addr = _login_keys(email, address)
    counts = read_counts(store, (pair, addr), now, policy.window)
    refused = policy.refusal(counts[pair], counts[addr], now)
    if refused is not None or policy.delay(len(counts[pair].failures) + 1) == timedelta(0):
        return refused

    def take_turn(counts: dict[str, Count]) -> Refusal | None:
        refused = policy.refusal(counts[pair], counts[addr], now)  # another process may have been first
        if refused is None:
            counts[pair].not_before = now + policy.delay(len(counts[pair].failures) + 1)
        return refused

    return change_counts(store, (pair, addr), now, policy.window, take_turn)


def login_failed(store: Store, policy: LoginPolicy, email: str, address: str, now: datetime) -> None:
    """Count a wrong password for ``email`` from ``address``."""
    pair, addr = _login_keys(email, address)

    def count(counts: dict[str, Count]) -> None:
        counts[pair].failures.append(now)
        counts[addr].failures.append(now)
        delay = policy.delay(len(counts[pair].failures))
        counts[pair].not_before = now + delay if delay else None

    change_counts(store, (pair, addr), now, policy.window, count)


def login_succeeded(store: Store, policy: LoginPolicy, email: str, address: str, now: datetime) -> None:
    """Forget the failures of ``email`` from ``address`` (the address keeps its own count)."""
    pair, _ = _login_keys(email, address)
    if read_counts(store, (pair,), now, policy.window)[pair] == Count():
        return

    def clear(counts: dict[str, Count]) -> None:
        counts[pair] = Count()

    change_counts(store, (pair,), now, policy.window, clear)


def link_lookup_failed(store: Store, limit: int, window: timedelta, address: str, now: datetime) -> Refusal | None:
    """Count a link look-up from ``address`` that found nothing; a refusal once the address used up
    ``limit`` failures in ``window`` (then nothing more is counted: a flood writes nothing)."""
    key = _key("link", address or "-")
    count = read_counts(store, (key,), now, window)[key]
    if len(count.failures) >= limit:
        return Refusal("address", count.failures[-limit] + window - now)

    def record(counts: dict[str, Count]) -> None:
        counts[key].failures.append(now)

    change_counts(store, (key,), now, window, record)
    return None
