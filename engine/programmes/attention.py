"""What needs the leader's attention, across programmes: the leader's front page.

One list of :class:`Item`, grouped by kind; each kind is found by one function registered with
:func:`finder`, in the order the page shows them:

- ``overdue`` — a team still in the programme has not delivered by the deadline;
- ``due_soon`` — due on one of the next seven days and nothing started;
- ``draft`` — due on one of the next seven days and a draft is saved but not submitted: they may
  have forgotten to press "submit" (an overdue one with a draft says so under ``overdue``);
- ``unread`` — a version the leader has not read yet (``store.readings``: opening it reads it);
- ``answered`` — the team has submitted the new version the leader asked for, and it waits for the
  leader's feedback (``engine.reports.feedback.answered_requests``);
- ``mail_failed`` — a message that could not be delivered and waits for a retry.

A programme that has ended (every deadline more than :data:`ENDED` ago) is left out.

**Adding a kind** (feedback waiting for an answer, say) is one function here::

    @finder("feedback", N_("Feedback waiting for you"), N_("One sentence on what it means."),
            when=N_("asked %(date)s"), by=N_("from %(person)s"))
    def feedback(look: Look) -> Iterator[Item]:
        yield Item("feedback", look.run.id, asked_at, team, assignment, person=..., go=("read",))

— the page lists its items (team, document, date, person, note and the links ``go`` names) with no
change of its own. Headings are English message ids marked with :func:`N_`; the page translates
them (this layer has no words of its own). Nothing here writes: the page is a GET.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from ..cycle import Run, Status, team_is_active
from ..cycle.timerules import local_day
from ..reports.feedback import answered_requests
from ..store import Store
from ..store import drafts as draft_repo
from ..store import feedback as feedback_repo
from ..store import outbox as outbox_repo
from ..store import programmes as programme_repo
from ..store import readings as reading_repo
from ..store.records import parse_iso
from .catalog import Catalog
from .runs import ProgrammeInvalid, ProgrammeNotFound, cached_run

SOON = timedelta(days=7)  # "due this week": a deadline on one of the next seven days


def N_(message: str) -> str:  # the name Babel's extractor knows
    """Mark ``message`` for translation where it is said (on the page), not here."""
    return message


@dataclass(frozen=True)
class Item:
    """One thing to look at. ``when`` is the instant that matters (the deadline, the delivery, the
    failure), ``go`` where it is handled: ``remind`` (the assignment's mail page, "send reminder
    now"), ``team`` (extensions and excusals), ``read`` (the submission), ``compare`` (what changed
    since the version the leader read, ``since``), ``mail`` (the outbox, "retry now")."""

    kind: str
    programme: str
    when: datetime
    team: str | None = None
    assignment: str | None = None
    version: int | None = None
    since: int | None = None
    person: str | None = None  # who: saved the draft, submitted it, the recipient
    noted_at: datetime | None = None  # when the person did it (a draft's save)
    note: str | None = None  # data shown as it is (a mail server's answer)
    go: tuple[str, ...] = ()


@dataclass
class Look:
    """What a finder may look at: one programme at ``now``, through the eyes of ``admin``."""

    store: Store
    run: Run
    now: datetime
    admin: str

    @cached_property
    def states(self) -> dict[str, Status]:
        """Every assignment's status now."""
        return self.run.statuses(self.now)

    @cached_property
    def active(self) -> frozenset[str]:
        """The teams still in the programme."""
        return frozenset(t.id for t in self.run.programme.teams if team_is_active(t, self.now, self.run.workflow.tz))

    def owed(self, *states: Status) -> Iterator[Any]:
        """Team assignments in one of ``states``, of teams still in, by deadline."""
        chosen = [a for a in self.run.assignments if a.team in self.active and self.states[a.key] in states]
        return iter(sorted(chosen, key=lambda a: (a.effective_due_at, a.key)))

    def draft(self, assignment: Any) -> dict[str, Any] | None:
        """The team's saved draft of ``assignment``, if there is one."""
        return draft_repo.get_draft(self.store, self.run.id, assignment.team, assignment.key)


