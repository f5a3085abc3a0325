"""What every command shares: one clear error line, telling a terminal from a file, finding the
programme a command names, writing its output, and speaking the programme's language."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, NoReturn

import click
from flask import current_app
from flask_babel import force_locale, gettext

from .. import clock
from ..programmes import ProgrammeInvalid, ProgrammeNotFound, Run, get_catalog, load_run
from ..programmes.collect import NoSuchOccurrence, TeamDocument, occurrence_documents
from ..store import InvalidId, get_store


def fail(message: str) -> NoReturn:
    """End a command with one clear line on stderr and exit status 1."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


def is_terminal(stream: IO) -> bool:
    """Whether ``stream`` is a terminal (binary output would garble it)."""
    return stream.isatty()


def run_or_fail(programme_id: str) -> Run:
    """The programme ``programme_id``, or one clear line and exit 1."""
    try:
        return load_run(get_store(), get_catalog(), programme_id)
    except (ProgrammeNotFound, InvalidId):
        fail(f"there is no programme '{programme_id}' (see `flask --app engine programme list`).")
    except ProgrammeInvalid as exc:
        fail(f"the programme '{programme_id}' cannot be used: {exc}")


def write_output(body: bytes, output: Path | None) -> None:
    """``body`` to ``output``, or to standard output without one."""
    if output is None:
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()
        return
    try:
        output.write_bytes(body)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}.")


@contextmanager
def in_programme_language(run: Run) -> Iterator[None]:
    """Templates and translations as a page of the programme would have them, in its language."""
    with current_app.test_request_context("/"), force_locale(run.programme.language or "nb"):
        yield


def documents_or_fail(run: Run, deliverable: str, occurrence: int) -> list[TeamDocument]:
    """Every team's document of the occurrence (translated: call inside :func:`in_programme_language`)."""

    try:
        return occurrence_documents(get_store(), get_catalog(), run, deliverable, occurrence, clock.now(), gettext)
    except NoSuchOccurrence as exc:
        fail(f"{exc}.")
