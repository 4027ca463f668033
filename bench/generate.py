"""Generate a synthetic province into the current (PostgreSQL) database, fast.

One transaction: empty the catalog and request tables, COPY agencies, items,
their 公开渠道 and counters (FREEZE: the tables were emptied in the same
transaction), then build the indexes and constraints that were dropped for the
load, recount the directory counters; then VACUUM ANALYZE.
"""

import time
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from catalog import counts
from catalog.models import Channel, Item
from catalog.publicity import bump_public_version
from organisation.models import Agency
from requests_app.models import Answer, Request, RequestCounter, RequestEvent

from . import pgload
from .agencies import build_tree
from .items import ITEM_COLUMNS, ItemGenerator
from .requests import ANSWER_COLUMNS, EVENT_COLUMNS, REQUEST_COLUMNS, RequestGenerator
from .vocabulary import load_vocabulary

AGENCY_COLUMNS = [
    "id", "name", "credit_code", "kind", "parent_id", "address", "office_hours", "phone", "fax",
    "email", "postcode", "created_at", "updated_at", "lft", "rght", "tree_id", "level",
    "vertically_led", "review_body", "court", "short_name", "letter_number_pattern",
    "answer_signoff",
    "office_name", "reading_room", "lists_on_request_items",
]  # fmt: skip


@dataclass(frozen=True)
class Scale:
    name: str
    items: int
    agencies: int
    requests: int


SCALES = {
    "tiny": Scale("tiny", 300, 20, 50),
    "small": Scale("small", 10_000, 200, 1_000),
    "large": Scale("large", 1_000_000, 2_000, 100_000),
}


def columns_and_defaults(model, known):
    """The model's columns this generator fills, plus constant defaults for the others.

    Returns (columns, default texts for the extra columns, names of the extra columns).
    A column without a usable default stops the generator: it must learn it first.
    """
    extra, defaults = [], []
    for field in model._meta.concrete_fields:
        if field.column in known:
            continue
        if field.has_default():
            value = field.get_default()
        elif field.null:
            value = None
        elif field.blank and field.get_internal_type() in ("CharField", "TextField"):
            value = ""  # an optional text column (Django stores "" for blank, not NULL)
        else:
            raise RuntimeError(
                f"bench: {model.__name__}.{field.name} has no default; "
                "teach bench/ to fill it (the model changed)"
            )
        extra.append(field.column)
        defaults.append(pgload.text(value))
    return list(known) + extra, defaults, extra


def load(model, known, rows, progress=None):
    columns, defaults, extra = columns_and_defaults(model, known)
    if defaults:
        tail = "\t" + "\t".join(defaults) + "\n"
        rows = (row[:-1] + tail if row.__class__ is str else row + defaults for row in rows)
    count = pgload.copy_rows(model._meta.db_table, columns, rows, progress)
    return count, extra


