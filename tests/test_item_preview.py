"""The 审核人 sees the public page of a pending item before 审核通过并发布."""

import pytest

from organisation.roles import INFORMATION_OFFICER, REVIEWER

from .items import new_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafter(make_staff, agency_a):
    return make_staff("a_drafter", [INFORMATION_OFFICER], [agency_a])


@pytest.fixture
def pending(agency_a, drafter):
    item = new_item(agency_a, drafter, body="<h2>一、预算说明</h2><p>第一段。</p><p>第二段。</p>")
    item.submit(drafter)
    return item


def preview_url(item):
    return f"/admin/catalog/item/{item.pk}/preview/"


def test_the_reviewer_previews_the_public_page_from_the_review_page(
    client, make_staff, agency_a, pending
):
    client.force_login(make_staff("a_reviewer", [REVIEWER], [agency_a]))
    review = client.get(f"/admin/catalog/item/{pending.pk}/change/").content.decode()
    assert f'href="{preview_url(pending)}"' in review and "预览公开页面" in review

    response = client.get(preview_url(pending))
    html = response.content.decode()
    assert response.status_code == 200 and response["X-Robots-Tag"] == "noindex"
    assert "预览：本页尚未公开" in html
    assert '<h1 id="item-title">舒城县财政局2025年部门预算公开</h1>' in html
    assert "<h2>一、预算说明</h2><p>第一段。</p><p>第二段。</p>" in html
    assert 'class="site-header"' in html  # the public layout, as the public will see it
    assert client.get(f"/items/{pending.pk}/").status_code == 404  # still not public


def test_only_staff_of_the_items_agency_may_preview(client, make_staff, agency_b, pending):
    client.force_login(make_staff("b_reviewer", [REVIEWER], [agency_b]))
    assert client.get(preview_url(pending)).status_code == 404
    client.logout()
    assert client.get(preview_url(pending)).status_code == 302  # to the login page
