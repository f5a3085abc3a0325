"""What a hostile or careless client sends: the values, the names and the bodies (hypothesis strategies).

Values: random Unicode, control characters and NUL, right-to-left overrides, emoji sequences,
formula starts, markup, invalid UTF-8 (as raw bytes), strings from a few characters to past the
request-size limit. Names: a form's own names, table row numbers written as Unicode digits, huge
or negative, names twice or left out, and names no form has. Bodies: urlencoded, multipart (with
files where text was expected), JSON and plain text.
"""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass, field

from hypothesis import strategies as st

SPECIAL = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x07\x1b[31m\x7f\x85",
    "\u202egnp.exe\u202c",
    "\u200f\u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd",
    "👩‍👩‍👧‍👦🇳🇴🙂" * 20,
    '=HYPERLINK("http://evil.example")',
    "+1-2",
    "@SUM(A1)",
    "<script>alert(1)</script>",
    "\"'><img src=x onerror=alert(1)>",
    "{{ 7*7 }}{% raw %}",
    "\r\n\r\n",
    "line\nbreak",
    "²",
    "①",
    "٣",
    "-1",
    "99999999999999999999",
    "2019-02-30",
    "32.13.2019",
    "kari@",
    "åse@eksempel.no",
    "../../../etc/passwd",
    "\ufffe\uffff\ufdd0",
    "a" * 5000,
]
INVALID_UTF8 = [b"%FF%FE", b"%C3%28", b"%ED%A0%80", b"caf%E9", b"%F4%90%80%80"]

text_values = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(max_size=80),
    st.text(st.characters(min_codepoint=0, max_codepoint=0x3000, exclude_categories=("Cs",)), max_size=200),
    st.builds(lambda unit, n: unit * n, st.sampled_from(["a", "æ", "\x00", "🙂", "word "]), st.integers(1, 40_000)),
)
huge_values = st.builds(lambda n: "x" * n, st.integers(2_100_000, 2_600_000))  # past MAX_CONTENT_LENGTH
row_numbers = st.sampled_from(["0", "1", "00", "²", "①", "٣", "-1", "99999999999999999999", "1e3", "", "x"])


@dataclass
class Post:
    """One request body: pairs of (name, value) — a value is text, raw bytes (invalid UTF-8) or a file."""

    pairs: list[tuple[str, object]] = field(default_factory=list)
    encoding: str = "urlencoded"

    def request(self) -> dict:
        """Keyword arguments for the test client's ``open``."""
        if self.encoding == "multipart":
            data = [
                (name, _as_file(value) if isinstance(value, File) else _as_text(value)) for name, value in self.pairs
            ]
            return {"data": _multidict(data), "content_type": "multipart/form-data"}
        if self.encoding == "json":
            body = json.dumps({name: _as_text(value) for name, value in self.pairs})
            return {"data": body, "content_type": "application/json"}
        if self.encoding == "text":
            return {"data": "\n".join(f"{n}={_as_text(v)}" for n, v in self.pairs), "content_type": "text/plain"}
        return {"data": self.urlencoded(), "content_type": "application/x-www-form-urlencoded"}

    def urlencoded(self) -> bytes:
        """The pairs as a urlencoded body, raw bytes (invalid UTF-8) left as they are."""
        parts = []
        for name, value in self.pairs:
            encoded = value if isinstance(value, bytes) else urllib.parse.quote_plus(_as_text(value)).encode()
            parts.append(urllib.parse.quote_plus(name).encode() + b"=" + encoded)
        return b"&".join(parts)


@dataclass(frozen=True)
class File:
    """An uploaded file where the form expects text."""

    content: bytes
    filename: str


def _as_text(value: object) -> str:
    if isinstance(value, bytes):
        return urllib.parse.unquote_to_bytes(value).decode("utf-8", "replace")
    if isinstance(value, File):
        return value.filename
    return str(value)


def _as_file(value: File):
    import io

    return (io.BytesIO(value.content), value.filename)


def _multidict(pairs):
    from werkzeug.datastructures import MultiDict

    return MultiDict(pairs)


any_value = st.one_of(
    text_values,
    st.sampled_from(INVALID_UTF8),
    st.builds(File, st.binary(max_size=64), st.sampled_from(["hostname", "x.pdf", "æ.txt", ""])),
)
encodings = st.sampled_from(["urlencoded", "urlencoded", "urlencoded", "multipart", "json", "text"])
