"""Log lines a collector can parse: one line per event, as logfmt or JSON, with no personal data and no token.

Every log record of the process — ours, Flask's, gunicorn's, APScheduler's — goes through one
handler on standard error (systemd's journal, a container's log) with one of two formats,
chosen by ``LOG_FORMAT``:

- ``text`` (the default): logfmt, ``time=… level=info logger=engine.web event=request method=GET
  route=/admin/ status=200 ms=4.1 pid=812``;
- ``json``: one JSON object per line with the same keys.

An *event* is a record made with :func:`event`: a short name (``request``, ``mail_sent``,
``mail_failed``, ``tick``, ``backup`` …) and fields. Any other record becomes ``event=log`` with
its message in ``msg``; a traceback goes into the same line (``exception``), never onto lines of
its own.

What a line may not hold is decided here and nowhere else. Callers log ids (programme, message,
delivery), counts, states and route templates — never a person's name or address, a link, a
token or a request's full path. As a second line of defence every message, field and traceback is
*scrubbed* before it is written: e-mail addresses, the token in a team link, the signature in an
evaluation link, bearer tokens, ``password=``/``token=`` values and any long random-looking string
are replaced (:func:`scrub`). Request lines carry the route template (``/p/<pid>/t/<token>/``)
and the programme's id, not the path, and no client address (an IP address is personal data; the
proxy in front keeps its own access log under its own rules).
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from flask import Flask, g, request

FORMATS = ("text", "json")
_FIELDS = "verksted_fields"
_EVENT = "verksted_event"
_UNSCRUBBED = frozenset({"request_id"})  # checked where it is read (``_request_id``)

_SCRUBBERS = [
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[e-mail]"),
    (re.compile(r"(/t/)[^/\s\"'?#]+"), r"\1[token]"),
    (re.compile(r"(/evaluering/\d+/)[^/\s\"'?#]+"), r"\1[signature]"),
    (re.compile(r"(?i)\b(bearer)\s+[^\s\"',]+"), r"\1 [token]"),
    (re.compile(r"(?i)\b(password|passord|token|secret|api_key|key)=[^&\s\"',]+"), r"\1=[redacted]"),
    # Anything long and random-looking: a token pasted somewhere we did not foresee. (Hex ids and
    # content hashes are not secret, but losing them from a log line is a small price.)
    (re.compile(r"(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[\w-]{32,}"), "[redacted]"),
]


def scrub(text: str) -> str:
    """``text`` with addresses, tokens, signatures and secrets replaced by placeholders."""
    for pattern, replacement in _SCRUBBERS:
        text = pattern.sub(replacement, text)
    return text


def event(logger: logging.Logger, name: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log the event ``name`` with ``fields`` (ids, counts, states — never a person's data)."""
    if logger.isEnabledFor(level):
        logger.log(level, name, extra={_EVENT: name, _FIELDS: fields})


def _scrubbed(value: Any) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, bool | int | float) or value is None:
        return value
    return scrub(str(value))


def _payload(record: logging.LogRecord, formatter: logging.Formatter) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "level": record.levelname.lower(),
        "logger": record.name,
        "event": getattr(record, _EVENT, "log"),
    }
    fields: Mapping[str, Any] = getattr(record, _FIELDS, {})
    if payload["event"] == "log":
        payload["msg"] = scrub(record.getMessage())
    for key, value in fields.items():
        if value is not None:
            payload.setdefault(key, value if key in _UNSCRUBBED else _scrubbed(value))
    if record.exc_info:
        payload["exception"] = scrub(formatter.formatException(record.exc_info))
    payload["pid"] = record.process
    return payload


class JSONFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of JSON."""
        return json.dumps(_payload(record, self), ensure_ascii=False, default=str)


_BARE = re.compile(r"[A-Za-z0-9_.:/<>@+\-\[\]]+")


def _logfmt_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if _BARE.fullmatch(text):
        return text
    return json.dumps(text, ensure_ascii=False)  # quoted, with newlines and quotes escaped


class LogfmtFormatter(logging.Formatter):
    """``key=value`` pairs on one line; values with spaces or quotes are quoted JSON strings."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one logfmt line."""
        return " ".join(f"{key}={_logfmt_value(value)}" for key, value in _payload(record, self).items())


class _Handler(logging.StreamHandler):
    """Verksted's handler on the root logger (a marker class: configuring again replaces it)."""


def configure(log_format: str = "text", level: str | int = "INFO", stream: Any = None) -> logging.Handler:
    """Send every log record of the process to ``stream`` (standard error) in ``log_format``."""
    if log_format not in FORMATS:
        raise ValueError(f"LOG_FORMAT must be one of {', '.join(FORMATS)}, not {log_format!r}")
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _Handler)]:
        root.removeHandler(handler)
    handler = _Handler(stream if stream is not None else sys.stderr)
    handler.setFormatter(JSONFormatter() if log_format == "json" else LogfmtFormatter())
    root.addHandler(handler)
    root.setLevel(level if isinstance(level, int) else str(level).upper())
    return handler


request_log = logging.getLogger("engine.web.request")


def init_app(app: Flask) -> None:
    """Configure the process's logging from ``LOG_FORMAT``/``LOG_LEVEL`` and log every request."""
    log_format = str(app.config.get("LOG_FORMAT") or "text").lower()
    try:
        configure(log_format, app.config.get("LOG_LEVEL") or "INFO", app.config.get("LOG_STREAM"))
    except ValueError as exc:
        raise SystemExit(f"Error: {exc}") from None
    app.url_value_preprocessor(_started)  # app-wide: runs before the blueprints take their arguments
    app.after_request(_log_request)


def _started(endpoint: str | None, values: dict[str, Any] | None) -> None:
    g.verksted_started = time.perf_counter()
    g.verksted_programme = (values or {}).get("pid")


def _log_request(response):
    started = g.get("verksted_started")
    rule = request.url_rule
    event(
        request_log,
        "request",
        method=request.method,
        route=rule.rule if rule is not None else None,
        programme=g.get("verksted_programme"),
        status=response.status_code,
        ms=round((time.perf_counter() - started) * 1000, 1) if started is not None else None,
        bytes=response.calculate_content_length(),
        request_id=_request_id(),
    )
    return response


def _request_id() -> str | None:
    """The proxy's request id (nginx ``$request_id``), to find the same request in its log."""
    value = request.headers.get("X-Request-ID", "")
    return value if re.fullmatch(r"[A-Za-z0-9-]{1,64}", value) else None
