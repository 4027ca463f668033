"""The catalog's foreign keys point at `organisation.Agency`; the calendar has left too.

State only: the tables, columns and constraints are the same as before.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0010_agency_directory_list_index"),
        ("organisation", "0001_initial"),
        ("workcalendar", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="agency", name="parent"),
                migrations.RemoveField(model_name="agency", name="staff"),
                migrations.AlterField(
                    model_name="indexcounter",
                    name="agency",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organisation.agency",
                    ),
                ),
                migrations.AlterField(
                    model_name="item",
                    name="agency",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="items",
                        to="organisation.agency",
                        verbose_name="发布机构",
                    ),
                ),
                migrations.AlterField(
                    model_name="directorycount",
                    name="agency",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organisation.agency",
                    ),
                ),
                migrations.DeleteModel(name="CalendarDay"),
            ]
        ),
    ]
