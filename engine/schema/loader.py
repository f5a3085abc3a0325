"""Reading form templates from ``forms/``: YAML, then ``forms/schema.json``, then the engine's rules.

A file is checked in three passes — it must parse, then fit the JSON Schema, then satisfy the
rules in :mod:`engine.schema.rules` — and the first pass that finds anything reports all it
found. A later pass is not run on data an earlier one rejected, so every message is about the
file as written, never a consequence of an earlier mistake.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from . import rules
from .model import FormTemplate
from .source import Problem, Source, SourceError, read_yaml, schema_problems

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "forms" / "schema.json"


@cache
def template_schema() -> dict[str, Any]:
    """The JSON Schema of the format (``forms/schema.json``)."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def display_path(path: Path) -> str:
    """How a file is named in a problem: relative to the working directory when it is inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def read_template(path: Path) -> tuple[FormTemplate | None, Source | None, list[Problem]]:
    """One file on its own: the template, its source (for line numbers) and what is wrong with it."""
    name = display_path(path)
    try:
        source = read_yaml(path, name)
    except SourceError as exc:
        return None, None, list(exc.problems)
    if source.data is None:
        return (
            None,
            source,
            [Problem(name, None, "", "the file is empty; a form template needs id, version, title and sections")],
        )
    problems = schema_problems(source, template_schema())
    if not problems:
        problems = rules.template_problems(source, stem=path.stem)
    if problems:
        return None, source, sorted(problems, key=lambda p: (p.line or 0, p.path, p.message))
    return FormTemplate.from_dict(source.data), source, []


def load_templates(directory: Path) -> tuple[dict[str, FormTemplate], list[Problem]]:
    """Every ``*.yaml`` template in ``directory`` by id, and every problem found in any of them.

    Only templates without problems are returned. Ids equal file names, so they are unique.
    """
    if not directory.is_dir():
        return {}, [Problem(display_path(directory), None, "", "the forms directory does not exist")]
    problems: list[Problem] = []
    loaded: dict[str, tuple[FormTemplate, Source]] = {}
    broken: set[str] = set()
    for path in sorted(directory.iterdir()):
        if path.suffix == ".yml":
            problems.append(Problem(display_path(path), None, "", "form templates end in .yaml; this file is not read"))
        if path.suffix != ".yaml":
            continue
        template, source, found = read_template(path)
        if found or template is None or source is None:
            problems += found
            broken.add(path.stem)
        else:
            loaded[template.id] = (template, source)
    templates = {tid: t for tid, (t, _) in loaded.items()}
    for tid, (template, source) in loaded.items():
        found = rules.prefill_problems(source, template, templates, frozenset(broken))
        if found:
            problems += found
            broken.add(tid)
    return {tid: t for tid, t in templates.items() if tid not in broken}, problems


def load_template(path: Path, others: Mapping[str, FormTemplate] | None = None) -> FormTemplate:
    """One template, checked on its own and against ``others`` (by default its sibling files).

    Raises :class:`~engine.schema.source.SourceError` with every problem found.
    """
    template, source, problems = read_template(path)
    if problems or template is None or source is None:
        raise SourceError(problems)
    broken: frozenset[str] = frozenset()
    if others is None:
        others, broken = _siblings(path)
    problems = rules.prefill_problems(source, template, {**others, template.id: template}, broken)
    if problems:
        raise SourceError(problems)
    return template


def _siblings(path: Path) -> tuple[dict[str, FormTemplate], frozenset[str]]:
    """The other templates in ``path``'s directory that load on their own, and those that do not."""
    others: dict[str, FormTemplate] = {}
    broken = set()
    for sibling in sorted(path.resolve().parent.glob("*.yaml")):
        if sibling == path.resolve():
            continue
        template, _, problems = read_template(sibling)
        if template is None or problems:
            broken.add(sibling.stem)
        else:
            others[template.id] = template
    return others, frozenset(broken)
