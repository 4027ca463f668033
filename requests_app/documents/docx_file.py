"""A letter as a Word file, laid out like the printable page."""

import io

from .letter import date_text


def to_docx(letter):
    """The letter as DOCX bytes (python-docx), laid out like the printable page."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(26)
    style = document.styles["Normal"]
    style.font.size = Pt(14)
    style.font.name = "仿宋"
    if letter.draft:
        mark = document.add_paragraph("草稿预览：尚未出具，不得交付申请人")
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(letter.title)
    run.bold, run.font.size = True, Pt(20)
    number = document.add_paragraph(letter.reference)
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph(letter.addressee)
    for text in letter.paragraphs:
        paragraph = document.add_paragraph(text)
        paragraph.paragraph_format.first_line_indent = Pt(28)
    if letter.facts:
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in letter.facts:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, str(value)
    document.add_paragraph()
    for text in (letter.agency, "（盖章）", date_text(letter.date)):
        signature = document.add_paragraph(text)
        signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
