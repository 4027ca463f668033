"""Items in the admin: drafting, the workflow buttons, scoping between agencies, history."""

import datetime

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from catalog.models import Directory, Item
from organisation.roles import DISCLOSURE_OFFICE, INFORMATION_OFFICER, REVIEWER

from .items import CORRECTION_FIELDS, cleared, new_item, published_item
from .test_attachments import HTML, PDF

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:catalog_item_changelist")
ADD = reverse("admin:catalog_item_add")


def change_url(item):
    return reverse("admin:catalog_item_change", args=[item.pk])


def step_url(item, step):
    return reverse("admin:catalog_item_workflow", args=[item.pk, step])


def public_status(client, item):
    client.logout()
    return client.get(reverse("catalog:item", args=[item.pk])).status_code


@pytest.fixture
def people(make_staff, county, agency_a, agency_b):
    return {
        "a_drafter": make_staff("a_drafter", [INFORMATION_OFFICER], [agency_a]),
        "a_reviewer": make_staff("a_reviewer", [REVIEWER], [agency_a]),
        "b_drafter": make_staff("b_drafter", [INFORMATION_OFFICER], [agency_b]),
        "b_reviewer": make_staff("b_reviewer", [REVIEWER], [agency_b]),
        "office": make_staff("office", [DISCLOSURE_OFFICE], [county]),
    }


def form_data(client, url, **fields):
    """The POST data of an admin form page: management forms of its inlines plus `fields`."""
    response = client.get(url)
    assert response.status_code == 200
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name, field in management.fields.items():
            value = management.initial.get(name, field.initial)
            data[f"{management.prefix}-{name}"] = "" if value is None else value
        for form in inline.formset.forms:  # what the browser would send back unchanged
            for bound in form:
                value = bound.value()
                if value is not None and not isinstance(bound.field, forms.FileField):
                    data[bound.html_name] = value
    data.update(fields)
    return data


def item_fields(agency, **extra):
    fields = {
        "title": "舒城县财政局关于2025年部门预算公开的通知",
        "agency": agency.pk,
        "directory": Directory.objects.get(name="部门预算").pk,
        "document_number": "舒财〔2025〕12号",
        "written_on": "2025-03-03",
        "genre": Item.Genre.NOTICE,
        "summary": "公开2025年部门预算",
        "body": "<p>正文</p>",
        "mode": Item.Mode.PROACTIVE,
        "validity": "",
    }
    fields.update(extra)
    return fields


