"""Agencies move from the catalog app to their own app, keeping their table and rows.

Only Django's picture of the models changes (the table stays `catalog_agency`); the
content type is relabelled so that permissions given to users and groups, and the admin's
history, follow the model.
"""

import django.db.models.deletion
import mptt.fields
from django.conf import settings
from django.db import migrations, models

import organisation.credit_code


def relabel(old, new):
    def run(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        moving = ContentType.objects.filter(app_label=old, model="agency").first()
        if moving is None:
            return
        # One made for the new label meanwhile (by a post_migrate) holds only fresh duplicates.
        ContentType.objects.filter(app_label=new, model="agency").delete()
        moving.app_label = new
        moving.save()

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("catalog", "0010_agency_directory_list_index"),
    ]

    operations = [
        migrations.RunPython(
            relabel("catalog", "organisation"), relabel("organisation", "catalog")
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Agency",
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
                        (
                            "name",
                            models.CharField(max_length=100, unique=True, verbose_name="机关名称"),
                        ),
                        (
                            "credit_code",
                            models.CharField(
                                help_text="18位，按GB 32100-2015校验",
                                max_length=18,
                                unique=True,
                                validators=[organisation.credit_code.validate_credit_code],
                                verbose_name="统一社会信用代码",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("government", "人民政府"),
                                    ("department", "政府部门"),
                                    ("township", "乡镇街道"),
                                    ("dispatched", "派出机构"),
                                    ("other", "其他"),
                                ],
                                max_length=20,
                                verbose_name="机关类型",
                            ),
                        ),
                        (
                            "address",
                            models.CharField(blank=True, max_length=200, verbose_name="办公地址"),
                        ),
                        (
                            "office_hours",
                            models.CharField(blank=True, max_length=200, verbose_name="办公时间"),
                        ),
                        (
                            "phone",
                            models.CharField(blank=True, max_length=50, verbose_name="联系电话"),
                        ),
                        ("fax", models.CharField(blank=True, max_length=50, verbose_name="传真")),
                        (
                            "email",
                            models.EmailField(blank=True, max_length=254, verbose_name="电子邮箱"),
                        ),
                        (
                            "postcode",
                            models.CharField(blank=True, max_length=6, verbose_name="邮政编码"),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="创建时间"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="更新时间"),
                        ),
                        ("lft", models.PositiveIntegerField(editable=False)),
                        ("rght", models.PositiveIntegerField(editable=False)),
                        ("tree_id", models.PositiveIntegerField(db_index=True, editable=False)),
                        ("level", models.PositiveIntegerField(editable=False)),
                        (
                            "parent",
                            mptt.fields.TreeForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="children",
                                to="organisation.agency",
                                verbose_name="上级机关",
                            ),
                        ),
                        (
                            "staff",
                            models.ManyToManyField(
                                blank=True,
                                related_name="agencies",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="工作人员",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "机关",
                        "verbose_name_plural": "机关",
                        "db_table": "catalog_agency",
                        "permissions": [
                            ("oversee_subordinates", "监督本机关及下级机关（公开办）"),
                            ("manage_all_agencies", "管理全部机关（系统管理员）"),
                        ],
                    },
                )
            ]
        ),
    ]
