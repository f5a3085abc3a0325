"""A trend chart as a PNG picture, for the Word report (Word shows no SVG that python-docx can write).

Drawn with Pillow from the same :class:`~engine.reports.trends.Trend` geometry the web page's SVG
uses, at twice its size for print, so the picture and the page show the same line and numbers.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFont

from ..reports.trends import Trend

SCALE = 2
INK, GRID, LINE, PAPER = (34, 34, 34), (210, 210, 210), (20, 90, 160), (255, 255, 255)


def trend_png(trend: Trend, number_text: Callable[[float], str], gathering_text: Callable[[int], str]) -> bytes:
    """The PNG bytes of ``trend``'s chart; ``number_text`` writes a mean (4,67), ``gathering_text``
    names a gathering on the axis."""
    image = Image.new("RGB", (int(trend.width * SCALE), int(trend.height * SCALE)), PAPER)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=13 * SCALE)

    def at(x: float, y: float) -> tuple[float, float]:
        return x * SCALE, y * SCALE

    for tick in trend.ticks:
        draw.line([at(trend.left, tick.y), at(trend.right, tick.y)], fill=GRID, width=SCALE)
        draw.text(at(trend.left - 10, tick.y), str(tick.value), fill=INK, font=font, anchor="rm")
    measured = trend.points
    runs: list[list[tuple[float, float]]] = [[]]
    for point in measured:
        if point.y is None:
            runs.append([])
        else:
            runs[-1].append(at(point.x, point.y))
    for run in runs:
        if len(run) > 1:
            draw.line(run, fill=LINE, width=3 * SCALE, joint="curve")
    for point in measured:
        draw.text(at(point.x, trend.bottom + 20), gathering_text(point.number), fill=INK, font=font, anchor="mm")
        if point.mean is None or point.y is None:
            continue
        x, y = at(point.x, point.y)
        r = 6 * SCALE
        draw.ellipse([x - r, y - r, x + r, y + r], fill=LINE)
        draw.text((x, y - 14 * SCALE), number_text(point.mean), fill=INK, font=font, anchor="mb")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
