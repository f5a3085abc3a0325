"""The OpenAPI 3.1 document of the read-only API (``/api/v1/openapi.json``).

Written out by hand, next to the shapes it describes (``engine.exports.api``): every object is
closed (``additionalProperties: false``), so a field added to an answer without being documented —
an address where none belongs — fails the schema test (``tests/api``), which runs schemathesis
against this document.
"""

from __future__ import annotations

from typing import Any

from ...config import VERSION

ID = {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"}
TEXT = {"type": "string"}
INT = {"type": "integer"}
MOMENT = {"type": "string", "format": "date-time"}
MAYBE_MOMENT = {"type": ["string", "null"], "format": "date-time"}
STATUSES = ["not_open", "open", "overdue", "submitted_on_time", "submitted_late", "withdrawn", "excused"]


def _object(properties: dict[str, Any], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _list_of(name: str) -> dict[str, Any]:
    return {"type": "array", "items": _ref(name)}


SCHEMAS: dict[str, Any] = {
    "Error": _object({"error": TEXT, "message": TEXT}),
    "Person": _object({"name": TEXT, "email": {"type": "string", "format": "email"}}, optional=("email",)),
    "Programme": _object(
        {
            "id": ID,
            "title": TEXT,
            "workflow": TEXT,
            "language": TEXT,
            "recipient": TEXT,
            "leader": _ref("Person"),
            "gatherings": INT,
            "teams": INT,
            "revision": INT,
            "updated_at": MAYBE_MOMENT,
            "closed_at": MAYBE_MOMENT,
            "purged_at": MAYBE_MOMENT,
        }
    ),
    "Gathering": _object(
        {
            "number": INT,
            "id": TEXT,
            "date": {"type": "string", "format": "date"},
            "start": TEXT,
            "end": {"type": ["string", "null"]},
            "place": TEXT,
            "host": TEXT,
            "theme": TEXT,
            "agenda": TEXT,
        }
    ),
    "Member": _object(
        {
            "id": TEXT,
            "name": TEXT,
            "role": {"type": ["string", "null"]},
            "active": {"type": "boolean"},
            "email": {"type": "string", "format": "email", "description": "Only for tokens that may read addresses."},
        },
        optional=("email",),
    ),
    "Team": _object(
        {
            "id": TEXT,
            "name": TEXT,
            "withdrawn": {
                "oneOf": [
                    {"type": "null"},
                    _object({"date": {"type": "string", "format": "date"}, "reason": TEXT}),
                ]
            },
            "joined": {
                "type": ["string", "null"],
                "format": "date",
                "description": "The day a team that came in after the start joined (null: from the start).",
            },
            "members": _list_of("Member"),
            "reference_for": {
                "type": "array",
                "items": TEXT,
                "description": "The ids of the teams this team is reference group for.",
            },
        }
    ),
    "Assignment": _object(
        {
            "key": TEXT,
            "team": TEXT,
            "deliverable": TEXT,
            "occurrence": INT,
            "title": TEXT,
            "form": TEXT,
            "gathering": INT,
            "opens_at": MOMENT,
            "due_at": MOMENT,
            "extended": {"type": "boolean"},
            "status": {"type": "string", "enum": STATUSES},
            "submitted_at": MAYBE_MOMENT,
            "versions": INT,
        }
    ),
    "Submission": _object(
        {
            "id": TEXT,
            "assignment": TEXT,
            "team": TEXT,
            "deliverable": TEXT,
            "occurrence": INT,
            "version": INT,
            "submitted_at": MOMENT,
            "submitted_by": TEXT,
            "form": TEXT,
            "form_version": INT,
            "answers": {"type": "object", "description": "The answers by field key, as the form template defines."},
        }
    ),
    "Scale": _object(
        {
            "key": TEXT,
            "label": TEXT,
            "low": INT,
            "high": INT,
            "answered": INT,
            "average": {"type": ["number", "null"]},
            "counts": {"type": "object", "additionalProperties": INT},
        }
    ),
    "TextQuestion": _object({"key": TEXT, "label": TEXT, "answered": INT}),
    "Evaluation": _object(
        {
            "gathering": INT,
            "form": TEXT,
            "responses": INT,
            "scales": _list_of("Scale"),
            "texts": _list_of("TextQuestion"),
        }
    ),
}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


UNAUTHORIZED = _error("No valid API token: missing, malformed, unknown or revoked.")
FORBIDDEN = _error("The token does not reach this programme.")
NOT_FOUND = _error("There is no such programme.")
BAD_REQUEST = _error("A query parameter is not valid.")
PID = {"name": "pid", "in": "path", "required": True, "schema": ID, "description": "The programme's id."}


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


TEAM = _query("team", TEXT, "Only this team (its id).")
DELIVERABLE = _query("deliverable", TEXT, "Only this deliverable (its key in the workflow).")


def _get(summary: str, schema: dict[str, Any], per_programme: bool = True, query: tuple = ()) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {"description": "OK", "content": {"application/json": {"schema": schema}}},
        "401": UNAUTHORIZED,
    }
    if per_programme:
        responses.update({"403": FORBIDDEN, "404": NOT_FOUND})
    if query:
        responses["400"] = BAD_REQUEST
    return {
        "get": {
            "summary": summary,
            "operationId": summary.split(":")[0].lower().replace(" ", "_"),
            "parameters": ([PID] if per_programme else []) + list(query),
            "responses": responses,
        }
    }


def document() -> dict[str, Any]:
    """The OpenAPI 3.1 document."""
    base = "/programmes/{pid}"
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Verksted API",
            "version": VERSION,
            "description": (
                "Read-only access to programmes, gatherings, teams, assignments with their status, "
                "submissions and evaluations (in aggregate). Every call needs `Authorization: Bearer <token>`; "
                "a project leader makes tokens in the admin pages (API tokens). A token reaches one programme "
                "or all of them, and reads e-mail addresses only if it was made to."
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": SCHEMAS,
        },
        "paths": {
            "/programmes": _get("List programmes: those the token reaches", _list_of("Programme"), per_programme=False),
            base: _get("Get programme", _ref("Programme")),
            f"{base}/gatherings": _get("List gatherings", _list_of("Gathering")),
            f"{base}/teams": _get("List teams: with their members", _list_of("Team")),
            f"{base}/assignments": _get(
                "List assignments: with their delivery status now",
                _list_of("Assignment"),
                query=(TEAM, DELIVERABLE, _query("status", {"type": "string", "enum": STATUSES}, "Only this status.")),
            ),
            f"{base}/submissions": _get(
                "List submissions: every version a team submitted, with its answers",
                _list_of("Submission"),
                query=(
                    TEAM,
                    DELIVERABLE,
                    _query("occurrence", {"type": "integer", "minimum": 1, "maximum": 1000}, "Only this occurrence."),
                    _query("latest", {"type": "boolean"}, "Only the newest version of each assignment."),
                ),
            ),
            f"{base}/evaluations": _get("List evaluations: in aggregate, per gathering", _list_of("Evaluation")),
        },
    }
