"""Real files for the demo items whose bodies say 详见附表: a small generated XLSX each.

Before, every demo body ended "详见附表" and no item had an attachment, so the demo could not
show how attachments look and download. The figures are made up but consistent (the rows add
up to the total row); the file is stored as an upload would be (catalog/attachments.py).
"""

import random

from django.core.files.base import ContentFile

from spreadsheets.xlsx import workbook_bytes, write_table

from . import attachments
from .models import Attachment

# The directories whose items publish a table of figures.
TABLE_DIRECTORIES = {"部门预算", "部门决算", "“三公”经费", "财政专项资金"}
TABLE_SENTENCE = "详见附表。"
HEADERS = ["科目", "本年数（万元）", "上年数（万元）", "增减（%）"]
LINES = ["一般公共服务支出", "教育支出", "社会保障和就业支出", "卫生健康支出", "农林水支出"]


def has_table(directory_name):
    return directory_name in TABLE_DIRECTORIES


def table_rows(title):
    """The figures of `title`'s table: the same title gives the same figures."""
    rng = random.Random(title)  # noqa: S311 -- demo data, not security
    rows, this_total, last_total = [], 0.0, 0.0
    for line in LINES:
        last = round(rng.uniform(20, 900), 2)
        this = round(last * rng.uniform(0.85, 1.15), 2)
        rows.append([line, this, last, round((this - last) / last * 100, 1)])
        this_total, last_total = this_total + this, last_total + last
    change = round((this_total - last_total) / last_total * 100, 1)
    rows.append(["合计", round(this_total, 2), round(last_total, 2), change])
    return rows


def attach_tables(items):
    """Give each of `items` (saved, with a 附表 in its body) its XLSX; returns how many."""
    made = []
    for item in items:
        name = f"{item.title}附表.xlsx"
        content = workbook_bytes(write_table(HEADERS, table_rows(item.title), title="附表"))
        attachment = Attachment(item=item, name=name)
        attachment.file.save(attachments.upload_to(attachment, name), ContentFile(content), False)
        attachment.content_type = attachments.CONTENT_TYPES["xlsx"]
        attachment.size = len(content)
        made.append(attachment)
    Attachment.objects.bulk_create(made, batch_size=500)
    return len(made)
