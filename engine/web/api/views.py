"""The API's views: authenticate, check the scope, parse the query, call ``engine.exports.api``, answer JSON."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, jsonify, request
from werkzeug.exceptions import HTTPException

from ... import clock
from ...access.api import authenticate
from ...exports import api as representation
from ...programmes import ProgrammeInvalid, ProgrammeNotFound, Run, cached_run, get_catalog
from ...store import InvalidId, get_store
from ...store import programmes as programme_repo
from .openapi import document

bp = Blueprint("api", __name__, url_prefix="/api/v1")
PUBLIC = frozenset({"api.openapi"})


class ApiError(Exception):
    """An error answered as ``{"error": code, "message": text}`` with an HTTP status."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@bp.errorhandler(ApiError)
def _api_error(error: ApiError):
    response = jsonify(error=error.code, message=error.message)
    response.status_code = error.status
    if error.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="verksted"'
    return response


@bp.before_request
def _authenticate():
    if request.endpoint in PUBLIC:
        return None
    grant = authenticate(get_store(), request.headers.get("Authorization"), clock.now())
    if grant is None:
        raise ApiError(401, "unauthorized", "Send a valid API token: Authorization: Bearer <token>.")
    g.grant = grant
    return None


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 document of this API."""
    return jsonify(document())


@bp.get("/programmes")
def programmes():
    """The programmes the token reaches."""
    store, catalog = get_store(), get_catalog()
    found = []
    for entry in programme_repo.list_programmes(store):
        if not g.grant.reaches(entry["id"]):
            continue
        try:
            found.append(representation.programme(cached_run(store, catalog, entry["id"]), g.grant.addresses))
        except (ProgrammeNotFound, ProgrammeInvalid, InvalidId):
            continue  # deleted meanwhile, or its workflow is not installed: nothing to show
    return jsonify(found)


@bp.get("/programmes/<pid>")
def programme(pid: str):
    """One programme."""
    return jsonify(representation.programme(_run(pid), g.grant.addresses))


@bp.get("/programmes/<pid>/gatherings")
def gatherings(pid: str):
    """The programme's gatherings."""
    return jsonify(representation.gatherings(_run(pid)))


@bp.get("/programmes/<pid>/teams")
def teams(pid: str):
    """The teams and their members."""
    return jsonify(representation.teams(_run(pid), g.grant.addresses))


@bp.get("/programmes/<pid>/assignments")
def assignments(pid: str):
    """The team assignments with their delivery status now."""
    filters = _filters(status=True)
    return jsonify(representation.assignments(_run(pid), clock.now(), filters))


@bp.get("/programmes/<pid>/submissions")
def submissions(pid: str):
    """Submitted versions with their answers."""
    filters = _filters(occurrence=True, latest=True)
    return jsonify(representation.submissions(get_store(), _run(pid), filters))


@bp.get("/programmes/<pid>/evaluations")
def evaluations(pid: str):
    """The gatherings' evaluations in aggregate."""
    return jsonify(representation.evaluations(get_store(), get_catalog(), _run(pid)))


def _run(pid: str) -> Run:
    if not g.grant.reaches(pid):
        raise ApiError(403, "forbidden", "This token does not reach that programme.")
    try:
        return cached_run(get_store(), get_catalog(), pid)
    except (ProgrammeNotFound, InvalidId):
        raise ApiError(404, "not_found", "There is no such programme.") from None
    except ProgrammeInvalid:
        raise ApiError(404, "not_found", "The programme cannot be read: its workflow is not installed.") from None


def _filters(occurrence: bool = False, status: bool = False, latest: bool = False) -> dict[str, Any]:
    args = request.args
    filters: dict[str, Any] = {"team": args.get("team") or None, "deliverable": args.get("deliverable") or None}
    if occurrence and "occurrence" in args:
        value = args["occurrence"]
        if not value.isdigit() or not 1 <= int(value) <= 1000:
            raise ApiError(400, "bad_request", "occurrence must be a whole number from 1.")
        filters["occurrence"] = int(value)
    if status and args.get("status"):
        if args["status"] not in representation.STATUSES:
            raise ApiError(400, "bad_request", f"status must be one of {', '.join(representation.STATUSES)}.")
        filters["status"] = args["status"]
    if latest and "latest" in args:
        if args["latest"] not in ("true", "false"):
            raise ApiError(400, "bad_request", "latest must be true or false.")
        filters["latest"] = args["latest"] == "true"
    return filters


def api_http_error(error: HTTPException):
    """An HTTP error under ``/api/`` (an unknown path, a wrong method) as JSON, like every API answer."""
    response = jsonify(error=(error.name or "error").lower().replace(" ", "_"), message=error.description or "")
    response.status_code = error.code or 500
    return response
