"""The report's bar chart as a picture for the Word document (the PDF draws it with reportlab's own chart).

Same content as the PDF chart (reports/pdf_render.status_chart): the title, one bar per label in its colour
(db.vocabulary.STATUS_COLOURS), the count above each bar, a value axis with round steps. Drawn with Pillow (a
reportlab dependency) in the bundled CJK font, at three pixels per point so it prints sharply.
"""
from __future__ import annotations

import io

WIDTH_PT, HEIGHT_PT = 300, 170
SCALE = 3   # pixels per point


def nice_step(rough: float) -> int:
    """An axis step of 1, 2 or 5 × 10^k, at least `rough` (and at least 1)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= rough:
                return step * factor
        step *= 10


def bar_chart_png(title: str, values: dict[str, int], colours: dict[str, str]) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    from reports.font_files import bundled_font_path

    def pt(x: float) -> int:
        return round(x * SCALE)

    image = Image.new("RGB", (pt(WIDTH_PT), pt(HEIGHT_PT)), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(bundled_font_path()), pt(10))
    small = ImageFont.truetype(str(bundled_font_path()), pt(9))
    heading = ImageFont.truetype(str(bundled_font_path()), pt(10.5))
    left, bottom, right, top = 40, 30, WIDTH_PT - 20, HEIGHT_PT - 30      # plot area in points, y from the bottom
    counts = list(values.values())
    peak = max(counts + [1])
    step = nice_step(peak / 5)
    ceiling = step * (-(-peak // step) + 1)

    def y(value: float) -> int:
        return pt(HEIGHT_PT - (bottom + (top - bottom) * value / ceiling))

    draw.text((pt(WIDTH_PT / 2), pt(14)), title, font=heading, fill="black", anchor="mm")
    draw.line([(pt(left), y(0)), (pt(right), y(0))], fill="black", width=SCALE)
    draw.line([(pt(left), y(0)), (pt(left), y(ceiling))], fill="black", width=SCALE)
    for mark in range(0, ceiling + 1, step):
        draw.line([(pt(left - 4), y(mark)), (pt(left), y(mark))], fill="black", width=SCALE)
        draw.text((pt(left - 6), y(mark)), str(mark), font=small, fill="black", anchor="rm")
    slot = (right - left) / max(len(values), 1)
    for index, (label, count) in enumerate(values.items()):
        centre = left + slot * (index + 0.5)
        draw.rectangle([pt(centre - 9), y(count), pt(centre + 9), y(0)], fill=colours.get(label, "#7f7f7f"))
        draw.text((pt(centre), y(count) - pt(3)), str(count), font=font, fill="black", anchor="mb")
        draw.text((pt(centre), y(0) + pt(5)), label, font=font, fill="black", anchor="mt")
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(72 * SCALE, 72 * SCALE))
    return out.getvalue()