def test_drafter_adds_an_item_with_an_attachment_and_submits_it(
    client, settings, tmp_path, people, agency_a
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(people["a_drafter"])
    data = form_data(
        client,
        ADD,
        **item_fields(agency_a),
        **{
            "attachments-0-file": SimpleUploadedFile("<img src=x onerror=alert(1)>预算表.pdf", PDF),
            "attachments-0-name": "",
            "attachments-0-position": "0",
            "_submit_for_review": "保存并提交审核",
        },
    )
    response = client.post(ADD, data)
    assert response.status_code == 302
    item = Item.objects.get()
    assert item.status == Item.Status.PENDING
    assert item.created_by == people["a_drafter"]
    assert item.attachments.get().name == "_img src=x onerror=alert(1)_预算表.pdf"
    assert public_status(client, item) == 404


def test_disguised_attachment_is_refused_and_nothing_is_saved(
    client, settings, tmp_path, people, agency_a
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(people["a_drafter"])
    data = form_data(
        client,
        ADD,
        **item_fields(agency_a),
        **{
            "attachments-0-file": SimpleUploadedFile("通知.pdf", HTML),
            "attachments-0-position": "0",
        },
    )
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert "内容不是扩展名所说的PDF文件" in response.text
    assert not Item.objects.exists()


def test_drafter_cannot_choose_another_agency(client, people, agency_b):
    client.force_login(people["a_drafter"])
    response = client.post(ADD, form_data(client, ADD, **item_fields(agency_b)))
    assert response.status_code == 200
    assert "agency" in response.context["adminform"].form.errors
    assert not Item.objects.exists()


def test_reviewer_sees_the_publish_button_and_publishes(client, people, agency_a):
    item = new_item(agency_a, people["a_drafter"])
    item.submit(people["a_drafter"])
    client.force_login(people["a_reviewer"])
    page = client.get(change_url(item)).text
    assert "审核通过并发布" in page and "退回修改" in page
    assert "保密审查：<strong>尚未审查</strong>" in page
    # 条例第十七条: no publication without a recorded 保密审查.
    response = client.post(step_url(item, "publish"), follow=True)
    assert "发布前须完成保密审查（条例第十七条）" in response.text
    assert Item.objects.get(pk=item.pk).status == Item.Status.PENDING
    assert "审查依据" in client.get(step_url(item, "secrecy")).text
    response = client.post(step_url(item, "secrecy"), {"conclusion": "cleared", "basis": " "})
    assert "请填写审查依据" in response.text
    basis = "《保守国家秘密法》第十三条，经核对不涉密"
    client.post(step_url(item, "secrecy"), {"conclusion": "cleared", "basis": basis})
    page = client.get(change_url(item)).text
    assert "不涉及国家秘密和工作秘密，可以公开" in page and basis in page
    response = client.post(step_url(item, "publish"), follow=True)
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED
    event = item.events.get(action="secrecy_reviewed")
    assert event.user == people["a_reviewer"] and basis in event.note
    assert f"已发布，索引号：{item.index_number}" in response.text
    assert public_status(client, item) == 200


def test_drafter_sees_no_publish_button_and_cannot_post_it(client, people, agency_a):
    item = new_item(agency_a, people["a_drafter"])
    item.submit(people["a_drafter"])
    client.force_login(people["a_drafter"])
    page = client.get(change_url(item)).text
    assert "审核通过并发布" not in page
    response = client.post(step_url(item, "publish"), follow=True)
    assert "只有本机关的审核人才能发布" in response.text
    item.refresh_from_db()
    assert item.status == Item.Status.PENDING


def test_reviewer_of_another_agency_can_neither_see_nor_publish(client, people, agency_a):
    item = new_item(agency_a, people["a_drafter"], title="财政局待审信息")
    item.submit(people["a_drafter"])
    client.force_login(people["b_reviewer"])
    assert "财政局待审信息" not in client.get(CHANGELIST).text
    assert client.get(change_url(item)).status_code == 302
    client.post(step_url(item, "publish"))
    item.refresh_from_db()
    assert item.status == Item.Status.PENDING
    assert public_status(client, item) == 404


def test_return_with_a_comment_through_the_reason_form(client, people, agency_a):
    item = new_item(agency_a, people["a_drafter"])
    item.submit(people["a_drafter"])
    client.force_login(people["a_reviewer"])
    url = step_url(item, "return")
    assert "意见或原因" in client.get(url).text
    response = client.post(url, {"reason": ""})
    assert "请填写意见或原因" in response.text
    client.post(url, {"reason": "文号格式应为舒财〔2025〕12号"})
    item.refresh_from_db()
    assert item.status == Item.Status.RETURNED
    client.force_login(people["a_drafter"])
    page = client.get(change_url(item)).text
    assert "退回意见：文号格式应为舒财〔2025〕12号" in page
    assert "提交审核" in page


def test_withdraw_through_the_admin(client, people, agency_a):
    item = published_item(agency_a, people["a_drafter"], people["a_reviewer"])
    client.force_login(people["a_reviewer"])
    client.post(step_url(item, "withdraw"), {"reason": "内容已过时"})
    item.refresh_from_db()
    assert item.status == Item.Status.WITHDRAWN
    assert item.withdrawal_reason == "内容已过时"
    # Withdrawn items are kept as they were: read-only, no buttons.
    page = client.get(change_url(item)).text
    assert "撤回…" not in page
    assert 'name="_save"' not in page


def test_correcting_a_published_item_needs_a_note(client, people, agency_a):
    item = published_item(agency_a, people["a_drafter"], people["a_reviewer"])
    client.force_login(people["a_reviewer"])
    url = change_url(item)
    fields = item_fields(agency_a, title="更正后的标题", _save="保存")
    fields.pop("agency")  # read-only once numbered
    response = client.post(url, form_data(client, url, **fields))
    assert response.status_code == 200
    assert "修改已发布的信息须填写更正说明" in response.text
    fields["correction_note"] = "标题有误"
    fields.update(CORRECTION_FIELDS)
    response = client.post(url, form_data(client, url, **fields))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "更正后的标题"
    assert item.corrected_at is not None
    assert item.status == Item.Status.PUBLISHED
    assert item.events.last().note == "标题有误"


def test_drafter_cannot_change_a_published_item(client, people, agency_a):
    item = published_item(agency_a, people["a_drafter"], people["a_reviewer"])
    client.force_login(people["a_drafter"])
    url = change_url(item)
    assert 'name="_save"' not in client.get(url).text
    response = client.post(url, {"title": "篡改", "_save": "保存"})
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.title != "篡改"


def test_published_items_cannot_be_deleted_in_the_admin(client, people, agency_a):
    item = published_item(agency_a, people["a_drafter"], people["a_reviewer"])
    client.force_login(people["a_reviewer"])
    url = reverse("admin:catalog_item_delete", args=[item.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [item.pk], "post": "yes"}
    )
    assert Item.objects.filter(pk=item.pk).exists()


def test_two_agencies_side_by_side(client, people, agency_a, agency_b):
    new_item(agency_a, people["a_drafter"], title="财政局的信息")
    new_item(agency_b, people["b_drafter"], title="教体局的信息")
    client.force_login(people["a_drafter"])
    page = client.get(CHANGELIST).text
    assert "财政局的信息" in page and "教体局的信息" not in page
    client.force_login(people["b_drafter"])
    page = client.get(CHANGELIST).text
    assert "教体局的信息" in page and "财政局的信息" not in page
    client.force_login(people["office"])  # 公开办 of the county: the whole subtree, read-only
    page = client.get(CHANGELIST).text
    assert "财政局的信息" in page and "教体局的信息" in page


def test_bulk_publish_action(client, people, agency_a):
    items = [new_item(agency_a, people["a_drafter"]) for _ in range(3)]
    for item in items:
        item.submit(people["a_drafter"])
        cleared(item, people["a_reviewer"])
    client.force_login(people["a_reviewer"])
    client.post(
        CHANGELIST,
        {"action": "publish_selected", "_selected_action": [item.pk for item in items]},
    )
    serials = sorted(Item.objects.values_list("index_serial", flat=True))
    assert serials == [1, 2, 3]


def test_bulk_publish_is_not_offered_to_a_drafter(client, people, agency_a):
    new_item(agency_a, people["a_drafter"])
    client.force_login(people["a_drafter"])
    page = client.get(CHANGELIST).text
    assert "submit_selected" in page
    assert "publish_selected" not in page


def test_history_lists_versions_read_only(client, people, agency_a):
    item = published_item(agency_a, people["a_drafter"], people["a_reviewer"])
    client.force_login(people["a_reviewer"])
    page = client.get(reverse("admin:catalog_item_history", args=[item.pk])).text
    assert "审核发布" in page and "提交审核" in page and "a_reviewer" in page
    version = Version.objects.get_for_object(item).last()
    url = reverse("admin:catalog_item_revision", args=[item.pk, version.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "部门预算" in response.text
    assert client.post(url, {}).status_code == 403
    client.force_login(people["b_reviewer"])
    assert client.get(url).status_code == 403


def test_timeliness_column_shows_late_items(client, people, agency_a):
    item = new_item(agency_a, people["a_drafter"], written_on=datetime.date(2020, 1, 2))
    item.submit(people["a_drafter"])
    cleared(item, people["a_reviewer"]).publish(people["a_reviewer"])
    client.force_login(people["a_reviewer"])
    page = client.get(CHANGELIST + "?timeliness=late").text
    assert "逾期" in page and item.title in page
    assert item.title not in client.get(CHANGELIST + "?timeliness=ontime").text


def test_changelist_queries_do_not_grow_with_items(client, people, agency_a):
    client.force_login(people["a_reviewer"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(CHANGELIST).status_code == 200
        return len(queries)

    for _ in range(3):
        published_item(agency_a, people["a_drafter"], people["a_reviewer"])
    few = count()
    for _ in range(12):
        new_item(agency_a, people["a_drafter"])
    assert count() == few


def test_directory_tree_is_edited_only_by_the_disclosure_office(client, people):
    url = reverse("admin:catalog_directory_add")
    parent = Directory.objects.get(name="法定主动公开内容")
    client.force_login(people["a_drafter"])
    assert client.get(reverse("admin:catalog_directory_changelist")).status_code == 200
    assert client.post(url, {"name": "工作动态", "parent": parent.pk}).status_code == 403
    client.force_login(people["office"])
    response = client.post(url, {"name": "工作动态", "parent": parent.pk})
    assert response.status_code == 302
    assert Directory.objects.get(name="工作动态").parent == parent


def test_renaming_a_directory_shows_on_public_pages_at_once(
    client, people, agency_a, django_capture_on_commit_callbacks
):
    directory = Directory.objects.get(name="部门预算")
    agency_page = reverse("catalog:agency", args=[agency_a.credit_code])
    assert "部门预算" in client.get(agency_page).text  # now cached
    client.force_login(people["office"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:catalog_directory_change", args=[directory.pk]),
            {"name": "部门预算公开", "parent": directory.parent_id, "description": ""},
        )
    assert response.status_code == 302
    client.logout()
    assert "部门预算公开" in client.get(agency_page).text
