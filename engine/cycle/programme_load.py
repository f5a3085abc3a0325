"""Reading programme files (what ``flask programme load`` and ``flask check`` read).

JSON Schema first (``engine/cycle/programme.schema.json``: the shape, with messages people can
act on), then the model with its default ids, then the rules of :mod:`programme_rules`, which
the admin UI applies to programmes built in the browser too. Each problem is one line:
``file:line: path: message``. Unquoted times (``start: 10:30``, which YAML reads as the number
630) get a message of their own.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..schema.source import Problem, Source, SourceError, read_yaml, schema_problems
from .programme import Programme
from .programme_rules import rule_problems
from .timerules import unquoted_clock_message
from .workflow import Workflow

SCHEMA_PATH = Path(__file__).resolve().parent / "programme.schema.json"
STORE_KEYS = ("revision", "created_at", "updated_at")


@lru_cache(maxsize=1)
def programme_schema() -> dict[str, Any]:
    """The published JSON Schema of programme files."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def load_programme_file(
    path: Path, workflows: Mapping[str, Workflow], forms: Mapping[str, object] | None = None
) -> Programme:
    """Read and validate one programme file against the catalogue's workflows; raises ``SourceError``.

    ``forms`` is accepted for symmetry with the catalogue's other loaders: a programme names no
    form directly (its workflow does, and was checked against them).
    """
    return programme_from_source(read_yaml(Path(path)), workflows)


def programme_from_source(source: Source, workflows: Mapping[str, Workflow]) -> Programme:
    """Validate parsed YAML as a programme and build the model; raises ``SourceError``."""
    if not isinstance(source.data, dict):
        raise SourceError(
            [
                source.problem(
                    (),
                    "a programme must be a mapping with id, workflow, title, leader, "
                    "recipient, gatherings and teams at the top",
                )
            ]
        )
    data = copy.deepcopy(source.data)
    problems = _unquoted_times(source, data)
    problems += schema_problems(Source(source.file, data, source.lines), programme_schema())
    if problems:
        raise SourceError(problems)
    for key in STORE_KEYS:
        data.pop(key, None)
    programme = Programme.from_document(data)
    problems = [source.problem(parts, message) for parts, message in rule_problems(programme, workflows)]
    if problems:
        raise SourceError(problems)
    return programme


def _unquoted_times(source: Source, data: dict) -> list[Problem]:
    """``start: 10:30`` arrives as 630; say so once, and keep the schema from saying it again."""
    problems = []
    gatherings = data.get("gatherings")
    for index, gathering in enumerate(gatherings if isinstance(gatherings, list) else []):
        if not isinstance(gathering, dict):
            continue
        for name in ("start", "end"):
            value = gathering.get(name)
            if isinstance(value, int) and not isinstance(value, bool):
                problems.append(source.problem(("gatherings", index, name), unquoted_clock_message(value)))
                gathering[name] = "00:00" if name == "start" else None
    return problems
