"""Foreign keys to agencies now point at `organisation.Agency` (state only, same table)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0001_initial"),
        ("requests_app", "0001_initial"),
    ]
    run_before = [("catalog", "0012_delete_agency")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="case",
                    name="agency",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cases",
                        to="organisation.agency",
                        verbose_name="被申请机关",
                    ),
                ),
                migrations.AlterField(
                    model_name="request",
                    name="agency",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="requests",
                        to="organisation.agency",
                        verbose_name="受理机关",
                    ),
                ),
                migrations.AlterField(
                    model_name="requestcounter",
                    name="agency",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organisation.agency",
                    ),
                ),
            ]
        ),
    ]