class Generator:
    # Large tables: their indexes and constraints are built after the load.
    BULK_MODELS = [Item, Item.channels.through, Request, Answer, RequestEvent]

    def __init__(self, scale, log=print, seed=7):
        self.scale = scale
        self.log = log
        self.seed = seed
        self.timings = {}
        self.defaulted = {}

    def step(self, name, started):
        self.timings[name] = round(time.monotonic() - started, 1)
        self.log(f"  {name}: {self.timings[name]} s")

    def run(self, vacuum=True):
        vocabulary = load_vocabulary()
        begun = time.monotonic()
        # Outside a transaction (manage.py bench_scale) the items are committed first, so that a
        # second connection builds their search index (the longest step, one core in
        # PostgreSQL 15) while this one loads the requests and builds the other indexes.
        # Inside one (the tests) everything runs here, in order.
        concurrent = not connection.in_atomic_block
        item_table = Item._meta.db_table
        with transaction.atomic():
            # Every table loaded here is emptied in this transaction: COPY can FREEZE.
            # RequestCounter has no foreign key now (one series for the portal): named here.
            tables = [Agency._meta.db_table, RequestCounter._meta.db_table]
            pgload.truncate([*tables, *self.dependent_tables()])
            rebuild = []
            for model in self.BULK_MODELS:
                rebuild += pgload.drop_secondary_structures(model._meta.db_table)
            agencies = self.load_agencies()
            generator = self.load_items(agencies, vocabulary)
            self.load_counters(generator)
        search_index = [sql for sql in rebuild if pgload.is_gin(sql, item_table)]
        # Constraints on the items, or referring to them, lock the table against the index
        # build: they come after it. Plain indexes share the build's lock and go on meanwhile.
        after = [sql for sql in rebuild if pgload.locks_table(sql, item_table)]
        meanwhile = [sql for sql in rebuild if sql not in search_index and sql not in after]
        builder = pgload.Background(search_index, self.log_index) if concurrent else None
        if builder is None:
            after = search_index + after
        else:
            builder.start()
        with transaction.atomic():
            # Emptied again in this transaction (they are empty): COPY can FREEZE.
            request_tables = [Request, Answer, RequestEvent, RequestCounter]
            pgload.truncate([model._meta.db_table for model in request_tables])
            self.load_requests(agencies, generator.agency_weights, vocabulary)
            started = time.monotonic()
            pgload.rebuild(meanwhile, self.log_index)
            self.step("indexes", started)
            started = time.monotonic()
            counts.recount_all()
            self.step("directory counters", started)
        started = time.monotonic()
        if builder is not None:
            builder.join()
            self.step("search index (built meanwhile), waited", started)
            started = time.monotonic()
        with transaction.atomic():
            pgload.rebuild(after, self.log_index)
            pgload.reset_sequences([Agency, *self.BULK_MODELS])
            transaction.on_commit(bump_public_version)
        self.step("item constraints", started)
        if vacuum:
            started = time.monotonic()
            pgload.vacuum_analyze()
            self.step("vacuum analyze", started)
        self.timings["total"] = round(time.monotonic() - begun, 1)
        return agencies

    def log_index(self, sql, seconds):
        self.log(f"    {seconds:6.1f} s {sql[:90]}")

    def dependent_tables(self):
        """Tables whose rows hang off agencies, items or requests (emptied with them)."""
        owners = (Agency, Item, Request)
        return [
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if any(f.is_relation and f.related_model in owners for f in model._meta.concrete_fields)
        ]

    def load_agencies(self):
        started = time.monotonic()
        nodes = build_tree(self.scale.agencies, seed=self.seed)
        now = timezone.now().isoformat()
        rows = (
            [
                str(n.id),
                n.name,
                n.credit_code,
                n.kind,
                pgload.text(n.parent_id),
                f"江淮省{n.name[:2]}市人民路{n.id}号",
                "工作日 8:30-12:00, 14:30-17:30",
                f"0551-6{n.id:07d}",
                "",
                f"gk{n.id}@example.gov.cn",
                "230000",
                now,
                now,
                str(n.lft),
                str(n.rght),
                "1",
                str(n.level),
                "f",  # 复议机关 and court follow the tree (organisation/review_bodies.py)
                "",
                "",
                "",
                "",  # the default 文号 pattern
                "f",
                f"{n.name}办公室",
                "",
                "t",  # 依申请公开 titles listed (the default)
            ]  # fmt: skip
            for n in nodes
        )
        count, self.defaulted["agency"] = load(Agency, AGENCY_COLUMNS, rows)
        self.step(f"agencies ({count:,})", started)
        return nodes

    def load_items(self, agencies, vocabulary):
        started = time.monotonic()
        generator = ItemGenerator(
            self.scale.items, agencies, vocabulary, timezone.localtime(), seed=self.seed
        )
        generator.prepare()
        self.log(f"    prepared in {time.monotonic() - started:.1f} s")
        total = self.scale.items

        def progress(done):
            rate = done / max(time.monotonic() - started, 0.001)
            self.log(f"    items {done:,}/{total:,} ({rate:,.0f}/s)")

        count, self.defaulted["item"] = load(Item, ITEM_COLUMNS, generator.rows(), progress)
        self.step(f"items ({count:,})", started)
        started = time.monotonic()
        channel_ids = list(Channel.objects.order_by("position").values_list("pk", flat=True))
        through = Item.channels.through
        count = pgload.copy_rows(
            through._meta.db_table,
            ["id", "item_id", "channel_id"],
            generator.channel_rows(channel_ids),
        )
        self.step(f"item channels ({count:,})", started)
        return generator

    def load_requests(self, agencies, agency_weights, vocabulary):
        if not self.scale.requests:
            return
        started = time.monotonic()
        generator = RequestGenerator(
            self.scale.requests, agencies, agency_weights, vocabulary, timezone.localtime()
        )
        # Built before the COPY: computing due dates reads the calendar (one query per year a
        # minute, workcalendar/workdays.py), and no query may run while a COPY is open.
        rows = list(generator.rows())
        count, self.defaulted["request"] = load(Request, REQUEST_COLUMNS, rows)
        answers, self.defaulted["answer"] = load(Answer, ANSWER_COLUMNS, generator.answer_rows())
        events, self.defaulted["event"] = load(RequestEvent, EVENT_COLUMNS, generator.event_rows())
        counters = (
            [str(pk), str(year), str(last)]
            for pk, (year, last) in enumerate(generator.counters.items(), 1)
        )
        load(RequestCounter, ["id", "year", "last"], counters)
        pgload.reset_sequences([RequestCounter])
        self.step(f"requests ({count:,}, {answers:,} answers, {events:,} events)", started)

    def load_counters(self, generator):
        """索引号 counters, so that the next publication continues each agency's serials."""
        try:
            counter = apps.get_model("catalog", "IndexCounter")
        except LookupError:
            return
        rows = (
            [str(pk), str(agency_id), str(year), str(serial)]
            for pk, ((agency_id, year), serial) in enumerate(generator.counters.items(), 1)
        )
        count, self.defaulted["counter"] = load(
            counter, ["id", "agency_id", "year", "last_serial"], rows
        )
        pgload.reset_sequences([counter])
        self.log(f"  索引号 counters: {count:,}")
