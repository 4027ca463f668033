"""Where things land on the public pages, measured in Chromium.

- The home page: 最新公开 and the search come before the agency and directory trees. Before,
  最新公开 was 2,127 px down at 1280 px wide and 3,131 px down on a 390 px phone (under a tree
  of "（0）" directories); now about 380 px and 640 px (staff-defects-NOTE.md).
- A published annual report on a phone: section 三 scrolls inside its own box with its row
  labels in view (before: squeezed to one character a line and cut off); printed, the table
  still fits A4 portrait.
"""

import pytest

from .conftest import ARTIFACTS

LATEST_WITHIN = {"desktop": 600, "phone": 900}  # px from the top of the page


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_latest_and_search_come_first_on_the_home_page(open_page, published_items, viewport):
    page = open_page(
        {"desktop": {"width": 1280, "height": 900}, "phone": "phone"}[viewport]
        if viewport == "desktop"
        else viewport,
        path="/",
    )
    latest = page.locator("#latest-heading").bounding_box()["y"]
    search = page.get_by_role("search", name="搜索政府信息").bounding_box()["y"]
    trees = page.locator("#agencies-heading").bounding_box()["y"]
    assert search < latest < trees
    assert latest < LATEST_WITHIN[viewport], f"最新公开 at {latest:.0f} px"
    page.get_by_role("link", name="政府信息公开指南").first.click()
    assert "/guide/" in page.url
    page.get_by_role("heading", name="政府信息公开指南", level=1).wait_for()


@pytest.fixture
def report_url(demo):
    from reports.demo import seed_reports
    from reports.demo_published import seed_published_report
    from reports.models import ReportRevision
    from requests_app.demo import seed_requests

    quiet = lambda *args, **kwargs: None  # noqa: E731
    seed_requests(progress=quiet)
    seed_reports(progress=quiet)
    seed_published_report(progress=quiet)
    report = ReportRevision.objects.select_related("report__agency").first().report
    return f"/reports/{report.agency.credit_code}/{report.year}/all/"


def test_report_tables_scroll_in_their_box_with_row_labels_in_view(open_page, report_url):
    page = open_page("phone", path=report_url)
    box = page.locator(".table-scroll").filter(has=page.locator(".report-table-3"))
    box.scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the page itself fits
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")  # the table scrolls inside
    label = page.locator(".report-table-3 th.label", has_text="4.保护第三方合法权益")
    assert label.bounding_box()["height"] < 80  # a few lines, not one character a line
    box.evaluate("el => el.scrollLeft = el.scrollWidth")
    page.wait_for_timeout(100)
    shown = box.bounding_box()
    for text in ("4.保护第三方合法权益", "（三）不予公开", "（七）总计"):
        cell = page.locator(".report-table-3 th.label", has_text=text).bounding_box()
        assert cell["x"] >= shown["x"] - 1 and cell["x"] < shown["x"] + 130, text
    # No figure is hidden under the labels: the first column of figures is right of them.
    figure = page.locator('.report-table-3 td[data-cell="third_party.total"]').bounding_box()
    assert (
        figure["x"]
        >= page.locator(".report-table-3 th.label", has_text="4.保护第三方合法权益").bounding_box()[
            "x"
        ]
        + 60
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "report-table-phone-scrolled.png")

    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    table = page.locator(".report-table-3").bounding_box()
    assert table["width"] <= 794
    assert (
        page.locator(".report-table-3 th.label").first.evaluate(
            "el => getComputedStyle(el).position"
        )
        == "static"
    )
