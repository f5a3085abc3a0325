"""The leader's adjustments of a programme's cycle: pure steps from one programme to the next.

A programme's ``cycle`` holds only what differs from the installed workflow (``engine.cycle.adjust``):
each step here compares with the workflow and drops an adjustment that brings a value back to the
workflow's own, so "as in the workflow" is always what an empty adjustment means and a later
change of the workflow file reaches the programme. Saving goes through ``edits.save_edit`` with a
``cycle_adjusted`` event naming what changed; unsubmitted assignments follow the new plan,
submitted ones keep their history (``cycle.plan_run``).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..cycle import Programme, Workflow, cycle_changes
from ..schema.languages import in_language
from .edits import Event


@dataclass(frozen=True)
class Timing:
    """When a deliverable opens or is due, as the pages edit it: a relation, days and the workflow's
    gathering reference (which the pages show but do not change)."""

    relation: str  # at | before | after
    days: int
    ref: str  # "gathering", "gathering 1", "gathering last" …

    def to_anchor(self) -> dict[str, Any]:
        """The workflow file's shape: ``{after: gathering, days: 14}``."""
        if self.relation == "at":
            return {"at": self.ref}
        return {self.relation: self.ref, "days": self.days}

    @classmethod
    def of(cls, anchor: Mapping[str, Any]) -> Timing:
        """From the file's shape."""
        relation = next(name for name in ("at", "before", "after") if name in anchor)
        return cls(relation, int(anchor.get("days", 0)), str(anchor[relation]))


def _installed(workflow: Workflow, key: str) -> Mapping[str, Any]:
    return next(item for item in workflow.data["deliverables"] if item["key"] == key)


def _cleaned(cycle: Mapping[str, Any]) -> dict[str, Any]:
    """``cycle`` without empty parts (so a programme without adjustments has no ``cycle`` at all)."""
    out = {name: value for name, value in cycle.items() if value or name == "reminders"}
    if "deliverables" in out:
        out["deliverables"] = {k: v for k, v in out["deliverables"].items() if v}
        if not out["deliverables"]:
            del out["deliverables"]
    if "mail" in out:
        out["mail"] = {k: v for k, v in out["mail"].items() if v}
        if not out["mail"]:
            del out["mail"]
    return out


def with_deliverable(
    programme: Programme, workflow: Workflow, key: str, enabled: bool, opens: Timing, due: Timing
) -> Programme:
    """The programme with deliverable ``key`` on or off and opening and due as given."""
    installed = _installed(workflow, key)
    change: dict[str, Any] = {}
    if enabled != bool(installed.get("enabled", True)):
        change["enabled"] = enabled
    for name, timing in (("opens", opens), ("due", due)):
        anchor = timing.to_anchor()
        if anchor != dict(installed[name]):
            change[name] = anchor
    cycle = copy.deepcopy(dict(programme.cycle))
    cycle.setdefault("deliverables", {})[key] = change
    return replace(programme, cycle=_cleaned(cycle))


def with_reminders(programme: Programme, workflow: Workflow, rules: Iterable[Mapping[str, Any]]) -> Programme:
    """The programme with its own reminder rules (the workflow's again when they are the same)."""
    rules = [dict(rule) for rule in rules]
    cycle = copy.deepcopy(dict(programme.cycle))
    if rules == list(workflow.data.get("reminders", [])):
        cycle.pop("reminders", None)
    else:
        cycle["reminders"] = rules
    return replace(programme, cycle=_cleaned(cycle))


def with_mail_text(programme: Programme, workflow: Workflow, kind: str, subject: str, body: str) -> Programme:
    """The programme with its own subject and text of mail ``kind`` (each dropped when it is the workflow's)."""
    installed = workflow.data["mail"][kind]
    text = {"subject": subject.strip(), "body": body.replace("\r\n", "\n").strip() + "\n"}
    own = {
        part: value
        for part, value in text.items()
        if value.strip() != in_language(installed[part], programme.language).strip()
    }
    cycle = copy.deepcopy(dict(programme.cycle))
    cycle.setdefault("mail", {})[kind] = own
    return replace(programme, cycle=_cleaned(cycle))


def cycle_event(before: Programme, after: Programme) -> list[Event]:
    """The ``cycle_adjusted`` event for a change of the cycle (none if nothing changed)."""
    changes = cycle_changes(before.cycle, after.cycle)
    return [Event("cycle_adjusted", detail={"changes": changes})] if changes else []
