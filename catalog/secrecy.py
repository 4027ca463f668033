"""保密审查 (条例第十七条: 行政机关应当建立健全政府信息公开审查机制, 公开前依照保密法律法规进行审查):
who may record one, what a record needs, and when a recorded one lets information go out.

One rule for the two things that leave an agency: a catalog item before it is published or
corrected (catalog/workflow.py) and the files disclosed in answer to a request
(requests_app/models/answer_secrecy.py). Each keeps its own rows (who, when, conclusion, basis);
the conclusions are `SecrecyReview.Conclusion`.
"""

from organisation.access import works_for

PERMISSION = "catalog.review_secrecy"  # 审核人 and 负责人 by default; a 保密员 group by grant
NOT_PERMITTED = "只有本机关有保密审查权限的工作人员才能进行保密审查。"


def may_review(user, agency_id):
    """Whether `user` may record a 保密审查 of what `agency_id` discloses."""
    return user is not None and user.has_perm(PERMISSION) and works_for(user, agency_id)


def input_problem(conclusion, basis):
    """The Chinese reason a review cannot be recorded with these inputs, or ""."""
    from .models import SecrecyReview

    if not (basis or "").strip():
        return "保密审查必须填写审查依据。"
    if conclusion not in SecrecyReview.Conclusion.values:
        return "请选择保密审查结论。"
    return ""


def standing(reviews, since):
    """The review that stands for the thing as it is now: the latest of `reviews` (a queryset
    with `reviewed_at`) recorded at or after `since` (its last change; None: any)."""
    if since is not None:
        reviews = reviews.filter(reviewed_at__gte=since)
    return reviews.order_by("-reviewed_at", "-id").first()


def refusal(review, step):
    """Why `step` (发布, 出具答复书 …) cannot go on with `review` standing, or ""."""
    if review is None:
        return f"{step}前须完成保密审查（条例第十七条）：请由有保密审查权限的工作人员记录审查结论和依据。"
    if not review.is_cleared:
        return f"保密审查结论为“{review.get_conclusion_display()}”，不能{step}。"
    return ""
