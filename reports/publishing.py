"""Publishing an annual report: `AnnualReport.publish()` and `.withdraw()` (mixed in from here).

Publishing checks who acts and that no check fails unaccepted, freezes the computed tables, the
prose, the check results and the five-year trend into a new `ReportRevision`, and publishes or
corrects the report's entry in the catalog's 政府信息公开年报 directory, all in one transaction.
The revision row is the log: who published which version, when, and why (更正说明).

Who may publish: a user with `reports.publish_annualreport` (公开办, 负责人, 系统管理员; see
organisation/roles.py) who works for the agency (`Agency.objects.for_staff`). A report summed over an
agency's subtree is published only by someone who oversees the subtree (公开办, 系统管理员).
"""

import reversion
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone

from organisation.access import oversees, works_for

from .drafts import PLACEHOLDER

PUBLISH_PERM = "reports.publish_annualreport"
TEXT_SECTIONS = {
    "overview": "一、总体情况",
    "problems": "五、存在的主要问题及改进情况",
    "other_matters": "六、其他需要报告的事项",
}
TREND_YEARS = 5  # the trend chart shows the report year and the four before it


class PublishingError(Exception):
    """A publishing step that is not allowed; str(error) is the message for staff."""


class NotAllowedForUser(PublishingError):
    pass


class ChecksFailing(PublishingError):
    pass


class NothingToPublish(PublishingError):
    pass


class NoteRequired(PublishingError):
    pass


def may_publish(user, agency, with_subordinates=False):
    """Whether `user` may publish (and withdraw) the report of `agency`."""
    if not user.has_perm(PUBLISH_PERM):
        return False
    if with_subordinates:
        return oversees(user, agency)
    return works_for(user, agency)


def trend(scope):
    """[{year, requests, items}] for the report year and the years before it (oldest first):
    requests received (新收, as section 三 counts them) and items first published in the
    catalog. Two aggregate queries; frozen into the snapshot so the public page reads none."""
    from catalog.models import Item
    from requests_app.models import Request

    first = scope.year - TREND_YEARS + 1
    requests = dict(
        Request.objects.filter(scope.agencies())
        .filter(received_on__year__gte=first, received_on__year__lte=scope.year)
        .annotate(y=ExtractYear("received_on"))
        .values("y")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("y", "n")
    )
    items = dict(
        Item.objects.public()
        .filter(scope.agencies())
        .filter(published_at__year__gte=first, published_at__year__lte=scope.year)
        .annotate(y=ExtractYear("published_at"))
        .values("y")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("y", "n")
    )
    return [
        {"year": year, "requests": requests.get(year, 0), "items": items.get(year, 0)}
        for year in range(first, scope.year + 1)
    ]


def unfinished_sections(report):
    """The titles of the report's texts that still hold the draft's placeholder."""
    return [
        f"“{title}”"
        for field, title in TEXT_SECTIONS.items()
        if PLACEHOLDER in getattr(report, field)
    ]


class ReportPublishing:
    """Mixed into `reports.models.AnnualReport`."""

    def publish(self, user, note=""):
        """Freeze the report as revision n+1 and publish it into the catalog; return the revision.

        Raises a `PublishingError` (message for staff) when the user may not, a check fails
        without an accepted reason, section 一 is empty, or a correction lacks its note.
        """
        from . import catalog_entry
        from .build import build_report, make_snapshot
        from .models import AnnualReport, ReportRevision

        note = (note or "").strip()
        if not may_publish(user, self.agency, self.with_subordinates):
            raise NotAllowedForUser(
                "只有本机关有发布权限的工作人员（公开办、负责人）才能发布年度报告。"
            )
        with transaction.atomic(), reversion.create_revision():
            if self.pk is None:
                self.save()
            # Two people pressing 发布 at once must not both become revision n+1.
            report = AnnualReport.objects.select_for_update().get(pk=self.pk)
            built = build_report(report.agency, report.year, report.with_subordinates, report)
            if built.blocking:
                titles = "、".join(f"“{r.title}”" for r in built.blocking)
                raise ChecksFailing(
                    f"校验未通过：{titles}。请更正数据，或说明理由确认例外后再发布。"
                )
            if not report.overview.strip():
                raise NothingToPublish("“一、总体情况”尚未填写，不能发布。")
            unfinished = unfinished_sections(report)
            if unfinished:
                raise NothingToPublish(
                    f"{'、'.join(unfinished)}中还有草稿留下的“{PLACEHOLDER}”，请补充后再发布。"
                )
            previous = report.revisions.order_by("-number").first()
            if previous is not None and not note:
                raise NoteRequired("已发布过的报告再次发布即为更正，须填写更正说明。")
            text = {k: getattr(report, k) for k in ("overview", "problems", "other_matters")}
            snapshot = make_snapshot(built, text)
            snapshot["trend"] = trend(built.scope)
            number = previous.number + 1 if previous else 1
            published_at = timezone.now()
            item = catalog_entry.publish(report, number, user, note, previous)
            revision = ReportRevision.objects.create(
                report=report,
                number=number,
                snapshot=snapshot,
                note=note,
                published_at=published_at,
                published_by=user,
                item=item,
            )
            reversion.add_to_revision(report)
            reversion.set_user(user)
            reversion.set_comment(f"发布第{number}版" + (f"：{note}" if note else ""))
        return revision

    def withdraw(self, user, reason):
        """Withdraw the published report: its catalog entry says so, its pages stay readable."""
        from . import catalog_entry

        reason = (reason or "").strip()
        if not reason:
            raise NoteRequired("撤回时必须填写撤回原因。")
        if not may_publish(user, self.agency, self.with_subordinates):
            raise NotAllowedForUser("只有本机关有发布权限的工作人员才能撤回年度报告。")
        if self.pk is None:
            raise NothingToPublish("该报告没有已发布的版本，无需撤回。")
        with transaction.atomic(), reversion.create_revision():
            latest = self.revisions.select_related("item").order_by("-number").first()
            if latest is None or latest.item is None or not latest.item.is_published:
                raise NothingToPublish("该报告没有已发布的版本，无需撤回。")
            catalog_entry.withdraw(latest.item, user, reason)
            reversion.add_to_revision(self)
            reversion.set_user(user)
            reversion.set_comment(f"撤回：{reason}")
