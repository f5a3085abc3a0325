"""Reading ``workflows/*.yaml``: JSON Schema first, then the engine's own rules, then the model.

Every complaint is one :class:`~engine.schema.source.Problem` (``file:line: path: message``). The
schema (``workflows/schema.json``, published for editors) checks the shape; the rules here check
what a schema cannot: unique keys and rule ids, forms that exist, gathering references that
make sense, ``only``/``except`` lists, durations, the time zone, and mail templates that compile.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..schema.languages import texts_of
from ..schema.source import Problem, Source, SourceError, read_yaml, schema_problems
from .mailtexts import template_problems
from .timerules import is_timezone, parse_clock, parse_duration, unquoted_clock_message
from .workflow import (
    AFTER_DUE,
    BEFORE_DUE,
    BY_LEADER,
    BY_PARTICIPANT,
    BY_TEAM,
    PERIOD_REF_KINDS,
    WEEKDAYS,
    Anchor,
    Deliverable,
    DigestRule,
    MailTemplate,
    PeriodRule,
    RefError,
    ReminderRule,
    Workflow,
    is_selector,
    parse_ref,
    selector_number,
)

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "workflows" / "schema.json"
RELATIONS = ("at", "before", "after")
Found = Iterator[tuple[tuple[str | int, ...], str]]


@lru_cache(maxsize=1)
def workflow_schema() -> dict[str, Any]:
    """The published JSON Schema of workflow files."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def load_workflows(directory: Path, forms: Mapping[str, object]) -> tuple[dict[str, Workflow], list[Problem]]:
    """Every ``*.yaml`` workflow in ``directory`` by id, and every problem found (never raises).

    A workflow's id must match its file name, so ``workflows/<id>.yaml`` is where to look for it.
    """
    workflows: dict[str, Workflow] = {}
    problems: list[Problem] = []
    for path in sorted(Path(directory).glob("*.yaml")):
        try:
            workflow = load_workflow(path, forms)
        except SourceError as exc:
            problems.extend(exc.problems)
            continue
        if workflow.id != path.stem:
            problems.append(
                Problem(
                    str(path),
                    1,
                    "id",
                    f"the id '{workflow.id}' differs from the file name; "
                    f"rename the file to {workflow.id}.yaml or change the id",
                )
            )
        elif workflow.id in workflows:
            problems.append(Problem(str(path), 1, "id", f"the id '{workflow.id}' is used by another workflow"))
        else:
            workflows[workflow.id] = workflow
    return workflows, problems


def load_workflow(path: Path, forms: Mapping[str, object]) -> Workflow:
    """Read and validate one workflow file; raises ``SourceError`` with every problem found."""
    return workflow_from_source(read_yaml(Path(path)), forms)


def workflow_from_source(source: Source, forms: Mapping[str, object]) -> Workflow:
    """Validate parsed YAML as a workflow and build the model; raises ``SourceError``."""
    if not isinstance(source.data, dict):
        raise SourceError(
            [
                source.problem(
                    (),
                    "a workflow must be a mapping with id, title, timezone, send_at, deliverables and mail at the top",
                )
            ]
        )
    data = dict(source.data)
    problems = []
    for name, stand_in in (("send_at", "00:00"), ("send_until", "23:59")):
        value = data.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            problems.append(source.problem((name,), unquoted_clock_message(value)))
            data[name] = stand_in  # reported above; keep the schema from saying it again
    problems += schema_problems(Source(source.file, data, source.lines), workflow_schema())
    if problems:
        raise SourceError(problems)
    problems = [source.problem(parts, message) for parts, message in workflow_rule_problems(data, forms)]
    if problems:
        raise SourceError(problems)
    return build_workflow(data, forms, source.file)


def workflow_rule_problems(data: Mapping[str, Any], forms: Mapping[str, object]) -> Found:
    """The engine's rules for schema-valid workflow data, as ``(path parts, message)`` pairs."""
    if not is_timezone(data["timezone"]):
        yield ("timezone",), f"{data['timezone']!r} is not an IANA time zone name such as 'Europe/Oslo'"
    try:
        send_at = parse_clock(data["send_at"])
    except ValueError as exc:
        yield ("send_at",), str(exc)
    else:
        if "send_until" in data and parse_clock(data["send_until"]) <= send_at:
            yield ("send_until",), f"send_until {data['send_until']} is not after send_at {data['send_at']}"
    yield from _range_problems(data)
    yield from _deliverable_problems(data["deliverables"], forms)
    yield from _reminder_problems(data.get("reminders", []), data["deliverables"])
    yield from _mail_problems(data)


