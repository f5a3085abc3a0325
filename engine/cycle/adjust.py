"""A programme's adjustments of its workflow (the ``cycle`` key of a programme): pure.

A workflow is shared by many programmes; a leader may adjust it for one programme only — turn a
deliverable on or off, move when it opens and is due, replace the reminder rules, rewrite a mail
text. The adjustments are stored with the programme (and in its file) as overrides::

    cycle:
      deliverables:
        statusrapport: {enabled: false}
        fremdriftsplan: {due: {after: gathering, days: 21}}
      reminders:                       # when given, the programme's rules instead of the workflow's
        - {id: soon, before_due: 5d}
      mail:
        invitation: {subject: "…", body: "…"}
      send_on: any_day                 # mail on weekends and holidays too (default: the workflow's)

:func:`adjusted_workflow` merges them into the workflow's own (validated) data and builds the
workflow again, so an adjusted cycle is judged by exactly the rules of ``flask check``;
:func:`adjustment_problems` says what is wrong, with paths inside ``cycle``.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from .workflow import Workflow
from .workflow_load import build_workflow, workflow_rule_problems

DELIVERABLE_KEYS = ("enabled", "opens", "due")
Found = Iterator[tuple[tuple[str | int, ...], str]]


class AdjustmentError(ValueError):
    """The adjustments do not make a valid cycle; ``problems`` are ``(path parts, message)`` pairs."""

    def __init__(self, problems: list[tuple[tuple[str | int, ...], str]]):
        self.problems = problems
        super().__init__("; ".join(message for _parts, message in problems))


def adjusted_data(workflow: Workflow, cycle: Mapping[str, Any]) -> dict[str, Any]:
    """The workflow's file data with ``cycle`` applied (unknown keys are left for the problems)."""
    data = copy.deepcopy(dict(workflow.data))
    changes = cycle.get("deliverables") or {}
    for item in data.get("deliverables", []):
        for name, value in (changes.get(item["key"]) or {}).items():
            if name in DELIVERABLE_KEYS:
                item[name] = copy.deepcopy(value)
    if "reminders" in cycle:
        data["reminders"] = copy.deepcopy(list(cycle["reminders"] or []))
    if "send_on" in cycle:
        data["send_on"] = cycle["send_on"]
    for kind, texts in (cycle.get("mail") or {}).items():
        data.setdefault("mail", {})[kind] = {**data.get("mail", {}).get(kind, {}), **copy.deepcopy(dict(texts))}
    return data


def adjustment_problems(workflow: Workflow, cycle: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """What is wrong with ``cycle`` as adjustments of ``workflow``, paths starting at ``cycle``."""
    if not cycle:
        return []
    problems = list(_shape_problems(workflow, cycle))
    if problems:
        return problems
    data = adjusted_data(workflow, cycle)
    forms = {d.form: d for d in workflow.deliverables}  # the forms were checked with the workflow
    keys = [item["key"] for item in data["deliverables"]]
    return [(_cycle_path(parts, keys), message) for parts, message in workflow_rule_problems(data, forms)]


def adjusted_workflow(workflow: Workflow, cycle: Mapping[str, Any] | None) -> Workflow:
    """``workflow`` with the programme's adjustments; raises :class:`AdjustmentError`."""
    if not cycle:
        return workflow
    problems = adjustment_problems(workflow, cycle)
    if problems:
        raise AdjustmentError(problems)
    forms = {d.form: d for d in workflow.deliverables}
    adjusted = build_workflow(adjusted_data(workflow, cycle), forms, workflow.source)
    # The data names each deliverable in one language; its names in the others came from the form
    # templates when the workflow was first built, and a page in Nynorsk still needs them.
    titles = {d.key: d.titles for d in workflow.deliverables}
    deliverables = tuple(replace(d, titles=titles.get(d.key, d.titles)) for d in adjusted.deliverables)
    return replace(adjusted, deliverables=deliverables)


def _shape_problems(workflow: Workflow, cycle: Mapping[str, Any]) -> Found:
    """What the rules of a workflow cannot say: adjustments of things the workflow does not have."""
    for key, change in (cycle.get("deliverables") or {}).items():
        if workflow.deliverable(key) is None:
            names = ", ".join(d.key for d in workflow.deliverables)
            yield ("cycle", "deliverables", key), f"the workflow has no deliverable '{key}' (it has: {names})"
        for name in change or {}:
            if name not in DELIVERABLE_KEYS:
                yield (
                    ("cycle", "deliverables", key, name),
                    f"'{name}' cannot be adjusted; a programme may change {', '.join(DELIVERABLE_KEYS)}",
                )
    mail = workflow.data.get("mail", {})
    for kind in cycle.get("mail") or {}:
        if kind not in mail:
            yield ("cycle", "mail", kind), f"the workflow has no mail text '{kind}' (it has: {', '.join(mail)})"


def _cycle_path(parts: tuple[str | int, ...], keys: list[str]) -> tuple[str | int, ...]:
    """A path in the merged workflow data as a path in the programme's ``cycle``."""
    if len(parts) >= 2 and parts[0] == "deliverables" and isinstance(parts[1], int):
        return ("cycle", "deliverables", keys[parts[1]], *parts[2:])
    return ("cycle", *parts)


def cycle_changes(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> list[str]:
    """What differs between two ``cycle`` blocks, as short paths (``deliverables.statusrapport.due``,
    ``reminders``, ``mail.invitation.subject``) — the detail of a ``cycle_adjusted`` event."""
    before, after = before or {}, after or {}
    changed = []
    old_d, new_d = before.get("deliverables") or {}, after.get("deliverables") or {}
    for key in sorted(set(old_d) | set(new_d)):
        for name in DELIVERABLE_KEYS:
            if (old_d.get(key) or {}).get(name) != (new_d.get(key) or {}).get(name):
                changed.append(f"deliverables.{key}.{name}")
    for name in ("reminders", "send_on"):
        if before.get(name) != after.get(name):
            changed.append(name)
    old_m, new_m = before.get("mail") or {}, after.get("mail") or {}
    for kind in sorted(set(old_m) | set(new_m)):
        for part in ("subject", "body"):
            if (old_m.get(kind) or {}).get(part) != (new_m.get(kind) or {}).get(part):
                changed.append(f"mail.{kind}.{part}")
    return changed
