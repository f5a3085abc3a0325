"""Backups while teams keep saving, and restoring them (``engine.store.backup``, ``flask backup``/``restore``).

The writers are real threads saving drafts and submitting through the store's own functions; the
backup runs beside them, in the same process and — as an operator's timer runs it — in another
process. What a restored copy must hold: every save that was acknowledged before the backup
started, every delivery with the answers it points to, and nothing that does not parse.
"""

from __future__ import annotations

import io
import json
import tarfile
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

from engine.store import (
    LEADER_OWNER,
    Store,
    calendars,
    deliveries,
    drafts,
    events,
    feedback,
    followups,
    messages,
    presenters,
    programmes,
    readings,
)
from engine.store.backup import BackupError, create_backup
from engine.store.restore import holds_data, restore_backup
from engine.store.version import FORMAT
from tests.support.server import flask_cli

TEAMS = ("moss", "valer", "halden", "sarpsborg")


@pytest.fixture
def outside(tmp_path_factory) -> Path:
    """A folder outside the instance (the store fixture's instance folder is ``tmp_path``)."""
    return tmp_path_factory.mktemp("outside")


class Writers:
    """Threads that save drafts and submit, each noting every save the store acknowledged, and when."""

    def __init__(self, store: Store, pid: str, now) -> None:
        self.store, self.pid, self.now = store, pid, now
        self.acks: list[tuple[float, str, str, int]] = []  # (acknowledged at, kind, assignment, revision/version)
        self.errors: list[BaseException] = []
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(team,)) for team in TEAMS]
        self.threads.append(threading.Thread(target=self._leader))

    def _leader(self) -> None:
        """The leader renames the programme over and over: a save that writes two files."""
        try:
            while not self.stop.is_set():
                doc = programmes.get_programme(self.store, self.pid)
                renamed = {**doc, "title": f"Tittel {doc['revision']}"}
                saved = programmes.save_programme(self.store, renamed, "l", self.now)
                self.acks.append((time.monotonic(), "programme", self.pid, saved["revision"]))
        except BaseException as exc:
            self.errors.append(exc)

    def _run(self, team: str) -> None:
        revision, count = 0, 0
        try:
            while not self.stop.is_set():
                count += 1
                draft_key = f"{self.pid}/{team}/statusrapport/{1 + count % 3}"
                base = (drafts.get_draft(self.store, self.pid, team, draft_key) or {}).get("revision", 0)
                saved = drafts.save_draft(
                    self.store, self.pid, team, draft_key, {"tekst": f"{team} {count}"}, "m", "M", base, None, self.now
                )
                revision = saved.draft["revision"]
                self.acks.append((time.monotonic(), "draft", draft_key, revision))
                if count % 5 == 0:
                    key = f"{self.pid}/{team}/fremdriftsplan/{count // 5}"
                    meta = {"form": "fremdriftsplan", "form_version": 1}
                    answers = {"resultatmal": f"{team} plan {count}"}
                    record = deliveries.submit(
                        self.store, self.pid, team, key, answers, meta, "m", "M", None, None, self.now
                    )
                    self.acks.append((time.monotonic(), "delivery", key, record["version"]))
        except BaseException as exc:  # reported by the test, not lost in a thread
            self.errors.append(exc)

    def __enter__(self) -> Writers:
        for thread in self.threads:
            thread.start()
        while len(self.acks) < 40 and not self.errors:  # let them get going (real threads, real work)
            time.sleep(0.005)
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(60)
        assert self.errors == []


def assert_restored_copy_holds(restored: Store, pid: str, acks, before: float) -> int:
    """Every ack before ``before`` is in ``restored``; every file parses; every delivery has its answers.

    Returns how many acknowledged saves the copy had to hold.
    """
    latest: dict[tuple[str, str], int] = {}
    versions: dict[str, set[int]] = {}
    for at, kind, key, number in acks:
        if at < before:
            latest[(kind, key)] = max(number, latest.get((kind, key), 0))
            if kind == "delivery":
                versions.setdefault(key, set()).add(number)
    for (kind, key), number in latest.items():
        if kind == "programme":
            assert programmes.get_programme(restored, pid)["revision"] >= number
        elif kind == "draft":
            draft = drafts.get_draft(restored, pid, key.split("/")[1], key)
            assert draft is not None and draft["revision"] >= number, (key, number)
    for key, numbers in versions.items():
        stored = {d["version"] for d in deliveries.list_deliveries(restored, pid, assignment=key)}
        assert numbers <= stored, (key, numbers - stored)
    checked = sum(1 for at, *_ in acks if at < before)
    for path in restored.root.rglob("*"):
        if path.suffix == ".json":
            json.loads(path.read_bytes())
        elif path.suffix == ".jsonl":
            for line in path.read_text().splitlines():
                json.loads(line)
    for record in deliveries.list_deliveries(restored, pid):
        assert deliveries.get_answers(restored, pid, record["team"], record["content_hash"]) is not None
    # A save writes the programme and then the index: a copy must never hold one without the other.
    listed = next(entry for entry in programmes.list_programmes(restored) if entry["id"] == pid)
    assert listed["revision"] == programmes.get_programme(restored, pid)["revision"]
    return checked


