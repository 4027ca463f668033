import json
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench import generate, load, pages, report, state
from bench.measure import measure_pages
from organisation.models import Agency

STAFF_USERNAME = "bench_gongkaiban"
STAFF_ROLES = ["公开办", "办理人", "负责人"]


class Command(BaseCommand):
    help = (
        "在当前的 bench_* PostgreSQL 数据库中生成一个规模的模拟省级数据，用 gunicorn 提供服务并测量"
        "（通常由 manage.py bench 调用）"
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(generate.SCALES), default="small")
        parser.add_argument("--items", type=int, help="覆盖该规模的条目数")
        parser.add_argument("--agencies", type=int, help="覆盖该规模的机关数")
        parser.add_argument("--requests", type=int, help="覆盖该规模的申请数")
        parser.add_argument("--regenerate", action="store_true", help="即使数据已是最新也重新生成")
        parser.add_argument("--generate-only", action="store_true", help="只生成数据，不测量")
        parser.add_argument("--duration", type=int, default=10, help="每个页面测量的秒数")
        parser.add_argument("--warmup", type=int, default=2, help="每个页面预热的秒数")
        parser.add_argument("--only", default="", help="只测这些页面（逗号分隔的 key）")
        parser.add_argument("--out", help="把结果写成 JSON 文件")

    def handle(self, *args, **options):
        self.check_database()
        base = generate.SCALES[options["scale"]]
        scale = generate.Scale(
            base.name,
            options["items"] or base.items,
            options["agencies"] or base.agencies,
            options["requests"] if options["requests"] is not None else base.requests,
        )
        call_command("migrate", verbosity=0)
        details = self.ensure_data(scale, options["regenerate"])
        if options["generate_only"]:
            return
        call_command("collectstatic", verbosity=0, interactive=False)
        self.log("测量页面…")
        sample = pages.sample()
        before = report.load_average()
        results, workers = measure_pages(
            sample,
            self.staff_user(sample.root_agency_id),
            duration=options["duration"],
            warmup=options["warmup"],
            only=[key for key in options["only"].split(",") if key],
            log=self.log,
        )
        run = {
            "scale": {
                "name": scale.name,
                "items": scale.items,
                "agencies": scale.agencies,
                "requests": scale.requests,
            },
            "machine": report.machine(),
            "postgresql": self.server_version(),
            "workers": workers,
            "load_generator": load.generator_name(),
            "duration": options["duration"],
            "warmup": options["warmup"],
            "load_before": before,
            "load_after": report.load_average(),
            "generation": details.get("timings", {}),
            "defaulted": details.get("defaulted", {}),
            "sample": {
                "deep_page_number": sample.deep_page_number,
                "directory_items": sample.directory_items,
                "agency_items": sample.agency_items,
            },
            "pages": results,
        }
        if options["out"]:
            Path(options["out"]).write_text(json.dumps(run, ensure_ascii=False, indent=2))
        self.stdout.write(report.run_table(run))
        self.stdout.write("\n" + report.summary_table({scale.name: run}))

    def log(self, message):
        self.stdout.write(message)
        self.stdout.flush()

    def check_database(self):
        if connection.vendor != "postgresql":
            raise CommandError(
                "基准测试只在 PostgreSQL 上运行：请把 DATABASE_URL 指向 bench_* 数据库"
            )
        name = connection.settings_dict["NAME"]
        if not name.startswith("bench"):
            # Generating empties the catalog: never on a database that may hold real data.
            raise CommandError(
                f"数据库 {name} 的名称不以 bench 开头：基准测试会清空目录数据，已拒绝"
            )

    def ensure_data(self, scale, regenerate):
        signature = state.signature(scale)
        stored, details = state.load()
        if stored == signature and not regenerate:
            self.log(f"数据已是最新（{scale.name}），直接测量")
            return details
        self.log(
            f"生成 {scale.name}：{scale.items:,} 条信息、{scale.agencies:,} 个机关、"
            f"{scale.requests:,} 件申请…"
        )
        generator = generate.Generator(scale, log=self.log)
        generator.run()
        details = {"timings": generator.timings, "defaulted": generator.defaulted}
        state.save(state.signature(scale), details)
        return details

    def staff_user(self, root_agency_id):
        """A 公开办 of the province's root agency: its worklist covers every agency."""
        user, _ = User.objects.get_or_create(username=STAFF_USERNAME, defaults={"is_staff": True})
        user.groups.set(Group.objects.filter(name__in=STAFF_ROLES))
        Agency.objects.get(pk=root_agency_id).staff.add(user)
        return user

    def server_version(self):
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return cursor.fetchone()[0].split()[0]
