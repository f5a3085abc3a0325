"""The engine's rules for a form template, on top of what ``forms/schema.json`` can say.

Run on data that already passed the JSON Schema, so shapes and types can be trusted here. Each
rule yields one :class:`~engine.schema.source.Problem` naming the path inside the file, e.g.
``sections[2].fields[0].options: 'options' does not apply to a 'text' field``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from .forms import reserved_keys
from .languages import DEFAULT as DEFAULT_LANGUAGE
from .languages import localized
from .model import MEMBER_COLUMNS, PREFILL_SOURCES, Field, FormTemplate, Prefill
from .placeholders import placeholder_problems
from .source import PathParts, Problem, Source, format_path

#: Which types each type-specific attribute belongs to.
APPLIES_TO = {
    "max_words": {"text", "textarea"},
    "max_chars": {"text", "textarea"},
    "min": {"integer", "scale"},
    "max": {"integer", "scale"},
    "min_label": {"scale"},
    "max_label": {"scale"},
    "options": {"choice", "multichoice"},
    "columns": {"table"},
    "min_rows": {"table"},
    "max_rows": {"table"},
    "rows": {"table"},
    "text": {"info"},
    "accept": {"file"},
    "max_mb": {"file"},
}
NOT_FOR_INFO = ("required", "readonly", "prefill")
NOT_FOR_FILE = ("readonly", "prefill")  # a file is chosen by the person; nothing can suggest one
MAX_SCALE_STEPS = 11
#: What a value is stored as; prefill may copy only between fields of the same kind.
VALUE_KIND = {
    "text": "text",
    "textarea": "text",
    "email": "text",
    "choice": "text",
    "integer": "number",
    "scale": "number",
    "date": "date",
    "datetime": "datetime",
    "multichoice": "list",
    "period_months": "months",
    "yesno": "yesno",
    "table": "table",
    "info": "none",
    "file": "file",
}


def _article(type_name: str) -> str:
    return "an" if type_name[0] in "aeiou" else "a"


def template_problems(source: Source, stem: str | None = None) -> list[Problem]:
    """Every rule about one template on its own (prefill references are checked later).

    The texts are checked in every language they are written in; the rest of the rules read the
    template as its nb texts give it (the questions are the same in every language)."""
    problems: list[Problem] = _text_problems(source)
    source = replace(source, data=localized(source.data, DEFAULT_LANGUAGE))
    data = source.data
    if stem is not None and data["id"] != stem:
        problems.append(source.problem(("id",), f"the id '{data['id']}' must equal the file name '{stem}'"))
    seen: dict[str, PathParts] = {}
    for parts, section, raw in _fields(data):
        key = raw["key"]
        if key in seen:
            where = format_path(seen[key])
            problems.append(source.problem((*parts, "key"), f"the key '{key}' is already used by {where}"))
        else:
            seen[key] = parts
        problems += _field_problems(source, raw, parts, section=section)
    return problems


def _fields(data: Mapping[str, Any]) -> Iterator[tuple[PathParts, Mapping, Mapping]]:
    for si, section in enumerate(data["sections"]):
        for fi, raw in enumerate(section["fields"]):
            yield ("sections", si, "fields", fi), section, raw


def _field_problems(
    source: Source, raw: Mapping, parts: PathParts, *, section: Mapping | None, in_table: bool = False
) -> list[Problem]:
    kind = raw["type"]
    problems = []
    for attr, types in APPLIES_TO.items():
        if attr in raw and kind not in types:
            message = f"'{attr}' does not apply to {_article(kind)} '{kind}' field"
            problems.append(source.problem((*parts, attr), message))
    if kind == "file":
        problems += [
            source.problem((*parts, a), f"'{a}' does not apply to a 'file' field") for a in NOT_FOR_FILE if a in raw
        ]
    if kind == "table" and "readonly" in raw:
        problems.append(source.problem((*parts, "readonly"), "'readonly' does not apply to a 'table' field"))
    if kind == "info":
        problems += [
            source.problem((*parts, a), f"'{a}' does not apply to an 'info' field") for a in NOT_FOR_INFO if a in raw
        ]
        if "text" not in raw:
            problems.append(source.problem(parts, "an 'info' field needs 'text'"))
    elif "label" not in raw and (in_table or not _labelled_by_section(section)):
        problems.append(
            source.problem(
                parts, "'label' is required (only the single field of a section with a title may leave it out)"
            )
        )
    if key_problem := _reserved_key(raw["key"]):
        problems.append(source.problem((*parts, "key"), key_problem))
    if raw.get("readonly") and "prefill" not in raw:
        problems.append(
            source.problem((*parts, "readonly"), "a read-only field needs 'prefill', or it can never have a value")
        )
    problems += _type_problems(source, raw, parts, kind)
    if in_table and "prefill" in raw:
        problems.append(source.problem((*parts, "prefill"), "a column cannot be prefilled; prefill the table"))
    if "prefill" in raw and kind not in ("info", "file"):
        problems += _prefill_shape_problems(source, raw, parts, kind)
    return problems


def _labelled_by_section(section: Mapping | None) -> bool:
    return bool(section and section.get("title") and len(section["fields"]) == 1)


def _type_problems(source: Source, raw: Mapping, parts: PathParts, kind: str) -> list[Problem]:
    problems = []
    if kind in ("choice", "multichoice"):
        if "options" not in raw:
            problems.append(source.problem(parts, f"{_article(kind)} '{kind}' field needs 'options'"))
        seen: set[str] = set()
        for i, option in enumerate(raw.get("options", ())):
            value = option if isinstance(option, str) else option["value"]
            if value in seen:
                problems.append(source.problem((*parts, "options", i), f"the option '{value}' is given twice"))
            seen.add(value)
    if kind in ("integer", "scale"):
        low, high = raw.get("min"), raw.get("max")
        if kind == "scale":
            low, high = (1 if low is None else low), (5 if high is None else high)
        if low is not None and high is not None and low >= high + (kind == "scale"):
            problems.append(source.problem((*parts, "min"), f"min ({low}) must be smaller than max ({high})"))
        elif kind == "scale" and high - low + 1 > MAX_SCALE_STEPS:
            problems.append(
                source.problem(
                    (*parts, "max"), f"a scale has at most {MAX_SCALE_STEPS} steps; {low}..{high} has {high - low + 1}"
                )
            )
    if kind == "table":
        problems += _table_problems(source, raw, parts)
    return problems


def _table_problems(source: Source, raw: Mapping, parts: PathParts) -> list[Problem]:
    problems = []
    if "columns" not in raw:
        problems.append(source.problem(parts, "a 'table' field needs 'columns'"))
    low, high, initial = raw.get("min_rows"), raw.get("max_rows"), raw.get("rows")
    if low is not None and high is not None and low > high:
        problems.append(source.problem((*parts, "min_rows"), f"min_rows ({low}) is larger than max_rows ({high})"))
    if initial is not None and high is not None and initial > high:
        problems.append(source.problem((*parts, "rows"), f"rows ({initial}) is larger than max_rows ({high})"))
    seen: dict[str, int] = {}
    for ci, column in enumerate(raw.get("columns", ())):
        cparts = (*parts, "columns", ci)
        if column["type"] in ("table", "info", "file"):
            what = {"table": "a table", "info": "an 'info' field", "file": "a 'file' field"}[column["type"]]
            problems.append(source.problem((*cparts, "type"), f"a table cannot contain {what}"))
            continue
        if column["key"] in seen:
            problems.append(
                source.problem(
                    (*cparts, "key"),
                    f"the column key '{column['key']}' is already used by columns[{seen[column['key']]}]",
                )
            )
        seen.setdefault(column["key"], ci)
        problems += _field_problems(source, column, cparts, section=None, in_table=True)
    return problems


def _prefill_shape_problems(source: Source, raw: Mapping, parts: PathParts, kind: str) -> list[Problem]:
    prefill = Prefill.from_raw(raw["prefill"])
    where = (*parts, "prefill")
    if prefill.columns is not None and kind != "table":
        return [source.problem((*where, "columns"), "'columns' applies only when prefilling a table")]
    problems = []
    for one, at in ((prefill, where), (prefill.otherwise, (*where, "otherwise"))):
        message = _source_problem(one, raw, kind) if one is not None else None
        if message:
            problems.append(source.problem(at, message))
    return problems


def _source_problem(prefill: Prefill, raw: Mapping, kind: str) -> str | None:
    """What is wrong with a prefill from the context (``team.…``, ``programme.…``), if anything."""
    if prefill.source not in PREFILL_SOURCES:
        return None
    known = PREFILL_SOURCES[prefill.source]
    if prefill.key not in known:
        return f"unknown prefill '{prefill.ref}'; use {', '.join(f'{prefill.source}.{k}' for k in known)}"
    if prefill.ref == "team.members":
        columns = {column.get("key") for column in raw.get("columns", ()) if isinstance(column, Mapping)}
        if kind != "table":
            what = f"{_article(kind)} '{kind}' field"
            return f"'team.members' is a list of the team's members and can prefill only a table, not {what}"
        if not columns & set(MEMBER_COLUMNS):
            return f"'team.members' fills the columns {', '.join(MEMBER_COLUMNS)}; this table has none of them"
        missing = [c for c in prefill.columns or () if c not in columns]
        return f"the column '{missing[0]}' is not in this table" if missing else None
    if VALUE_KIND[kind] != "text":
        return f"'{prefill.ref}' is text and cannot prefill {_article(kind)} '{kind}' field"
    return None


def _reserved_key(key: str) -> str | None:
    if key in reserved_keys():
        return f"the key '{key}' is reserved by the form machinery; choose another"
    return None


def _text_problems(source: Source) -> list[Problem]:
    problems = []
    body = {k: v for k, v in source.data.items() if k != "title"}  # the title is shown without a context
    for parts, text in _texts(body, ()):
        problems += [source.problem(parts, message) for message in placeholder_problems(text)]
    return problems


_TEXT_KEYS = {"subtitle", "intro", "outro", "title", "label", "help", "text", "min_label", "max_label"}


def _texts(value: Any, parts: PathParts, texty: bool = False) -> Iterator[tuple[PathParts, str]]:
    """Every string where placeholders may appear: texts, titles, labels, help and its bullets."""
    if isinstance(value, str):
        if texty:
            yield parts, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _texts(v, (*parts, k), texty or k in _TEXT_KEYS)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _texts(v, (*parts, i), texty)


def prefill_problems(
    source: Source, template: FormTemplate, templates: Mapping[str, FormTemplate], broken: frozenset[str] = frozenset()
) -> list[Problem]:
    """Every prefill of ``template`` must name a field that exists and holds the same kind of value.

    ``templates`` are the other templates by id; references to a template in ``broken`` (one
    that exists but has problems of its own) are not reported twice.
    """
    problems = []
    for si, section in enumerate(template.sections):
        for fi, f in enumerate(section.fields):
            if not f.prefill:
                continue
            parts = ("sections", si, "fields", fi, "prefill")
            for one, at in ((f.prefill, parts), (f.prefill.otherwise, (*parts, "otherwise"))):
                if one is not None and one.source in ("form", "previous"):
                    message = _reference_problem(f, one, template, templates, broken)
                    if message:
                        problems.append(source.problem(at, message))
    return problems


def _reference_problem(
    target: Field,
    prefill: Prefill,
    template: FormTemplate,
    templates: Mapping[str, FormTemplate],
    broken: frozenset[str],
) -> str | None:
    if prefill.source == "form" and prefill.form == template.id:
        return f"'{prefill.ref}' names this template; write 'previous.{prefill.key}' for its previous occurrence"
    if prefill.source == "previous":
        origin, name = template, "this template"
    elif prefill.form in broken:
        return None
    elif prefill.form not in templates:
        return f"'{prefill.ref}': there is no form template '{prefill.form}'"
    else:
        origin, name = templates[prefill.form], f"the form template '{prefill.form}'"
    try:
        source_field = origin.field(prefill.key)
    except KeyError:
        return f"'{prefill.ref}': {name} has no field '{prefill.key}'"
    if VALUE_KIND[source_field.type] != VALUE_KIND[target.type]:
        return (
            f"'{prefill.ref}' is {_article(source_field.type)} '{source_field.type}' field and cannot prefill "
            f"{_article(target.type)} '{target.type}' field"
        )
    for column in prefill.columns or ():
        for table, label in ((target, "this table"), (source_field, f"'{prefill.ref}'")):
            if column not in {c.key for c in table.columns}:
                return f"the column '{column}' is not in {label}"
    return None