def add_filler(store: Store, now, programmes_count: int = 4, files: int = 100) -> None:
    """Programmes whose ids sort before the busy one, with many files: the backup takes a while to
    walk past them — time in which, were writers not held at the gate, a save could complete
    between linking the index and linking the programme it indexes."""
    for n in range(programmes_count):
        pid = f"aa-filler-{n}"
        programmes.save_programme(store, {"id": pid, "workflow": "utviklingsverksted", "title": "F"}, "l", now)
        for k in range(files):
            key = f"{pid}/t/skjema/{k + 1}"
            drafts.save_draft(store, pid, "t", key, {"x": k}, "m", "M", 0, None, now)


def test_backups_taken_while_five_threads_save_restore_every_acknowledged_save(outside, store, pid, now):
    instance = store.root.parent
    (instance / "secret_key").write_text("the-secret")
    add_filler(store, now)
    with Writers(store, pid, now) as writers:
        for attempt in range(4):
            archive, target = outside / f"backup-{attempt}.tar.gz", outside / f"restored-{attempt}"
            started = time.monotonic()
            made = create_backup(store, instance, archive, now)
            acks = len(writers.acks)
            while len(writers.acks) < acks + 20:  # the writers go on saving between backups
                time.sleep(0.002)

            manifest = restore_backup(archive, target)
            assert manifest["store_format"] == FORMAT and manifest["files"] == made.files
            assert (target / "secret_key").read_text() == "the-secret"
            checked = assert_restored_copy_holds(Store(target / "data"), pid, list(writers.acks), started)
            assert checked >= 40
    # The saves after a backup are not in it.
    kept = Store(outside / "restored-0" / "data")
    saved_events = [e for e in events.list_events(kept, pid) if e["kind"] == "draft_saved"]
    assert len(saved_events) < len([a for a in writers.acks if a[1] == "draft"])


