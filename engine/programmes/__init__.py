"""The programme service: the catalogue of templates and workflows, a programme's run, its edits.

- ``catalog``: every form template and workflow, loaded and validated when the app is created
  (:func:`get_catalog`, :func:`check_paths` for ``flask check``);
- ``runs``: :func:`load_run` / :func:`cached_run` assemble a :class:`~engine.cycle.Run` from the
  store; :func:`save_programme_document` and :func:`import_programme_file` are the only ways a
  programme document is written; :func:`prefill_sources`, :func:`answers_of`;
- ``edits``: the leader's changes to a stored programme as pure steps plus :func:`save_edit`.
"""

from __future__ import annotations

from ..cycle import Run
from .catalog import Catalog, check_paths, get_catalog, init_app, load_catalog
from .runs import (
    ProgrammeInvalid,
    ProgrammeNotFound,
    answers_of,
    cached_run,
    forget_runs,
    import_programme_file,
    load_run,
    prefill_sources,
    run_if_mail_may_be_due,
    save_programme_document,
)

__all__ = [
    "Catalog",
    "ProgrammeInvalid",
    "ProgrammeNotFound",
    "Run",
    "answers_of",
    "cached_run",
    "check_paths",
    "forget_runs",
    "get_catalog",
    "import_programme_file",
    "init_app",
    "load_catalog",
    "load_run",
    "prefill_sources",
    "run_if_mail_may_be_due",
    "save_programme_document",
]
