from django.core.management.base import BaseCommand

from catalog import counts
from catalog.models import Item
from catalog.publicity import bump_public_version, reindex

BATCH = 2000


class Command(BaseCommand):
    help = "重建公开目录的检索词和目录条数（批量导入或生成数据之后运行；可重复运行）"

    def add_arguments(self, parser):
        parser.add_argument(
            "--counts-only", action="store_true", help="只重算目录条数，不重建检索词"
        )

    def handle(self, *args, counts_only=False, **options):
        if not counts_only:
            public = Item.objects.public().order_by("pk")
            total = public.count()
            done, last = 0, 0
            while True:
                batch = list(public.filter(pk__gt=last).defer("search_vector")[:BATCH])
                if not batch:
                    break
                reindex(batch)
                done += len(batch)
                last = batch[-1].pk
                self.stdout.write(f"检索词 {done}/{total}")
        counts.recount_all()
        bump_public_version()
        self.stdout.write(self.style.SUCCESS("公开目录已重建"))