def _range_problems(data: Mapping[str, Any]) -> Found:
    """``gatherings: {min, max}``: in order, and room for every gathering a deliverable names."""
    limits = data.get("gatherings", {})
    low, high = limits.get("min", 1), limits.get("max")
    if high is not None and high < low:
        yield ("gatherings", "max"), f"the most gatherings ({high}) is fewer than the fewest ({low})"
    named = [
        selector
        for item in data["deliverables"]
        for selector in item.get("only", [])
        if isinstance(selector, int) and not isinstance(selector, bool)
    ]
    for item in data["deliverables"]:
        for name in ("opens", "due", "closes"):
            anchor = item.get(name, {})
            for relation in RELATIONS:
                text = anchor.get(relation)
                if isinstance(text, str) and text.split(" ")[-1].isdigit():
                    named.append(int(text.split(" ")[-1]))
    if named and high is not None and max(named) > high:
        yield (
            ("gatherings", "max"),
            f"a deliverable names gathering {max(named)}, more than the most gatherings ({high})",
        )
    elif named and "min" in limits and max(named) > low:
        yield (
            ("gatherings", "min"),
            f"a deliverable names gathering {max(named)}, so a programme needs at least {max(named)} gatherings; "
            f"write min: {max(named)} or name the gathering relative to the last ('last', 'last-1')",
        )


def _deliverable_problems(deliverables: list[dict], forms: Mapping[str, object]) -> Found:
    seen: dict[str, int] = {}
    for index, item in enumerate(deliverables):
        here = ("deliverables", index)
        key = item["key"]
        if key in seen:
            yield (*here, "key"), f"the key '{key}' is already used by deliverables[{seen[key]}]"
        seen.setdefault(key, index)
        if item["form"] not in forms:
            known = ", ".join(sorted(forms)) or "none are loaded"
            yield (*here, "form"), f"unknown form '{item['form']}' (known forms: {known})"
        per_gathering = item.get("each") == "gathering"
        yield from _selection_problems(item, here, per_gathering)
        anchors = {}
        for name in ("opens", "due", "closes"):
            if name in item:
                found = list(_anchor_problems(item[name], (*here, name), per_gathering))
                yield from found
                if not found:
                    anchors[name] = _anchor(item[name])
        yield from _order_problems(anchors, here)
        if "period" in item:
            yield from _period_problems(item["period"], (*here, "period"), per_gathering)


_NOT_A_GATHERING = "is not a gathering; write a number (1, 2, …), 'first', 'last' or 'last-1' (the one before the last)"


def _selection_problems(item: dict, here: tuple, per_gathering: bool) -> Found:
    named = [name for name in ("only", "except", "from", "until", "every") if name in item]
    if named and not per_gathering:
        yield (*here, named[0]), f"'{named[0]}' needs 'each: gathering' (a one-off deliverable has one occurrence)"
        return
    if "only" in item and len(named) > 1:
        yield (*here, named[1]), f"give either 'only' or '{named[1]}', not both"
        return
    for name in ("from", "until"):
        if name in item and not is_selector(item[name]):
            yield (*here, name), f"{item[name]!r} {_NOT_A_GATHERING}"
    if "from" in item and "until" in item and is_selector(item["from"]) and is_selector(item["until"]):
        # Compare them where both are defined the same way (numbers, or both counted from the end).
        same_kind = isinstance(item["from"], int) == isinstance(item["until"], int)
        if same_kind and selector_number(item["until"], 100) < selector_number(item["from"], 100):
            yield (*here, "until"), f"'until: {item['until']}' comes before 'from: {item['from']}'"
    for name in ("only", "except"):
        seen = set()
        for position, selector in enumerate(item.get(name, [])):
            if not is_selector(selector):
                yield (*here, name, position), f"{selector!r} {_NOT_A_GATHERING}"
            elif selector in seen:
                yield (*here, name, position), f"gathering {selector} is listed twice"
            seen.add(selector)


