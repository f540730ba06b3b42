"""The reference document: the one Word file whose styles every package's .docx takes.

``mau-tap-chi.docx`` (beside this module) is kept in the repository. pandoc takes the styles, the
page set-up and the document properties' application part from it (``--reference-doc``); the
text comes from the article. It is made by ``design()`` from pandoc's own reference document: to
change the look, change ``design()``, run ``python -m magazine.reference`` and commit both (a
test checks that they agree).

Every package also applies the settings on top of it (``apply_settings``): the font, its size,
the line spacing, the page size and the margins are settings (``MAGAZINE_FONT`` …), since those
are what a magazine's rules for contributors name; everything else (headings, captions, the
table's borders) is the reference document's.

python-docx has no API for three things a template for Vietnamese needs, done here on its
element tree: fonts given by name in every script slot instead of the theme's (Word would
otherwise show Calibri/Cambria), the language, and the table style's borders.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from .zips import deterministic_zip_copy

HERE = Path(__file__).resolve().parent
REFERENCE = HERE / "mau-tap-chi.docx"
# Styles of our own, named in the HTML given to pandoc (data-custom-style).
TABLE_SOURCE = "Table Source"
ARTICLE_ADDRESS = "Article Address"
SENDER = "Sender"
FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")


def set_font(rpr, name: str) -> None:
    """``name`` in every script slot of a run-properties element, the theme's fonts removed."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for slot in FONT_SLOTS:
        fonts.set(qn(slot), name)


def _defaults_rpr(document):
    return (
        document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    )


def set_language(document, language: str) -> None:
    rpr = _defaults_rpr(document)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)


def apply_settings(document, options) -> None:
    """The settings a magazine's rules name: font, size, line spacing, page, margins."""
    font, size = options.MAGAZINE_FONT, Pt(options.MAGAZINE_FONT_SIZE)
    defaults = _defaults_rpr(document)
    set_font(defaults, font)
    for element in defaults.findall(qn("w:sz")) + defaults.findall(qn("w:szCs")):
        element.set(qn("w:val"), str(int(options.MAGAZINE_FONT_SIZE * 2)))
    normal = document.styles["Normal"]
    set_font(normal.element.get_or_add_rPr(), font)
    normal.font.size = size
    normal.paragraph_format.line_spacing = options.MAGAZINE_LINE_SPACING
    set_language(document, options.MAGAZINE_LANGUAGE)
    width, height = options.MAGAZINE_PAGE_MM
    margins = options.MAGAZINE_MARGINS_CM
    for section in document.sections:
        section.page_width, section.page_height = Mm(width), Mm(height)
        section.top_margin, section.bottom_margin = Cm(margins["top"]), Cm(margins["bottom"])
        section.left_margin, section.right_margin = Cm(margins["left"]), Cm(margins["right"])


def _paragraph_style(document, name: str, base: str = "Normal"):
    try:
        return document.styles[name]
    except KeyError:
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles[base]
        style.quick_style = True
        return style


def _table_borders(style) -> None:
    """Thin black lines around and between every cell; a little room inside each cell."""
    properties = style.element.find(qn("w:tblPr"))
    if properties is None:
        properties = OxmlElement("w:tblPr")
        style.element.append(properties)
    for old in properties.findall(qn("w:tblBorders")) + properties.findall(qn("w:tblCellMar")):
        properties.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")  # eighths of a point
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    properties.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for edge, twips in (("top", 40), ("left", 100), ("bottom", 40), ("right", 100)):
        margin = OxmlElement(f"w:{edge}")
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties.append(margins)


def design(document, options) -> None:
    """The magazine's look, on pandoc's reference document."""
    body_size = options.MAGAZINE_FONT_SIZE
    for style in document.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER) and style.name != (
            "Verbatim Char"
        ):
            rpr = style.element.rPr
            fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
            if fonts is not None:
                rpr.remove(fonts)  # the font is the document's, from the defaults and Normal
            if rpr is not None:
                style.font.color.rgb = None  # black, as print wants
    apply_settings(document, options)

    def paragraph(name, *, size=None, bold=None, italic=None, align=None, before=None,
                  after=None, line=None, indent=None, keep=None, base=None):  # fmt: skip
        style = _paragraph_style(document, name, base or "Normal")
        if size is not None:
            style.font.size = Pt(size)
        if bold is not None:
            style.font.bold = bold
        if italic is not None:
            style.font.italic = italic
        layout = style.paragraph_format
        if align is not None:
            layout.alignment = align
        if before is not None:
            layout.space_before = Pt(before)
        if after is not None:
            layout.space_after = Pt(after)
        if line is not None:
            layout.line_spacing = line
        if indent is not None:
            layout.first_line_indent = Cm(indent)
        if keep is not None:
            layout.keep_with_next = keep
        return style

    paragraph("Normal", before=0, after=6)
    paragraph("Body Text", before=0, after=6, indent=1, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph("First Paragraph")
    paragraph("Compact", before=0, after=0, line=1.0, indent=0)  # table cells
    document.styles["Compact"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    paragraph("Title", size=body_size + 2, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    paragraph("Author", size=body_size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    paragraph("Date", size=body_size, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    for level in range(1, 10):
        paragraph(
            f"Heading {level}",
            size=body_size + (1 if level == 1 else 0),
            bold=True,
            italic=level >= 3,
            before=12,
            after=6,
            keep=True,
        )
    paragraph("Block Text", italic=True)
    document.styles["Block Text"].paragraph_format.left_indent = Cm(1)
    document.styles["Block Text"].paragraph_format.right_indent = Cm(1)
    for name in ("Figure", "Captioned Figure"):
        paragraph(name, align=WD_ALIGN_PARAGRAPH.CENTER, before=6, after=0, line=1.0, keep=True)
    paragraph("Image Caption", size=body_size - 1, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER,
              after=12, base="Caption")  # fmt: skip
    paragraph("Table Caption", bold=True, before=12, after=6, keep=True, base="Caption")
    document.styles["Table Caption"].font.italic = False
    paragraph(TABLE_SOURCE, size=body_size - 2, italic=True, before=6, after=12)
    paragraph(ARTICLE_ADDRESS, italic=True, before=12, after=12)
    paragraph(SENDER, before=6, after=0)
    document.styles[SENDER].paragraph_format.keep_together = True
    _table_borders(document.styles["Table"])
    # pandoc's sample text: the reference document gives styles, not words.
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def make(options, target: Path = REFERENCE) -> None:
    """Make the reference document again from pandoc's own, with ``design()``."""
    import io

    from .word import pandoc_path

    default = subprocess.run(
        [pandoc_path(), "--print-default-data-file", "reference.docx"],
        check=True,
        capture_output=True,
    ).stdout
    document = docx.Document(io.BytesIO(default))
    design(document, options)
    _neutral_properties(document)
    buffer = io.BytesIO()
    document.save(buffer)
    target.write_bytes(deterministic_zip_copy(buffer.getvalue()))


def _neutral_properties(document) -> None:
    """No application, template or word counts in the properties a package's file inherits."""
    from lxml import etree

    core = document.core_properties
    core.title = core.author = core.last_modified_by = core.comments = ""
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            properties = etree.fromstring(part.blob)
            for child in list(properties):
                properties.remove(child)
            part._blob = etree.tostring(properties, xml_declaration=True, encoding="UTF-8")


if __name__ == "__main__":
    from . import SETTINGS

    make(SETTINGS.read({}))
    print(f"Đã tạo lại {REFERENCE}", file=sys.stderr)
