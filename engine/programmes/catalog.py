"""The catalogue: every form template in ``forms/`` and workflow in ``workflows/``, validated.

Loaded once when the app is created. If anything in it is wrong the app records the problems,
``flask serve`` refuses to start with them (one line each), and every page answers 503 with the
same lines — an installation never runs half-configured.

Validating is most of what creating the app costs (every mail text is compiled to be checked), and
``flask tick`` from cron creates an app every minute from files that almost never change. So a
catalogue found valid is kept in the instance folder (``catalog.cache``) under a digest of the very
bytes it was read from and of the code that read them; the next process with the same files and
code reads it back instead of validating again. A broken catalogue is never kept: its problems are
found afresh each time, and ``flask check`` always validates from scratch.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from flask import Flask, current_app, render_template

from ..cycle import load_programme_file, load_workflow, load_workflows
from ..schema import load_template, load_templates
from ..schema.source import Problem, SourceError, read_yaml
from ..store.runcache import CATALOG_NAME

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


def load_catalog(forms_dir: Path, workflows_dir: Path, keep_in: Path | None = None) -> Catalog:
    """Read and validate both directories; never raises for a content problem.

    ``keep_in``: a folder where a valid catalogue is kept for the next process (see the module doc).
    """
    key = _cache_key(forms_dir, workflows_dir) if keep_in is not None else None
    if keep_in is not None and key is not None:
        kept = _read_kept(keep_in / CACHE_NAME, key)
        if kept is not None:
            return kept
    forms, problems = load_templates(forms_dir)
    workflows, workflow_problems = load_workflows(workflows_dir, forms)
    catalog = Catalog(forms, workflows, [*problems, *workflow_problems])
    if keep_in is not None and key is not None and catalog.ok:
        _keep(keep_in / CACHE_NAME, key, catalog)
    return catalog


CACHE_NAME = CATALOG_NAME


def _cache_key(forms_dir: Path, workflows_dir: Path) -> str | None:
    """A digest of every file in both folders (name and bytes), their places and the validating code;
    None when a folder cannot be read (then nothing is kept or reused)."""
    digest = hashlib.sha256(f"{sys.version}\0{_code_version()}".encode())
    try:
        for folder in (forms_dir, workflows_dir):
            digest.update(f"\0{folder.resolve()}\0".encode())
            for path in sorted(folder.iterdir()):
                digest.update(f"{path.name}\0".encode())
                if path.is_file():
                    digest.update(hashlib.sha256(path.read_bytes()).digest())
    except OSError:
        return None
    return digest.hexdigest()


@cache
def _code_version() -> str:
    """A digest of the source that reads and validates templates and workflows (read once per process)."""
    engine = Path(__file__).resolve().parent.parent
    sources = sorted([*(engine / "schema").glob("*.py"), *(engine / "cycle").glob("*.py"), Path(__file__)])
    return hashlib.sha256(b"".join(path.read_bytes() for path in sources)).hexdigest()


def _read_kept(path: Path, key: str) -> Catalog | None:
    try:
        with open(path, "rb") as handle:
            kept_key, catalog = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception:  # a torn or foreign file is only a miss: validate and write it anew
        log.warning("ignored the unreadable catalogue cache %s", path)
        return None
    if kept_key != key or not isinstance(catalog, Catalog) or not catalog.ok:
        return None
    return catalog


def _keep(path: Path, key: str, catalog: Catalog) -> None:
    """Write the cache atomically, readable by the owner only; a cache that cannot be written is no error."""
    tmp = path.with_name(f".{CACHE_NAME}.{os.getpid()}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            pickle.dump((key, catalog), handle, protocol=5)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError) as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        log.warning("could not keep the catalogue in %s: %s", path, exc)


def init_app(app: Flask) -> None:
    """Load the catalogue; if it is broken, answer every request with the reasons (and log them once)."""
    catalog = load_catalog(
        Path(app.config["FORMS_PATH"]), Path(app.config["WORKFLOWS_PATH"]), keep_in=Path(app.instance_path)
    )
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
