"""Issue 18 point 10, what evaluators check in an annual report: the figures stated in 一 equal
the tables (reports/stated_figures.py, a 评估提示); section 四 may also count the cases filed
earlier and decided this year, a setting of the report stated under its table on the staff page,
the published page and the XLSX."""

import io
import re

import pytest
from openpyxl import load_workbook

from reports.models import AnnualReport
from tests.annual_report import EXPECTED_4, build_2025
from tests.requesting import freeze_today

pytestmark = pytest.mark.django_db
WARNING = "一中的数字与表格不一致"
DEFAULT_NOTE = "统计口径：本年度立案的行政复议、行政诉讼案件，结果为本年12月31日时的状态"
EARLIER_NOTE = "统计口径：本年度立案的行政复议、行政诉讼案件，以及以前年度立案、本年度审结的案件"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return freeze_today(monkeypatch, "2026-01-20")


@pytest.fixture
def head_a(make_staff, agency_a):
    return make_staff("fuzeren_a", roles=["负责人"], agencies=[agency_a])


def url(agency, rest=""):
    return f"/staff/reports/{agency.pk}/2025/{rest}"


def save(client, agency, **fields):
    data = {"licences": "0", "penalties": "0", "coercions": "0", "fees": "0", "problems": "无",
            "other_matters": "无", **fields}  # fmt: skip
    response = client.post(url(agency), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def section4(html):
    block = re.search(r'<table class="report-table report-table-4".*?</table>', html, re.S)
    return [int(v) for v in re.findall(r'<td class="num"[^>]*>([^<]*)</td>', block.group(0))]


def test_the_draft_of_one_agrees_with_the_tables_and_an_edited_figure_is_flagged(
    client, head_a, agency_a
):
    build_2025(agency_a)
    client.force_login(head_a)
    draft = client.get(url(agency_a)).context["draft"]["overview"]
    new = re.search(r"新收政府信息公开申请(\d+)件", draft).group(1)
    save(client, agency_a, overview=draft)
    assert WARNING not in client.get(url(agency_a)).content.decode()

    edited = draft.replace(f"新收政府信息公开申请{new}件", "新收政府信息公开申请99件")
    edited = edited.replace("行政复议3件", "行政复议案件4件")
    save(client, agency_a, overview=edited)
    html = client.get(url(agency_a)).content.decode()
    assert WARNING in html
    assert (
        f"一、总体情况第3段“新收政府信息公开申请99件”，但三「一、本年新收政府信息公开申请数量」"
        f"总计为{new}件" in html
    )
    assert "第4段“行政复议案件4件”，但四「行政复议」总计为3件" in html


def test_figures_in_the_tables_of_two_are_compared_and_other_numbers_are_not(
    client, head_a, agency_a
):
    client.force_login(head_a)
    overview = "全年办理行政许可事项1,200件。主动公开政府信息356条。办结的申请中予以公开0件。"
    save(client, agency_a, overview=overview, licences="1200")
    assert WARNING not in client.get(url(agency_a)).content.decode()
    save(client, agency_a, overview=overview, licences="1100")
    html = client.get(url(agency_a)).content.decode()
    assert "第1段“行政许可事项1,200件”，但二「行政许可」为1100件" in html


def test_section_four_counts_earlier_cases_decided_this_year_when_the_report_says_so(
    client, head_a, agency_a, django_capture_on_commit_callbacks
):
    build_2025(agency_a)  # a 行政复议 filed 2024-12-31, upheld 2025-01-03
    client.force_login(head_a)
    html = client.get(url(agency_a)).content.decode()
    assert section4(html) == EXPECTED_4 and DEFAULT_NOTE in html
    save(client, agency_a, overview="总体情况", cases_filed_earlier="on")
    html = client.get(url(agency_a)).content.decode()
    assert section4(html) == [2, 1, 0, 1, 4, *EXPECTED_4[5:]] and EARLIER_NOTE in html
    assert AnnualReport.objects.get().cases_filed_earlier

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(agency_a, "publish/"), {"note": ""})
    assert response.status_code == 302
    client.logout()
    public = client.get(f"/reports/{agency_a.credit_code}/2025/").content.decode()
    assert section4(public)[:5] == [2, 1, 0, 1, 4] and EARLIER_NOTE in public
    book = load_workbook(
        io.BytesIO(client.get(f"/reports/{agency_a.credit_code}/2025/xlsx/").content)
    )
    api = client.get(f"/api/v1/reports/{agency_a.credit_code}/2025/").json()
    assert api["section4_basis"].startswith(EARLIER_NOTE)
    assert api["section4"]["review"]["upheld"] == 2
    sheet = book["四、政府信息公开行政复议、行政诉讼情况"]
    assert EARLIER_NOTE in "".join(
        str(cell.value or "") for row in sheet.iter_rows() for cell in row
    )


def test_the_reminder_cites_article_49(client, make_staff, county, agency_a):
    office = make_staff("gongkaiban", roles=["公开办"], agencies=[county])
    client.force_login(office)
    for page in ("/staff/reports/", "/staff/reports/unpublished/?year=2025"):
        html = client.get(page).content.decode()
        assert "尚未发布" in html and "（条例第四十九条）" in html, page


def test_six_drafts_the_headed_placeholders_beside_the_fee_and_they_block_publishing(
    client, head_a, agency_a
):
    client.force_login(head_a)
    draft = client.get(url(agency_a)).context["draft"]["other_matters"]
    headings = ["落实上级年度政务公开工作要点情况", "人大代表建议和政协委员提案办理结果公开情况",
                "政务公开工作创新情况"]  # fmt: skip
    assert draft.startswith("（一）收取信息处理费情况。") and all(h in draft for h in headings)
    save(client, agency_a, overview="总体情况", other_matters=draft)
    html = client.get(url(agency_a)).content.decode()
    assert "六、其他需要报告的事项中还有“（请补充）”" in html
    response = client.post(url(agency_a, "publish/"), {"note": ""})
    assert response.status_code == 400 and not AnnualReport.objects.get().revisions.exists()
