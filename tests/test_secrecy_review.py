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
