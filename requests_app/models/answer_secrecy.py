"""保密审查 of what an answer discloses (条例第十七条, issue 18 point 2): the files that go to the
applicant with the answer are reviewed for secrets like a catalog item before publication, by
someone allowed to (catalog/secrecy.py: perm `catalog.review_secrecy` of the agency — a 审核人
or the 负责人), and the answer is not issued until a "可以公开" review stands for them.

A review stands when it was recorded after the last answer file was added and after the draft was
last saved (a rewritten draft, like a new file, is reviewed again, as a sign-off is). The files'
text goes through the catalog's privacy screen (catalog/screening.py): the applicant is not the
public, and an answer may rightly hold the applicant's own data, so a hit does not block; the
reviewer sees each hit and confirms having checked them (third parties' data: 条例第十五条、第三十二
条), and the review records them, masked. Mixed into `Request` through `RequestAnswering`.
"""

from django.db import models, transaction

from catalog import secrecy
from catalog.models import AbstractSecrecyReview

from .records import RequestAttachment, RequestEvent
from .steps import RequestSteps, TransitionError


class AnswerSecrecyReview(AbstractSecrecyReview):
    """The review of the files an answer discloses, with what the privacy screen found in them.
    The request's log records each review too."""

    request = models.ForeignKey(
        "Request", verbose_name="申请", on_delete=models.CASCADE, related_name="secrecy_reviews"
    )
    files = models.TextField("审查的答复附件", help_text="审查时随答复提供的文件名")
    personal_data = models.TextField(
        "个人信息筛查", blank=True, help_text="附件中发现的个人信息（只记遮盖后的形式）及位置"
    )

    class Meta(AbstractSecrecyReview.Meta):
        verbose_name = "答复附件保密审查"
        verbose_name_plural = "答复附件保密审查"


def screen_answer_files(files):
    """The privacy screen of the answer's files: [catalog.screening.Value], agencies' published
    contacts left out (they are no one's personal data)."""
    from catalog.screening import attachment_findings, public_contacts, screen_findings

    findings = [finding for file in files for finding in attachment_findings(file)]
    return [
        value for value in screen_findings(findings, public_contacts()) if value.acceptance is None
    ]


class RequestAnswerSecrecy(RequestSteps):
    def answer_files(self):
        answer = RequestAttachment.Source.ANSWER
        return [a for a in self._prefetched("attachments") if a.source == answer]

    def answer_secrecy_review(self):
        """The review that stands for the answer's files as they are now, or None."""
        files = self.answer_files()
        draft = self._one("answer_draft")
        changes = [file.created_at for file in files] + ([draft.updated_at] if draft else [])
        return secrecy.standing(
            self.secrecy_reviews.select_related("reviewer"), max(changes, default=None)
        )

    def review_answer_secrecy(self, user, *, conclusion, basis, personal_data_checked=False):
        """Record the 保密审查 of the files the answer discloses: who, when, conclusion, basis."""
        problem = secrecy.input_problem(conclusion, basis)
        if problem:
            raise TransitionError({"basis" if "依据" in problem else "conclusion": problem})
        with transaction.atomic():
            self._begin("secrecy", user)
            self._prefetched_objects_cache = {}
            files = self.answer_files()
            hits = screen_answer_files(files)
            if hits and not personal_data_checked:
                raise TransitionError(
                    {
                        "personal_data_checked": "附件中发现个人信息：请逐项核对后勾选（条例第十五条、第三十二条）。"
                    }
                )
            found = "；".join(f"{value.places}：{value.kind} {value.masked}" for value in hits)
            review = AnswerSecrecyReview.objects.create(
                request=self, reviewer=user, conclusion=conclusion, basis=basis.strip(),
                files="、".join(file.name for file in files), personal_data=found,
            )  # fmt: skip
            screened = (
                f"；个人信息筛查发现 {len(hits)} 处，已核对：{found}"
                if hits
                else "；个人信息筛查未发现"
            )
            self._log(
                user,
                RequestEvent.Kind.SECRECY_REVIEWED,
                f"答复附件 {len(files)} 件（{review.files}）：{review.get_conclusion_display()}；"
                f"依据：{review.basis}{screened}",
            )
        return review

    def _check_answer_secrecy(self):
        """Issuing an answer that discloses files needs a "可以公开" review of them (条例第十七条)."""
        self._prefetched_objects_cache = {}
        if not self.answer_files():
            return
        problem = secrecy.refusal(self.answer_secrecy_review(), "出具随附文件的答复书")
        if problem:
            raise TransitionError(problem)
