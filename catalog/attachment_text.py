"""The text of an attachment, page by page or cell by cell, for the privacy screen.

`read_text(file, name)` returns `AttachmentText`: a list of (place, text) segments, such as
("第2页", "…") for PDF and OFD, ("第3段", "…") for Word, ("Sheet1!B7", "…") for Excel, or
`readable=False` with the reason when the portal cannot read the file's text (images, scanned
PDFs without a text layer, ZIP archives, old Word/Excel/WPS binary files, damaged files).
Readers are maintained libraries: pypdf, ofdkit (GB/T 33190), python-docx, openpyxl.
A hostile file cannot make this run without end: text beyond `MAX_CHARS` is not read, and
any error of a reader means "not readable", never a crash of the page.
"""

import logging
from dataclasses import dataclass, field

from .attachments import extension_of

logger = logging.getLogger(__name__)

MAX_CHARS = 2_000_000  # about 1,000 pages of Chinese text
MAX_PAGES = 2_000


@dataclass
class AttachmentText:
    segments: list = field(default_factory=list)  # [(place, text)]
    readable: bool = True
    reason: str = ""


def _pdf(file):
    from pypdf import PdfReader

    reader = PdfReader(file)
    if reader.is_encrypted:
        reader.decrypt("")  # many 公文 PDFs carry an empty owner password
    for number, page in enumerate(reader.pages[:MAX_PAGES], start=1):
        yield f"第{number}页", page.extract_text() or ""


def _ofd(file):
    import ofdkit

    with ofdkit.open(file) as document:
        for number, page in enumerate(document.pages[:MAX_PAGES], start=1):
            yield f"第{number}页", page.text()


def _docx(file):
    import docx

    document = docx.Document(file)
    for number, paragraph in enumerate(document.paragraphs, start=1):
        if paragraph.text.strip():
            yield f"第{number}段", paragraph.text
    for number, table in enumerate(document.tables, start=1):
        for row_number, row in enumerate(table.rows, start=1):
            yield f"表格{number}第{row_number}行", " | ".join(cell.text for cell in row.cells)


def _xlsx(file):
    from openpyxl import load_workbook

    workbook = load_workbook(file, read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.value is not None and getattr(cell, "coordinate", None):
                        yield f"{sheet.title}!{cell.coordinate}", str(cell.value)
    finally:
        workbook.close()


READERS = {"pdf": _pdf, "ofd": _ofd, "docx": _docx, "xlsx": _xlsx}
UNREADABLE = "门户无法读取此类文件的文字（图片、压缩包、旧版 Word/Excel/WPS 文件）"


def read_text(file, name):
    """The text segments of `file` (an open binary file), by the type its `name` says."""
    reader = READERS.get(extension_of(name))
    if reader is None:
        return AttachmentText(readable=False, reason=UNREADABLE)
    result, total = AttachmentText(), 0
    try:
        for place, text in reader(file):
            total += len(text)
            if total > MAX_CHARS:
                break
            if text.strip():
                result.segments.append((place, text))
    except Exception as error:  # noqa: BLE001 - any reader failure means "could not read"
        logger.info("attachment %s not readable: %r", name, error)
        return AttachmentText(readable=False, reason="文件已损坏或加密，无法读取文字")
    if not result.segments and extension_of(name) in ("pdf", "ofd"):
        return AttachmentText(readable=False, reason="文件中没有文字层（可能是扫描件）")
    return result
