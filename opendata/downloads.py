"""Bulk downloads: one agency's published items of one year as CSV or XLSX, streamed.

The columns are the item import's (catalog/item_import.py, docs/spreadsheets.md), so a
download re-imports (`manage.py import_items file.csv --dry-run`: every row already there).
Only items that are published now are listed: the import creates what it reads as published,
and a withdrawn item is not what the agency publishes (the API lists it, marked withdrawn).

Rows are read in chunks (`iterator`) and written as they come: the CSV is a
StreamingHttpResponse; the XLSX is written by openpyxl's write-only mode (rows go to a
temporary file, not memory) and sent from disk. Neither holds the whole list in memory.
"""

import csv
import tempfile
from datetime import datetime

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from catalog import item_import as columns
from catalog import navigation
from catalog.filters import FIRST_YEAR
from catalog.models import Item
from spreadsheets.xlsx import CONTENT_TYPE, cell_value, write_table

CHUNK = 2000
HEADERS = columns.COLUMNS


def year_range(year):
    zone = timezone.get_current_timezone()
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def agency_and_year(code, year):
    agency = navigation.public_agency(code)
    if agency is None:
        raise Http404("没有找到该机关")
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404("没有该年度的数据")
    return agency


def items_of(agency, year):
    start, end = year_range(year)
    return (
        Item.objects.public()
        .filter(status=Item.Status.PUBLISHED, agency=agency)
        .filter(published_at__gte=start, published_at__lt=end)
        .defer("search_vector")
        .prefetch_related("channels")
        .order_by("published_at", "id")
    )


def _day(moment):
    return timezone.localdate(moment).isoformat() if moment else ""


def _path(directory_id):
    return "/".join(name for _pk, name in navigation.directory_path(directory_id))


def row(item, agency):
    """One item as the import's columns, in `HEADERS` order."""
    values = {
        columns.AGENCY: agency.credit_code,
        columns.INDEX: item.index_number or "",
        columns.TITLE: item.title,
        columns.DIRECTORY: _path(item.directory_id),
        columns.NUMBER: item.document_number,
        columns.WRITTEN: item.written_on.isoformat(),
        columns.PUBLISHED: _day(item.published_at),
        columns.GENRE: item.get_genre_display(),
        columns.SUBJECT: item.subject,
        columns.KEYWORDS: item.keywords,
        columns.SUMMARY: item.summary,
        columns.BODY: item.body if item.mode == Item.Mode.PROACTIVE else "",
        columns.VALIDITY: item.get_validity_display() if item.validity else "",
        columns.EFFECTIVE: item.effective_on.isoformat() if item.effective_on else "",
        columns.INVALID: item.invalid_on.isoformat() if item.invalid_on else "",
        columns.MODE: item.get_mode_display(),
        columns.MODE_REASON: item.mode_reason,
        # Acceptances of personal data are the reviewers' records, not public metadata.
        columns.PRIVACY_REASON: "",
        columns.CHANNELS: "、".join(channel.name for channel in item.channels.all()),
    }
    return [values[name] for name in HEADERS]


def rows(agency, year):
    for item in items_of(agency, year).iterator(chunk_size=CHUNK):
        yield row(item, agency)


def filename(agency, year, extension):
    return f"{agency.name}{year}年政府信息目录.{extension}"


class _Line:
    """A file-like object whose write() returns what was written: csv.writer into a stream."""

    def write(self, value):
        return value


def csv_lines(agency, year):
    writer = csv.writer(_Line())
    yield "\ufeff"  # a BOM, so that Excel and WPS open the UTF-8 file as UTF-8
    yield writer.writerow(HEADERS)
    for values in rows(agency, year):
        # The same guard as the XLSX writer: no cell starts a formula.
        yield writer.writerow([cell_value(value) for value in values])


def csv_download(request, code, year):
    agency = agency_and_year(code, year)
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in csv_lines(agency, year)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(
        True, filename(agency, year, "csv")
    )
    return response


def xlsx_download(request, code, year):
    agency = agency_and_year(code, year)
    workbook = write_table(HEADERS, rows(agency, year), title=f"{year}年政府信息")
    # Closed (and so deleted) by the response once sent: not a `with` block.
    spool = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=filename(agency, year, "xlsx"),
        content_type=CONTENT_TYPE,
    )
