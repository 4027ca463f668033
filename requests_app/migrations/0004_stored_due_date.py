"""The due date is stored on the request (docs/legal-rules.md §3), and filled for the existing
requests with the same pure rule the model uses (`requests_app.deadlines.due_date`)."""

from django.conf import settings
from django.db import migrations, models

from requests_app import deadlines


def fill_due_dates(apps, schema_editor):
    Request = apps.get_model("requests_app", "Request")
    requests = (
        Request.objects.exclude(status="awaiting_correction")
        .prefetch_related("consultations", "fee_notices")
        .select_related("correction", "extension")
    )
    changed = []
    for request in requests.iterator(chunk_size=2000):
        correction = getattr(request, "correction", None) if _has(request, "correction") else None
        extension = getattr(request, "extension", None) if _has(request, "extension") else None
        pauses = [
            deadlines.consultation_pause(c.sent_on, c.replied_on if c.opinion else None)
            for c in request.consultations.all()
        ] + [deadlines.fee_pause(f.notified_on, f.paid_on) for f in request.fee_notices.all()]
        due = deadlines.due_date(
            request.received_on,
            corrected_on=correction.corrected_on if correction else None,
            pauses=pauses,
            extended=bool(extension and extension.status == "approved"),
        )
        request.due_on, request.due_provisional = due.date, due.provisional
        changed.append(request)
        if len(changed) >= 2000:
            Request.objects.bulk_update(changed, ["due_on", "due_provisional"])
            changed = []
    Request.objects.bulk_update(changed, ["due_on", "due_provisional"])


def _has(request, relation):
    try:
        getattr(request, relation)
    except Exception:  # RelatedObjectDoesNotExist of the historical model
        return False
    return True


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0001_initial"),
        ("requests_app", "0003_portal_wide_request_numbers"),
        # The fill counts working days with workcalendar.workdays, which reads both tables.
        ("workcalendar", "0002_calendar_year_complete"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="request",
            name="due_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="答复期限"),
        ),
        migrations.AddField(
            model_name="request",
            name="due_provisional",
            field=models.BooleanField(default=False, editable=False, verbose_name="答复期限暂定"),
        ),
        migrations.AddField(
            model_name="request",
            name="told_due_on",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text="回执、确认收到和延期答复告知书告诉申请人的期限；此后不会无理由提前",
                null=True,
                verbose_name="已告知申请人的答复期限",
            ),
        ),
        migrations.AlterField(
            model_name="requestevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("submitted", "网上提交"),
                    ("registered", "登记"),
                    ("confirmed", "确认收到"),
                    ("edited", "修改登记信息"),
                    ("code_reset", "重置查询码"),
                    ("correction_requested", "补正告知"),
                    ("correction_received", "收到补正"),
                    ("consultation_sent", "征求意见"),
                    ("consultation_replied", "收到意见"),
                    ("extension_requested", "提请延期"),
                    ("extension_approved", "批准延期"),
                    ("extension_rejected", "不批准延期"),
                    ("fee_notified", "收费通知"),
                    ("fee_paid", "缴费"),
                    ("answered", "答复"),
                    ("abandoned", "终止办理"),
                    ("attachment_added", "添加附件"),
                    ("imported", "台账导入"),
                    ("due_advanced", "答复期限提前"),
                ],
                max_length=30,
                verbose_name="事项",
            ),
        ),
        migrations.AddIndex(
            model_name="request",
            index=models.Index(
                condition=models.Q(("status", "closed"), _negated=True),
                fields=["agency", "due_on"],
                name="request_open_due",
            ),
        ),
        migrations.RunPython(fill_due_dates, migrations.RunPython.noop),
    ]
