"""The API against its own OpenAPI 3.1 document: schemathesis generates requests for every operation from
the document and checks every answer — no server error, every status and body as documented."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.web.api.openapi import document
from tests.api.conftest import OTHER, bearer
from tests.support.teamwork import PID

PATHS = sorted(document()["paths"])


@pytest.fixture(scope="module")
def api_schema(api_app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api_app)


def check_operation(api_schema, path: str, headers: dict[str, str], examples: int) -> list[int]:
    """Run schemathesis' generated cases for ``GET path`` with ``headers``; the statuses seen.

    Two cases in three name a programme that exists (generated ids almost never do), so the answers
    with data are checked as often as the refusals."""
    statuses: list[int] = []

    @given(case=api_schema[path]["GET"].as_strategy(), real=st.sampled_from([None, PID, OTHER]))
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case, real):
        if real is not None and "pid" in (case.path_parameters or {}):
            case.path_parameters["pid"] = real
        response = case.call_and_validate(headers=headers)
        statuses.append(response.status_code)

    run()
    return statuses


@pytest.mark.parametrize("path", PATHS)
def test_every_operation_answers_as_documented_with_a_token_that_reaches_everything(api_schema, tokens, path):
    statuses = check_operation(api_schema, path, bearer(tokens.everything), 40)
    assert 200 in statuses and all(status < 500 for status in statuses)


@pytest.mark.parametrize("path", PATHS)
def test_every_operation_answers_as_documented_with_a_narrow_token(api_schema, tokens, path):
    statuses = check_operation(api_schema, path, bearer(tokens.example_only), 15)
    assert all(status < 500 for status in statuses)


@pytest.mark.parametrize("path", PATHS)
def test_every_operation_answers_401_as_documented_without_a_token(api_schema, path):
    assert set(check_operation(api_schema, path, {}, 10)) == {401}