def _anchor_problems(anchor: dict, here: tuple, per_gathering: bool) -> Found:
    relations = [name for name in RELATIONS if name in anchor]
    if len(relations) != 1:
        yield here, "write exactly one of 'at', 'before' or 'after', e.g. {after: gathering, days: 14}"
        return
    relation = relations[0]
    if relation == "at" and "days" in anchor:
        yield (*here, "days"), "'days' goes with 'before' or 'after', not with 'at'"
    if relation != "at" and "days" not in anchor:
        yield here, f"'{relation}' needs 'days', e.g. {{{relation}: {anchor[relation]}, days: 14}}"
    try:
        ref = parse_ref(anchor[relation])
    except RefError as exc:
        yield (*here, relation), str(exc)
        return
    if ref.kind == "own" and not per_gathering:
        yield (
            (*here, relation),
            (
                "'gathering' (the occurrence's own gathering) needs 'each: gathering'; "
                "name one instead, such as 'gathering 1' or 'gathering last'"
            ),
        )


def _anchor(anchor: dict) -> Anchor:
    relation = next(name for name in RELATIONS if name in anchor)
    return Anchor(relation, parse_ref(anchor[relation]), int(anchor.get("days", 0)))


def _order_problems(anchors: dict[str, Anchor], here: tuple) -> Found:
    """Opens ≤ due ≤ closes, where the anchors name the same gathering (others: per programme)."""
    for earlier, later in (("opens", "due"), ("due", "closes")):
        first, second = anchors.get(earlier), anchors.get(later)
        if first and second and first.ref == second.ref and second.offset < first.offset:
            yield (*here, later), f"'{later}' {second} comes before '{earlier}' {first}"


def _period_problems(period: dict, here: tuple, per_gathering: bool) -> Found:
    for name in ("from", "to"):
        try:
            ref = parse_ref(period[name], PERIOD_REF_KINDS)
        except RefError as exc:
            yield (*here, name), str(exc)
            continue
        if ref.kind in {"own", "next", "previous"} and not per_gathering:
            yield (*here, name), f"'{ref}' is relative to the occurrence's gathering and needs 'each: gathering'"


def _reminder_problems(reminders: list[dict], deliverables: list[dict]) -> Found:
    # what reminders can be about: the teams' documents and the leader's own
    team_keys = {d["key"] for d in deliverables if d.get("by", BY_TEAM) in (BY_TEAM, BY_LEADER)}
    all_keys = {d["key"] for d in deliverables}
    seen_ids: dict[str, int] = {}
    moments: dict[tuple[str, int], list[tuple[int, set[str]]]] = {}
    for index, rule in enumerate(reminders):
        here = ("reminders", index)
        if rule["id"] in seen_ids:
            yield (*here, "id"), f"the id '{rule['id']}' is already used by reminders[{seen_ids[rule['id']]}]"
        seen_ids.setdefault(rule["id"], index)
        directions = [name for name in (BEFORE_DUE, AFTER_DUE) if name in rule]
        if len(directions) != 1:
            yield here, "write exactly one of 'before_due' or 'after_due', e.g. {id: soon, before_due: 7d}"
            continue
        direction = directions[0]
        try:
            days = parse_duration(rule[direction])
        except ValueError as exc:
            yield (*here, direction), str(exc)
            continue
        if direction == AFTER_DUE and days < 1:
            yield (
                (*here, direction),
                ('a notice after the due day needs at least "1d" (on the due day itself use before_due: 0d)'),
            )
        covered = set(team_keys)
        for position, key in enumerate(rule.get("deliverables", [])):
            if key not in all_keys:
                yield (*here, "deliverables", position), f"no deliverable has the key '{key}'"
            elif key not in team_keys:
                yield (
                    (*here, "deliverables", position),
                    (f"'{key}' is answered by each participant anonymously; reminders go to teams and the leader only"),
                )
        if rule.get("deliverables"):
            covered = set(rule["deliverables"]) & team_keys
        for other, other_covered in moments.get((direction, days), []):
            if covered & other_covered:
                yield (*here, direction), f"reminders[{other}] already sends at this moment for the same deliverables"
        moments.setdefault((direction, days), []).append((index, covered))


