"""The demo county's items: every workflow state, late publications, 解读 links; seeding twice adds nothing."""

import io

import pytest
from openpyxl import load_workbook

from catalog import demo
from catalog.models import Attachment, Item

pytestmark = pytest.mark.django_db


def test_demo_items_cover_the_catalog_and_seed_idempotently():
    demo.seed(progress=lambda message: None)
    count = Item.objects.count()
    tables = Attachment.objects.count()
    assert count > 300
    statuses = set(Item.objects.values_list("status", flat=True))
    assert statuses == set(Item.Status.values)
    assert Item.objects.filter(workdays_to_publish__gt=20).exists()
    assert Item.objects.filter(validity=Item.Validity.REPEALED, invalid_on__isnull=False).exists()
    assert Item.objects.filter(interpretations__isnull=False).exists()
    assert Item.objects.filter(document_number__regex=r"^舒财〔\d{4}〕\d+号$").exists()
    years = {item.index_year for item in Item.objects.exclude(index_year=None)}
    assert {2023, 2024, 2025} <= years
    # Serials are gap-free per agency and year.
    for agency_id, year in set(
        Item.objects.exclude(index_year=None).values_list("agency", "index_year")
    ):
        serials = sorted(
            Item.objects.filter(agency=agency_id, index_year=year).values_list(
                "index_serial", flat=True
            )
        )
        assert serials == list(range(1, len(serials) + 1))

    demo.seed(progress=lambda message: None)
    assert Item.objects.count() == count
    assert Attachment.objects.count() == tables


def test_demo_items_that_say_see_the_table_carry_a_real_one(client):
    """Before, every demo body said 详见附表 and no demo item had an attachment."""
    demo.seed(progress=lambda message: None)
    saying = Item.objects.filter(body__contains="详见附表")
    assert saying.exists()
    assert not saying.filter(attachments__isnull=True).exists()
    assert not Item.objects.filter(attachments__isnull=False).exclude(body__contains="详见附表")
    item = saying.filter(status=Item.Status.PUBLISHED).first()
    attachment = item.attachments.get()
    page = client.get(item.get_absolute_url()).content.decode()
    assert f"{attachment.download_name}</a>" in page and "（Excel，" in page
    response = client.get("/media/" + attachment.file.name)
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.values)
    assert rows[0][0] == "科目" and rows[-1][0] == "合计"
    assert round(sum(row[1] for row in rows[1:-1]), 2) == rows[-1][1]  # the total adds up
