"""Helpers for stored records (``engine.store.records``)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from engine.store.records import check_assignment, content_hash, iso, parse_iso, split_assignment, thaw


def test_times_keep_their_offset_to_the_second():
    moment = datetime(2018, 6, 2, 23, 59, 59, 123456, tzinfo=timezone(timedelta(hours=2)))
    assert iso(moment) == "2018-06-02T23:59:59+02:00"
    assert parse_iso(iso(moment)) == moment.replace(microsecond=0)


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError, match="naive"):
        iso(datetime(2018, 6, 2, 12, 0))


def test_equal_answers_hash_equal_whatever_the_key_order():
    assert content_hash({"a": 1, "b": ["ø", 2]}) == content_hash({"b": ["ø", 2], "a": 1})
    assert content_hash({"a": 1}) != content_hash({"a": 2})


def test_thaw_copies_every_level():
    value = {"rows": [{"cells": ["x"]}], "n": 1}
    copy = thaw(value)
    copy["rows"][0]["cells"].append("y")
    assert copy == {"rows": [{"cells": ["x", "y"]}], "n": 1} and value == {"rows": [{"cells": ["x"]}], "n": 1}


@pytest.mark.parametrize("key", ["", "p/t/d", "p/t/d/x", "p//d/1", "p/t/d/1/2", None])
def test_malformed_assignment_keys_are_refused(key):
    with pytest.raises(ValueError, match="assignment key"):
        split_assignment(key)


def test_an_assignment_of_another_team_is_refused():
    assert check_assignment("p/moss/fremdriftsplan/3", "p", "moss") == ("fremdriftsplan", 3)
    with pytest.raises(ValueError, match="does not belong"):
        check_assignment("p/moss/fremdriftsplan/3", "p", "valer")
