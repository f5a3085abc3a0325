"""The hostile-input suite's site and settings: a short run in ``make test``, a long one in ``make stress``.

``VERKSTED_STRESS=1`` (what ``make stress`` sets) runs many times more examples; either way the
terminal summary says how many hostile requests were sent and how many answered 5xx.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from engine import create_app
from tests.conftest import test_config
from tests.support.clockfix import Clock
from tests.support.teamwork import MIDWAY

from .site import FAILURES, TRAFFIC, Site

STRESS = os.environ.get("VERKSTED_STRESS") == "1"
settings.register_profile(
    "hostile",
    max_examples=2000 if STRESS else 120,
    deadline=None,
    database=None,  # nothing written into the work tree; every run draws afresh
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def quick_or_stress(quick: int) -> int:
    """A test's number of examples: ``quick`` in ``make test``, twenty times as many in ``make stress``."""
    return quick * 20 if STRESS else quick


def make_site(tmp_path_factory) -> Site:
    """A full instance of its own (see ``site.Site``)."""
    instance = tmp_path_factory.mktemp("hostile") / "instance"
    config = test_config(instance, Clock(MIDWAY))
    # the attack must keep reaching the pages, not the throttle on guessed links
    return Site(create_app({**config, "LINK_GUESS_LIMIT": 10**9}))


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    """One instance for the whole attack (per test process): state piles up as it would in production."""
    return make_site(tmp_path_factory)


@pytest.fixture(scope="module")
def own_site(tmp_path_factory) -> Site:
    """An instance of the module's own, untouched by the random attack (which may have ended the
    member's link or withdrawn the team): for properties that need a known starting point."""
    return make_site(tmp_path_factory)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """How many hostile requests were sent (in this process) and how many answered 5xx."""
    sent = sum(TRAFFIC.values())
    if not sent:
        return
    by_class = ", ".join(f"{TRAFFIC[k]} × {k}" for k in sorted(TRAFFIC))
    terminalreporter.write_sep("-", "hostile-input suite")
    terminalreporter.write_line(f"{sent} hostile requests sent ({by_class}); {TRAFFIC['5xx']} answered 5xx")
    for failure in FAILURES[:20]:
        terminalreporter.write_line(f"  5xx: {failure}")
