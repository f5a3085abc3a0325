"""Real files of the kinds teams attach, made on the spot (no binary fixtures in the repository),
and disguised ones: a program and a web page named like documents."""

from __future__ import annotations

import io
import struct
import zlib

import docx
import openpyxl

# A one-page PDF as a PDF writer lays it out (objects, cross-reference table, trailer).
_PDF_OBJECTS = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
    b"<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 770 Td (Kompetanseplan) Tj ET\nendstream",
]


def pdf_bytes(padding: int = 0) -> bytes:
    """A valid one-page PDF; ``padding`` bytes of a comment make it as large as a test needs."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(_PDF_OBJECTS, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    if padding:
        out += b"%" + b"x" * padding + b"\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(_PDF_OBJECTS) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(_PDF_OBJECTS) + 1, xref)
    return bytes(out)


def docx_bytes(text: str = "Kompetanseplan for helse og omsorg") -> bytes:
    """A Word document with one paragraph, as python-docx writes it."""
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    """An Excel workbook with one cell filled in."""
    book = openpyxl.Workbook()
    book.active["A1"] = "Stillinger"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def png_bytes() -> bytes:
    """A 1×1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


# What a disguised file looks like inside: a Windows program, and a web page with a script.
PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"
WEB_PAGE = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
