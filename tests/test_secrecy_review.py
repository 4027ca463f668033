"""保密审查 before publication (条例第十七条, catalog/workflow.py `review_secrecy`): recorded with
who, when, conclusion and basis by someone allowed to; publishing needs its "可以公开"
conclusion, recorded since the item was last submitted; the item's log shows it."""

import pytest

from catalog.models import Item, ItemEvent, SecrecyReview
from catalog.workflow import NotAllowedForUser, ReasonRequired, SecrecyReviewRequired
from organisation.roles import DISCLOSURE_OFFICE, INFORMATION_OFFICER, REVIEWER

from .items import cleared, new_item

pytestmark = pytest.mark.django_db
C = SecrecyReview.Conclusion


@pytest.fixture
def people(make_staff, county, agency_a, agency_b):
    return {
        "drafter": make_staff("drafter", [INFORMATION_OFFICER], [agency_a]),
        "reviewer": make_staff("reviewer", [REVIEWER], [agency_a]),
        "b_reviewer": make_staff("b_reviewer", [REVIEWER], [agency_b]),
        "office": make_staff("office", [DISCLOSURE_OFFICE], [county]),
    }


def submitted(agency, people):
    item = new_item(agency, people["drafter"])
    item.submit(people["drafter"])
    return item


def test_publishing_without_a_review_is_refused(agency_a, people):
    item = submitted(agency_a, people)
    with pytest.raises(SecrecyReviewRequired, match="条例第十七条"):
        item.publish(people["reviewer"])
    assert Item.objects.get(pk=item.pk).status == Item.Status.PENDING


def test_a_review_is_recorded_and_shown_in_the_log(agency_a, people):
    item = submitted(agency_a, people)
    review = item.review_secrecy(people["reviewer"], C.CLEARED, "经核对本机关保密事项范围，不涉密")
    assert (review.reviewer, review.basis, review.is_cleared) == (
        people["reviewer"],
        "经核对本机关保密事项范围，不涉密",
        True,
    )
    assert review.reviewed_at is not None
    event = item.events.get(action=ItemEvent.Action.SECRECY_REVIEWED)
    assert event.user == people["reviewer"] and "不涉密" in event.note
    item.publish(people["reviewer"])
    assert Item.objects.get(pk=item.pk).is_published


def test_a_basis_is_required_and_only_the_allowed_may_review(agency_a, people):
    item = submitted(agency_a, people)
    with pytest.raises(ReasonRequired):
        item.review_secrecy(people["reviewer"], C.CLEARED, "  ")
    for who in ("drafter", "b_reviewer", "office"):
        with pytest.raises(NotAllowedForUser):
            item.review_secrecy(people[who], C.CLEARED, "不涉密")
    assert not SecrecyReview.objects.exists()


def test_a_negative_conclusion_blocks_publishing(agency_a, people):
    item = submitted(agency_a, people)
    item.review_secrecy(people["reviewer"], C.NOT_CLEARED, "含有涉密会议内容")
    with pytest.raises(SecrecyReviewRequired, match="不得公开"):
        item.publish(people["reviewer"])


def test_a_resubmitted_item_is_reviewed_again(agency_a, people):
    item = submitted(agency_a, people)
    cleared(item, people["reviewer"])
    item.return_for_revision(people["reviewer"], "请补充附件")
    item.submit(people["drafter"])
    with pytest.raises(SecrecyReviewRequired):
        item.publish(people["reviewer"])
    cleared(item, people["reviewer"]).publish(people["reviewer"])
    assert Item.objects.get(pk=item.pk).is_published


# --- a correction goes live at once: it carries its own 保密审查 ---------------------------------


def published(agency, people):
    item = submitted(agency, people)
    cleared(item, people["reviewer"]).publish(people["reviewer"])
    return Item.objects.get(pk=item.pk)


def test_a_correction_without_a_review_is_refused(agency_a, people):
    item = published(agency_a, people)
    item.title = "更正后的标题"
    with pytest.raises(SecrecyReviewRequired, match="更正前须完成保密审查"):
        item.correct(people["reviewer"], "标题有误")
    item.title = "更正后的标题"
    with pytest.raises(SecrecyReviewRequired, match="不能更正"):
        item.correct(people["reviewer"], "标题有误", review=(C.NOT_CLEARED, "含涉密内容"))
    stored = Item.objects.get(pk=item.pk)
    assert stored.title != "更正后的标题" and stored.corrected_at is None
    assert SecrecyReview.objects.filter(item=item).count() == 1  # the publication's only


def test_a_correction_records_its_review_before_it_in_the_history(agency_a, people):
    item = published(agency_a, people)
    item.title = "更正后的标题"
    item.correct(people["reviewer"], "标题有误", review=(C.CLEARED, "经核对更正内容不涉密"))
    review = SecrecyReview.objects.filter(item=item).latest("reviewed_at")
    assert (review.reviewer, review.basis) == (people["reviewer"], "经核对更正内容不涉密")
    actions = list(item.events.values_list("action", "note"))[-2:]
    assert actions == [
        (
            ItemEvent.Action.SECRECY_REVIEWED,
            "更正的保密审查：不涉及国家秘密和工作秘密，可以公开；依据：经核对更正内容不涉密",
        ),
        (ItemEvent.Action.CORRECTED, "标题有误"),
    ]


def test_the_admin_correction_asks_for_the_review(client, agency_a, people):
    from django.urls import reverse

    from .test_catalog_admin import form_data, item_fields

    item = published(agency_a, people)
    client.force_login(people["reviewer"])
    url = reverse("admin:catalog_item_change", args=[item.pk])
    page = client.get(url).content.decode()
    assert "更正的保密审查结论" in page and "保密审查依据" in page
    fields = item_fields(agency_a, title="更正后的标题", correction_note="标题有误", _save="保存")
    fields.pop("agency")  # read-only once numbered
    data = form_data(client, url, **fields)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "更正须经保密审查" in response.text and "请填写保密审查依据" in response.text
    assert Item.objects.get(pk=item.pk).corrected_at is None
    data.update(secrecy_conclusion=C.CLEARED, secrecy_basis="经核对不涉密")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    item = Item.objects.get(pk=item.pk)
    assert item.title == "更正后的标题" and item.corrected_at is not None
    history = client.get(url).content.decode()
    assert "更正的保密审查：不涉及国家秘密和工作秘密，可以公开；依据：经核对不涉密" in history


def test_a_reviewer_without_the_secrecy_permission_cannot_correct(agency_a, people, make_staff):
    from django.contrib.auth.models import Permission

    item = published(agency_a, people)
    plain = make_staff("plain_reviewer", [REVIEWER], [agency_a])
    plain.user_permissions.clear()
    group = plain.groups.get()
    group.permissions.remove(Permission.objects.get(codename="review_secrecy"))
    plain = type(plain).objects.get(pk=plain.pk)  # fresh permission cache
    item.title = "更正后的标题"
    with pytest.raises(NotAllowedForUser, match="保密审查权限"):
        item.correct(plain, "标题有误", review=(C.CLEARED, "不涉密"))
    assert Item.objects.get(pk=item.pk).corrected_at is None


def test_masking_a_published_item_needs_no_review(agency_a, people):
    from catalog.screening import mask_texts

    item = published(agency_a, people)
    Item.objects.filter(pk=item.pk).update(
        summary="联系电话13800001234"
    )  # published before the screen
    item = Item.objects.get(pk=item.pk)
    assert mask_texts(item, people["reviewer"]) == 1
    item = Item.objects.get(pk=item.pk)
    assert item.summary == "联系电话138****1234" and item.corrected_at is not None
