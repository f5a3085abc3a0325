"""The workflow model: a reusable cycle of deliverables, reminders and mail texts (``workflows/*.yaml``).

A workflow says *relative to the gatherings* when each deliverable opens and is due; a programme
supplies the gatherings' dates. References to gatherings are written as in the file:

- ``gathering 3``, ``gathering first``, ``gathering last`` — a fixed gathering of the programme;
- ``gathering`` — the occurrence's own gathering (only for ``each: gathering`` deliverables);
- in a ``period`` rule also ``gathering next`` / ``gathering previous`` (the neighbours of the
  occurrence's gathering; past either end they mean the programme's start or end) and ``start`` /
  ``end`` (the programme's first day and last day, see ``planning.programme_span``).

The model is immutable; :mod:`engine.cycle.workflow_load` builds it from a validated file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from zoneinfo import ZoneInfo

from ..schema.languages import Text, in_language
from .timerules import zone

BY_TEAM = "team"
BY_PARTICIPANT = "participant"
BY_LEADER = "leader"  # the project leader's own documents (a report to the steering group)
# Who fills a deliverable in. Planning, mail and pages ask these sets rather than naming values,
# so another kind is one more entry, not a search through the code.
BY_KINDS = (BY_TEAM, BY_PARTICIPANT, BY_LEADER)
TEAM_KINDS = frozenset({BY_TEAM})  # one assignment per team, owed by its members together
REMINDED_KINDS = TEAM_KINDS | {BY_LEADER}  # reminded; participants answer anonymously and are not
BEFORE_DUE = "before_due"
AFTER_DUE = "after_due"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Mail templates a workflow provides; the first eight are always needed (see workflow_load).
MAIL_TEMPLATES = (
    "invitation",
    "reminder",
    "receipt",
    "link",
    "feedback",
    "message",
    "overdue",
    "leader_copy",
    "digest",
    "evaluation",
    "leader_due",  # needed when a deliverable is by: leader
    "presenter",  # optional: to a team the leader chose to present at a gathering
)

ANCHOR_REF_KINDS = frozenset({"number", "first", "last", "own"})
PERIOD_REF_KINDS = ANCHOR_REF_KINDS | {"next", "previous", "start", "end"}

_SELECTOR = re.compile(r"^(?:first|last|last-[1-9][0-9]?)$")
_REF = re.compile(r"^gathering(?: (?P<which>[1-9][0-9]{0,2}|first|last|next|previous))?$|^(?P<edge>start|end)$")


class RefError(ValueError):
    """A gathering reference that cannot be read; the message says what would be right."""


@dataclass(frozen=True)
class Ref:
    """A reference to a gathering (or to the programme's start or end), as written in a workflow."""

    kind: str  # number | first | last | own | next | previous | start | end
    number: int = 0

    def __str__(self) -> str:
        if self.kind in {"start", "end"}:
            return self.kind
        if self.kind == "own":
            return "gathering"
        return f"gathering {self.number if self.kind == 'number' else self.kind}"


def parse_ref(text: object, kinds: frozenset[str] = ANCHOR_REF_KINDS) -> Ref:
    """Read ``"gathering 3"`` and friends; raises :class:`RefError` naming the allowed forms."""
    match = _REF.match(text) if isinstance(text, str) else None
    ref = None
    if match:
        which = match.group("which") or match.group("edge")
        if which is None:
            ref = Ref("own")
        elif which.isdigit():
            ref = Ref("number", int(which))
        else:
            ref = Ref(which)
    if ref is None or ref.kind not in kinds:
        allowed = ["'gathering N'", "'gathering first'", "'gathering last'", "'gathering' (the occurrence's own)"]
        if "next" in kinds:
            allowed += ["'gathering next'", "'gathering previous'", "'start'", "'end'"]
        raise RefError(f"{text!r} is not a gathering reference; write {', '.join(allowed)}")
    return ref


@dataclass(frozen=True)
class Anchor:
    """A day relative to a gathering: ``{at: gathering 1}`` or ``{after: gathering, days: 14}``."""

    relation: str  # at | before | after
    ref: Ref
    days: int = 0

    @property
    def offset(self) -> int:
        """Days from the referenced gathering's date (negative before it)."""
        return -self.days if self.relation == "before" else (0 if self.relation == "at" else self.days)

    def __str__(self) -> str:
        days = f", days: {self.days}" if self.relation != "at" else ""
        return f"{{{self.relation}: {self.ref}{days}}}"


@dataclass(frozen=True)
class PeriodRule:
    """The span of months a deliverable reports on, overriding the default rule of ``planning``."""

    start: Ref
    end: Ref


@dataclass(frozen=True)
class Deliverable:
    """One document the programme asks for, once or at each gathering."""

    key: str
    form: str
    title: str
    by: str  # team | participant | leader
    opens: Anchor
    due: Anchor
    each: str | None = None  # "gathering" or None (one-off)
    only: tuple[int | str, ...] = ()
    except_: tuple[int | str, ...] = ()
    closes: Anchor | None = None
    period: PeriodRule | None = None
    from_: int | str | None = None  # with each: gathering, the first gathering it hangs on
    until: int | str | None = None  # … and the last
    every: int = 1  # with from/until: every n-th gathering of the range, counted from its first
    enabled: bool = True  # an optional deliverable is off until a programme turns it on
    titles: tuple[tuple[str, str], ...] = ()  # (language, title) where the form's title is written per language

    def title_in(self, language: str | None) -> str:
        """The title as a page or a mail in ``language`` says it ("Framdriftsplan" in nn); else ``title``."""
        return dict(self.titles).get(language or "", self.title)

    @property
    def per_gathering(self) -> bool:
        """True for ``each: gathering`` deliverables (one occurrence per selected gathering)."""
        return self.each == "gathering"

    def occurrences(self, gathering_count: int) -> list[int]:
        """The gathering numbers this deliverable hangs on; ``[1]`` for a one-off."""
        if not self.per_gathering:
            return [1]
        numbers = range(1, gathering_count + 1)
        if self.only:
            chosen = {selector_number(item, gathering_count) for item in self.only}
            return [n for n in numbers if n in chosen]
        low = selector_number(self.from_, gathering_count) if self.from_ is not None else 1
        high = selector_number(self.until, gathering_count) if self.until is not None else gathering_count
        excluded = {selector_number(item, gathering_count) for item in self.except_}
        return [n for n in numbers if low <= n <= high and n not in excluded and (n - low) % self.every == 0]

    def referenced_numbers(self) -> list[int]:
        """Every fixed gathering number this deliverable names (a programme needs that many)."""
        refs = [self.opens.ref, self.due.ref]
        refs += [self.closes.ref] if self.closes else []
        refs += [self.period.start, self.period.end] if self.period else []
        numbers = [ref.number for ref in refs if ref.kind == "number"]
        return numbers + [item for item in self.only if isinstance(item, int)]


def is_selector(item: object) -> bool:
    """A gathering as ``only``/``except``/``from``/``until`` name it: 1, 2, …, ``first``, ``last``,
    ``last-1`` (the one before the last) …"""
    if isinstance(item, bool):
        return False
    if isinstance(item, int):
        return item >= 1
    return isinstance(item, str) and bool(_SELECTOR.match(item))


def selector_number(item: int | str, count: int) -> int:
    """The gathering number a selector names in a programme of ``count`` gatherings (may be < 1)."""
    if item == "first":
        return 1
    if isinstance(item, str) and item.startswith("last"):
        return count - int(item[5:] or 0)
    return int(item)


@dataclass(frozen=True)
class ReminderRule:
    """A reminder N days before the due day or a notice N days after it."""

    id: str
    direction: str  # before_due | after_due
    days: int
    cc_leader: bool = False
    deliverables: tuple[str, ...] = ()  # empty: every team deliverable

    @property
    def kind(self) -> str:
        """The mail kind (X-Verksted-Kind) of the messages this rule sends."""
        return "reminder" if self.direction == BEFORE_DUE else "overdue"

    @property
    def offset(self) -> int:
        """Days from the due day (negative before it)."""
        return -self.days if self.direction == BEFORE_DUE else self.days

    def applies_to(self, deliverable: Deliverable) -> bool:
        """Reminders concern what a team or the leader owes: participants answer anonymously."""
        if deliverable.by not in REMINDED_KINDS:
            return False
        return not self.deliverables or deliverable.key in self.deliverables


@dataclass(frozen=True)
class MailTemplate:
    """The Jinja source of one message: a one-line subject and a plain-text body; ``link_text``
    labels the button the HTML part makes of the line that is only the link ("" keeps a plain link).

    Each part is one string for every language or a text per language (``{nb: …, nn: …}``, nb the
    default); :meth:`in_language` gives the plain texts a programme of that language sends."""

    subject: Text
    body: Text
    link_text: Text = ""

    def in_language(self, language: str | None) -> MailTemplate:
        """The texts for ``language`` (a part without a text of its own in it falls back to nb)."""
        return MailTemplate(
            in_language(self.subject, language), in_language(self.body, language), in_language(self.link_text, language)
        )


@dataclass(frozen=True)
class DigestRule:
    """The leader's weekly digest: on or off, and on which weekday (0 = Monday)."""

    enabled: bool = True
    weekday: int = 0


DEFAULT_SEND_UNTIL = time(22, 0)


@dataclass(frozen=True)
class Workflow:
    """A validated workflow; ``mail`` maps template names (``MAIL_TEMPLATES``) to their texts."""

    id: str
    title: str
    timezone: str
    send_at: time
    deliverables: tuple[Deliverable, ...]
    reminders: tuple[ReminderRule, ...] = ()
    digest: DigestRule = field(default_factory=DigestRule)
    mail: Mapping[str, MailTemplate] = field(default_factory=dict)
    description: str = ""
    source: str = ""  # the file it came from, for messages
    send_until: time | None = None  # the end of the sending hours (None: DEFAULT_SEND_UNTIL)
    min_gatherings: int = 1
    max_gatherings: int | None = None
    send_on: str = "working_days"  # or "any_day": see engine.cycle.calendar
    data: Mapping = field(default_factory=dict, compare=False, repr=False)  # validated file data, titles filled in

    @property
    def sending_hours(self) -> tuple[time, time]:
        """From ``send_at`` to ``send_until``: when mail that waited may still go out that day.

        Without ``send_until`` the hours end at 22:00 — or a minute before midnight, for a workflow
        whose ``send_at`` is as late as that.
        """
        until = self.send_until or (DEFAULT_SEND_UNTIL if self.send_at < DEFAULT_SEND_UNTIL else time(23, 59))
        return self.send_at, until

    @property
    def tz(self) -> ZoneInfo:
        """The workflow's time zone; every opening, deadline and send moment is local to it."""
        return zone(self.timezone)

    def deliverable(self, key: str) -> Deliverable | None:
        """The deliverable with ``key``, or None."""
        return next((d for d in self.deliverables if d.key == key), None)

    def leader_deliverables(self) -> list[Deliverable]:
        """The deliverables the project leader writes (``by: leader``), in file order."""
        return [d for d in self.deliverables if d.by == BY_LEADER]

    def rules_for(self, deliverable: Deliverable) -> list[ReminderRule]:
        """The reminder rules that concern ``deliverable``, in file order."""
        return [rule for rule in self.reminders if rule.applies_to(deliverable)]

    def gatherings_needed(self) -> int:
        """The highest fixed gathering number any deliverable names (0 if none)."""
        return max((n for d in self.deliverables for n in d.referenced_numbers()), default=0)

    @property
    def gathering_range(self) -> tuple[int, int | None]:
        """The fewest and most gatherings a programme of this workflow may have (None: no most)."""
        return max(self.min_gatherings, self.gatherings_needed(), 1), self.max_gatherings

    def fits(self, count: int) -> bool:
        """Whether a programme of ``count`` gatherings can carry this workflow."""
        low, high = self.gathering_range
        return low <= count and (high is None or count <= high)

    @property
    def enabled_deliverables(self) -> tuple[Deliverable, ...]:
        """The deliverables a programme of this workflow asks for (optional ones only when on)."""
        return tuple(d for d in self.deliverables if d.enabled)
