"""公开属性源头认定 (docs/catalog.md §3): the attribute is chosen when an item is drafted, and
anything but 主动公开 needs its reason, in the admin and in the import. What the public sees of
each attribute: tests/test_public_rule.py."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.models import Item
from organisation.roles import REVIEWER

from .test_catalog_admin import ADD, form_data, item_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(make_staff, agency_a):
    return make_staff("reviewer", [REVIEWER], [agency_a])


@pytest.mark.parametrize("mode", [Item.Mode.ON_REQUEST, Item.Mode.NOT_DISCLOSED])
def test_a_draft_not_proactively_disclosed_needs_its_reason(client, reviewer, agency_a, mode):
    client.force_login(reviewer)
    data = form_data(client, ADD, **item_fields(agency_a, mode=mode, mode_reason=" "))
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert f"公开方式为“{Item.Mode(mode).label}”时须填写认定理由" in response.text
    assert not Item.objects.exists()
    data["mode_reason"] = "条例第十五条：涉及个人隐私"
    assert client.post(ADD, data).status_code == 302
    assert Item.objects.get().mode_reason == "条例第十五条：涉及个人隐私"


def test_a_proactive_draft_needs_no_reason(client, reviewer, agency_a):
    client.force_login(reviewer)
    data = form_data(client, ADD, **item_fields(agency_a, mode=Item.Mode.PROACTIVE))
    assert client.post(ADD, data).status_code == 302


def test_the_import_asks_the_reason_too(client, make_xlsx, reviewer, agency_a):
    client.force_login(reviewer)
    header = ["发布机构", "名称", "目录", "成文日期", "发布日期", "公开方式", "公开方式认定理由"]
    budget = "法定主动公开内容/财政预决算/部门预算"
    day = datetime.date(2024, 2, 1)
    path = make_xlsx(
        [
            header,
            [agency_a.credit_code, "内部会议纪要", budget, day, day, "不予公开", ""],
            [agency_a.credit_code, "项目审批材料", budget, day, day, "依申请公开", "条例第十五条"],
        ]
    )
    response = client.post(
        reverse("admin:catalog_item_import"),
        {"file": SimpleUploadedFile(path.name, path.read_bytes())},
    )
    problems = [str(problem) for problem in response.context["plan"].problems]
    assert problems == ["第2行「公开方式认定理由」：公开方式为“不予公开”时须填写认定理由"]
