"""The report's agency is now `organisation.Agency` (state only, same table)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0001_initial"),
        ("reports", "0001_initial"),
    ]
    run_before = [("catalog", "0012_delete_agency")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="annualreport",
                    name="agency",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="annual_reports",
                        to="organisation.agency",
                        verbose_name="机关",
                    ),
                ),
            ]
        ),
    ]
