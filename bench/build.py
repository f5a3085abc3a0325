"""Build a benchmark installation: one programme in its second year, through the real repository
functions, then cloned to national size.

The first programme (``prog-00``) is made the way the running engine would make it: saved with
``save_programme``; per team the plan's 11 team assignments (hovedplan 1, fremdriftsplan 1–5,
statusrapport 3–6, sluttrapport 1), each worked on in a few draft saves and submitted in two
versions; template snapshots; the mail of two years (invitations, reminders, receipts, evaluation
links) enqueued, claimed and sent; and every event those calls log. The other programmes are
byte copies of its folder with the programme id replaced (ids have equal length, so sizes are
equal), each then saved once more through ``save_programme`` so the index lists it. The store
cares about sizes and counts, not about the words, so copies measure the same as fresh text.
"""

from __future__ import annotations

import os
import random
import shutil
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from engine.programmes import load_catalog
from engine.schema import FormTemplate
from engine.schema.context import month_value, months_between
from engine.store import Store, deliveries, drafts, outbox, programmes, templates

from .text import WORDS, edit, form_answers

ROOT = Path(__file__).resolve().parent.parent
OSLO = ZoneInfo("Europe/Oslo")
# The programmes started 500 days ago, so today they are in their second year (between gatherings 5
# and 6): a real `flask serve` on the real clock serves their forms and their links are valid.
START = datetime.combine(date.today() - timedelta(days=500), time(9, 0), tzinfo=OSLO)
GATHERING_GAP = 110  # days between two gatherings
PLAN = [
    ("hovedplan", 1),
    *(("fremdriftsplan", n) for n in range(1, 6)),
    *(("statusrapport", n) for n in range(3, 7)),
    ("sluttrapport", 1),
]
FORMS = ("hovedplan", "fremdriftsplan", "statusrapport", "sluttrapport", "evaluering")
DRAFT_SAVES = 4  # saves per assignment before the first submission (autosave and explicit)


@dataclass(frozen=True)
class Target:
    """A draft a benchmark user edits."""

    pid: str
    team: str
    assignment: str
    member: str


def programme_id(n: int) -> str:
    """The id of the n-th benchmark programme (all of one length, see ``clone_programme``)."""
    return f"prog-{n:02d}"


def programme_doc(pid: str, teams: int, rnd: random.Random) -> dict:
    """A programme document with ``teams`` teams of 3–5 members and six gatherings."""
    gatherings = [
        {
            "id": f"g{k}",
            "date": (START + timedelta(days=GATHERING_GAP * (k - 1))).date().isoformat(),
            "start": "09:00",
            "end": "15:30",
            "place": "Litteraturhuset",
            "host": f"team-{k:02d}",
            "theme": " ".join(rnd.choices(WORDS, k=6)),
            "agenda": "",
        }
        for k in range(1, 7)
    ]
    team_docs = [
        {
            "id": f"team-{t:02d}",
            "name": f"Kommune {t}",
            "withdrawn": None,
            "members": [
                {
                    "id": f"m{m}",
                    "name": f"Medlem {m}",
                    "email": f"m{m}.t{t}@example.org",
                    "role": "deltaker",
                    "active": True,
                }
                for m in range(1, rnd.randint(3, 5) + 1)
            ],
        }
        for t in range(1, teams + 1)
    ]
    return {
        "id": pid,
        "workflow": "utviklingsverksted",
        "title": f"Benchmark {pid}",
        "recipient": "prosjektgruppa",
        "language": "nb",
        "leader": {"name": "Leder", "email": "leder@example.org"},
        "gatherings": gatherings,
        "teams": team_docs,
        "extensions": [],
        "excusals": [],
    }


def build_programme(store: Store, pid: str, teams: int, seed: int) -> list[Target]:
    """Make programme ``pid`` in its second year through the repository functions; its draft targets."""
    rnd = random.Random(seed)
    doc = programme_doc(pid, teams, rnd)
    programmes.save_programme(store, doc, "leader", START - timedelta(days=30))
    for form in FORMS:
        templates.snapshot_template(store, pid, form, 1, shipped_forms()[form].to_dict())
    targets = []
    for team in doc["teams"]:
        members = [member["id"] for member in team["members"]]
        for number, (deliverable, occurrence) in enumerate(PLAN):
            key = f"{pid}/{team['id']}/{deliverable}/{occurrence}"
            at = START + timedelta(days=60 * number)
            form = shipped_forms()[deliverable]
            answers = form_answers(rnd, form, period_months(deliverable, occurrence))
            answers = _work_on_draft(store, pid, team["id"], key, members, at, answers, rnd)
            for version in (1, 2):
                deliveries.submit(
                    store,
                    pid,
                    team["id"],
                    key,
                    answers,
                    {"form": deliverable, "form_version": 1},
                    members[0],
                    "Medlem 1",
                    f"{key}:{version}",
                    at + timedelta(days=14),
                    at + timedelta(days=version),
                )
                answers = edit(rnd, answers)
            _send_mail(store, pid, team["id"], key, members, at, rnd)
            targets.append(Target(pid, team["id"], key, members[0]))
    return targets


