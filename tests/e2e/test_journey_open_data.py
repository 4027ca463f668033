"""Open data in Chromium: the API page runs Swagger UI from the portal's own files under the
CSP (no CDN, no inline script), and the statistics page with its charts on desktop and phone.
Screenshots: test-artifacts/test_the_api_page*.png, test_the_statistics_page*.png."""

import pytest


def test_the_api_page_shows_the_operations_from_the_openapi_document(open_page, published_items):
    page = open_page("desktop", path="/api/v1/")
    page.get_by_role("heading", name="开放数据接口", exact=True).wait_for()
    page.locator(".swagger-ui .opblock-summary-path", has_text="/api/v1/items/").first.wait_for()
    page.locator(".swagger-ui .opblock-summary", has_text="/api/v1/items/").first.click()
    page.get_by_text("沿着 next 一直取到它为 null").first.wait_for()
    # The schema names (buttons in Swagger UI's OpenAPI 3.1 view) are not the portal's red
    # buttons: grey text on dark red was unreadable.
    title = page.locator(".swagger-ui .json-schema-2020-12-accordion").first
    title.wait_for()
    assert title.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"
    # No request left the portal: every script and style came from it.
    assert page.evaluate(
        "performance.getEntriesByType('resource').every(e => e.name.startsWith(location.origin))"
    )


@pytest.fixture
def requests_seeded(demo):
    from requests_app.demo import seed_requests

    seed_requests(progress=lambda *args, **kwargs: None)
    return demo


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_statistics_page(open_page, requests_seeded, published_items, viewport):
    from organisation.models import Agency

    county = Agency.objects.filter(parent=None).order_by("tree_id").first()
    page = open_page(viewport, path="/statistics/")
    assert f"/statistics/{county.credit_code}/" in page.url
    page.get_by_role("heading", name="概况").wait_for()
    assert page.locator("svg.chart-svg").count() == 4
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    page.get_by_role("link", name="下载本页数据（CSV）").wait_for()
