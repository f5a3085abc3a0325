"""The :class:`Store`: the data folder, its layout, and the ways in (transactions, snapshots, journals).

Layout under the root (``<instance>/data``), chosen so a write costs what its owner weighs::

    installation.json                 admins, programmes (the index: id, title, revision …)
    sessions.json                     sessions: admins' log-ins (SHA-256 of the cookie's id)
    throttles.json                    counts: failed log-ins and link look-ups (hashed keys)
    programmes/<pid>/
        programme.json                programme (the one document), templates (snapshots)
        teams/<team>/drafts/<deliverable>.<occurrence>.json
                                      drafts: the team's shared draft of one assignment
        teams/<team>/deliveries.json  deliveries: one record per submitted version
        teams/<team>/answers/<sha256>.json
                                      answers: one submitted version's answers (immutable)
        teams/<team>/files/<sha256>.<kind>
                                      an attachment's bytes, named by their hash and real kind
        leader/drafts/…, leader/deliveries.json, leader/answers/…
                                      the same for the leader's own documents (``by: leader``;
                                      owner ``-`` in the repository functions, as in their keys)
        presenters.json               presenters: teams marked to present at a gathering
        calendars.json                feeds: calendar subscriptions (SHA-256 of their tokens)
        outbox.json                   messages: mail waiting to go (pending, failed)
        sent.jsonl                    sent mail, metadata only (append-only)
        tokens.json                   tokens: SHA-256 of link tokens
        evaluations/<gathering>.json  responses: anonymous evaluations of one gathering
        feedback.json                 feedback: the leader's and reference groups' feedback
        messages.json                 messages: the leader's messages to teams
        followups.json                notes: the leader's follow-up notes (leader and observers only)
        readings.json                 readings: the newest version of each document a leader has read
        events.jsonl                  the event log (append-only)
        run.cache                     the assembled run, for the next fresh process (``runcache``);
                                      a cache: deleting it costs one assembly

Saving a form rewrites only that form's draft (a few kB); submitting writes one answers file and
rewrites the team's delivery records (about 10 kB in a programme's second year) — never the
programme, the team's other work or another team's. Measured (``python -m bench``): with one
drafts file per team (90 kB in the second year) a save cost 2–3 times the CPU, and with the
deliveries in the programme file and the answers in one file per team a submission cost 16 ms of
CPU; 16 concurrent users queue for that CPU (the GIL), so those layouts missed the budget of
DESIGN §5 that this one meets. Files inside a programme folder are created only while the folder
exists (it is their *anchor*): a programme deleted meanwhile is not brought back by a late write.
Every data file has a ``.lock`` sidecar (see ``locks``); journals lock themselves. Ids that become
file names are checked (:func:`check_id`). Files and folders are private to the
user running Verksted (modes 0600 and 0700): they hold names, addresses and what teams wrote.
"""

from __future__ import annotations

import os
import re
import secrets
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .cache import CACHE
from .errors import InvalidId
from .fsutil import fsync_dir
from .gate import Gate
from .journal import Journal
from .storage import JSONFileStorage, ReadOnlyMiddleware, SnapshotDB, make_folder
from .transaction import Transaction
from .version import stamp_if_new

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
LEADER_OWNER = "-"  # the owner of the leader's own documents: ``-`` in their assignment keys, too


