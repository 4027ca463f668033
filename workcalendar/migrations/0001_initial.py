"""The holiday arrangement moves from the catalog app to the calendar's own app.

Only Django's picture of the model changes (the table stays `catalog_calendarday`); the
content type is relabelled so that permissions and the admin's history follow the model.
"""

from django.db import migrations, models


def relabel(old, new):
    def run(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        moving = ContentType.objects.filter(app_label=old, model="calendarday").first()
        if moving is None:
            return
        # One made for the new label meanwhile (by a post_migrate) holds only fresh duplicates.
        ContentType.objects.filter(app_label=new, model="calendarday").delete()
        moving.app_label = new
        moving.save()

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("catalog", "0010_agency_directory_list_index"),
    ]

    operations = [
        migrations.RunPython(
            relabel("catalog", "workcalendar"), relabel("workcalendar", "catalog")
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CalendarDay",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("date", models.DateField(unique=True, verbose_name="日期")),
                        (
                            "kind",
                            models.CharField(
                                choices=[("holiday", "放假"), ("workday", "调休上班")],
                                max_length=10,
                                verbose_name="类型",
                            ),
                        ),
                        (
                            "name",
                            models.CharField(
                                help_text="例如：春节、国庆节", max_length=50, verbose_name="名称"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "节假日安排",
                        "verbose_name_plural": "节假日安排",
                        "db_table": "catalog_calendarday",
                        "ordering": ["date"],
                    },
                )
            ]
        ),
    ]
