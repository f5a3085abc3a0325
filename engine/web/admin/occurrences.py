"""One deliverable occurrence across every team: who delivered, the answers side by side, the files.

``/admin/p/<pid>/documents/<deliverable>/<n>`` is how a leader prepares a gathering or a steering
group meeting: who delivered when (and who was late, did not deliver or had withdrawn), then every
question of the form with every team's answer under it. From there: the bundle (every team's
document in one Word file, ``flask report bundle``) and the answers as XLSX, CSV or JSON
(``flask export answers``).
"""

from __future__ import annotations

from flask import Response, abort, render_template
from flask_babel import gettext as _

from ...exports import answers as answers_export
from ...exports.bundle import bundle_docx
from ...programmes import Run, get_catalog
from ...programmes.collect import NoSuchOccurrence, TeamDocument, occurrence_documents
from ...store import get_store
from .blueprint import bp, run_or_404
from .common import now

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _documents(run: Run, deliverable: str, occurrence: int) -> list[TeamDocument]:
    try:
        return occurrence_documents(get_store(), get_catalog(), run, deliverable, occurrence, now(), _)
    except NoSuchOccurrence:
        abort(404)


@bp.get("/p/<pid>/documents/<deliverable>/<int:occurrence>")
def occurrence(pid: str, deliverable: str, occurrence: int):
    """Who delivered, and every team's answer question by question."""
    run = run_or_404(pid)
    documents = _documents(run, deliverable, occurrence)
    grid = answers_export.answer_grid(documents)
    return render_template(
        "admin/occurrence.html",
        run=run,
        documents=documents,
        grid=grid,
        assignment=documents[0].assignment,
        formats=answers_export.FORMATS,
    )


@bp.get("/p/<pid>/documents/<deliverable>/<int:occurrence>/bundle.docx")
def occurrence_bundle(pid: str, deliverable: str, occurrence: int):
    """Every team's document of the occurrence in one Word file."""
    run = run_or_404(pid)
    body = bundle_docx(run, _documents(run, deliverable, occurrence), now())
    name = f"{pid}-{deliverable}-{occurrence}-bundle.docx"
    return Response(body, content_type=DOCX, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/p/<pid>/documents/<deliverable>/<int:occurrence>/answers.<fmt>")
def occurrence_answers(pid: str, deliverable: str, occurrence: int, fmt: str):
    """The answers of every team as XLSX, CSV or JSON."""
    if fmt not in answers_export.FORMATS:
        abort(404)
    run = run_or_404(pid)
    moment = now()
    body = answers_export.render(_documents(run, deliverable, occurrence), fmt)
    name = answers_export.filename(pid, deliverable, occurrence, fmt, moment)
    return Response(
        body,
        content_type=answers_export.MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
