"""The programme's problems next to the fields they concern, in the leader's language.

``engine.cycle.programme_problems`` speaks for files and the CLI: English ``path: message``
lines such as ``gatherings[2].date: 2019-02-14 is not after the previous gathering …``. The
pages map each path to the input it concerns (or keep it for the error summary) and translate the
messages people meet most; a message without a translation is shown as the core wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from wtforms import Field, FieldList, FormField

from ...programmes import Run
from ...timefmt import fmt_date
from .common import occurrence_label


@dataclass(frozen=True)
class Problem:
    """One line of the error summary: the input to jump to (or None) and the message."""

    anchor: str | None
    label: str
    message: str


def split(line: str) -> tuple[str, str]:
    """``"gatherings[2].date: …"`` -> ``("gatherings[2].date", "…")``."""
    path, _sep, message = line.partition(": ")
    return ("", line) if not _sep else (path, message)


def _day(text: str) -> str:
    try:
        return fmt_date(date.fromisoformat(text))
    except ValueError:
        return text


def _range(m: re.Match[str]) -> str:
    values = {"low": m["low"], "high": m["high"], "count": m["count"]}
    if m["high"]:
        return _("The workflow is made for %(low)s to %(high)s gatherings; the programme has %(count)s.", **values)
    if m["least"]:
        return _("The workflow is made for at least %(low)s gatherings; the programme has %(count)s.", **values)
    return _("The workflow is made for exactly %(low)s gatherings; the programme has %(count)s.", **values)


_MESSAGES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"^the (title|recipient|place|host|theme) is missing$|^the (leader|team|member)'s name is missing$"),
        lambda m: _("This must be filled in."),
    ),
    (
        re.compile(r"has letters outside A–Z before the @; Verksted cannot send mail to it"),
        lambda m: _(
            "Verksted cannot send mail to an address with letters such as æ, ø or å before the @. Use another address."
        ),
    ),
    (
        re.compile(r"^'(?P<value>.*)' is not a valid e-mail address"),
        lambda m: _("%(value)s is not a valid e-mail address.", value=m["value"] or _("(empty)")),
    ),
    (
        re.compile(r"is not after the previous gathering \((?P<day>[\d-]+)\)"),
        lambda m: _(
            "The date must be after the previous gathering (%(date)s): one gathering per day, in date order.",
            date=_day(m["day"]),
        ),
    ),
    (re.compile(r"is not a time of day"), lambda m: _("Write the time as HH:MM, for example 09:00.")),
    (re.compile(r"^the end \S+ is not after the start \S+$"), lambda m: _("The end must be after the start.")),
    (
        re.compile(
            r"^the workflow '.*' is made for (?:(?P<exactly>exactly )|(?P<least>at least ))?(?P<low>\d+)"
            r"(?: to (?P<high>\d+))? gatherings, but the programme has (?P<count>\d+)$"
        ),
        lambda m: _range(m),
    ),
    (re.compile(r"^a programme needs at least one gathering$"), lambda m: _("Add at least one gathering.")),
    (re.compile(r"^a programme needs at least one team$"), lambda m: _("Add at least one team.")),
    (
        re.compile(r"^the name '(?P<name>.*)' is used by teams\[\d+\]$"),
        lambda m: _("Another team is called %(name)s.", name=m["name"]),
    ),
    (
        re.compile(r"is already the address of members\[\d+\] of this team$"),
        lambda m: _("Another member of this team has this e-mail address."),
    ),
    (
        re.compile(r"is not an id; use lower-case letters"),
        lambda m: _("Use only lower-case letters a–z, digits and hyphens."),
    ),
    (
        re.compile(r"is outside the programme \((?P<start>[\d-]+) to (?P<end>[\d-]+)\)$"),
        lambda m: _(
            "The date must fall within the programme, %(start)s to %(end)s.", start=_day(m["start"]), end=_day(m["end"])
        ),
    ),
    (re.compile(r"^contains a line break; write it on one line$"), lambda m: _("Write this on one line.")),
    (
        re.compile(r"^contains the invisible control character U\+(?P<code>[0-9A-F]+)"),
        lambda m: _("Remove the invisible control character (U+%(code)s) from this text.", code=m["code"]),
    ),
    (re.compile(r"^say why the team withdrew$"), lambda m: _("Say why the team withdrew.")),
    # An extension or excusal of a document the programme no longer has (a gathering removed).
    (
        re.compile(r"^\S+ has no occurrence \d+ \(it has: [\d, ]*\)$"),
        lambda m: _("This document is not in the programme."),
    ),
    (re.compile(r"^say why the assignment is excused$"), lambda m: _("Say why the assignment is excused.")),
    (
        re.compile(r"^(?P<due>[\d-]+) is before the planned due day (?P<day>[\d-]+); "),
        lambda m: _(
            "The extended due date (%(due)s) must not be before the planned due date, %(date)s.",
            due=_day(m["due"]),
            date=_day(m["day"]),
        ),
    ),
    (re.compile(r"^unknown workflow "), lambda m: _("Choose one of the installed workflows.")),
    (
        re.compile(
            r"^with these dates (?P<what>.+) would be due on (?P<due>[\d-]+), "
            r"before it opens on (?P<opens>[\d-]+)$"
        ),
        lambda m: _(
            "With these dates %(what)s would be due on %(due)s, before it opens on %(opens)s.",
            what=m["what"],
            due=_day(m["due"]),
            opens=_day(m["opens"]),
        ),
    ),
]


def explain(message: str) -> str:
    """The core's English ``message`` in the interface language, where a translation is known."""
    for pattern, translate in _MESSAGES:
        match = pattern.search(message)
        if match:
            return translate(match)
    return message