def check_id(value: object, what: str) -> str:
    """``value`` if it can name a file: letters, digits, ``.``, ``_``, ``-``, not starting with a dot."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise InvalidId(f"invalid {what} id {value!r}")
    return value


class Store:
    """The data of one installation, under ``root``; safe to share between threads and processes."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root).absolute()
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.programmes_root = self.root / "programmes"
        self.gate = Gate(self.root)
        stamp_if_new(self.root)

    # -- layout ---------------------------------------------------------------------------------

    @property
    def installation_file(self) -> Path:
        """Admins and the programme index."""
        return self.root / "installation.json"

    @property
    def sessions_file(self) -> Path:
        """Admins' sessions (hashes of their ids)."""
        return self.root / "sessions.json"

    @property
    def throttles_file(self) -> Path:
        """Failed log-ins and link look-ups, counted for every process of the instance."""
        return self.root / "throttles.json"

    def programme_dir(self, pid: str) -> Path:
        """The folder of one programme (raises ``InvalidId`` for an id that cannot be a folder)."""
        return self.programmes_root / check_id(pid, "programme")

    def programme_file(self, pid: str) -> Path:
        """The programme document and its template snapshots."""
        return self.programme_dir(pid) / "programme.json"

    def owner_dir(self, pid: str, team: str) -> Path:
        """The folder of a team's drafts, deliveries and answers; ``-`` (:data:`LEADER_OWNER`) is the
        project leader's, beside the teams' folder, so no team id can ever name it."""
        if team == LEADER_OWNER:
            return self.programme_dir(pid) / "leader"
        return self.teams_dir(pid) / check_id(team, "team")

    def drafts_dir(self, pid: str, team: str) -> Path:
        """The folder of a team's drafts, one file per assignment."""
        return self.owner_dir(pid, team) / "drafts"

    def draft_file(self, pid: str, team: str, deliverable: str, occurrence: int) -> Path:
        """The team's draft of one assignment."""
        name = f"{check_id(deliverable, 'deliverable')}.{int(occurrence)}.json"
        return self.drafts_dir(pid, team) / name

    def teams_dir(self, pid: str) -> Path:
        """The folder holding one folder per team that has drafts or deliveries."""
        return self.programme_dir(pid) / "teams"

    def deliveries_file(self, pid: str, team: str) -> Path:
        """The team's delivery records."""
        return self.owner_dir(pid, team) / "deliveries.json"

    def answers_file(self, pid: str, team: str, content_hash: str) -> Path:
        """One submitted version's answers, named by their content hash."""
        return self.owner_dir(pid, team) / "answers" / f"{check_id(content_hash, 'hash')}.json"

    def files_dir(self, pid: str, team: str) -> Path:
        """The folder of a team's attachments (``engine.store.files``)."""
        return self.teams_dir(pid) / check_id(team, "team") / "files"

    def outbox_file(self, pid: str) -> Path:
        """Mail waiting to be sent."""
        return self.programme_dir(pid) / "outbox.json"

    def sent_log(self, pid: str) -> Journal:
        """Metadata of sent mail (append-only)."""
        return self.journal(self.programme_dir(pid) / "sent.jsonl")

    def tokens_file(self, pid: str) -> Path:
        """Hashes of the members' link tokens."""
        return self.programme_dir(pid) / "tokens.json"

    def readings_file(self, pid: str) -> Path:
        """Which versions each leader has read."""
        return self.programme_dir(pid) / "readings.json"

    def evaluations_dir(self, pid: str) -> Path:
        """The folder of anonymous evaluations, one file per gathering."""
        return self.programme_dir(pid) / "evaluations"

    def evaluations_file(self, pid: str, gathering: str | int) -> Path:
        """Anonymous evaluation responses of one gathering."""
        return self.evaluations_dir(pid) / f"{check_id(gathering, 'gathering')}.json"

    def feedback_file(self, pid: str) -> Path:
        """Feedback on submitted versions, from the leader and from reference groups."""
        return self.programme_dir(pid) / "feedback.json"

    def messages_file(self, pid: str) -> Path:
        """The leader's messages to teams."""
        return self.programme_dir(pid) / "messages.json"

    def followups_file(self, pid: str) -> Path:
        """The leader's follow-up notes, per team."""
        return self.programme_dir(pid) / "followups.json"

    def presenters_file(self, pid: str) -> Path:
        """The teams marked worth sharing at a gathering, and the leader's choices."""
        return self.programme_dir(pid) / "presenters.json"

    def calendars_file(self, pid: str) -> Path:
        """Calendar subscriptions of the programme and its teams (hashes of their secrets)."""
        return self.programme_dir(pid) / "calendars.json"

    def event_log(self, pid: str) -> Journal:
        """The programme's event log (append-only)."""
        return self.journal(self.programme_dir(pid) / "events.jsonl")

    def anchor(self, path: Path) -> Path:
        """The folder that must exist before ``path`` may be created: its programme's, or the root."""
        try:
            relative = path.relative_to(self.programmes_root)
        except ValueError:
            return self.root
        return self.programmes_root / relative.parts[0]

    # -- ways in --------------------------------------------------------------------------------

    def transaction(self, *paths: Path) -> Transaction:
        """A transaction over the data files ``paths`` (see ``engine.store.transaction``)."""
        return Transaction(((path, self.anchor(path)) for path in paths), self.gate)

    def view(self, path: Path) -> SnapshotDB:
        """A read-only TinyDB over ``path`` as it is now; its documents are copies."""
        return SnapshotDB(path, self.anchor(path), storage=ReadOnlyMiddleware(JSONFileStorage))

    def peek(self, path: Path) -> Mapping[str, Mapping[str, Any]]:
        """The shared, cached tables of ``path`` — for scans that only pick out strings and numbers.

        Never mutate what this returns, and never hand its dicts to a caller: use :meth:`view`.
        """
        return JSONFileStorage(path, self.anchor(path)).read() or {}

    def journal(self, path: Path) -> Journal:
        """The append-only JSON Lines file ``path``."""
        return Journal(path, self.anchor(path), gate=self.gate)

    def write_problem(self) -> str | None:
        """Why the data folder cannot be written now (the operating system's words), or None.

        Writes and removes a tiny file: a wrong owner, a read-only mount and a full disk all show.
        The leader's pages and every scheduler pass ask, so a failing store is said, not met.
        """
        probe = self.root / f".probe-{os.getpid()}-{threading.get_ident()}"
        try:
            fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.write(fd, b"ok")
            finally:
                os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            return exc.strerror or str(exc)
        return None

    def create_programme_dir(self, pid: str) -> Path:
        """Make the folder of programme ``pid`` (the one place a programme folder is created)."""
        folder = self.programme_dir(pid)
        make_folder(folder, self.root)
        return folder

    def remove(self, path: Path) -> bool:
        """Delete the data file ``path`` (and any temp file a crash left) under its lock; False if there
        was none. For erasing personal data: the store never deletes a record file otherwise. The
        lock's sidecar stays (it holds a counter only), so a writer waiting for it is not fooled."""
        storage = JSONFileStorage(path, self.anchor(path))
        with self.gate.passage(), storage.lock:
            existed = path.exists()
            for leftover in (path, path.with_name(f".{path.name}.tmp")):
                leftover.unlink(missing_ok=True)
            CACHE.invalidate(str(path))
            storage.lock.bump_generation()
        return existed

    def writable(self) -> tuple[bool, str | None]:
        """Whether a file can be created, written durably and removed in the data folder now, and if
        not, why (the system's reason, without the path): the health check's question."""
        probe = self.root / f".probe-{os.getpid()}-{secrets.token_hex(4)}"
        try:
            fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
            try:
                os.write(fd, b"ok")
                os.fsync(fd)
            finally:
                os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            return False, exc.strerror or type(exc).__name__
        return True, None

    def move_programme_away(self, pid: str, suffix: str) -> Path | None:
        """Rename the folder of ``pid`` to ``deleted/<pid>.<suffix>``; None if it had none.

        The data is kept for recovery; late writes to the old path fail instead of recreating it.
        """
        source = self.programme_dir(pid)
        with self.gate.passage():
            if not source.is_dir():
                return None
            target_dir = self.root / "deleted"
            make_folder(target_dir, self.root)
            target = target_dir / f"{pid}.{check_id(suffix, 'suffix')}"
            os.rename(source, target)
            fsync_dir(self.programmes_root)
            fsync_dir(target_dir)
        CACHE.invalidate_tree(str(source))
        return target
