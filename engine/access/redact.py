"""Where a member's link or a calendar's secret must never be written: log lines and recorded errors.

A personal link's token is the member's only credential (``engine.access.links``); whoever reads a
log — an operator, a log shipper, a support ticket with a pasted excerpt — must not be able to act
as a team member. A calendar subscription's secret (``engine.access.calendars``) is a credential
too: it opens a team's or a programme's calendar. :func:`redact` replaces the token in any text
with ``[token]`` and the secret with ``[secret]``, keeping the rest of the path so the log still
says which page failed (``/p/demo-2026/t/[token]/a/hovedplan/1``,
``/p/demo-2026/calendar/[secret].ics``).

:func:`install` puts it into the logging system itself: a record factory that redacts every
record as it is made, whoever logs it — Flask's "Exception on <path>", waitress's "Exception while
serving <path>", the development server's request lines, our own messages — and the traceback of
an exception record too, so no handler or formatter, present or added later, ever sees a token.
"""

from __future__ import annotations

import logging
import re
import traceback
from typing import Any

# A link path: /p/<programme>/t/<token>; a token is URL-safe base64 (ours are 43 characters).
_LINK = re.compile(r"(/p/[^/\s\"'<>]+/t/)[A-Za-z0-9_-]{16,}")
REPLACEMENT = r"\1[token]"
# A calendar feed: /p/<programme>/calendar/<secret>.ics (ours are 43 characters); webcal: addresses too.
_FEED = re.compile(r"(/p/[^/\s\"'<>]+/calendar/)[A-Za-z0-9_-]{16,}")
FEED_REPLACEMENT = r"\1[secret]"
_MARK = "_verksted_redacts"


def redact(text: str) -> str:
    """``text`` with every personal link's token replaced by ``[token]``, every calendar feed's
    secret by ``[secret]``."""
    if "/t/" in text:
        text = _LINK.sub(REPLACEMENT, text)
    if "/calendar/" in text:
        text = _FEED.sub(FEED_REPLACEMENT, text)
    return text


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    """``record`` with its message (arguments merged in) and its traceback redacted."""
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: let logging report it as it would
        return record
    cleaned = redact(message)
    if cleaned != message:
        record.msg, record.args = cleaned, None
    if record.exc_info and not record.exc_text:
        text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        record.exc_text = redact(text)  # formatters use exc_text as it is once it is set
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    return record


def install() -> None:
    """Make every log record of this process redacted as it is created (idempotent)."""
    current = logging.getLogRecordFactory()
    if getattr(current, _MARK, False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return redact_record(current(*args, **kwargs))

    setattr(factory, _MARK, True)
    logging.setLogRecordFactory(factory)