@pytest.mark.slow
def test_flask_backup_in_another_process_while_threads_save(outside, store, pid, now):
    """The operator's timer: ``flask backup`` from cron while the server's threads save."""
    instance = store.root.parent
    archive = outside / "nightly.tar.gz"
    with Writers(store, pid, now) as writers:
        started = time.monotonic()  # before the process even starts: a stricter line than needed
        result = flask_cli(instance, "backup", str(archive))
        assert result.returncode == 0, result.stderr
        assert "Backup written to" in result.stdout
        finished = time.monotonic()
        while not [a for a in writers.acks if a[0] > finished]:  # the writers were never stopped
            time.sleep(0.005)
    restored = flask_cli(outside / "elsewhere", "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    checked = assert_restored_copy_holds(Store(outside / "elsewhere" / "data"), pid, writers.acks, started)
    assert checked >= 40


def test_the_archive_has_a_manifest_first_and_leaves_out_locks_status_and_the_mailbox(outside, store, pid, now):
    instance = store.root.parent
    for name, text in {"secret_key": "s", "config.py": "BASE_URL = 'https://x'", "last-pass.json": "{}"}.items():
        (instance / name).write_text(text)
    (instance / "tick.lock").write_text("")
    (instance / "mailbox").mkdir()
    (instance / "mailbox" / "20190301T100000000000-abcdefabcdef.eml").write_text("Subject: hei\n\nhei")
    without, with_mailbox = outside / "a.tar.gz", outside / "b.tar.gz"
    create_backup(store, instance, without, now)
    create_backup(store, instance, with_mailbox, now + timedelta(minutes=1), mailbox=True)

    with tarfile.open(without) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert names[0] == "manifest.json"
    assert {"secret_key", "config.py", "data/installation.json", "data/format.json"} <= set(names)
    assert f"data/programmes/{pid}/programme.json" in names and f"data/programmes/{pid}/events.jsonl" in names
    assert not [n for n in names if n.endswith(".lock") or "/." in n or n.startswith(("mailbox", "last-pass"))]
    assert manifest["kind"] == "verksted-backup" and manifest["created_at"] == now.isoformat()
    assert sorted(e["path"] for e in manifest["files"]) == sorted(names[1:])
    assert all(len(e["sha256"]) == 64 for e in manifest["files"])
    with tarfile.open(with_mailbox) as tar:
        assert "mailbox/20190301T100000000000-abcdefabcdef.eml" in tar.getnames()
    assert not [p for p in instance.iterdir() if p.name.startswith(".backup-")]  # the staging folder is gone


def test_restore_refuses_a_folder_with_data_unless_forced(outside, store, pid, now):
    archive = outside / "b.tar.gz"
    create_backup(store, store.root.parent, archive, now)
    occupied = outside / "occupied"
    Store(occupied / "data")
    (occupied / "data" / "installation.json").write_text('{"admins": {}}')
    (occupied / "notes.txt").write_text("mine")
    assert holds_data(occupied)
    with pytest.raises(BackupError, match="already holds an installation"):
        restore_backup(archive, occupied)
    assert (occupied / "notes.txt").exists()
    restore_backup(archive, occupied, force=True)
    assert not (occupied / "notes.txt").exists()
    assert (occupied / "data" / "programmes" / pid / "programme.json").exists()


def test_a_fresh_folder_that_a_command_just_created_counts_as_empty(outside):
    fresh = outside / "fresh"
    result = flask_cli(fresh, "programme", "list")  # creates secret_key, data/, format.json
    assert result.returncode == 0
    assert (fresh / "secret_key").exists() and (fresh / "data" / "format.json").exists()
    assert not holds_data(fresh)


def _tamper(archive: Path, target: Path, change) -> None:
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as out:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            data, member = change(member, data)
            if member is not None:
                member.size = len(data)
                out.addfile(member, io.BytesIO(data))


def test_a_damaged_or_incomplete_archive_restores_nothing(outside, store, pid, now):
    archive = outside / "good.tar.gz"
    create_backup(store, store.root.parent, archive, now)
    flipped, short, evil = outside / "flipped.tar.gz", outside / "short.tar.gz", outside / "evil.tar.gz"

    def flip(member, data):
        return (
            (data.replace(b"Jobbvinner", b"Jobbtaper"), member)
            if member.name.endswith("programme.json")
            else (
                data,
                member,
            )
        )

    _tamper(archive, flipped, flip)
    _tamper(archive, short, lambda m, d: (d, None if m.name.endswith("installation.json") else m))

    def escape(member, data):
        if member.name.endswith("installation.json"):
            member.name = "../escaped.json"
        return data, member

    _tamper(archive, evil, escape)
    (outside / "junk.tar.gz").write_bytes(b"not an archive")
    for bad, message in [
        (flipped, "does not match its checksum"),
        (short, "incomplete"),
        (evil, "refusing the archive member"),
        (outside / "junk.tar.gz", "cannot be read"),
    ]:
        target = outside / f"into-{bad.stem}"
        with pytest.raises(BackupError, match=message):
            restore_backup(bad, target)
        left = [p for p in target.rglob("*") if p.is_file() and p.suffix != ".lock"]
        assert not holds_data(target) and not left, bad
    assert not (outside / "escaped.json").exists()


def test_restore_refuses_data_of_a_newer_verksted(outside, store, pid, now):
    archive, newer = outside / "b.tar.gz", outside / "newer.tar.gz"
    create_backup(store, store.root.parent, archive, now)

    def bump(member, data):
        if member.name == "manifest.json":
            manifest = json.loads(data)
            manifest["store_format"] = FORMAT + 1
            data = json.dumps(manifest).encode()
        return data, member

    _tamper(archive, newer, bump)
    with pytest.raises(BackupError, match=f"format {FORMAT + 1}, written by a newer Verksted"):
        restore_backup(newer, outside / "target")


def test_restore_refuses_while_a_server_runs_on_the_folder(outside, store, pid, now):
    import fcntl
    import os

    archive = outside / "b.tar.gz"
    create_backup(store, store.root.parent, archive, now)
    target = outside / "live"
    target.mkdir()
    fd = os.open(target / "scheduler.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # what a running `flask serve` holds
    try:
        with pytest.raises(BackupError, match="server or pass is running"):
            restore_backup(archive, target)
    finally:
        os.close(fd)
    restore_backup(archive, target)


def test_the_cli_names_what_went_wrong_in_one_line(outside, store, pid, now):
    instance = store.root.parent
    inside = flask_cli(instance, "backup", str(instance / "b.tar.gz"))
    assert inside.returncode == 1 and inside.stderr.count("\n") == 1
    assert "outside the instance folder" in inside.stderr
    missing = flask_cli(outside / "other", "restore", str(outside / "nothing.tar.gz"))
    assert missing.returncode == 1 and missing.stderr.startswith("Error: nothing was restored: there is no backup")
    folder = outside / "backups"
    folder.mkdir()
    into_folder = flask_cli(instance, "backup", str(folder))
    assert into_folder.returncode == 0, into_folder.stderr
    assert [p.name[:9] for p in folder.iterdir()] == ["verksted-"]


def test_a_restored_programme_keeps_its_learning_loop_and_report_records(outside, store, pid, now):
    """Every record the learning loop and the report keep in the programme's folder comes back: feedback,
    messages, follow-up notes, a presenter mark, a calendar subscription, reading marks, the leader's own
    document (its draft, delivery and answers)."""
    meta = {"form": "fremdriftsplan", "form_version": 1}
    sent = deliveries.submit(
        store, pid, "moss", f"{pid}/moss/fremdriftsplan/1", {"x": "plan"}, meta, "kari", "Kari", None, None, now
    )
    fields = {"assignment": sent["assignment"], "delivery": sent["id"], "version": 1, "by": "team"}
    feedback.add_feedback(store, pid, {**fields, "author": "per", "from_team": "valer", "text": "Godt!"}, None, now)
    messages.add_message(store, pid, "Samling 2", "Velkommen", ["moss", "valer"], "leader", None, now)
    followups.add_note(store, pid, "moss", now.date(), "call", "Ringte Kari", "leader", None, now)
    presenters.mark(store, pid, "g2", "moss", sent["assignment"], sent["id"], "Fin plan å dele", "leader", now)
    calendars.add_feed(store, pid, "feed1", "team", "moss", "a" * 64, "leader", now)
    readings.mark_read(store, pid, "leader", [(sent["assignment"], 1, sent["id"])], now)
    own = f"{pid}/-/styringsgrupperapport/1"
    deliveries.submit(store, pid, LEADER_OWNER, own, {"tekst": "Status"}, meta, "leader", "Leder", None, None, now)
    drafts.save_draft(
        store, pid, LEADER_OWNER, f"{pid}/-/styringsgrupperapport/2", {"t": "Utkast"}, "leader", "L", 0, None, now
    )
    archive = outside / "loop.tar.gz"
    create_backup(store, store.root.parent, archive, now)

    restored_instance = outside / "restored"
    restore_backup(archive, restored_instance)
    restored = Store(restored_instance / "data")
    folder = store.programme_dir(pid)
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".lock")):
        copy = restored.programme_dir(pid) / path.relative_to(folder)
        assert copy.read_bytes() == path.read_bytes(), path.name
    (given,) = feedback.list_feedback(restored, pid)
    assert (given["from_team"], given["author"], given["text"]) == ("valer", "per", "Godt!")
    (marked,) = presenters.list_presenters(restored, pid, gathering="g2")
    assert (marked["team"], marked["reason"]) == ("moss", "Fin plan å dele")
    assert [m["subject"] for m in messages.list_team_messages(restored, pid, "valer")] == ["Samling 2"]
    assert [n["text"] for n in followups.list_notes(restored, pid)] == ["Ringte Kari"]
    assert calendars.find_feed(restored, pid, "a" * 64)["team"] == "moss"
    assert readings.read_versions(restored, pid, "leader") == {sent["assignment"]: 1}
    assert [r["assignment"] for r in deliveries.list_deliveries(restored, pid, team=LEADER_OWNER)] == [own]
    assert drafts.list_drafts(restored, pid, LEADER_OWNER)[0]["values"] == {"t": "Utkast"}
