"""Attachments on the team's side: keeping what a form post carries, and who may fetch a file.

A file is the team's: its bytes sit in the team's folder (``engine.store.files``), and a link
reaches it only where the document that carries it may be read —

- the team itself (any member's link): every file in its folder, drafts' included;
- its reference groups: the files of the partner's *latest submitted* version they are shown;
- the leader and observers: the files of any submitted version of the team.

Another team's link never finds a file: every look-up starts in the folder of the team the link
(or the page) belongs to, and a reference group's look-up goes through the submitted answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..programmes import Run, answers_of
from ..schema.attach import Keep, Known
from ..schema.files import as_ref
from ..store import Store
from ..store import files as file_repo


def form_hooks(store: Store, pid: str, team: str) -> tuple[Keep, Known]:
    """``(keep, known)`` for a form of ``team``: store an accepted file in the team's folder; accept a
    carried reference only if the team's folder holds exactly that file."""

    def keep(ref: dict[str, Any], data: bytes) -> None:
        file_repo.keep_file(store, pid, team, ref, data)

    def known(ref: dict[str, Any]) -> dict[str, Any] | None:
        return ref if file_repo.stored_file(store, pid, team, ref) is not None else None

    return keep, known


def attachments_in(answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The attachment references among a version's answers (``file`` fields are top-level)."""
    return [ref for ref in (as_ref(value) for value in answers.values()) if ref is not None]


def _carried(store: Store, run: Run, records: Iterable[Mapping[str, Any]], sha256: str, kind: str) -> bool:
    return any(
        ref["sha256"] == sha256 and ref["type"] == kind
        for record in records
        for ref in attachments_in(answers_of(store, run, record))
    )


def team_file(store: Store, run: Run, team: str, sha256: str, kind: str) -> Path | None:
    """A file in ``team``'s own folder (what its members attached), or None."""
    return file_repo.find_file(store, run.id, team, sha256, kind)


def submitted_file(
    store: Store, run: Run, team: str, sha256: str, kind: str, records: Iterable[Mapping[str, Any]]
) -> Path | None:
    """A file of ``team`` that one of its submitted versions ``records`` carries, or None."""
    records = [r for r in records if r.get("team") == team]
    if not _carried(store, run, records, sha256, kind):
        return None
    return file_repo.find_file(store, run.id, team, sha256, kind)
