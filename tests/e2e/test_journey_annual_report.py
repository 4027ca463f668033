"""The office publishes the county's 2025 annual report; the public reads it."""

import io

from openpyxl import load_workbook
from playwright.sync_api import expect

from .checks import assert_accessible, assert_text_enlarges_without_loss
from .conftest import log_in


def test_office_checks_edits_publishes_and_the_public_reads_the_report(open_page, demo):
    from organisation.models import Agency
    from reports.demo import seed_reports
    from requests_app.demo import seed_requests

    quiet = lambda *args, **kwargs: None  # noqa: E731
    seed_requests(progress=quiet)
    seed_reports(progress=quiet)
    county = Agency.objects.get(name="舒城县人民政府")

    page = open_page("desktop")
    log_in(page, "gongkaiban")
    page.goto("/staff/reports/")
    page.locator("tr", has_text="舒城县人民政府").first.get_by_role(
        "link", name="含下级机关"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("（含下级机关合计）")
    expect(page.locator(".report-checks")).to_contain_text("6项校验全部通过")

    # The draft leaves （请补充） for the office to write: publishing refuses it until written.
    page.get_by_role("button", name="发布", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("中还有草稿留下的“（请补充）”")
    overview = page.get_by_role("textbox", name="一、总体情况")
    written = overview.input_value().replace("（请补充）", "全县统一使用政务公开门户发布政府信息。")
    overview.fill(written + "\n\n（五）本年度全县政务公开工作经县政府常务会议研究部署。")
    other = page.get_by_role("textbox", name="六、其他需要报告的事项")
    other.fill(other.input_value().replace("（请补充）", "已按上级要求逐项落实。"))
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_contain_text("已保存")

    page.get_by_role("button", name="发布", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("已发布第1版")

    with page.expect_download() as download:
        page.get_by_role("link", name="查看公开页面").click()
        page.get_by_role("link", name="下载统计表格（Excel）").click()
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    sheet = book["三、收到和处理政府信息公开申请情况"]
    assert isinstance(sheet["J5"].value, int) and sheet["J5"].value > 20  # 新收 总计

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "舒城县人民政府2025年政府信息公开工作年度报告（含下级机关）"
    )
    expect(page.locator("main")).to_contain_text("经县政府常务会议研究部署")
    expect(page.get_by_role("img", name="本年度办理结果构成")).to_be_visible()
    assert page.url.endswith(f"/reports/{county.credit_code}/2025/all/")
    assert_accessible(page)
    assert_text_enlarges_without_loss(page)
    page.reload()  # the screenshot shows the page as most readers see it
