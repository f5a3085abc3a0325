"""Attachments: which kinds of file a ``file`` field takes, and what a posted file really is.

A file is judged by its content, never by its name: a program renamed ``plan.pdf`` is not a PDF.
PDF and pictures are recognised by their signatures (the ``filetype`` library); Word, Excel and
PowerPoint files (and their OpenDocument cousins) are ZIP archives, told apart by the parts inside
the archive's directory — more reliable than ``filetype``'s look at the first few entries, which
misses a document whose writer ordered the entries differently.

An accepted file becomes a *reference*, the answer a ``file`` field stores::

    {"sha256": "<64 hex digits>", "name": "kompetanseplan.pdf", "type": "pdf", "size": 183204}

The bytes themselves are kept by whoever calls :func:`check_upload` (the store keeps them in the
team's folder by their hash); a page carries a reference from one post to the next as a *token*
(:func:`ref_token`), which the caller checks against what it stored before trusting it.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO

import filetype


def N_(message: str) -> str:
    """Mark ``message`` for translation (translated when a form reports it)."""
    return message


@dataclass(frozen=True)
class FileKind:
    """One kind of file a template may accept: its id (as written in ``accept``), the name people
    know it by, its media type and its file name endings (the first is the one given to a file)."""

    id: str
    label: str
    mime: str
    extensions: tuple[str, ...]


_OOXML = "application/vnd.openxmlformats-officedocument"
KINDS: dict[str, FileKind] = {
    kind.id: kind
    for kind in (
        FileKind("pdf", "PDF", "application/pdf", (".pdf",)),
        FileKind("docx", "Word", f"{_OOXML}.wordprocessingml.document", (".docx",)),
        FileKind("xlsx", "Excel", f"{_OOXML}.spreadsheetml.sheet", (".xlsx",)),
        FileKind("pptx", "PowerPoint", f"{_OOXML}.presentationml.presentation", (".pptx",)),
        FileKind("odt", "ODT", "application/vnd.oasis.opendocument.text", (".odt",)),
        FileKind("ods", "ODS", "application/vnd.oasis.opendocument.spreadsheet", (".ods",)),
        FileKind("odp", "ODP", "application/vnd.oasis.opendocument.presentation", (".odp",)),
        FileKind("jpg", "JPEG", "image/jpeg", (".jpg", ".jpeg")),
        FileKind("png", "PNG", "image/png", (".png",)),
        FileKind("gif", "GIF", "image/gif", (".gif",)),
        FileKind("webp", "WebP", "image/webp", (".webp",)),
    )
}
DEFAULT_ACCEPT = ("pdf", "docx", "xlsx", "jpg", "png", "gif", "webp")  # PDF, Word, Excel and pictures
DEFAULT_MAX_MB = 10
MAX_MB = 25  # the most a template may allow; a post carrying files may be this much larger
MEGABYTE = 1024 * 1024

_BY_MIME = {kind.mime: kind.id for kind in KINDS.values()}
# The part of an Office Open XML archive that says what it is, and the ODF 'mimetype' entry's values.
_OOXML_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx", "ppt/presentation.xml": "pptx"}
_ODF_TYPES = {KINDS[k].mime: k for k in ("odt", "ods", "odp")}
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_TOKEN = re.compile(r"^(?P<sha256>[0-9a-f]{64}):(?P<size>[0-9]{1,12}):(?P<type>[a-z]{3,5}):(?P<name>.{1,200})$", re.S)
MAX_NAME = 120
# Endings read as a file's type (and replaced by the real one): ours, and the usual disguises.
_ENDINGS = {e[1:] for kind in KINDS.values() for e in kind.extensions} | {
    "doc",
    "xls",
    "ppt",
    "rtf",
    "txt",
    "htm",
    "html",
    "svg",
    "zip",
    "exe",
    "msi",
    "bat",
    "cmd",
    "com",
    "js",
    "sh",
}

FILE_TOO_LARGE = N_("The file is larger than %(max)s, the most this question takes. It was not attached.")
FILE_EMPTY = N_("The file is empty. It was not attached.")
FILE_NOT_ALLOWED = N_("The file is a %(kind)s file; this question takes %(allowed)s. It was not attached.")
FILE_UNKNOWN = N_(
    "The file's content is not %(allowed)s, whatever its name says. It was not attached: save it in one of "
    "these formats and choose it again."
)
ONE_OF = N_("%(first)s or %(last)s")


class UploadRefused(ValueError):
    """A posted file that cannot be attached; ``message`` is an English msgid, ``params`` fill it."""

    def __init__(self, message: str, **params: Any):
        super().__init__(message % params if params else message)
        self.message, self.params = message, params


def sniff(data: bytes) -> str | None:
    """The kind of file ``data`` is (a key of :data:`KINDS`), by its content; None if none of ours."""
    if data[:4] == b"PK\x03\x04":
        return _archive_kind(data)
    guess = filetype.guess(data[:8192])
    return _BY_MIME.get(guess.mime) if guess is not None else None


def _archive_kind(data: bytes) -> str | None:
    """A ZIP archive's kind: an Office document by the part that defines it, ODF by its 'mimetype'."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                return next((kind for part, kind in _OOXML_PARTS.items() if part in names), None)
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
                return _ODF_TYPES.get(archive.read("mimetype").decode("ascii", "replace").strip())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return None
    return None


