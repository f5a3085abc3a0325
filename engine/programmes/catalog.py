"""The catalogue: every form template in ``forms/`` and workflow in ``workflows/``, validated.

Loaded once when the app is created. If anything in it is wrong the app records the problems,
``flask serve`` refuses to start with them (one line each), and every page answers 503 with the
same lines — an installation never runs half-configured.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app, render_template

from ..cycle import load_programme_file, load_workflow, load_workflows
from ..schema import load_template, load_templates
from ..schema.source import Problem, SourceError, read_yaml

log = logging.getLogger(__name__)

EXTENSION_KEY = "verksted.catalog"


@dataclass
class Catalog:
    """Form templates and workflows by id, and whatever is wrong with them."""

    forms: dict = field(default_factory=dict)
    workflows: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def load_catalog(forms_dir: Path, workflows_dir: Path) -> Catalog:
    """Read and validate both directories; never raises for a content problem."""
    forms, problems = load_templates(forms_dir)
    workflows, workflow_problems = load_workflows(workflows_dir, forms)
    return Catalog(forms, workflows, [*problems, *workflow_problems])


def init_app(app: Flask) -> None:
    """Load the catalogue; if it is broken, answer every request with the reasons (and log them once)."""
    catalog = load_catalog(Path(app.config["FORMS_PATH"]), Path(app.config["WORKFLOWS_PATH"]))
    app.extensions[EXTENSION_KEY] = catalog
    if catalog.problems:
        # Logged at the first refused request, not here: `flask check` and `flask serve` print the
        # problems themselves, and logging them while the app is created printed every line twice.
        logged = []

        @app.before_request
        def _refuse():
            if not logged:
                logged.append(True)
                for problem in catalog.problems:
                    log.error("%s", problem)
            return render_template("catalog_broken.html", problems=catalog.problems), 503


def get_catalog() -> Catalog:
    """The current app's catalogue."""
    return current_app.extensions[EXTENSION_KEY]


def check_paths(paths: list[Path], catalog: Catalog) -> list[Problem]:
    """Validate the named files — form templates, workflows or programme files, told apart by content.

    Workflows are checked against the catalogue's forms, programme files against its workflows.
    """
    problems: list[Problem] = []
    for path in paths:
        try:
            source = read_yaml(path)
            data = source.data if isinstance(source.data, dict) else {}
            if "sections" in data or path.parent.name == "forms":
                load_template(path)
            elif "deliverables" in data or path.parent.name == "workflows":
                load_workflow(path, catalog.forms)
            elif "gatherings" in data or "teams" in data:
                load_programme_file(path, catalog.workflows, catalog.forms)
            else:
                problems.append(
                    Problem(
                        str(path),
                        None,
                        "",
                        "not a form template, workflow or programme file "
                        "(expected a 'sections', 'deliverables' or 'gatherings' key)",
                    )
                )
        except SourceError as exc:
            problems.extend(exc.problems)
    return problems