@cache
def shipped_forms() -> dict[str, FormTemplate]:
    """The form templates in ``forms/``."""
    return load_catalog(ROOT / "forms", ROOT / "workflows").forms


def period_months(deliverable: str, occurrence: int) -> list[str]:
    """The months a Fremdriftsplan (after gathering k) or a Statusrapport (before it) covers."""
    first = {"fremdriftsplan": occurrence - 1, "statusrapport": occurrence - 2}.get(deliverable)
    if first is None:
        return []
    start = (START + timedelta(days=GATHERING_GAP * first)).date()
    return [month_value(y, m) for y, m in months_between(start, start + timedelta(days=GATHERING_GAP))]


def _work_on_draft(
    store: Store, pid: str, team: str, key: str, members: list[str], at: datetime, answers: dict, rnd: random.Random
) -> dict:
    revision = 0
    for save in range(DRAFT_SAVES):
        result = drafts.save_draft(
            store,
            pid,
            team,
            key,
            answers,
            rnd.choice(members),
            "Medlem",
            revision,
            f"{key}:draft:{save}",
            at + timedelta(hours=save),
        )
        revision = result.draft["revision"]
        answers = edit(rnd, answers)
    return answers


def _send_mail(
    store: Store, pid: str, team: str, key: str, members: list[str], at: datetime, rnd: random.Random
) -> None:
    kinds = ["invitation", "reminder", "reminder", "receipt"] + (["overdue"] if rnd.random() < 0.2 else [])
    ids = []
    for n, kind in enumerate(kinds):
        for member in members:
            message, _ = outbox.enqueue(
                store,
                pid,
                {
                    "key": f"{kind}:{key}:{n}:{member}",
                    "kind": kind,
                    "assignment": key,
                    "team": team,
                    "member": member,
                    "rule": None if kind in ("invitation", "receipt") else f"rule{n}",
                    "to": [f"{member}.{team}@example.org"],
                    "subject": f"{kind.title()}: {key}",
                    "text": "\n\n".join(" ".join(rnd.choices(WORDS, k=60)) for _ in range(4)),
                    "headers": {"X-Verksted-Kind": kind, "X-Verksted-Assignment": key},
                },
                at,
            )
            ids.append(message["id"])
    for message in outbox.claim(store, pid, ids, at):
        outbox.mark_sent(store, pid, message["id"], at + timedelta(seconds=5))


def clone_programme(source: Store, pid: str, target: Store, new_pid: str, now: datetime) -> None:
    """Copy programme ``pid`` of ``source`` into ``target`` as ``new_pid`` (same size), then index it."""
    if len(new_pid) != len(pid):
        raise ValueError("clones keep the id length so every file keeps its size")
    old, new = pid.encode(), new_pid.encode()
    src_dir, dst_dir = source.programme_dir(pid), target.programme_dir(new_pid)
    for folder, _, files in os.walk(src_dir):
        out = dst_dir / Path(folder).relative_to(src_dir)
        out.mkdir(parents=True, exist_ok=True)
        for name in files:
            if name.endswith(".lock"):
                continue
            (out / name).write_bytes((Path(folder) / name).read_bytes().replace(old, new))
    doc = programmes.get_programme(target, new_pid)
    assert doc is not None
    programmes.save_programme(target, doc, "leader", now)  # lists it in the index


def build_installation(root: Path, count: int, teams: int, seed: int) -> tuple[Store, list[Target]]:
    """An installation of ``count`` programmes under ``root``; returns the store and its draft targets."""
    if root.exists():
        shutil.rmtree(root)
    store = Store(root)
    first = programme_id(0)
    base_targets = build_programme(store, first, teams, seed)
    targets = list(base_targets)
    for n in range(1, count):
        pid = programme_id(n)
        clone_programme(store, first, store, pid, START + timedelta(days=700))
        targets += [Target(pid, t.team, t.assignment.replace(first, pid, 1), t.member) for t in base_targets]
    return store, targets
