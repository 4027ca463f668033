"""Done when: after importing items full of personal data, a crawl of every public page finds none.

The file is first refused (every hit by row and column); the agency masks it and imports it
again; then every page reachable from the home page (lists, item pages, search, feeds, sitemap,
agency pages and guides, attachments' text) and from the open data (/api/v1/ and its JSON
links, the DCAT catalog, the bulk CSV and XLSX downloads, /statistics/) is fetched and screened
with catalog/privacy.py. The only numbers allowed are the agencies' own published contact
numbers (条例第十二条).
"""

import datetime
import io
import re
from collections import deque

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog import privacy
from catalog.models import Item
from organisation.models import Agency
from organisation.roles import REVIEWER

from .privacy_files import bank_card, id_number

pytestmark = pytest.mark.django_db

HEADER = ["发布机构", "名称", "目录", "成文日期", "发布日期", "内容概述", "正文", "主题词"]
DIRECTORIES = [
    "法定主动公开内容/社会救助",
    "法定主动公开内容/民生政策/社会保障",
    "法定主动公开内容/财政预决算/部门预算",
]
PEOPLE = ["张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十"]


def personal_rows(agency):
    """Items the way old platforms published 公示 lists: names with full numbers."""
    rows, planted = [HEADER], set()
    for n, name in enumerate(PEOPLE):
        card = bank_card(f"6222021234567890{n:02d}")
        number = id_number(f"340102199003{n + 10:02d}123")
        mobile = f"1380000{n:04d}"
        email = f"person{n}@example.com"
        planted |= {card, number, mobile, email}
        rows.append(
            [
                agency.credit_code,
                f"2024年{name}（{number}）低保审批公示",
                DIRECTORIES[n % len(DIRECTORIES)],
                datetime.date(2024, 3, 1),
                datetime.date(2024, 3, 5 + n),
                f"联系电话{mobile}",
                f"申请人：{name}\n身份证号：{number}\n银行卡号：{card}\n电子邮箱：{email}\n"
                f"手机：{mobile}",
                "低保 公示",
            ]
        )
    return rows, planted


def masked(rows):
    return [rows[0]] + [
        [privacy.mask(cell) if isinstance(cell, str) else cell for cell in row] for row in rows[1:]
    ]


def import_file(client, path):
    response = client.post(
        reverse("admin:catalog_item_import"),
        {"file": SimpleUploadedFile(path.name, path.read_bytes())},
    )
    return response


SEEDS = [
    "/sitemap.xml",
    "/sitemap-items.xml",
    "/feeds/latest/",
    "/search/?q=公示",
    "/api/v1/",
    "/api/v1/openapi.json",
    "/api/v1/dcat.jsonld",
    "/api/v1/items/?limit=3",  # small pages, so the crawl follows `next`
    "/api/v1/agencies/",
    "/api/v1/directories/",
    "/statistics/",
]
# A link in HTML, a sitemap, or a JSON/JSON-LD string (the API's next pages, the DCAT
# distributions' download URLs), absolute or not.
LINK = re.compile(r'(?:href="|<loc>|")(?:https?://testserver)?(/[^"<#\s]*)')
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def text_of(response):
    """What a reader of the response sees: the cells of an XLSX download, else the text."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith(XLSX):
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            "\t".join("" if value is None else str(value) for value in row)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return content.decode("utf-8-sig", "replace")


def crawl(client, start="/", limit=600):
    """Every public URL reachable from `start` and `SEEDS`: {url: text}."""
    seen, pages = {start}, {}
    queue = deque([start, *SEEDS])
    seen.update(queue)
    while queue and len(pages) < limit:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code in (301, 302) and response["Location"] not in seen:
            seen.add(response["Location"])
            queue.append(response["Location"])
        if response.status_code != 200 or response.get("Content-Type", "").startswith("image/"):
            continue
        text = pages[url] = text_of(response)
        for link in LINK.findall(text):
            link = link.replace("&amp;", "&").replace("\\u0026", "&")
            if link.startswith(("/admin", "/staff", "/static", "/media")) or link in seen:
                continue
            seen.add(link)
            queue.append(link)
    return pages


def test_a_crawl_after_importing_personal_data_finds_none(
    client, make_xlsx, make_staff, county, agency_a, settings
):
    settings.OPENDATA_RATE = "100000/m"  # the crawl is one client asking fast
    reviewer = make_staff("reviewer", [REVIEWER], [agency_a])
    client.force_login(reviewer)
    rows, planted = personal_rows(agency_a)

    refused = import_file(client, make_xlsx(rows))
    problems = refused.context["plan"].problems
    # Every row is refused, at the columns holding the data.
    assert {problem.row for problem in problems} == set(range(2, 2 + len(PEOPLE)))
    assert {problem.column for problem in problems} == {"名称", "内容概述", "正文"}
    assert not Item.objects.exists()

    preview = import_file(client, make_xlsx(masked(rows), name="masked.xlsx"))
    assert preview.context["plan"].ok
    client.post(reverse("admin:catalog_item_import_confirm"), {"digest": preview.context["digest"]})
    assert Item.objects.public().count() == len(PEOPLE)

    client.logout()
    pages = crawl(client)
    item_pages = [url for url in pages if re.fullmatch(r"/items/\d+/", url)]
    assert len(item_pages) == len(PEOPLE), "the crawl must reach every imported item"
    api_items = [url for url in pages if re.fullmatch(r"/api/v1/items/\d+/", url)]
    assert len(api_items) == len(PEOPLE), "and every item of the API"
    assert any(url.startswith("/api/v1/items/?") and "after=" in url for url in pages)
    downloads = [url for url in pages if url.startswith("/api/v1/downloads/")]
    assert {url.rsplit(".", 1)[1] for url in downloads} == {"csv", "xlsx"}
    for url in downloads:  # read as the reader sees them: masked, not dropped
        assert "34*************" in pages[url], url
    assert any(url.startswith("/statistics/1") for url in pages)  # an agency's, via the redirect
    assert "/api/v1/dcat.jsonld" in pages

    contacts = {
        privacy.value_digest(kind, value)
        for phone, fax, email in Agency.objects.values_list("phone", "fax", "email")
        for kind, value in [
            (privacy.Kind.LANDLINE, phone),
            (privacy.Kind.LANDLINE, fax),
            (privacy.Kind.MOBILE, phone),
            (privacy.Kind.EMAIL, email),
        ]
        if value
    }
    leaks = {
        url: [hit.masked for hit in privacy.find(text) if hit.digest not in contacts]
        for url, text in pages.items()
    }
    assert {url: hits for url, hits in leaks.items() if hits} == {}
    assert not [value for value in planted for text in pages.values() if value in text]
    assert "34*************" in "".join(pages[url] for url in item_pages)  # masked, not dropped
