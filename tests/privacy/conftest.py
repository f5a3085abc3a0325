"""The example programme on a test clock with team members' browsers, as in the team pages' tests."""

from __future__ import annotations

from tests.team.conftest import clock, links, member, reload, run, store  # noqa: F401 - fixtures
