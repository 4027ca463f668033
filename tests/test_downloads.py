"""Bulk downloads per agency and year (opendata/downloads.py): the item import's columns,
streamed, and they re-import with `import_items --dry-run` reporting no change."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from catalog.item_import import COLUMNS
from catalog.models import Channel, Item
from tests.public_catalog import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(agency_a, agency_b):
    made = [
        make_item(agency_a, "关于印发预算管理办法的通知", document_number="舒财〔2025〕3号",
                  genre=Item.Genre.NORMATIVE, validity=Item.Validity.REPEALED,
                  invalid_on=datetime.date(2025, 12, 1), body="<p>正文</p>"),
        make_item(agency_a, "=HYPERLINK(\"http://evil\")", subject="财政"),
        make_item(agency_a, "依申请公开的信息", mode=Item.Mode.ON_REQUEST,
                  mode_reason="条例第十六条：过程性信息"),
    ]  # fmt: skip
    made[0].channels.add(Channel.objects.get_or_create(name="政府网站")[0])
    make_item(agency_a, "已撤回", status=Item.Status.WITHDRAWN)
    make_item(agency_a, "草稿", status=Item.Status.DRAFT)
    make_item(agency_b, "别的机关的信息")
    return made


def url(agency, kind, year=None):
    year = year or timezone.localdate().year
    return f"/api/v1/downloads/{agency.credit_code}/{year}/items.{kind}"


def reimport(path, agency):
    out = io.StringIO()
    call_command("import_items", str(path), "--dry-run", "--agency", agency.credit_code, stdout=out)
    return out.getvalue()


def test_the_csv_lists_the_published_items_and_re_imports_without_change(
    client, agency_a, items, tmp_path
):
    response = client.get(url(agency_a, "csv"))
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert table[0] == COLUMNS
    titles = {row[COLUMNS.index("名称")] for row in table[1:]}
    assert titles == {
        "关于印发预算管理办法的通知",
        '\'=HYPERLINK("http://evil")',
        "依申请公开的信息",
    }
    first = next(row for row in table if row[COLUMNS.index("名称")] == "关于印发预算管理办法的通知")
    assert first[COLUMNS.index("有效性")] == "废止"
    assert first[COLUMNS.index("目录")] == "法定主动公开内容/政策文件/其他文件"
    assert first[COLUMNS.index("公开渠道")] == "政府网站"
    path = tmp_path / "download.csv"
    path.write_bytes(content)
    before = Item.objects.count()
    assert "新增 0 条，已存在跳过 3 条" in reimport(path, agency_a)
    assert Item.objects.count() == before


def test_the_xlsx_re_imports_without_change(client, agency_a, items, tmp_path):
    response = client.get(url(agency_a, "xlsx"))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    path = tmp_path / "download.xlsx"
    path.write_bytes(content)
    sheet = load_workbook(path, read_only=True).worksheets[0]
    header, *data = list(sheet.iter_rows(values_only=True))
    assert list(header) == COLUMNS and len(data) == 3
    assert "新增 0 条，已存在跳过 3 条" in reimport(path, agency_a)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/downloads/nope/2025/items.csv",
        "/api/v1/downloads/{code}/1999/items.csv",
        "/api/v1/downloads/{code}/3000/items.xlsx",
    ],
)
def test_unknown_agencies_and_years_are_404(client, agency_a, path):
    assert client.get(path.format(code=agency_a.credit_code)).status_code == 404


def test_a_download_reads_a_fixed_number_of_queries(
    client, agency_a, items, django_assert_max_num_queries
):
    for n in range(20):
        make_item(agency_a, f"第{n}号")
    client.get("/api/v1/agencies/")  # warm the navigation caches
    with django_assert_max_num_queries(3):
        b"".join(client.get(url(agency_a, "csv")).streaming_content)
