"""The form-template language: model, loader, validation, WTForms class builder."""

from __future__ import annotations

from pathlib import Path

from ..yamlsource import Problem


def load_templates(directory: Path) -> tuple[dict, list[Problem]]:
    """Every ``*.yaml`` template in ``directory`` by id, and the problems found."""
    return {}, []


def load_template(path: Path):
    """One template; raises ``SourceError``."""
    raise NotImplementedError
