"""Admin accounts (``engine.store.admins``)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from engine.store import AlreadyExists, NotFound, admins


def test_an_admin_is_found_by_id_and_by_email_in_any_case(store, now):
    admin = admins.create_admin(store, " Leder@Example.org ", "hash", "leader", now, name="Leder")
    assert admin["email"] == "leder@example.org" and admin["role"] == "leader"
    assert admins.get_admin(store, admin["id"]) == admin
    assert admins.find_admin_by_email(store, "LEDER@example.org") == admin
    assert admins.find_admin_by_email(store, "other@example.org") is None


def test_one_account_per_email_address(store, now):
    admins.create_admin(store, "leder@example.org", "hash", "leader", now)
    with pytest.raises(AlreadyExists):
        admins.create_admin(store, "LEDER@example.org", "hash", "observer", now)
    assert len(admins.list_admins(store)) == 1


@pytest.mark.parametrize(
    ("email", "role"),
    [("no-at-sign", "leader"), ("@example.org", "leader"), ("a@example.org", "admin"), ("a@example.org", "")],
)
def test_invalid_email_or_role_is_refused(store, now, email, role):
    with pytest.raises(ValueError):
        admins.create_admin(store, email, "hash", role, now)
    assert admins.list_admins(store) == []


def test_admins_are_listed_by_email(store, now):
    for email in ("c@x.no", "a@x.no", "b@x.no"):
        admins.create_admin(store, email, "hash", "observer", now)
    assert [admin["email"] for admin in admins.list_admins(store)] == ["a@x.no", "b@x.no", "c@x.no"]


def test_update_changes_what_is_named_and_stamps_the_time(store, now):
    admin = admins.create_admin(store, "a@x.no", "old", "observer", now)
    later = now + timedelta(hours=1)
    updated = admins.update_admin(store, admin["id"], later, password_hash="new", role="leader")
    assert (updated["password_hash"], updated["role"], updated["email"]) == ("new", "leader", "a@x.no")
    assert admins.get_admin(store, admin["id"]) == updated and updated["updated_at"] == "2019-03-01T11:00:00+01:00"


def test_update_refuses_a_taken_email_an_unknown_field_and_an_unknown_admin(store, now):
    first = admins.create_admin(store, "a@x.no", "h", "leader", now)
    admins.create_admin(store, "b@x.no", "h", "leader", now)
    with pytest.raises(AlreadyExists):
        admins.update_admin(store, first["id"], now, email="B@x.no")
    with pytest.raises(ValueError, match="created_at"):
        admins.update_admin(store, first["id"], now, created_at="x")
    with pytest.raises(NotFound):
        admins.update_admin(store, "nobody", now, name="x")
    assert admins.get_admin(store, first["id"])["email"] == "a@x.no"