def read_limited(stream: BinaryIO, limit: int) -> bytes | None:
    """Up to ``limit`` bytes of ``stream``; None if it holds more (the rest is never read into memory)."""
    chunks, total = [], 0
    while True:
        chunk = stream.read(min(1024 * 1024, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            return None


def check_upload(name: str, stream: BinaryIO, accept: tuple[str, ...], max_bytes: int) -> tuple[dict[str, Any], bytes]:
    """A posted file as a reference and its bytes, or :class:`UploadRefused` saying why not.

    ``accept`` are the kinds the question takes, ``max_bytes`` its limit. The name is cleaned
    (no folders, no control characters) and given the ending of what the file really is.
    """
    data = read_limited(stream, max_bytes)
    if data is None:
        raise UploadRefused(FILE_TOO_LARGE, max=human_size(max_bytes))
    if not data:
        raise UploadRefused(FILE_EMPTY)
    kind = sniff(data)
    if kind is None:
        raise UploadRefused(FILE_UNKNOWN, allowed=accept)
    if kind not in accept:
        raise UploadRefused(FILE_NOT_ALLOWED, kind=KINDS[kind].label, allowed=accept)
    ref = {"sha256": hashlib.sha256(data).hexdigest(), "name": clean_name(name, kind), "type": kind, "size": len(data)}
    return ref, data


def clean_name(name: str, kind: str) -> str:
    """A file name fit to show and to offer for download: the last part of a path, printable
    characters only, at most ``MAX_NAME`` long, ending in the extension of what the file is
    (``plan.docx`` that is really a PDF is offered as ``plan.pdf``)."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C")
    base = " ".join(base.split()).strip(". ")
    head, dot, tail = base.rpartition(".")
    stem, ending = (head, f".{tail.lower()}") if dot and head and tail.lower() in _ENDINGS else (base, "")
    if ending not in KINDS[kind].extensions:
        ending = KINDS[kind].extensions[0]
    return stem[: MAX_NAME - len(ending)].rstrip(". ") + ending if stem else "vedlegg" + ending


def is_ref(value: Any) -> bool:
    """Whether ``value`` is a well-formed reference (as stored, or as read back from a token)."""
    return (
        isinstance(value, Mapping)
        and isinstance(value.get("sha256"), str)
        and bool(_SHA256.match(value["sha256"]))
        and value.get("type") in KINDS
        and isinstance(value.get("name"), str)
        and 0 < len(value["name"]) <= 200
        and isinstance(value.get("size"), int)
        and not isinstance(value.get("size"), bool)
        and value["size"] >= 0
    )


def as_ref(value: Any) -> dict[str, Any] | None:
    """A clean copy of a reference (exactly its four keys), or None if ``value`` is not one."""
    if not is_ref(value):
        return None
    return {"sha256": value["sha256"], "name": value["name"], "type": value["type"], "size": value["size"]}


def ref_token(ref: Mapping[str, Any]) -> str:
    """A reference as one string, for a hidden input that carries it to the next post."""
    return f"{ref['sha256']}:{ref['size']}:{ref['type']}:{ref['name']}"


def parse_token(text: str) -> dict[str, Any] | None:
    """The reference a token claims (to be checked against what was stored), or None."""
    match = _TOKEN.match(text or "")
    if not match:
        return None
    return as_ref({**match.groupdict(), "size": int(match.group("size"))})


def human_size(size: int) -> str:
    """A size as people read it, the Norwegian way: '850 kB', '1,2 MB', '10 MB'."""
    if size < MEGABYTE:
        return f"{max(1, round(size / 1024))} kB"
    megabytes = size / MEGABYTE
    text = f"{megabytes:.1f}".rstrip("0").rstrip(".") if megabytes < 10 else str(round(megabytes))
    return text.replace(".", ",") + " MB"


def kind_and_size(ref: Mapping[str, Any]) -> str:
    """'PDF, 180 kB'."""
    kind = KINDS.get(ref.get("type", ""))
    return f"{kind.label if kind else ref.get('type', '')}, {human_size(int(ref.get('size', 0)))}"


def describe(ref: Mapping[str, Any]) -> str:
    """'kompetanseplan.pdf (PDF, 180 kB)': a reference as a receipt or a Word file shows it."""
    return f"{ref.get('name', '')} ({kind_and_size(ref)})"


def kind_labels(accept: tuple[str, ...]) -> list[str]:
    """The names of the accepted kinds, each once, in the registry's order ('JPEG' for jpg)."""
    labels: list[str] = []
    for kind in KINDS.values():
        if kind.id in accept and kind.label not in labels:
            labels.append(kind.label)
    return labels


def accept_attribute(accept: tuple[str, ...]) -> str:
    """The ``accept`` attribute of a file input: endings and media types, so phones offer the right files."""
    parts = [ending for k in accept if k in KINDS for ending in KINDS[k].extensions]
    return ",".join(parts + [KINDS[k].mime for k in accept if k in KINDS])


def kinds_text(accept: tuple[str, ...], gettext: Any = N_) -> str:
    """'PDF, Word, Excel, JPEG, PNG, GIF or WebP': the accepted kinds as a sentence says them."""
    labels = kind_labels(accept)
    if len(labels) < 2:
        return "".join(labels)
    return gettext(ONE_OF) % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


def refusal_text(refused: UploadRefused, gettext: Any = N_) -> str:
    """Why a file was not attached, in the interface's language."""
    params = dict(refused.params)
    if "allowed" in params:
        params["allowed"] = kinds_text(tuple(params["allowed"]), gettext)
    return gettext(refused.message) % params if params else gettext(refused.message)
