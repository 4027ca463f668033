"""The privacy screen of an item before it is published (docs/catalog.md §6).

2018年政务公开工作要点 requires 去标识化 of personal data in what is published; 条例第十五条
forbids disclosing personal privacy without consent. So before an item is published (审核发布,
更正, the annual report's entry, the XLSX import) everything of it that the public will see is
screened by catalog/privacy.py: title, 文号, 主题词, 内容概述, and for 主动公开 items the body
and the text of every attachment. Each value found blocks publication until it is masked (one
click for the texts, `mask_texts`) or accepted with a reason by a 审核人 (`accept`); an
attachment cannot be masked here and must be replaced. An attachment whose text the portal
cannot read (image, scanned PDF, archive) blocks too until a 审核人 says it was checked by hand.

The screen runs when an item is reviewed or published, never on a public page view. The result
for an attachment is cached by its stored file name (files are never changed in place), keeping
only digests and masked forms, never the values themselves.
"""

import re
from collections import OrderedDict
from dataclasses import dataclass, field

import reversion
from django.core.cache import cache
from django.db import transaction

from . import privacy
from .attachment_text import read_text
from .tokens import plain_text
from .workflow import NotAllowedForUser, ReasonRequired, WorkflowError

UNREADABLE_KIND = "无法自动筛查的附件"
TEXT_FIELDS = (
    ("title", "名称"),
    ("document_number", "文号"),
    ("keywords", "主题词"),
    ("summary", "内容概述"),
)
CONTENT_FIELDS = (("body", "正文"),)


class PersonalDataFound(WorkflowError):
    """Publishing is blocked: personal data neither masked nor accepted."""


@dataclass
class Finding:
    """One place where a value was found (or an attachment that could not be read)."""

    source: str  # 名称 / 正文 / 附件《…》
    place: str  # 第2页, Sheet1!B3, or ""
    kind: str
    digest: str
    masked: str
    context: str = ""
    attachment_id: int | None = None

    @property
    def where(self):
        return f"{self.source}{self.place}"


@dataclass
class Value:
    """One value found in an item, with all its places and the acceptance if any."""

    kind: str
    digest: str
    masked: str
    findings: list = field(default_factory=list)
    acceptance: object = None
    in_attachment: bool = False

    @property
    def places(self):
        return "、".join(OrderedDict.fromkeys(finding.where for finding in self.findings))


@dataclass
class Screening:
    values: list  # [Value], in order of first appearance

    @property
    def blocking(self):
        return [value for value in self.values if value.acceptance is None]

    @property
    def accepted(self):
        return [value for value in self.values if value.acceptance is not None]

    @property
    def maskable(self):
        """Blocking values that masking the texts would remove (not only in attachments)."""
        return [value for value in self.blocking if not value.in_attachment]

    def message(self, limit=5):
        blocking = self.blocking
        shown = "；".join(
            f"{value.places}：{value.kind} {value.masked}" for value in blocking[:limit]
        )
        more = f"等 {len(blocking)} 处" if len(blocking) > limit else ""
        return (
            f"发现未遮盖的个人信息，不能发布：{shown}{more}。请遮盖正文中的个人信息、替换含有个人信息的附件，"
            "或由审核人确认可以公开并填写理由。"
        )


def _screens_content(item):
    """The public sees body and attachments of 主动公开 items that are not withdrawn
    (catalog/publicity.py `shows_content`; here also before publication)."""
    return item.mode == item.Mode.PROACTIVE and not item.is_withdrawn


def body_text(html):
    """The body as the reader sees it: paragraphs apart (so that two numbers in adjacent
    paragraphs do not run into one), tags dropped, entities decoded."""
    return plain_text(_BLOCK_END.sub("\n", html or ""))


_BLOCK_END = re.compile(r"<(?:br|/p|/div|/li|/td|/th|/tr|/h[1-6]|/blockquote)\b[^>]*>", re.I)


def text_findings(item):
    fields = TEXT_FIELDS + (CONTENT_FIELDS if _screens_content(item) else ())
    for name, label in fields:
        text = getattr(item, name) or ""
        if name == "body":
            text = body_text(text)
        for hit, context in privacy.in_context(text):
            yield Finding(label, "", hit.kind, hit.digest, hit.masked, context)


def attachment_findings(attachment):
    """The findings of one attachment: cached by its stored file, which never changes."""
    key = f"catalog:privacy:{attachment.file.name}:{attachment.size}"
    cached = cache.get(key)
    if cached is None:
        cached = _read_attachment(attachment)
        cache.set(key, cached, None)
    source = f"附件《{attachment.name}》"
    return [Finding(source, *row, attachment_id=attachment.pk) for row in cached]


def _read_attachment(attachment):
    with attachment.file.open("rb") as file:
        text = read_text(file, attachment.file.name)
    if not text.readable:
        digest = privacy.value_digest(UNREADABLE_KIND, attachment.file.name)
        return [("", UNREADABLE_KIND, digest, "需人工核对", text.reason)]
    return [
        (place, hit.kind, hit.digest, hit.masked, context)
        for place, segment in text.segments
        for hit, context in privacy.in_context(segment)
    ]


