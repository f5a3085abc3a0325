"""The workflow's mail texts: Jinja templates in a sandbox, checked when the workflow loads.

Workflow authors write the e-mails (Norwegian by default; a text may carry one text per language,
``{nb: …, nn: …}``, and the programme's language picks one) as Jinja templates. They run in
Jinja's ``SandboxedEnvironment`` (a template cannot reach Python internals), as plain text
(no HTML escaping: the mail layer builds the HTML part itself), with ``StrictUndefined`` so a
missing value fails loudly instead of mailing an empty deadline.

Each template may use the variables listed in :data:`TEMPLATE_VARIABLES` — the contract between
workflow authors and the mail layer, which builds the values (``engine.cycle.mailcontext`` does
it for everything the cycle plans). Filters: ``date`` (19.04.2018), ``datetime``
(19.04.2018 kl. 09.00), ``longdate`` (19. april 2018) and ``month`` (apr. 2018), all in the
workflow's time zone.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, meta
from jinja2.sandbox import SandboxedEnvironment

from .. import timefmt
from .timerules import zone
from .workflow import Workflow

_COMMON = {"programme", "programme_id", "workflow", "leader", "recipient"}
_ASSIGNMENT = _COMMON | {
    "team",
    "member",
    "deliverable",
    "occurrence",
    "per_gathering",
    "before_gathering",
    "gathering",
    "opens",
    "due",
    "extended",
    "closes",
    "period",
    "link",
}
_RULE = {"days", "rule"}

TEMPLATE_VARIABLES: dict[str, frozenset[str]] = {
    "invitation": frozenset(_ASSIGNMENT),
    "reminder": frozenset(_ASSIGNMENT | _RULE),
    "overdue": frozenset(_ASSIGNMENT | _RULE),
    "leader_copy": frozenset(_ASSIGNMENT | _RULE | {"kind", "notified"}),
    "receipt": frozenset(_ASSIGNMENT | {"submitted_at", "submitted_by", "version", "late", "answers"}),
    "evaluation": frozenset(_COMMON | {"team", "member", "gathering", "opens", "due", "link"}),
    "digest": frozenset(_COMMON | {"week", "week_start", "new_deliveries", "due_this_week", "overdue", "link"}),
    "link": frozenset(_COMMON | {"team", "member", "link"}),
    "feedback": frozenset(
        _COMMON
        | {
            "team",
            "member",
            "link",
            "deliverable",
            "occurrence",
            "per_gathering",
            "before_gathering",
            "gathering",
            "version",
            "submitted_at",
            "author",
            "from_leader",
            "from_team",
            "requests_version",
            "text",
        }
    ),
    "message": frozenset(_COMMON | {"team", "member", "link", "subject", "text"}),
    # to the leader about a by: leader deliverable; kind is invitation, reminder or overdue
    "leader_due": frozenset((_ASSIGNMENT - {"team", "member"}) | _RULE | {"kind"}),
    # to a member of a team chosen to present at a gathering
    "presenter": frozenset(_COMMON | {"team", "member", "gathering", "reason", "link"}),
}


@lru_cache(maxsize=16)
def mail_environment(timezone: str, language: str = "nb") -> SandboxedEnvironment:
    """The sandboxed plain-text environment for a workflow in ``timezone``, its filters writing
    dates in ``language`` (cached per zone and language)."""
    tz = zone(timezone)
    env = SandboxedEnvironment(
        undefined=StrictUndefined, autoescape=False, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True
    )

    def as_local(value: date | datetime) -> date | datetime:
        return value.astimezone(tz) if isinstance(value, datetime) else value

    env.filters.update(
        date=lambda v: timefmt.fmt_date(as_local(v), tz) if v else "",
        datetime=lambda v: timefmt.fmt_datetime(v, language, tz) if v else "",
        longdate=lambda v: timefmt.fmt_long_date(as_local(v), language, tz) if v else "",
        month=lambda v: timefmt.fmt_month(v.year, v.month, language) if v else "",
    )
    return env


def template_problems(name: str, text: str, timezone: str = "Europe/Oslo") -> list[str]:
    """What is wrong with one template text of the mail template ``name``: syntax, filters, names."""
    env = mail_environment(timezone)
    try:
        env.compile(text)  # compiling (not just parsing) also catches unknown filters and tests
        tree = env.parse(text)
    except TemplateSyntaxError as exc:
        return [f"template error on line {exc.lineno} of the text: {exc.message}"]
    allowed = TEMPLATE_VARIABLES.get(name, frozenset())
    unknown = sorted(meta.find_undeclared_variables(tree) - allowed - set(env.globals))
    if unknown:
        names = ", ".join(f"'{n}'" for n in unknown)
        return [f"unknown variable {names}; this text can use: {', '.join(sorted(allowed))}"]
    return []


@lru_cache(maxsize=512)
def _compiled(timezone: str, language: str, text: str) -> Template:
    """A mail text compiled once per process (compiling costs milliseconds; a pass renders hundreds)."""
    return mail_environment(timezone, language).from_string(text)


def render_mail(workflow: Workflow, name: str, context: Mapping[str, Any], language: str = "nb") -> tuple[str, str]:
    """Render the workflow's template ``name`` in ``language`` (the programme's) with ``context``:
    ``(subject on one line, body)``. A text written per language gives that language's own text,
    or the default (nb) where it has none; dates follow ``language`` too.

    Raises ``KeyError`` if the workflow has no such template and ``jinja2.UndefinedError`` if the
    context lacks a value the template uses — both mistakes of the caller, not of a user.
    """
    template = workflow.mail[name].in_language(language)
    subject = _compiled(workflow.timezone, language, template.subject).render(context)
    body = _compiled(workflow.timezone, language, template.body).render(context)
    return " ".join(subject.split()), body.strip() + "\n"
