"""The accessibility statement: what a public body needs to fill in its *tilgjengelighetserklæring*
on uustatus.no for Verksted — every WCAG 2.1 A and AA success criterion, whether Verksted meets it
and how that is checked, the known deviations, and how a user reports a problem.

The table is data, kept beside the tests it describes: ``AXE`` criteria are checked by axe-core on
every page type in ``tests/e2e`` (``tests/support/quality.py``), ``HTML`` by the Nu HTML Checker,
``KEYBOARD`` and ``PHONE`` by the browser tests named in :data:`METHODS`. Change it when the tests
or the pages change what it says.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

AXE, HTML, KEYBOARD, PHONE, DESIGN, NONE = "axe", "html", "keyboard", "phone", "design", "none"
MET, PARTLY, NOT_APPLICABLE = "met", "partly", "not_applicable"

METHODS = {
    AXE: _l("Automatic: axe-core's rules for this criterion, on every kind of page, in Norwegian and English"),
    HTML: _l("Automatic: the Nu HTML Checker, on every kind of page"),
    KEYBOARD: _l("Browser test: a whole plan filled in and submitted with the keyboard alone"),
    PHONE: _l("Browser test: every kind of page at 375 pixels' width, without sideways scrolling"),
    DESIGN: _l("Checked by the developers when the pages were made; no automatic test"),
    NONE: _l("Verksted has no such content"),
}
STATUS_WORDS = {MET: _l("Met"), PARTLY: _l("Partly met"), NOT_APPLICABLE: _l("Not applicable")}


@dataclass(frozen=True)
class Criterion:
    """One WCAG 2.1 success criterion as it stands in Verksted."""

    number: str
    level: str
    name: str
    status: str
    methods: tuple[str, ...]


def _c(number: str, level: str, name: str, status: str, *methods: str) -> Criterion:
    return Criterion(number, level, name, status, methods)


CRITERIA = (
    _c("1.1.1", "A", _l("Non-text content"), MET, AXE),
    _c("1.2.1", "A", _l("Audio-only and video-only (prerecorded)"), NOT_APPLICABLE, NONE),
    _c("1.2.2", "A", _l("Captions (prerecorded)"), NOT_APPLICABLE, NONE),
    _c("1.2.3", "A", _l("Audio description or media alternative (prerecorded)"), NOT_APPLICABLE, NONE),
    _c("1.2.4", "AA", _l("Captions (live)"), NOT_APPLICABLE, NONE),
    _c("1.2.5", "AA", _l("Audio description (prerecorded)"), NOT_APPLICABLE, NONE),
    _c("1.3.1", "A", _l("Info and relationships"), MET, AXE, HTML),
    _c("1.3.2", "A", _l("Meaningful sequence"), MET, KEYBOARD, DESIGN),
    _c("1.3.3", "A", _l("Sensory characteristics"), MET, DESIGN),
    _c("1.3.4", "AA", _l("Orientation"), MET, PHONE),
    _c("1.3.5", "AA", _l("Identify input purpose"), MET, AXE),
    _c("1.4.1", "A", _l("Use of color"), MET, AXE, DESIGN),
    _c("1.4.2", "A", _l("Audio control"), NOT_APPLICABLE, NONE),
    _c("1.4.3", "AA", _l("Contrast (minimum)"), MET, AXE),
    _c("1.4.4", "AA", _l("Resize text"), MET, AXE, DESIGN),
    _c("1.4.5", "AA", _l("Images of text"), MET, DESIGN),
    _c("1.4.10", "AA", _l("Reflow"), MET, PHONE),
    _c("1.4.11", "AA", _l("Non-text contrast"), MET, DESIGN),
    _c("1.4.12", "AA", _l("Text spacing"), MET, AXE, DESIGN),
    _c("1.4.13", "AA", _l("Content on hover or focus"), NOT_APPLICABLE, NONE),
    _c("2.1.1", "A", _l("Keyboard"), MET, KEYBOARD, AXE),
    _c("2.1.2", "A", _l("No keyboard trap"), MET, KEYBOARD),
    _c("2.1.4", "A", _l("Character key shortcuts"), NOT_APPLICABLE, NONE),
    _c("2.2.1", "A", _l("Timing adjustable"), MET, AXE, DESIGN),
    _c("2.2.2", "A", _l("Pause, stop, hide"), NOT_APPLICABLE, NONE),
    _c("2.3.1", "A", _l("Three flashes or below threshold"), NOT_APPLICABLE, NONE),
    _c("2.4.1", "A", _l("Bypass blocks"), MET, AXE),
    _c("2.4.2", "A", _l("Page titled"), MET, AXE),
    _c("2.4.3", "A", _l("Focus order"), MET, KEYBOARD),
    _c("2.4.4", "A", _l("Link purpose (in context)"), MET, AXE),
    _c("2.4.5", "AA", _l("Multiple ways"), MET, DESIGN),
    _c("2.4.6", "AA", _l("Headings and labels"), MET, DESIGN),
    _c("2.4.7", "AA", _l("Focus visible"), MET, KEYBOARD, DESIGN),
    _c("2.5.1", "A", _l("Pointer gestures"), NOT_APPLICABLE, NONE),
    _c("2.5.2", "A", _l("Pointer cancellation"), MET, DESIGN),
    _c("2.5.3", "A", _l("Label in name"), MET, AXE, DESIGN),
    _c("2.5.4", "A", _l("Motion actuation"), NOT_APPLICABLE, NONE),
    _c("3.1.1", "A", _l("Language of page"), MET, AXE),
    _c("3.1.2", "AA", _l("Language of parts"), PARTLY, AXE, DESIGN),
    _c("3.2.1", "A", _l("On focus"), MET, KEYBOARD, DESIGN),
    _c("3.2.2", "A", _l("On input"), MET, DESIGN),
    _c("3.2.3", "AA", _l("Consistent navigation"), MET, DESIGN),
    _c("3.2.4", "AA", _l("Consistent identification"), MET, DESIGN),
    _c("3.3.1", "A", _l("Error identification"), MET, DESIGN),
    _c("3.3.2", "A", _l("Labels or instructions"), MET, AXE),
    _c("3.3.3", "AA", _l("Error suggestion"), MET, DESIGN),
    _c("3.3.4", "AA", _l("Error prevention (legal, financial, data)"), MET, DESIGN),
    _c("4.1.1", "A", _l("Parsing"), MET, HTML),
    _c("4.1.2", "A", _l("Name, role, value"), MET, AXE),
    _c("4.1.3", "AA", _l("Status messages"), MET, AXE, DESIGN),
)

DEVIATIONS = (
    _l(
        "3.1.2 Language of parts: with the English interface, the form templates, the workflows' titles and "
        "the e-mail texts are in Norwegian without being marked as Norwegian, so a screen reader reads them "
        "with English pronunciation. The Norwegian interface, which is the default, is not affected."
    ),
    _l(
        "The Word, Excel and calendar files Verksted makes (the submitted documents, the delivery record) are "
        "not checked against accessibility requirements."
    ),
)


def counts() -> dict[str, int]:
    """How many criteria are met, partly met and not applicable."""
    found = {MET: 0, PARTLY: 0, NOT_APPLICABLE: 0}
    for criterion in CRITERIA:
        found[criterion.status] += 1
    return found
