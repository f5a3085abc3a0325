"""engine.schema.files and the file field: a file is what its content says, whatever its name."""

from __future__ import annotations

import io
import zipfile

import pytest
import wtforms

from engine.schema import FormContext, FormTemplate, build_form_class
from engine.schema.files import (
    FILE_EMPTY,
    FILE_NOT_ALLOWED,
    FILE_TOO_LARGE,
    FILE_UNKNOWN,
    UploadRefused,
    check_upload,
    clean_name,
    human_size,
    kinds_text,
    parse_token,
    ref_token,
    sniff,
)
from tests.support.files import PROGRAM, WEB_PAGE, docx_bytes, pdf_bytes, png_bytes, xlsx_bytes


def odf(mimetype: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def office_reordered() -> bytes:
    """A Word file whose writer put the document part last, after many others (what defeats a
    look at the first entries only)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for n in range(8):
            archive.writestr(f"docProps/extra{n}.xml", "<x/>" * 100)
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (pdf_bytes(), "pdf"),
        (docx_bytes(), "docx"),
        (xlsx_bytes(), "xlsx"),
        (png_bytes(), "png"),
        (office_reordered(), "docx"),
        (odf("application/vnd.oasis.opendocument.text"), "odt"),
        (odf("application/vnd.oasis.opendocument.spreadsheet"), "ods"),
        (PROGRAM, None),
        (WEB_PAGE, None),
        (b"PK\x03\x04 a broken archive", None),
        (odf("application/epub+zip"), None),
        (b"", None),
    ],
)
def test_a_file_is_recognised_by_its_content(data, kind):
    assert sniff(data) == kind


def test_an_accepted_file_becomes_a_reference_named_for_what_it_is():
    data = docx_bytes()
    ref, kept = check_upload("C:\\Users\\kari\\Plan\x07 for 2019.pdf", io.BytesIO(data), ("pdf", "docx"), 1000000)
    assert kept == data
    assert ref["name"] == "Plan for 2019.docx" and ref["type"] == "docx" and ref["size"] == len(data)
    assert len(ref["sha256"]) == 64


@pytest.mark.parametrize(
    ("data", "accept", "limit", "message", "text"),
    [
        (PROGRAM, ("pdf",), 10**6, FILE_UNKNOWN, "The file's content is not PDF, whatever its name says."),
        (WEB_PAGE, ("pdf", "docx", "png"), 10**6, FILE_UNKNOWN, "is not PDF, Word or PNG, whatever"),
        (png_bytes(), ("pdf", "docx"), 10**6, FILE_NOT_ALLOWED, "The file is a PNG file; this question takes PDF or"),
        (pdf_bytes(padding=2000), ("pdf",), 1024, FILE_TOO_LARGE, "The file is larger than 1 kB, the most"),
        (b"", ("pdf",), 1024, FILE_EMPTY, "The file is empty."),
    ],
)
def test_a_file_that_cannot_be_attached_says_why(data, accept, limit, message, text):
    with pytest.raises(UploadRefused) as refused:
        check_upload("plan.pdf", io.BytesIO(data), accept, limit)
    assert refused.value.message == message
    from engine.schema.files import refusal_text

    assert text in refusal_text(refused.value)


def test_a_file_over_the_limit_is_not_read_to_its_end():
    class Endless(io.RawIOBase):
        read_so_far = 0

        def read(self, size=-1):
            self.read_so_far += size
            return b"%PDF" + b"x" * (size - 4)

    stream = Endless()
    with pytest.raises(UploadRefused):
        check_upload("plan.pdf", stream, ("pdf",), 5 * 1024 * 1024)
    assert stream.read_so_far <= 5 * 1024 * 1024 + 1


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("plan.PDF", "pdf", "plan.pdf"),
        ("bilde.JPEG", "jpg", "bilde.jpeg"),
        ("plan.exe", "pdf", "plan.pdf"),
        ("rapport", "pdf", "rapport.pdf"),
        ("versjon.2.utkast", "docx", "versjon.2.utkast.docx"),
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ("...", "png", "vedlegg.png"),
        ("a" * 300 + ".pdf", "pdf", "a" * 116 + ".pdf"),
    ],
)
def test_a_name_is_cleaned_and_ends_as_the_file_is(name, kind, expected):
    assert clean_name(name, kind) == expected


def test_a_token_carries_a_reference_and_nothing_else():
    ref = {"sha256": "ab" * 32, "name": "plan: endelig.pdf", "type": "pdf", "size": 1234}
    assert parse_token(ref_token(ref)) == ref
    for forged in ("", "ab" * 32, "zz" * 32 + ":1:pdf:x.pdf", "ab" * 32 + ":1:exe:x.exe", "ab" * 32 + ":-1:pdf:x.pdf"):
        assert parse_token(forged) is None, forged


def test_sizes_and_kinds_read_as_people_write_them():
    assert [human_size(n) for n in (500, 5_000, 1_234_567, 10 * 1024 * 1024)] == ["1 kB", "5 kB", "1,2 MB", "10 MB"]
    assert kinds_text(("pdf",)) == "PDF"
    assert kinds_text(("jpg", "pdf", "png")) == "PDF, JPEG or PNG"


TEMPLATE = FormTemplate.from_dict(
    {
        "id": "vedlegg",
        "version": 1,
        "title": "Vedlegg",
        "sections": [
            {
                "fields": [
                    {"key": "navn", "type": "text", "label": "Navn"},
                    {"key": "plan", "type": "file", "label": "Plan", "required": True, "accept": ["pdf"], "max_mb": 1},
                ]
            }
        ],
    }
)


class Upload:
    """What a browser posts for a chosen file (Werkzeug's FileStorage, as far as the form cares)."""

    def __init__(self, data: bytes, filename: str):
        self.filename, self._stream = filename, io.BytesIO(data)

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size)


class Posted(dict):
    def getlist(self, key):
        value = self.get(key)
        return list(value) if isinstance(value, list) else ([] if value is None else [value])


def form(data: dict):
    return build_form_class(TEMPLATE, FormContext(), base=wtforms.Form)(formdata=Posted(data))


def test_a_posted_file_is_kept_through_the_hooks_and_becomes_the_answer():
    kept = {}
    posted = form({"navn": "Kari", "plan": [Upload(pdf_bytes(), "plan.pdf"), ""]})
    posted.attach_files(keep=lambda ref, data: kept.setdefault(ref["sha256"], data))
    assert posted.check_submit()
    answer = posted.answers()["plan"]
    assert kept[answer["sha256"]] == pdf_bytes() and answer["name"] == "plan.pdf"
    assert posted.raw_values()["plan"] == answer  # what a draft keeps


def test_a_refused_file_is_an_error_even_in_a_draft_and_the_rest_stays():
    posted = form({"navn": "Kari", "plan": Upload(PROGRAM, "plan.pdf")})
    posted.attach_files(keep=lambda ref, data: pytest.fail("nothing may be kept"))
    assert posted.check_draft()
    assert posted.plan.errors and "whatever its name says" in posted.plan.errors[0]
    assert posted.raw_values() == {"navn": "Kari", "plan": ""}
    assert not posted.check_submit()


def test_a_carried_token_counts_only_when_the_caller_knows_the_file():
    ref = {"sha256": "ab" * 32, "name": "plan.pdf", "type": "pdf", "size": 10}
    trusted = form({"plan": ref_token(ref)})
    trusted.attach_files(known=lambda claimed: claimed)
    assert trusted.raw_values()["plan"] == ref
    unknown = form({"plan": ref_token(ref)})
    unknown.attach_files(known=lambda claimed: None)
    assert unknown.raw_values()["plan"] == ""


def test_remove_file_is_a_button_like_the_table_rows():
    ref = {"sha256": "ab" * 32, "name": "plan.pdf", "type": "pdf", "size": 10}
    posted = form({"navn": "Kari", "plan": ref_token(ref)})
    posted.attach_files(known=lambda claimed: claimed)
    removed = posted.row_action("remove_file:plan")
    assert removed.raw_values() == {"navn": "Kari", "plan": ""}
    assert posted.row_action("remove_file:navn") is None
