"""Demo data of the catalog: the demo county (`organisation.demo`) with its published items.

Idempotent like the county itself: `make run` can seed again and again.
"""

from django.db import transaction

from organisation import demo as county

from .demo_items import seed_items


def seed(progress=print):
    """The demo county's agencies and staff, then its items; {name: Agency}."""
    with transaction.atomic():
        agencies = county.seed(progress)
        seed_items(agencies, progress)
    return agencies