def _mail_problems(data: Mapping[str, Any]) -> Found:
    mail = data["mail"]
    reminders = data.get("reminders", [])
    needed = {
        "overdue": (any(AFTER_DUE in r for r in reminders), "a reminder rule uses after_due"),
        "leader_copy": (any(r.get("cc") == "leader" for r in reminders), "a reminder rule has cc: leader"),
        "digest": (
            data.get("digest", {}).get("enabled", True),
            "the weekly digest is on (digest: {enabled: false} turns it off)",
        ),
        "evaluation": (
            any(d.get("by") == BY_PARTICIPANT for d in data["deliverables"]),
            "a deliverable is by: participant",
        ),
        "leader_due": (
            any(d.get("by") == BY_LEADER for d in data["deliverables"]),
            "a deliverable is by: leader",
        ),
    }
    for name, (is_needed, because) in needed.items():
        if is_needed and name not in mail:
            yield ("mail",), f"'{name}' is required because {because}"
    timezone = data["timezone"] if is_timezone(data["timezone"]) else "Europe/Oslo"
    for name, texts in mail.items():
        for part in ("subject", "body"):
            for language, text in texts_of(texts[part]):
                at = ("mail", name, part) if language is None else ("mail", name, part, language)
                for message in template_problems(name, text, timezone):
                    yield at, message


def build_workflow(data: Mapping[str, Any], forms: Mapping[str, object], file: str = "") -> Workflow:
    """The model of validated workflow data (call only after the schema and the rules passed)."""
    digest = data.get("digest", {})
    limits = data.get("gatherings", {})
    deliverables = tuple(_build_deliverable(item, forms) for item in data["deliverables"])
    titled = {
        **data,
        "deliverables": [
            {**item, "title": d.title} for item, d in zip(data["deliverables"], deliverables, strict=True)
        ],
    }
    return Workflow(
        id=data["id"],
        title=data["title"],
        timezone=data["timezone"],
        send_at=parse_clock(data["send_at"]),
        deliverables=deliverables,
        reminders=tuple(_build_rule(rule) for rule in data.get("reminders", [])),
        digest=DigestRule(bool(digest.get("enabled", True)), WEEKDAYS.index(digest.get("weekday", "monday"))),
        mail={
            name: MailTemplate(texts["subject"], texts["body"], texts.get("link_text", ""))
            for name, texts in data["mail"].items()
        },
        description=data.get("description", ""),
        source=file,
        send_until=parse_clock(data["send_until"]) if "send_until" in data else None,
        min_gatherings=int(limits.get("min", 1)),
        max_gatherings=limits.get("max"),
        send_on=data.get("send_on", "working_days"),
        data=copy.deepcopy(titled),
    )


def _build_deliverable(item: Mapping[str, Any], forms: Mapping[str, object]) -> Deliverable:
    period = item.get("period")
    form_title = (getattr(forms.get(item["form"]), "texts", None) or {}).get("title")
    titles = () if item.get("title") or not isinstance(form_title, Mapping) else tuple(form_title.items())
    return Deliverable(
        key=item["key"],
        form=item["form"],
        title=item.get("title") or str(getattr(forms.get(item["form"]), "title", None) or item["form"]),
        by=item.get("by", BY_TEAM),
        opens=_anchor(item["opens"]),
        due=_anchor(item["due"]),
        each=item.get("each"),
        only=tuple(item.get("only", ())),
        except_=tuple(item.get("except", ())),
        closes=_anchor(item["closes"]) if "closes" in item else None,
        from_=item.get("from"),
        until=item.get("until"),
        every=item.get("every", 1),  # the JSON Schema has checked it is a whole number from 1
        enabled=bool(item.get("enabled", True)),
        titles=tuple((str(lang), str(text)) for lang, text in titles if lang != "nb"),
        period=PeriodRule(parse_ref(period["from"], PERIOD_REF_KINDS), parse_ref(period["to"], PERIOD_REF_KINDS))
        if period
        else None,
    )


def _build_rule(rule: Mapping[str, Any]) -> ReminderRule:
    direction = BEFORE_DUE if BEFORE_DUE in rule else AFTER_DUE
    return ReminderRule(
        id=rule["id"],
        direction=direction,
        days=parse_duration(rule[direction]),
        cc_leader=rule.get("cc") == "leader",
        deliverables=tuple(rule.get("deliverables", ())),
    )