def upload_problem(upload):
    """Why a file may not be added to a published item as it is, or "" (see AttachmentFormSet)."""
    text = read_text(upload, upload.name)
    upload.seek(0)
    if not text.readable:
        return f"已发布的信息只能添加可以自动筛查个人信息的附件（PDF、OFD、DOCX、XLSX）：{text.reason}。"
    hits = [(place, hit) for place, segment in text.segments for hit in privacy.find(segment)]
    if not hits:
        return ""
    shown = "；".join(f"{place}：{hit.kind} {hit.masked}" for place, hit in hits[:3])
    return f"文件含有个人信息（{shown}），请上传遮盖后的文件。"


@dataclass(frozen=True)
class PublicContact:
    """Stands in for an acceptance: the number is an agency's own published contact."""

    reason: str = "机关公开的联系方式（公开指南，条例第十二条）"
    accepted_by: str = "机关信息"
    accepted_at: object = None


def public_contacts():
    """{digest: PublicContact} of every agency's 联系电话, 传真 and 电子邮箱.

    Agencies must publish these (条例第十二条, shown on every guide page), so they are no
    one's personal data; one query, which a page screening many items makes once.
    """
    from organisation.models import Agency

    contacts = {}
    for fields in Agency.objects.values_list("phone", "fax", "email"):
        for hit in privacy.find("\n".join(fields)):
            contacts[hit.digest] = PublicContact()
    return contacts


def screen(item, contacts=None, texts_only=False):
    """Everything the public would see of `item`, screened; acceptances applied.

    `contacts`: `public_contacts()`, passed in when screening many items. `texts_only`: for a
    correction, which publishes edited texts; its new files were screened on upload.
    """
    findings = list(text_findings(item))
    if _screens_content(item) and item.pk and not texts_only:
        for attachment in item.attachments.all():
            findings.extend(attachment_findings(attachment))
    accepted = dict(public_contacts() if contacts is None else contacts)
    if item.pk:
        accepted.update((each.digest, each) for each in item.privacy_acceptances.all())
    return Screening(screen_findings(findings, accepted))


def screen_findings(findings, accepted=None):
    """Findings grouped by value, in order of first appearance, with their acceptances."""
    accepted = accepted or {}
    values = OrderedDict()
    for finding in findings:
        acceptance = accepted.get(finding.digest)
        value = values.setdefault(
            finding.digest,
            Value(finding.kind, finding.digest, finding.masked, acceptance=acceptance),
        )
        value.findings.append(finding)
        value.in_attachment |= finding.attachment_id is not None
    return list(values.values())


def check_before_publish(item, texts_only=False):
    """Raise `PersonalDataFound` (a WorkflowError) unless every value is masked or accepted."""
    result = screen(item, texts_only=texts_only)
    if result.blocking:
        raise PersonalDataFound(result.message())


def mask_texts(item, user):
    """Mask every unaccepted value in the item's texts (one click); returns how many places.

    A published item is masked by a 更正 (so the public page says it was updated); otherwise
    the change is saved as a version with a log entry. Attachments are left as they are.
    """
    if not _may_mask(item, user):
        raise NotAllowedForUser("只有可以修改本信息的工作人员才能遮盖个人信息。")
    keep = {value.digest for value in screen(item).accepted}
    fields = TEXT_FIELDS + CONTENT_FIELDS
    changed = 0
    for name, _ in fields:
        text = getattr(item, name) or ""
        masked = privacy.mask(text, keep)
        if masked != text:
            changed += sum(1 for hit in privacy.find(text) if hit.digest not in keep)
            setattr(item, name, masked)
    if not changed:
        return 0
    note = f"按规范遮盖个人信息 {changed} 处"
    if item.is_published:
        item.correct(user, note, masking=True)  # hides only: no 保密审查 (workflow.py)
        return changed
    with transaction.atomic(), reversion.create_revision():
        item.save()
        item._record(user, item.events.model.Action.MASKED, note)
    return changed


def _may_mask(item, user):
    if item.status in (item.Status.DRAFT, item.Status.RETURNED):
        return item.user_can_edit(user)
    if item.status in (item.Status.PENDING, item.Status.PUBLISHED):
        return item.user_can_review(user)
    return False


def accept(item, user, digest, reason):
    """A 审核人 accepts one value for publication, with the reason (e.g. an office phone)."""
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired("确认公开个人信息时必须填写理由。")
    if not item.user_can_review(user):
        raise NotAllowedForUser("只有本机关的审核人才能确认公开个人信息。")
    value = next((each for each in screen(item).blocking if each.digest == digest), None)
    if value is None:
        raise WorkflowError("该项个人信息已不存在或已确认，请刷新页面。")
    with transaction.atomic(), reversion.create_revision():
        item.privacy_acceptances.create(
            digest=digest,
            kind=value.kind,
            masked=value.masked,
            places=value.places,
            reason=reason,
            accepted_by=user,
        )
        note = f"{value.kind} {value.masked}（{value.places}）：{reason}"
        item._record(user, item.events.model.Action.PRIVACY_ACCEPTED, note)
        reversion.add_to_revision(item)
    return value