@dataclass(frozen=True)
class Kind:
    """A registered kind: its id, its finder and the page's words for it (message ids): the
    ``heading``, one sentence of ``explanation``, what an item's date is (``when``, with
    ``%(date)s``) and who its person is (``by``, with ``%(person)s``)."""

    id: str
    find: Callable[[Look], Iterable[Item]]
    heading: str
    explanation: str
    when: str
    by: str = ""


KINDS: list[Kind] = []


def finder(
    kind: str, heading: str, explanation: str, when: str, by: str = ""
) -> Callable[[Callable[[Look], Iterable[Item]]], Callable[[Look], Iterable[Item]]]:
    """Register a finder of ``kind`` with its words (the page shows kinds in registration order)."""

    def register(function: Callable[[Look], Iterable[Item]]) -> Callable[[Look], Iterable[Item]]:
        KINDS.append(Kind(kind, function, heading, explanation, when, by))
        return function

    return register


@dataclass(frozen=True)
class Attention:
    """Everything to look at, by kind (in :data:`KINDS` order), and the programmes it came from."""

    now: datetime
    items: Mapping[str, tuple[Item, ...]] = field(default_factory=dict)
    titles: Mapping[str, str] = field(default_factory=dict)  # programme id -> title
    runs: Mapping[str, Run] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """How many things there are to look at."""
        return sum(len(found) for found in self.items.values())


ENDED = timedelta(days=90)  # a programme whose last deadline is this far behind has ended


def has_ended(run: Run, now: datetime) -> bool:
    """Whether every deadline of ``run`` passed more than :data:`ENDED` ago: what it still lacks is
    history for its report, not something to chase, so the front page leaves it out."""
    deadlines = [a.effective_due_at for a in run.assignments]
    return bool(deadlines) and max(deadlines) < now - ENDED


def attention(store: Store, catalog: Catalog, admin: str, now: datetime) -> Attention:
    """What needs ``admin``'s attention at ``now`` in every programme that can be assembled."""
    found: dict[str, list[Item]] = {kind.id: [] for kind in KINDS}
    titles, runs = {}, {}
    for listed in programme_repo.list_programmes(store):
        try:
            run = cached_run(store, catalog, listed["id"])
        except (ProgrammeNotFound, ProgrammeInvalid):
            continue
        if has_ended(run, now):
            continue
        titles[run.id], runs[run.id] = run.programme.title, run
        look = Look(store, run, now, admin)
        for kind in KINDS:
            found[kind.id].extend(kind.find(look))
    return Attention(
        now,
        {
            kind: tuple(sorted(items, key=lambda i: (i.when, i.programme, i.assignment or "")))
            for kind, items in found.items()
        },
        titles,
        runs,
    )


# -- the kinds, in the order the page shows them ----------------------------------------------------


@finder(
    "overdue",
    N_("Overdue"),
    N_("Documents a team still in the programme has not delivered by the deadline."),
    when=N_("due %(date)s"),
    by=N_("draft saved by %(person)s"),
)
def overdue(look: Look) -> Iterator[Item]:
    """Overdue for a team still in (with the draft, if one is saved)."""
    for a in look.owed(Status.OVERDUE):
        yield _owed_item("overdue", look, a, look.draft(a), ("remind", "team"))


def _owed_item(kind: str, look: Look, a: Any, draft: dict[str, Any] | None, go: tuple[str, ...]) -> Item:
    """An assignment the team still owes, by its deadline, with who last saved its draft."""
    return Item(
        kind,
        look.run.id,
        a.effective_due_at,
        a.team,
        a.key,
        person=draft.get("saved_by_name") if draft else None,
        noted_at=parse_iso(draft["saved_at"]) if draft else None,
        go=go,
    )


