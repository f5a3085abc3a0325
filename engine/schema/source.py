"""YAML source files read with line numbers, and the one-line problems that point into them.

Form templates, workflows and programme files are written by people (and other tools), so every
complaint about them must name the file, the path inside it (``sections[2].fields[0].type``), the
line, and what is wrong — one line each, never a traceback. This module is pure apart from
:func:`read_yaml`, which only reads the file.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    import jsonschema

PathParts = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one source file, printable as a single line."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path or '(file)'}: {self.message}"


class SourceError(Exception):
    """Raised when a source file cannot be used; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.path, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


def format_path(parts: Iterable[str | int]) -> str:
    """``("sections", 2, "fields", 0, "type")`` -> ``sections[2].fields[0].type``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass
class Source:
    """Parsed YAML data plus the line on which each mapping key and list item starts."""

    file: str
    data: Any
    lines: dict[PathParts, int] = field(default_factory=dict)

    def line(self, parts: PathParts) -> int | None:
        """The line of ``parts``, or of its nearest ancestor that has one."""
        parts = tuple(parts)
        while parts:
            if parts in self.lines:
                return self.lines[parts]
            parts = parts[:-1]
        return self.lines.get((), None)

    def problem(self, parts: PathParts, message: str) -> Problem:
        """A problem located at ``parts`` in this file."""
        return Problem(self.file, self.line(parts), format_path(parts), message)


# libyaml's parser (PyYAML's C loader) when PyYAML was built with it: several times faster on the
# shipped files, and what it builds is the same. Its words for a syntax error are not always
# PyYAML's, so a file it refuses is parsed again by the pure-Python loader, whose messages are
# the ones documented and tested.
FAST_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str, file: str, loader_class: type | None = None) -> Source:
    """Parse ``text`` (the contents of ``file``) keeping line numbers.

    Raises :class:`SourceError` on a syntax error (with its line) or a key given twice in one
    mapping — PyYAML would silently keep the last one, and a template author would lose a field.
    ``loader_class``: PyYAML's pure-Python ``SafeLoader`` or its C ``CSafeLoader`` (default: the
    fastest, see :data:`FAST_LOADER`).
    """
    if loader_class is None:
        try:
            return load_yaml(text, file, FAST_LOADER)
        except SourceError:
            if FAST_LOADER is yaml.SafeLoader:
                raise
            return load_yaml(text, file, yaml.SafeLoader)
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Source(file, None, {})
        lines: dict[PathParts, int] = {(): node.start_mark.line + 1}
        problems: list[Problem] = []
        data = _build(loader, node, (), lines, problems, file)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "invalid YAML"
        if "'\\t'" in what:  # PyYAML's words for a tab are cryptic; say what to do instead
            column = f" in column {mark.column + 1}" if mark else ""
            what = f"a tab character{column}; indent with spaces (tabs are allowed only inside quoted text)"
        raise SourceError([Problem(file, line, "", f"YAML syntax error: {what}")]) from None
    except yaml.YAMLError as exc:  # e.g. a non-printable character
        raise SourceError([Problem(file, None, "", f"YAML error: {exc}")]) from None
    finally:
        loader.dispose()
    if problems:
        raise SourceError(problems)
    return Source(file, data, lines)


def read_yaml(path: Path, display_name: str | None = None) -> Source:
    """Read and parse a YAML file; an unreadable or non-UTF-8 file is a :class:`SourceError`."""
    name = display_name or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError([Problem(name, None, "", f"cannot read the file: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = f"not UTF-8 text (byte {exc.start}: {exc.reason}); save the file as UTF-8"
        raise SourceError([Problem(name, line, "", message)]) from None
    return load_yaml(text.removeprefix("\ufeff"), name)


def _build(
    loader: yaml.SafeLoader,
    node: yaml.Node,
    parts: PathParts,
    lines: dict[PathParts, int],
    problems: list[Problem],
    file: str,
) -> Any:
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # resolves YAML merge keys (<<)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                problems.append(
                    Problem(
                        file, key_node.start_mark.line + 1, format_path(parts), "a mapping key must be a plain word"
                    )
                )
                continue
            key = str(key) if not isinstance(key, str) else key
            child = (*parts, key)
            if key in result:
                problems.append(
                    Problem(file, key_node.start_mark.line + 1, format_path(child), f"the key '{key}' is given twice")
                )
                continue
            lines[child] = key_node.start_mark.line + 1
            result[key] = _build(loader, value_node, child, lines, problems, file)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            child = (*parts, index)
            lines[child] = item.start_mark.line + 1
            items.append(_build(loader, item, child, lines, problems, file))
        return items
    try:
        return loader.construct_object(node, deep=True)
    except ValueError as exc:  # a well-formed but impossible timestamp such as 2018-02-30
        problems.append(
            Problem(
                file, node.start_mark.line + 1, format_path(parts), f"'{node.value}' is not a valid date or time: {exc}"
            )
        )
        return node.value


@cache
def _validator_class() -> type:
    """The JSON Schema validator, made on first use: importing jsonschema costs a process that only
    reads a kept catalogue (``flask tick`` from cron) a tenth of its start-up.

    YAML reads `1.0` as a float, and JSON Schema would call it an integer; a person who wrote a
    version or a number of days as 1.5 or 1.0 should hear about it, so integers are ints here.
    """
    import jsonschema

    return jsonschema.validators.extend(
        jsonschema.Draft202012Validator,
        type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine(
            "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool)
        ),
    )


def schema_problems(source: Source, schema: Mapping[str, Any]) -> list[Problem]:
    """Validate ``source.data`` against a JSON Schema; one :class:`Problem` per error, best first.

    A subschema may carry ``"errorMessage": {"pattern": "{value} is not …"}`` to explain a
    pattern in words (the keyword ajv-errors uses; other validators ignore it).
    """
    import jsonschema

    validator = _validator_class()(schema, format_checker=jsonschema.FormatChecker())
    problems = []
    for error in validator.iter_errors(_jsonable(source.data)):
        message = _alternatives_message(error)
        if message is None:
            error = _deepest(error)
            message = _schema_message(error)
        parts = tuple(error.absolute_path)
        problems.append(source.problem(parts, message))
    return sorted(set(problems), key=lambda p: (p.line or 0, p.path, p.message))


def _deepest(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """For oneOf/anyOf failures, the alternative that got furthest explains the mistake best."""
    from jsonschema.exceptions import best_match

    while error.context:
        best = best_match(error.context)
        if best is None or best is error:
            break
        error = best
    return error


def _alternatives_message(error: jsonschema.ValidationError) -> str | None:
    """'expected text or a list, got 5' when every alternative of an anyOf/oneOf wants another type."""
    if error.validator not in ("anyOf", "oneOf") or not error.context:
        return None
    if any(e.validator != "type" or e.relative_path for e in error.context):
        return None
    wanted = " or ".join(dict.fromkeys(_type_words(e.validator_value) for e in error.context))
    return f"expected {wanted}, got {_describe(error.instance)}"


def _schema_message(error: jsonschema.ValidationError) -> str:
    custom = error.schema.get("errorMessage") if isinstance(error.schema, dict) else None
    if isinstance(custom, dict) and isinstance(custom.get(error.validator), str):
        return custom[error.validator].replace("{value}", repr(error.instance))
    if error.validator == "additionalProperties":
        return _unknown_keys_message(error)
    if error.validator == "required":
        return str(error.message).replace(" is a required property", " is required")
    if error.validator == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return f"{error.instance!r} is not allowed; expected one of: {allowed}"
    if error.validator == "type":
        return f"expected {_type_words(error.validator_value)}, got {_describe(error.instance)}"
    limits = {
        "minimum": "must be at least {v}",
        "maximum": "must be at most {v}",
        "minLength": "must not be empty" if error.validator_value == 1 else "must have at least {v} characters",
        "minItems": "must not be empty" if error.validator_value == 1 else "must have at least {v} items",
        "minProperties": "must not be empty",
    }
    if error.validator in limits:
        return limits[error.validator].format(v=error.validator_value)
    return error.message


def _unknown_keys_message(error: jsonschema.ValidationError) -> str:
    known = sorted(error.schema.get("properties", {}))
    extra = sorted(set(error.instance) - set(known)) if isinstance(error.instance, dict) else []
    names = ", ".join(f"'{k}'" for k in extra)
    close = [difflib.get_close_matches(k, known, n=1) for k in extra]
    if len(extra) == 1 and close[0]:
        return f"unknown key {names}; did you mean '{close[0][0]}'?"
    return f"unknown key {names}; allowed here: {', '.join(known)}"


def _type_words(types: Any) -> str:
    names = {
        "string": "text",
        "integer": "a whole number",
        "object": "a mapping (key: value)",
        "array": "a list",
        "boolean": "true or false",
        "number": "a number",
        "null": "nothing",
    }
    if isinstance(types, list):
        return " or ".join(names.get(t, t) for t in types)
    return names.get(types, types)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    return repr(value)


def _jsonable(value: Any) -> Any:
    """Dates and times from YAML become ISO strings so JSON Schema can check them as text."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
