"""The deck as a PPTX file (python-pptx): a title slide, one slide per finding, a summary slide.

16:9 slides (13.33 x 7.5 in). A finding's slide: its title, the headline (the number and its
meaning), the chart as a PNG fitted into the picture area (aspect kept), one or two supporting
lines, and the sources and n in the speaker notes. A chart that could not be rendered leaves a
line saying why in its place.
"""
from __future__ import annotations

import io
import struct

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
PICTURE_TOP, PICTURE_BOTTOM = Inches(2.05), Inches(6.35)
ACCENT = RGBColor(0x0F, 0x76, 0x6E)   # the report's teal
MUTED = RGBColor(0x47, 0x55, 0x69)
TEXT = RGBColor(0x0F, 0x17, 0x2A)
BLANK_LAYOUT, TITLE_LAYOUT = 6, 0


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) in pixels from a PNG's IHDR chunk; ValueError if ``data`` is not a PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    return struct.unpack(">II", data[16:24])


def new_presentation() -> Presentation:
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    return prs


def _text(slide, left, top, width, height, lines, size: int, colour=TEXT, bold=False):
    """A text box of ``lines`` (one paragraph each), word-wrapped."""
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = line
        run.font.size, run.font.bold = Pt(size), bold
        run.font.color.rgb = colour
    return frame


def _notes(slide, lines) -> None:
    slide.notes_slide.notes_text_frame.text = "\n".join(lines)


def title_slide(prs, title: str, subtitle: str, notes=()) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[BLANK_LAYOUT])
    _text(slide, MARGIN, Inches(2.4), SLIDE_W - 2 * MARGIN, Inches(1.4), [title], 40, ACCENT, bold=True)
    _text(slide, MARGIN, Inches(3.9), SLIDE_W - 2 * MARGIN, Inches(1.2), [subtitle], 20, MUTED)
    _notes(slide, notes)


def _picture(slide, png: bytes) -> None:
    """The PNG as large as fits the picture area, centred, its aspect kept."""
    w_px, h_px = png_size(png)
    box_w, box_h = SLIDE_W - 2 * MARGIN, PICTURE_BOTTOM - PICTURE_TOP
    scale = min(box_w / w_px, box_h / h_px)
    width, height = Emu(int(w_px * scale)), Emu(int(h_px * scale))
    left = Emu(int((SLIDE_W - width) / 2))
    slide.shapes.add_picture(io.BytesIO(png), left, PICTURE_TOP, width=width, height=height)


def finding_slide(prs, finding, png: bytes | None, no_picture: str | None = None) -> None:
    """One finding: title, headline, chart (or the line saying why it is missing), details, notes."""
    slide = prs.slides.add_slide(prs.slide_layouts[BLANK_LAYOUT])
    width = SLIDE_W - 2 * MARGIN
    _text(slide, MARGIN, Inches(0.3), width, Inches(0.7), [finding.title], 26, ACCENT, bold=True)
    _text(slide, MARGIN, Inches(1.0), width, Inches(1.0), [finding.headline], 18)
    if png is not None:
        _picture(slide, png)
    elif no_picture:
        _text(slide, MARGIN, Inches(3.8), width, Inches(0.8), [no_picture], 14, MUTED)
    if finding.details:
        _text(slide, MARGIN, Inches(6.4), width, Inches(1.0), list(finding.details), 12, MUTED)
    _notes(slide, finding.notes)


def summary_slide(prs, title: str, lines) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[BLANK_LAYOUT])
    _text(slide, MARGIN, Inches(0.3), SLIDE_W - 2 * MARGIN, Inches(0.7), [title], 28, ACCENT, bold=True)
    _text(slide, MARGIN, Inches(1.3), SLIDE_W - 2 * MARGIN, Inches(5.5), [f"• {line}" for line in lines], 18)


def to_bytes(prs) -> bytes:
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
