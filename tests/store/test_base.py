"""The store's layout and ways in (``engine.store.base``)."""

from __future__ import annotations

import pytest

from engine.store import InvalidId, NotFound, check_id
from engine.store.cache import CACHE


@pytest.mark.parametrize("value", ["jobbvinner-ostfold-2018", "moss", "Team_2", "a.b", 7])
def test_ids_that_can_name_files_pass(value):
    assert check_id(value, "team") == str(value)


@pytest.mark.parametrize("value", ["", ".hidden", "..", "a/b", "a\\b", "x" * 101, "på", None, True, "-x"])
def test_ids_that_could_escape_or_break_a_path_are_refused(value):
    with pytest.raises(InvalidId):
        check_id(value, "team")


def test_every_file_of_a_programme_lives_in_its_folder(store):
    folder = store.programme_dir("jv")
    for path in (
        store.programme_file("jv"),
        store.draft_file("jv", "moss", "hovedplan", 1),
        store.deliveries_file("jv", "moss"),
        store.answers_file("jv", "moss", "ab" * 32),
        store.outbox_file("jv"),
        store.tokens_file("jv"),
        store.evaluations_file("jv", 3),
        store.event_log("jv").path,
        store.sent_log("jv").path,
    ):
        assert path.is_relative_to(folder) and store.anchor(path) == folder
    assert store.anchor(store.installation_file) == store.root


def test_files_of_an_unknown_programme_are_not_created(store):
    path = store.draft_file("nope", "moss", "hovedplan", 1)
    with pytest.raises(NotFound), store.transaction(path):
        pass
    assert not store.programme_dir("nope").exists()


def test_moving_a_programme_away_keeps_its_files_and_forgets_them_in_the_cache(store, pid):
    path = store.programme_file(pid)
    store.view(path).table("programme").all()
    target = store.move_programme_away(pid, "20190301T090000Z")
    assert target == store.root / "deleted" / f"{pid}.20190301T090000Z"
    assert (target / "programme.json").exists() and not store.programme_dir(pid).exists()
    assert CACHE.entry(str(path)) is None
    assert store.move_programme_away(pid, "again") is None
