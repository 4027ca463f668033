"""The demo county's items: every workflow state, late publications, 解读 links; seeding twice adds nothing."""

import pytest

from catalog import demo
from catalog.models import Item

pytestmark = pytest.mark.django_db


def test_demo_items_cover_the_catalog_and_seed_idempotently():
    demo.seed(progress=lambda message: None)
    count = Item.objects.count()
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
