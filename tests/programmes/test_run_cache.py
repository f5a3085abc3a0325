"""``run.cache``: a process that has not assembled a programme yet reads the run a scheduler pass
kept — without reading a single delivery file — and only while the files it was made from are
unchanged; a torn or foreign file is only a miss; pages never write it."""

from __future__ import annotations

import pickle
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from engine.programmes import (
    cached_run,
    forget_runs,
    get_catalog,
    import_programme_file,
    load_run,
    run_if_mail_may_be_due,
    runs,
)
from engine.store import cache, deliveries, get_store, programmes
from engine.store.runcache import NAME

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "jobbvinner-ostfold.yaml"
NOW = datetime(2018, 4, 20, 10, 0, tzinfo=ZoneInfo("Europe/Oslo"))


@pytest.fixture
def kept(app):
    """The example programme, assembled once (so its run is kept on disk), and a fresh-process helper."""
    with app.app_context():
        store, catalog = get_store(), get_catalog()
        run, _ = import_programme_file(store, catalog, EXAMPLE, "test", NOW)
        submit(store, run.id, "moss", "n1")
        cached_run(store, catalog, run.id, keep_on_disk=True)
        yield store, catalog, run.id


def submit(store, pid: str, team: str, nonce: str) -> None:
    key = f"{pid}/{team}/hovedplan/1"
    meta = {"form": "hovedplan", "form_version": 1}
    deliveries.submit(store, pid, team, key, {"team": team}, meta, "m", "Medlem", nonce, None, NOW)


def fresh(store, catalog, pid: str):
    """``cached_run`` as a new process does it (nothing kept in memory), and how many files it read."""
    forget_runs()
    cache.CACHE.clear()
    run = cached_run(store, catalog, pid, keep_on_disk=True)
    return run, cache.CACHE.stats.loads


def test_a_fresh_process_reads_the_kept_run_instead_of_the_delivery_files(kept):
    store, catalog, pid = kept
    run, files_read = fresh(store, catalog, pid)
    assert files_read == 1  # the programme file; no team's deliveries
    assembled = load_run(store, catalog, pid)
    assert run.deliveries == assembled.deliveries and run.assignments == assembled.assignments
    assert run.workflow is catalog.workflows[assembled.workflow.id]  # the catalogue's own object
    assert (store.programme_dir(pid) / NAME).stat().st_mode & 0o777 == 0o600


def test_a_delivery_made_since_is_never_hidden_by_the_kept_run(kept):
    store, catalog, pid = kept
    submit(store, pid, "halden", "n2")  # as another process would: only the files change
    run, files_read = fresh(store, catalog, pid)
    assert files_read > 1 and run.latest(f"{pid}/halden/hovedplan/1") is not None
    again, files_read = fresh(store, catalog, pid)  # and the run kept now is the new one
    assert files_read == 1 and again.latest(f"{pid}/halden/hovedplan/1") is not None


def test_an_edited_programme_is_never_hidden_by_the_kept_run(kept):
    store, catalog, pid = kept
    document = programmes.get_programme(store, pid)
    programmes.save_programme(store, {**document, "title": "Nytt navn"}, "test", NOW)
    run, _ = fresh(store, catalog, pid)
    assert run.programme.title == "Nytt navn"


def test_a_torn_kept_run_is_only_a_miss(kept, caplog):
    store, catalog, pid = kept
    (store.programme_dir(pid) / NAME).write_bytes(b"\x80\x05 not a whole pickle")
    run, files_read = fresh(store, catalog, pid)
    assert files_read > 1 and run.deliveries == load_run(store, catalog, pid).deliveries
    assert "ignored the unreadable run cache" in caplog.text
    assert fresh(store, catalog, pid)[1] == 1  # written anew


def test_a_page_reads_the_kept_run_but_never_writes_it(app, kept):
    store, catalog, pid = kept
    path = store.programme_dir(pid) / NAME
    path.unlink()
    forget_runs()
    with app.test_request_context():
        cached_run(store, catalog, pid)  # as a page asks for it
    assert not path.exists()


# A programme that has ended (or not begun) is told quiet from the kept file, without its run.
AFTER_THE_END = datetime(2020, 9, 1, 10, 0, tzinfo=ZoneInfo("Europe/Oslo"))


def quiet_in_a_fresh_process(store, catalog, pid: str, now: datetime, monkeypatch) -> tuple[bool, int]:
    """Whether a new process's pass finds no mail can be due (``run_if_mail_may_be_due`` is None),
    and how many kept runs it unpickled to answer."""
    forget_runs()
    cache.CACHE.clear()
    unpickled = []
    real = runs._unpickled
    monkeypatch.setattr(runs, "_unpickled", lambda *args: unpickled.append(args) or real(*args))
    return run_if_mail_may_be_due(store, catalog, pid, now) is None, len(unpickled)


def test_an_ended_programme_is_told_quiet_without_rebuilding_its_run(kept, monkeypatch):
    store, catalog, pid = kept
    assert quiet_in_a_fresh_process(store, catalog, pid, AFTER_THE_END, monkeypatch) == (True, 0)
    assert cache.CACHE.stats.loads == 1  # the programme file; no team's deliveries
    assert quiet_in_a_fresh_process(store, catalog, pid, NOW, monkeypatch) == (False, 1)  # running: its run


def test_a_programme_changed_since_is_never_told_quiet_from_the_old_file(kept, monkeypatch):
    store, catalog, pid = kept
    document = programmes.get_programme(store, pid)
    last = document["extensions"][-1]
    later = {**last, "due": "2020-10-01"}  # an extension past the end: mail is due again in September
    programmes.save_programme(store, {**document, "extensions": [*document["extensions"][:-1], later]}, "t", NOW)
    assert quiet_in_a_fresh_process(store, catalog, pid, AFTER_THE_END, monkeypatch)[0] is False
    run = cached_run(store, catalog, pid, keep_on_disk=True)  # the next pass keeps the new run
    assert any(a.effective_due_at.date().isoformat() == "2020-10-01" for a in run.assignments)
    assert quiet_in_a_fresh_process(store, catalog, pid, AFTER_THE_END, monkeypatch)[0] is False
    long_after = datetime(2021, 3, 1, 10, 0, tzinfo=ZoneInfo("Europe/Oslo"))
    assert quiet_in_a_fresh_process(store, catalog, pid, long_after, monkeypatch)[0] is True


def test_a_delivery_since_means_assembling_afresh_before_answering(kept, monkeypatch):
    store, catalog, pid = kept
    submit(store, pid, "halden", "n3")
    assert quiet_in_a_fresh_process(store, catalog, pid, AFTER_THE_END, monkeypatch) == (True, 0)
    assert cache.CACHE.stats.loads > 1  # the kept periods were not trusted: the deliveries were read
    assert quiet_in_a_fresh_process(store, catalog, pid, AFTER_THE_END, monkeypatch) == (True, 0)
    assert cache.CACHE.stats.loads == 1  # and the pass kept the new run for the next one


@pytest.mark.parametrize("content", [b"\x80\x05 not a whole pickle", b""])
def test_a_torn_or_older_kept_file_means_assembling_afresh(kept, monkeypatch, content):
    store, catalog, pid = kept
    path = store.programme_dir(pid) / NAME
    path.write_bytes(content or pickle.dumps(("key", "an older format"), protocol=5))
    assert quiet_in_a_fresh_process(store, catalog, pid, AFTER_THE_END, monkeypatch) == (True, 0)
    assert cache.CACHE.stats.loads > 1
    assert quiet_in_a_fresh_process(store, catalog, pid, NOW, monkeypatch) == (False, 1)  # written anew
