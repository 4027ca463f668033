import json
import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg2
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from psycopg2 import sql

from bench import report

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"


class Command(BaseCommand):
    help = (
        "性能基准：按规模（默认 small 与 large）生成模拟省级数据，用 gunicorn 提供服务，"
        "测量各页面的延迟、吞吐量和 SQL 查询数，结果写入 bench-results/ 并打印"
    )

    def add_arguments(self, parser):
        parser.add_argument("--scales", default="small,large", help="逗号分隔：tiny、small、large")
        parser.add_argument("--regenerate", action="store_true", help="即使数据已是最新也重新生成")
        parser.add_argument("--duration", type=int, default=10, help="每个页面测量的秒数")
        parser.add_argument("--warmup", type=int, default=2, help="每个页面预热的秒数")
        parser.add_argument("--only", default="", help="只测这些页面（逗号分隔的 key）")
        parser.add_argument(
            "--server",
            default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER),
            help="PostgreSQL 服务器（不含数据库名）；每个规模使用数据库 bench_<规模><后缀>",
        )
        parser.add_argument(
            "--db-suffix",
            default=os.environ.get("BENCH_DB_SUFFIX", ""),
            help="数据库名后缀（如 _before：bench_large_before），便于新旧代码各用一个数据库对比；"
            "默认取环境变量 BENCH_DB_SUFFIX",
        )
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "bench-results"))

    def handle(self, *args, **options):
        suffix = options["db_suffix"]
        if not re.fullmatch(r"[a-z0-9_]*", suffix):
            raise CommandError(
                f"数据库名后缀 {suffix!r} 无效：只能使用小写字母、数字和下划线（例如 _before）"
            )
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        runs = {}
        for scale in [s.strip() for s in options["scales"].split(",") if s.strip()]:
            database = f"bench_{scale}{suffix}"
            self.create_database(options["server"], database)
            result = out / f"{scale}.json"
            command = [
                sys.executable, "manage.py", "bench_scale", f"--scale={scale}",
                f"--duration={options['duration']}", f"--warmup={options['warmup']}",
                f"--only={options['only']}", f"--out={result}",
                *(["--regenerate"] if options["regenerate"] else []),
            ]  # fmt: skip
            env = {**os.environ, "DATABASE_URL": f"{options['server'].rstrip('/')}/{database}"}
            self.stdout.write(self.style.MIGRATE_HEADING(f"== {scale} ({database})"))
            self.stdout.flush()
            completed = subprocess.run(command, cwd=settings.BASE_DIR, env=env, check=False)  # noqa: S603
            if completed.returncode != 0:
                raise CommandError(f"规模 {scale} 的基准测试失败（退出码 {completed.returncode}）")
            runs[scale] = json.loads(result.read_text())
        markdown = report.markdown(runs)
        (out / "results.md").write_text(markdown, encoding="utf-8")
        (out / "results.json").write_text(
            json.dumps({"runs": runs}, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        self.stdout.write("\n" + markdown)
        self.stdout.write(f"结果：{out / 'results.md'}、{out / 'results.json'}")

    def create_database(self, server, name):
        """Create the bench database if it does not exist yet."""
        connection = psycopg2.connect(f"{server.rstrip('/')}/postgres")
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
                if cursor.fetchone() is None:
                    cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        finally:
            connection.close()
