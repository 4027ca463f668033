"""Forms of the item admin: the item itself, and the reason a step such as 退回 or 撤回 needs."""

from django import forms

from ..models import Item, SecrecyReview
from ..widgets import ItemBodyEditor


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="意见或原因",
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=2000,
        error_messages={"required": "请填写意见或原因。"},
    )


class SecrecyReviewForm(forms.Form):
    """保密审查 (条例第十七条): the conclusion and its basis, recorded with who and when."""

    conclusion = forms.ChoiceField(
        label="审查结论",
        choices=SecrecyReview.Conclusion.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择审查结论。"},
    )
    basis = forms.CharField(
        label="审查依据",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        max_length=2000,
        help_text=SecrecyReview._meta.get_field("basis").help_text,
        error_messages={"required": "请填写审查依据。"},
    )


class ItemForm(forms.ModelForm):
    """The item form; for a published item, saving is a correction and needs a note."""

    correction_note = forms.CharField(
        label="更正说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="已发布的信息修改后作为更正发布，公开页面显示更新时间。",
        max_length=2000,
    )
    # A correction goes live on saving: its 保密审查 is recorded with it (catalog/workflow.py).
    secrecy_conclusion = forms.ChoiceField(
        label="更正的保密审查结论",
        required=False,
        choices=SecrecyReview.Conclusion.choices,
        widget=forms.RadioSelect,
        help_text="条例第十七条：更正的内容同样须经保密审查，记录审查人和时间。",
    )
    secrecy_basis = forms.CharField(
        label="保密审查依据",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        max_length=2000,
        help_text=SecrecyReview._meta.get_field("basis").help_text,
    )

    class Meta:
        model = Item
        fields = (
            "title",
            "agency",
            "directory",
            "extra_directories",
            "document_number",
            "written_on",
            "genre",
            "subject",
            "keywords",
            "validity",
            "effective_on",
            "invalid_on",
            "summary",
            "body",
            "mode",
            "mode_reason",
            "changed_on",
            "channels",
            "interprets",
        )
        widgets = {"body": ItemBodyEditor()}

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.is_published:
            if not (cleaned.get("correction_note") or "").strip():
                self.add_error("correction_note", "修改已发布的信息须填写更正说明。")
            self._clean_secrecy(cleaned)
        return cleaned

    def _clean_secrecy(self, cleaned):
        from .. import secrecy

        conclusion = cleaned.get("secrecy_conclusion")
        if not conclusion:
            self.add_error(
                "secrecy_conclusion", "更正须经保密审查：请选择审查结论（条例第十七条）。"
            )
        elif conclusion != SecrecyReview.Conclusion.CLEARED:
            self.add_error("secrecy_conclusion", "保密审查结论为不得公开的，不能更正。")
        if not (cleaned.get("secrecy_basis") or "").strip():
            self.add_error("secrecy_basis", "请填写保密审查依据。")
        user = getattr(self, "user", None)
        if user is not None and not secrecy.may_review(user, self.instance.agency_id):
            self.add_error("secrecy_conclusion", secrecy.NOT_PERMITTED)

    @property
    def secrecy(self):
        """(conclusion, basis) of the correction's 保密审查, for `Item.correct`."""
        return self.cleaned_data.get("secrecy_conclusion"), self.cleaned_data.get("secrecy_basis")

    def _post_clean(self):
        super()._post_clean()
        if self.instance.pk and self.instance.is_published:
            self._screen_correction()

    def _screen_correction(self):
        """A correction is published on saving: its texts pass the privacy screen first."""
        from ..screening import screen

        names = dict(self.SCREENED)
        for value in screen(self.instance, texts_only=True).blocking:
            for finding in value.findings:
                field = names.get(finding.source)
                if field in self.fields and field not in self.errors:
                    self.add_error(
                        field,
                        f"含有未遮盖的{value.kind} {value.masked}：请按规范遮盖"
                        "（如 138****1234、35*************123）后再更正。",
                    )

    SCREENED = [("名称", "title"), ("文号", "document_number"), ("主题词", "keywords"),
                ("内容概述", "summary"), ("正文", "body")]  # fmt: skip
