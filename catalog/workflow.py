"""The publication workflow of an item: 草稿 → 待审核 → 已发布, 退回, 更正, 撤回.

Each step is one method of `Item` (mixed in from here to keep models/items.py short)
that checks the transition and the user's right to make it, writes the item,
appends an `ItemEvent` and records a django-reversion version with who and
why, all in one transaction. Forbidden steps raise a `WorkflowError` subclass
whose message is the Chinese text shown to staff.

Who may do what:
- submit: staff allowed to edit the item's agency (信息员, 审核人), from 草稿/已退回;
- secrecy (保密审查, 条例第十七条): staff with perm `catalog.review_secrecy` (审核人) of the item's
  agency, on a pending item; publishing needs its "可以公开" conclusion, recorded since the
  item was last submitted (the rule is catalog/secrecy.py); a correction carries its own
  review, recorded with it by the 审核人 who corrects (only masking needs none: it hides);
- return, publish, correct, withdraw: a 审核人 (perm `catalog.publish_item`) of the
  item's agency. "Of the agency" is `Agency.objects.for_staff`, the one scoping rule.

An entry that another app publishes under its own permission (the annual report's entry in
政府信息公开年报, reports/catalog_entry.py: the 公开办 or 负责人 who publishes the report is not a
审核人 of the catalog) takes the same steps with `approved_elsewhere=True`: the caller has checked
who acts, and everything else (statuses, 索引号, log, version, public content) is as here.
"""

import reversion
from django.db import transaction
from django.utils import timezone

from organisation.access import works_for

from . import secrecy
from .publicity import public_content_changed


class WorkflowError(Exception):
    """A workflow step that is not allowed; str(error) is the message for staff."""


class TransitionNotAllowed(WorkflowError):
    """The item's status does not allow this step."""


class NotAllowedForUser(WorkflowError):
    """The user lacks the role or does not work for the item's agency."""


class ReasonRequired(WorkflowError):
    """Returning needs a comment and withdrawing needs a reason."""


class SecrecyReviewRequired(WorkflowError):
    """Publishing needs a recorded 保密审查 concluding 可以公开 (条例第十七条)."""


class PublishedItemCannotBeDeleted(WorkflowError):
    """Published and withdrawn items are withdrawn or corrected, never deleted (条例第二十六条)."""


