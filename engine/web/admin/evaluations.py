"""The participants' evaluations as the leader sees them, and the page to show at a gathering.

``/admin/p/<pid>/evaluations``: the trend of each scale question across the gatherings (an SVG
line chart drawn on the server, with its numbers in a table beside it, ``engine.reports.trends``),
then per gathering how many answered, the count of each value, the scales' averages and every
free-text answer (``engine.reports.evaluations``). ``…/evaluations/<n>/poster``: a page to
print or put on the projector, with the gathering's anonymous evaluation link — its short form,
``/e/<code>``, which people can type — and its QR code (``segno``, inline SVG: no inline style, so
the Content-Security-Policy holds).
"""

from __future__ import annotations

from flask import abort, current_app, render_template
from markupsafe import Markup

from ... import clock
from ...access.links import evaluation_short_url
from ...programmes import get_catalog
from ...reports.evaluations import summarise
from ...reports.trends import build_trends
from ...store import evaluations as evaluation_repo
from ...store import get_store
from ..evaluation import evaluation_assignment, window_state
from .blueprint import bp, run_or_404


@bp.get("/p/<pid>/evaluations")
def evaluations(pid: str):
    """Every gathering with an evaluation: responses, averages, free text, and its link."""
    run = run_or_404(pid)
    store, now = get_store(), clock.now()
    gatherings = []
    for number, gathering in enumerate(run.programme.gatherings, start=1):
        assignment = evaluation_assignment(run, number)
        template = get_catalog().forms.get(assignment.form) if assignment else None
        if assignment is None or template is None:
            continue
        summary = summarise(template, evaluation_repo.list_evaluations(store, pid, gathering.id))
        gatherings.append((number, gathering, assignment, window_state(assignment, now), summary))
    trends = build_trends([(n, g.date, summary) for n, g, _, _, summary in gatherings if summary.responses])
    return render_template("admin/evaluations.html", run=run, pid=pid, gatherings=gatherings, trends=trends)


@bp.get("/p/<pid>/evaluations/<int:number>/poster")
def evaluation_poster(pid: str, number: int):
    """The gathering's evaluation link and QR code, as a page to print or show."""
    run = run_or_404(pid)
    assignment = evaluation_assignment(run, number)
    if assignment is None:
        abort(404)
    # The short address: eight characters to type from the wall, and a sparser code to scan.
    url = evaluation_short_url(current_app.config["BASE_URL"], current_app.config["SECRET_KEY"], pid, number)
    import segno  # imported here: only the poster draws a QR code

    qr = segno.make(url, error="m")
    svg = Markup(qr.svg_inline(scale=8, border=2, svgclass="qr-code", lineclass="qr-line", omitsize=True))
    return render_template(
        "admin/evaluation_poster.html",
        run=run,
        pid=pid,
        number=number,
        url=url,
        shown_url=url.removeprefix("https://"),  # browsers add https:// themselves
        qr=svg,
        gathering=run.programme.gathering(number),
        assignment=assignment,
    )
