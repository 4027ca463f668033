"""Forms of the item admin: the item itself, and the reason a step such as 退回 or 撤回 needs."""

from django import forms

from ..models import Item


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="意见或原因",
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=2000,
        error_messages={"required": "请填写意见或原因。"},
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
            "channels",
            "interprets",
        )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.is_published:
            if not (cleaned.get("correction_note") or "").strip():
                self.add_error("correction_note", "修改已发布的信息须填写更正说明。")
        return cleaned