class ItemWorkflow:
    """Mixed into `catalog.models.Item`."""

    # -- who may act -------------------------------------------------------

    def user_can_edit(self, user):
        return user.has_perm("catalog.change_item") and works_for(user, self.agency_id)

    def user_can_review(self, user):
        return user.has_perm("catalog.publish_item") and works_for(user, self.agency_id)

    def user_can_review_secrecy(self, user):
        return secrecy.may_review(user, self.agency_id)

    def secrecy_review(self):
        """The 保密审查 that stands for the item as submitted now: the latest one recorded since
        it was last submitted for review (an edit returned and resubmitted is reviewed again)."""
        submitted = (
            self.events.filter(action=self.events.model.Action.SUBMITTED)
            .order_by("-at", "-id")
            .values_list("at", flat=True)
            .first()
        )
        return secrecy.standing(self.secrecy_reviews.select_related("reviewer"), submitted)

    def allowed_actions(self, user):
        """The workflow steps `user` may take on this item now (for the admin's buttons)."""
        Status = self.Status
        actions = set()
        if self.status in (Status.DRAFT, Status.RETURNED) and self.user_can_edit(user):
            actions.add("submit")
        if self.status == Status.PENDING and self.user_can_review_secrecy(user):
            actions.add("secrecy")
        if self.user_can_review(user):
            if self.status == Status.PENDING:
                actions |= {"publish", "return"}
            elif self.status == Status.PUBLISHED:
                actions |= {"correct", "withdraw"}
        return actions

    def _check(self, user, allowed_statuses, step, *, review, approved_elsewhere=False):
        if self.status not in allowed_statuses:
            raise TransitionNotAllowed(f"当前状态为“{self.get_status_display()}”，不能{step}。")
        if approved_elsewhere:
            return  # the calling app checked `user` by its own rule (see the module docstring)
        allowed = self.user_can_review(user) if review else self.user_can_edit(user)
        if not allowed:
            who = "本机关的审核人" if review else "本机关的工作人员"
            raise NotAllowedForUser(f"只有{who}才能{step}。")

    # -- one method per step ---------------------------------------------------

    def _lock(self):
        """Re-read the row FOR UPDATE so that two reviewers cannot both take a step."""
        locked = type(self).objects.select_for_update().get(pk=self.pk)
        self.status = locked.status
        self.index_number = locked.index_number
        self.index_year = locked.index_year
        self.index_serial = locked.index_serial
        self.published_at = locked.published_at

    def _record(self, user, action, note=""):
        self.events.create(action=action, user=user, note=note)
        reversion.set_user(user)
        comment = action.label
        reversion.set_comment(f"{comment}：{note}" if note else comment)

    def submit(self, user):
        """草稿/已退回 → 待审核."""
        Status = self.Status
        with transaction.atomic(), reversion.create_revision():
            self._lock()
            self._check(user, (Status.DRAFT, Status.RETURNED), "提交审核", review=False)
            self.status = Status.PENDING
            self.save()
            self._record(user, self.events.model.Action.SUBMITTED)

    def return_for_revision(self, user, comment):
        """待审核 → 已退回, with the reviewer's comment for the drafter."""
        comment = (comment or "").strip()
        if not comment:
            raise ReasonRequired("退回时必须填写审核意见。")
        Status = self.Status
        with transaction.atomic(), reversion.create_revision():
            self._lock()
            self._check(user, (Status.PENDING,), "退回", review=True)
            self.status = Status.RETURNED
            self.review_comment = comment
            self.save()
            self._record(user, self.events.model.Action.RETURNED, comment)

    def review_secrecy(self, user, conclusion, basis):
        """Record a 保密审查 of a pending item (条例第十七条): who, when, conclusion, basis."""
        problem = secrecy.input_problem(conclusion, basis)
        if problem:
            raise ReasonRequired(problem)
        Status = self.Status
        with transaction.atomic(), reversion.create_revision():
            self._lock()
            if self.status != Status.PENDING:
                raise TransitionNotAllowed(
                    f"当前状态为“{self.get_status_display()}”，不能保密审查。"
                )
            review = self._add_secrecy_review(user, conclusion, basis)
            reversion.add_to_revision(self)
        return review

    def _add_secrecy_review(self, user, conclusion, basis, what=""):
        if not self.user_can_review_secrecy(user):
            raise NotAllowedForUser(secrecy.NOT_PERMITTED)
        basis = basis.strip()
        review = self.secrecy_reviews.create(reviewer=user, conclusion=conclusion, basis=basis)
        note = f"{what}{review.get_conclusion_display()}；依据：{basis}"
        self._record(user, self.events.model.Action.SECRECY_REVIEWED, note)
        return review

    def _check_secrecy(self):
        problem = secrecy.refusal(self.secrecy_review(), "发布")
        if problem:
            raise SecrecyReviewRequired(problem)

    def publish(self, user, *, approved_elsewhere=False):
        """待审核 → 已发布: sets 发布日期 and assigns the 索引号 (once, never changed)."""
        # Imported here: numbering and the calendar read models that import this module.
        from .numbering import assign_index_number
        from .screening import check_before_publish
        from .timeliness import time_item

        Status = self.Status
        with transaction.atomic(), reversion.create_revision():
            self._lock()
            self._check(
                user, (Status.PENDING,), "发布", review=True, approved_elsewhere=approved_elsewhere
            )
            if not approved_elsewhere:
                self._check_secrecy()  # 条例第十七条; another app records its own (reports)
            check_before_publish(self)  # the privacy screen (catalog/screening.py)
            self.published_at = timezone.now()
            self.changed_on = None  # a first publication is timed from 成文日期
            time_item(self)
            if not self.index_number:
                assign_index_number(self, self.published_at)
            self.status = Status.PUBLISHED
            self.review_comment = ""
            self.save()
            self._record(user, self.events.model.Action.PUBLISHED, self.index_number)
            transaction.on_commit(lambda: public_content_changed(self))

    def correct(self, user, note, *, review=None, approved_elsewhere=False, masking=False):
        """Save the edited fields of a published item as a new version (更正).

        The 索引号, 发布机构 and 发布日期 stay; `corrected_at` tells the public when. A correction
        goes live at once, so it passes what a publication passes: the privacy screen, and a
        保密审查 `review` = (conclusion, basis) recorded with it by the corrector (条例第十七条).
        Masking (catalog/screening.py `mask_texts`, `masking=True`) only hides characters and
        another app's entry (`approved_elsewhere`) is reviewed by its own rule: neither needs one.
        """
        from .screening import check_before_publish
        from .timeliness import time_item

        note = (note or "").strip()
        if not note:
            raise ReasonRequired("更正时必须填写更正说明。")
        if not (masking or approved_elsewhere):
            conclusion, basis = review or ("", "")
            problem = secrecy.input_problem(conclusion, basis)
            if problem:
                raise SecrecyReviewRequired(f"更正前须完成保密审查（条例第十七条）：{problem}")
        Status = self.Status
        with transaction.atomic(), reversion.create_revision():
            original = type(self).objects.select_for_update().get(pk=self.pk)
            if self.agency_id != original.agency_id:
                raise TransitionNotAllowed("已发布信息的发布机构不能更改。")
            self.status = original.status
            self._check(
                user,
                (Status.PUBLISHED,),
                "更正",
                review=True,
                approved_elsewhere=approved_elsewhere,
            )
            # A correction publishes its edited texts; files it adds are screened on upload
            # (catalog/admin/item_inlines.py), and one it removes must not hold it up.
            check_before_publish(self, texts_only=True)
            if not (masking or approved_elsewhere):
                recorded = self._add_secrecy_review(user, *review, what="更正的保密审查：")
                problem = secrecy.refusal(recorded, "更正")
                if problem:
                    raise SecrecyReviewRequired(problem)  # rolls the review back with the rest
            self.index_number = original.index_number
            self.index_year = original.index_year
            self.index_serial = original.index_serial
            self.published_at = original.published_at
            self.corrected_at = timezone.now()
            time_item(self)  # from 变更日期 to now when given (条例第二十六条)
            self.save()
            self._record(user, self.events.model.Action.CORRECTED, note)
            transaction.on_commit(lambda: public_content_changed(self))

    def withdraw(self, user, reason, *, approved_elsewhere=False):
        """已发布 → 已撤回: the public URL stays and says when and why."""
        reason = (reason or "").strip()
        if not reason:
            raise ReasonRequired("撤回时必须填写撤回原因。")
        Status = self.Status
        with transaction.atomic(), reversion.create_revision():
            self._lock()
            self._check(
                user,
                (Status.PUBLISHED,),
                "撤回",
                review=True,
                approved_elsewhere=approved_elsewhere,
            )
            self.status = Status.WITHDRAWN
            self.withdrawal_reason = reason
            self.withdrawn_at = timezone.now()
            self.save()
            self._record(user, self.events.model.Action.WITHDRAWN, reason)
            transaction.on_commit(lambda: public_content_changed(self))

    def is_locked_for_deletion(self):
        # Once public, always on the record: a published or withdrawn item is never deleted.
        return bool(self.index_number) or self.status in self.PUBLIC_STATUSES

    def delete(self, *args, **kwargs):
        if self.is_locked_for_deletion():
            raise PublishedItemCannotBeDeleted("已发布或已撤回的政府信息不能删除，请使用撤回。")
        return super().delete(*args, **kwargs)
