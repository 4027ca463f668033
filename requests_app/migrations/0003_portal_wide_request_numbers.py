"""申请编号 become one series for the portal (requests_app/numbering.py).

Existing requests are renumbered YS<year>-<serial>, year by year in order of receipt, and keep
the number they had as 原申请编号 (tracking and ledger imports still find them by it). The
per-agency counters give way to one counter per year, set to the serials handed out here.
"""

from django.db import migrations, models


def renumber(apps, schema_editor):
    Request = apps.get_model("requests_app", "Request")
    RequestCounter = apps.get_model("requests_app", "RequestCounter")
    RequestCounter.objects.all().delete()
    serials = {}
    rows = Request.objects.order_by("received_on", "pk").only("pk", "number", "received_on")
    changed = []
    for request in rows.iterator(chunk_size=2000):
        year = request.received_on.year
        serials[year] = serials.get(year, 0) + 1
        request.original_number = request.number
        request.number = f"YS{year}-{serials[year]:06d}"
        changed.append(request)
        if len(changed) >= 2000:
            Request.objects.bulk_update(changed, ["number", "original_number"])
            changed = []
    Request.objects.bulk_update(changed, ["number", "original_number"])
    RequestCounter.objects.bulk_create(
        [RequestCounter(year=year, last=last) for year, last in serials.items()]
    )


def restore(apps, schema_editor):
    """Back to the per-agency numbers: the 原申请编号 (numbers taken here had none). The
    portal-wide counters go: the per-agency ones start again and skip numbers in use."""
    Request = apps.get_model("requests_app", "Request")
    Request.objects.exclude(original_number="").update(number=models.F("original_number"))
    apps.get_model("requests_app", "RequestCounter").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0002_agency_moved"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="request", name="request_unique_number"),
        migrations.RemoveConstraint(model_name="requestcounter", name="request_counter_unique"),
        migrations.RemoveIndex(model_name="request", name="request_number"),
        migrations.RunPython(
            lambda apps, schema_editor: (
                apps.get_model("requests_app", "RequestCounter").objects.all().delete()
            ),
            migrations.RunPython.noop,
        ),
        migrations.RemoveField(model_name="requestcounter", name="agency"),
        migrations.AlterField(
            model_name="requestcounter",
            name="year",
            field=models.PositiveSmallIntegerField(unique=True),
        ),
        migrations.AddField(
            model_name="request",
            name="original_number",
            field=models.CharField(
                blank=True, db_index=True, max_length=40, verbose_name="原申请编号"
            ),
        ),
        migrations.RunPython(renumber, restore),
        migrations.AlterField(
            model_name="request",
            name="number",
            field=models.CharField(max_length=40, unique=True, verbose_name="申请编号"),
        ),
    ]
