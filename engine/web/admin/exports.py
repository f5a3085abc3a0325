"""Downloads of a programme's deliveries (CSV, XLSX, JSON): the same files as ``flask export deliveries``."""

from __future__ import annotations

from flask import Response, abort, render_template

from ...exports import deliveries as delivery_export
from ...exports.programme_file import programme_yaml
from ...store import get_store
from .blueprint import bp, run_or_404
from .common import now


@bp.get("/p/<pid>/export")
def export(pid: str):
    """What can be downloaded, with what each column means."""
    run = run_or_404(pid)
    return render_template(
        "admin/export.html", run=run, formats=delivery_export.FORMATS, columns=delivery_export.COLUMNS
    )


@bp.get("/p/<pid>/export/deliveries.<fmt>")
def export_deliveries(pid: str, fmt: str):
    """The delivery export as a file to save."""
    if fmt not in delivery_export.FORMATS:
        abort(404)
    run = run_or_404(pid)
    moment = now()
    body = delivery_export.export_deliveries(get_store(), run, fmt, moment)
    name = delivery_export.filename(pid, fmt, moment)
    return Response(
        body,
        content_type=delivery_export.MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/p/<pid>/export/programme.yaml")
def export_programme(pid: str):
    """The programme file (gatherings, teams, cycle adjustments): ``flask programme load`` reads it."""
    run = run_or_404(pid)
    return Response(
        programme_yaml(run.programme),
        content_type="application/yaml; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{pid}.yaml"'},
    )
