"""The workflow language and planning. Pure: no Flask, no I/O beyond reading the files, no clock."""

from __future__ import annotations

from pathlib import Path

from ..yamlsource import Problem


def load_workflows(directory: Path, forms: dict) -> tuple[dict, list[Problem]]:
    """Every workflow in ``directory`` by id, and the problems found."""
    return {}, []


def load_workflow(path: Path, forms: dict):
    """One workflow; raises ``SourceError``."""
    raise NotImplementedError


def load_programme_file(path: Path, workflows: dict, forms: dict):
    """One programme file; raises ``SourceError``."""
    raise NotImplementedError