def _soon(look: Look, with_draft: bool) -> Iterator[tuple[Any, dict[str, Any] | None]]:
    """Open assignments due within :data:`SOON`, with or without a saved draft."""
    tz = look.run.workflow.tz
    last_day = local_day(look.now, tz) + SOON
    for a in look.owed(Status.OPEN):
        if local_day(a.effective_due_at, tz) <= last_day:
            draft = look.draft(a)
            if (draft is not None) == with_draft:
                yield a, draft


@finder(
    "due_soon",
    N_("Due this week, not started"),
    N_("Open documents due within seven days that no one in the team has started on."),
    when=N_("due %(date)s"),
)
def due_soon(look: Look) -> Iterator[Item]:
    """Due within a week, no draft."""
    for a, draft in _soon(look, with_draft=False):
        yield _owed_item("due_soon", look, a, draft, ("remind",))


@finder(
    "draft",
    N_("Started, not submitted"),
    N_("Due within seven days: the team has saved a draft but not submitted it. Perhaps a reminder to press “Submit”."),
    when=N_("due %(date)s"),
    by=N_("draft saved by %(person)s"),
)
def drafts(look: Look) -> Iterator[Item]:
    """Due within a week with a draft saved."""
    for a, draft in _soon(look, with_draft=True):
        yield _owed_item("draft", look, a, draft, ("remind",))


@finder(
    "unread",
    N_("Waiting for your reading"),
    N_("Documents submitted, or submitted again, since you last opened them."),
    when=N_("submitted %(date)s"),
    by=N_("by %(person)s"),
)
def unread(look: Look) -> Iterator[Item]:
    """The newest version of each document, where it is newer than what ``admin`` has read."""
    read = reading_repo.read_versions(look.store, look.run.id, look.admin)
    for a in look.run.assignments:
        if a.team is None:
            continue  # the leader's own document: written, not waiting to be read
        versions = [v for v in look.run.versions(a.key) if parse_iso(v["submitted_at"]) <= look.now]
        if not versions or versions[-1]["version"] <= read.get(a.key, 0):
            continue
        latest, since = versions[-1], read.get(a.key)
        yield Item(
            "unread",
            look.run.id,
            parse_iso(latest["submitted_at"]),
            a.team,
            a.key,
            version=latest["version"],
            since=since,
            person=latest.get("submitted_by_name"),
            go=("compare",) if since else ("read",),
        )


@finder(
    "answered",
    N_("New versions you asked for"),
    N_("You asked for a new version and the team has submitted one: it waits for your feedback."),
    when=N_("submitted %(date)s"),
    by=N_("by %(person)s"),
)
def answered(look: Look) -> Iterator[Item]:
    """Requests for a new version that the team has answered, with no feedback from the leader since."""
    for key, request in answered_requests(look.run, feedback_repo.list_feedback(look.store, look.run.id)).items():
        latest = look.run.latest(key)
        a = look.run.assignment(key)
        if latest is None or a is None or parse_iso(latest["submitted_at"]) > look.now:
            continue
        yield Item(
            "answered",
            look.run.id,
            parse_iso(latest["submitted_at"]),
            a.team,
            key,
            version=latest["version"],
            since=int(request["version"]),
            person=latest.get("submitted_by_name"),
            go=("compare",),
        )


@finder(
    "mail_failed",
    N_("Mail that could not be sent"),
    N_("Messages the mail server did not accept. They are tried again; see why, and retry now."),
    when=N_("queued %(date)s"),
    by=N_("to %(person)s"),
)
def mail_failed(look: Look) -> Iterator[Item]:
    """Failed messages waiting in the outbox."""
    for message in outbox_repo.list_messages(look.store, look.run.id, state="failed"):
        recipients = ", ".join(r.get("name") or r.get("email", "") for r in message.get("to") or [])
        yield Item(
            "mail_failed",
            look.run.id,
            parse_iso(message["created_at"]),
            message.get("team"),
            message.get("assignment"),
            person=recipients,
            note=message.get("last_error"),
            go=("mail",),
        )