_EXCEPTION = re.compile(r"^(extensions|excusals)\[(\d+)\]")
_TEAM = re.compile(r"^teams\[(\d+)\]")
_GATHERING = re.compile(r"^gatherings\[(\d+)\]")


def concerns(run: Run, path: str) -> str:
    """What a problem's ``path`` is about, in words ("Moss – extension of Statusrapport before
    gathering 4"), or '' for the programme as a whole — so a problem shown away from its input
    still says whose it is."""
    programme = run.programme
    if match := _EXCEPTION.match(path):
        items = getattr(programme, match[1])
        if int(match[2]) < len(items):
            item = items[int(match[2])]
            team = programme.team(item.team)
            what = occurrence_label(run, item.deliverable, item.occurrence)
            if match[1] == "extensions":
                return _("%(team)s – extension of %(what)s", team=team.name if team else item.team, what=what)
            return _("%(team)s – excusal from %(what)s", team=team.name if team else item.team, what=what)
    if (match := _TEAM.match(path)) and int(match[1]) < len(programme.teams):
        return _("Team %(name)s", name=programme.teams[int(match[1])].name)
    if (match := _GATHERING.match(path)) and int(match[1]) < len(programme.gatherings):
        return _("Gathering %(number)s", number=int(match[1]) + 1)
    return ""


def located(run: Run, line: str) -> Problem:
    """A programme problem for the error summary, in the leader's language, saying whose it is."""
    path, message = split(line)
    where = concerns(run, path)
    return Problem(None, "", f"{where}: {explain(message)}" if where else explain(message))


def leaf_fields(form: Any) -> Iterator[tuple[Field, list[str]]]:
    """Every input of ``form`` with the labels of the groups it sits in (rows of a FieldList)."""
    yield from _leaves(form, [])


def _leaves(container: Any, groups: list[str]) -> Iterator[tuple[Field, list[str]]]:
    for bound in container:
        if bound.type == "CSRFTokenField":
            continue
        if isinstance(bound, FieldList):
            for number, entry in enumerate(bound.entries, start=1):
                yield from _leaves([entry], [*groups, f"{bound.label.text} {number}"])
        elif isinstance(bound, FormField):
            yield from _leaves(bound.form, groups)
        else:
            yield bound, groups


def attach(
    form: Any, problems: list[str], field_for: Callable[[str], tuple[str, str] | None], run: Run | None = None
) -> list[Problem]:
    """Put each problem on the input ``field_for(path)`` names — ``(field id, prefix)`` — and return
    the rest (problems of the whole programme, or of inputs this form does not have), saying whose
    they are when ``run`` is given."""
    by_id = {bound.id: bound for bound, _groups in leaf_fields(form)}
    rest = []
    for line in problems:
        path, message = split(line)
        target = field_for(path)
        text = explain(message)
        if target is not None and target[0] in by_id:
            field_id, prefix = target
            by_id[field_id].errors = [*by_id[field_id].errors, f"{prefix}{text}"]
        else:
            rest.append(located(run, line) if run is not None else Problem(None, "", text))
    return rest


def summary(form: Any, general: list[Problem] = ()) -> list[Problem]:
    """The error summary: each input's errors (linked to it) after the general problems."""
    items = list(general)
    for bound, groups in leaf_fields(form):
        label = " – ".join(str(part) for part in [*groups, bound.label.text])
        items += [Problem(bound.id, label, str(error)) for error in bound.errors if not isinstance(error, (dict, list))]
    return items


def under(prefix: str, names: dict[str, str], form_prefix: str = "") -> Callable[[str], tuple[str, str] | None]:
    """A ``field_for`` for :func:`attach`: paths ``<prefix><name>`` go to input ``names[name]`` (of a
    form made with ``prefix=form_prefix``)."""

    def field_for(path: str) -> tuple[str, str] | None:
        if path.startswith(prefix) and path[len(prefix) :] in names:
            field = names[path[len(prefix) :]]
            return (f"{form_prefix}-{field}" if form_prefix else field), ""
        return None

    return field_for
