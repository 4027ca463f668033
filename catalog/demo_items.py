"""Demo items for the 舒城县 demo county: a few hundred published items, 2023–2026.

Titles and summaries use the seed documents' vocabulary (部门预算, “三公”经费, 政策解读,
应急预案, 招考公告, 决算 …). Some items carry a 文号, some 规范性文件 have been repealed,
解读 link to their policies, some were published late (条例第二十六条), a few were
withdrawn or corrected, and the demo reviewers find drafts and pending items waiting.

Idempotent: an item is identified by its agency and title, and only missing ones are
created. Random choices come from a fixed seed, so every run wants the same items.
"""

import datetime
import random
from collections import defaultdict

from django.contrib.auth.models import User
from django.utils import timezone

from workcalendar.workdays import add_workdays

from . import numbering, timeliness
from .demo_attachments import TABLE_SENTENCE, attach_tables, has_table
from .demo_vocabulary import (
    EVERY_AGENCY,
    HAZARDS,
    POLICIES,
    POLICY_AGENCIES,
    PREFIXES,
    RETURN_COMMENT,
    SPECIAL,
    WAITING,
    YEARS,
)
from .models import Channel, Directory, Item, ItemEvent
from .publicity import public_content_changed

WITHDRAWN_EVERY = 61  # every 61st published item is withdrawn …
CORRECTED_EVERY = 23  # … and every 23rd corrected


def _body(title, summary, agency, table=False):
    """The demo body; only items that get a generated XLSX (demo_attachments.py) say 详见附表.
    The phone is the agency's own published one (its guide page shows it): the privacy screen
    lets it pass."""
    content = TABLE_SENTENCE if table else "请各有关单位结合实际，认真抓好落实。"
    return (
        f"<p>{summary}</p><p>根据《中华人民共和国政府信息公开条例》规定，现将{title}有关情况公开如下。</p>"
        "<h3>一、基本情况</h3><p>按照县委、县政府统一部署，坚持“以公开为常态、不公开为例外”，"
        f"认真做好相关工作。</p><h3>二、主要内容</h3><p>{content}</p>"
        f"<p>联系电话：{agency.phone}</p>"
    )


class _Builder:
    def __init__(self, agencies, now):
        self.rng = random.Random(2025)  # noqa: S311 -- demo data, not security
        self.now = now
        self.agencies = list(agencies.values())
        self.agencies_by_name = agencies
        self.directories = {d.name: d for d in Directory.objects.all()}
        self.channels = list(Channel.objects.all())
        self.items = []  # (Item, channel ids, title of the policy it interprets or None)
        self.serial_by_prefix = {}

    def document_number(self, agency, year):
        prefix = PREFIXES.get(agency.name)
        if prefix is None:
            return ""
        key = (prefix, year)
        self.serial_by_prefix[key] = self.serial_by_prefix.get(key, 0) + self.rng.randint(1, 9)
        return f"{prefix}〔{year}〕{self.serial_by_prefix[key]}号"

    def add(self, agency, directory, title, genre, summary, year, month, **extra):
        interprets_title = extra.pop("interprets_title", None)
        day = datetime.date(year, month, self.rng.randint(1, 28))
        # Most items are published within the 20 working days; about one in seven is late.
        late = self.rng.random() < 0.15
        delay = self.rng.randint(22, 45) if late else self.rng.randint(1, 18)
        published_on = add_workdays(day, delay).date
        published_at = timezone.make_aware(
            datetime.datetime.combine(published_on, datetime.time(self.rng.randint(8, 17), 30))
        )
        if published_at > self.now or directory not in self.directories:
            return
        item = Item(
            agency=agency,
            directory=self.directories[directory],
            title=title,
            summary=summary,
            body=_body(title, summary, agency, table=has_table(directory)),
            written_on=day,
            genre=genre,
            keywords=" ".join(dict.fromkeys(extra.pop("keywords", []))),
            subject=extra.pop("subject", ""),
            status=Item.Status.PUBLISHED,
            published_at=published_at,
            **extra,
        )
        timeliness.time_item(item, timeliness.DEFAULT_LIMIT)
        if (
            genre in (Item.Genre.NOTICE, Item.Genre.NORMATIVE, Item.Genre.REPORT)
            and "document_number" not in extra
        ):
            item.document_number = self.document_number(agency, year)
        channels = [self.channels[0].pk] + [
            c.pk for c in self.rng.sample(self.channels[1:], self.rng.randint(0, 2))
        ]
        self.items.append((item, channels, interprets_title))

    def build(self):
        for agency in self.agencies:
            name = agency.name
            for year in YEARS:
                plans = dict(EVERY_AGENCY)
                plans.update(SPECIAL.get(agency.name, {}))
                for directory, patterns in plans.items():
                    for pattern, genre, summary, month in patterns:
                        values = {"a": name, "y": year, "p": year - 1, "q": self.rng.randint(1, 4)}
                        values["hazard"] = self.rng.choice(HAZARDS)
                        self.add(
                            agency,
                            directory,
                            pattern.format(**values),
                            genre,
                            summary.format(**values),
                            year,
                            month,
                            keywords=[directory.strip("“”"), "政务公开"],
                        )
        self.add_policies()

    def add_policies(self):
        """规范性文件 (some repealed) and their 政策解读, linked."""
        for index, (name, keyword) in enumerate(POLICIES):
            agency = self.agencies_by_name[POLICY_AGENCIES[index % len(POLICY_AGENCIES)]]
            year = YEARS[index % 3]
            repealed = index % 4 == 3
            title = f"关于印发《{name}》的通知"
            self.add(
                agency,
                "行政规范性文件",
                title,
                Item.Genre.NORMATIVE,
                f"《{name}》自印发之日起施行。",
                year,
                3 + index,
                keywords=[keyword, "规范性文件"],
                subject="综合政务\\政务公开" if index == 0 else "",
                validity=Item.Validity.REPEALED if repealed else Item.Validity.VALID,
                effective_on=datetime.date(year, 3 + index, 28),
                invalid_on=datetime.date(year + 2, 1, 1) if repealed else None,
            )
            self.add(
                agency,
                "政策解读",
                f"《{name}》政策解读",
                Item.Genre.OTHER,
                f"一图读懂《{name}》：出台背景、主要内容和适用对象。",
                year,
                3 + index,
                keywords=[keyword, "政策解读"],
                interprets_title=title,
            )


def _existing_titles(agencies):
    return set(Item.objects.filter(agency__in=agencies).values_list("agency_id", "title"))


def seed_items(agencies, progress=print):
    """Create the missing demo items of `agencies` ({name: Agency}); returns how many were new."""
    progress("政府信息 …")
    now = timezone.now()
    builder = _Builder(agencies, now)
    builder.build()
    existing = _existing_titles(agencies.values())
    todo = [(i, c) for i, c, _ in builder.items if (i.agency_id, i.title) not in existing]
    interprets = {i.title: policy for i, _, policy in builder.items if policy}
    reviewer = User.objects.filter(username="admin").first()
    todo.sort(key=lambda pair: pair[0].published_at)
    _number([item for item, _ in todo])
    for index, (item, _) in enumerate(todo, start=1):
        if index % WITHDRAWN_EVERY == 0:
            item.status = Item.Status.WITHDRAWN
            item.withdrawn_at = min(now, item.published_at + datetime.timedelta(days=30))
            item.withdrawal_reason = "信息已过时，以最新发布的内容为准。"
        elif index % CORRECTED_EVERY == 0:
            item.corrected_at = min(now, item.published_at + datetime.timedelta(days=3))
    # No reversion versions here: they cost ~20 ms an item, and the event log says who published.
    created = Item.objects.bulk_create([item for item, _ in todo], batch_size=500)
    _link(todo, interprets, agencies)
    events = [ItemEvent(item=i, action=ItemEvent.Action.PUBLISHED, user=reviewer) for i in created]
    events += [
        ItemEvent(
            item=i, action=ItemEvent.Action.WITHDRAWN, user=reviewer, note=i.withdrawal_reason
        )
        for i in created
        if i.status == Item.Status.WITHDRAWN
    ]
    ItemEvent.objects.bulk_create(events)
    tables = attach_tables([i for i in created if TABLE_SENTENCE in i.body])
    if created:
        public_content_changed(created)
    progress(
        f"  新增 {len(created)} 条已发布信息（共生成 {len(builder.items)} 条），附表 {tables} 个"
    )
    _seed_waiting(agencies, progress)
    return len(created)


def _number(items):
    """索引号 in order of publication, one block of serials per agency and year."""
    groups = defaultdict(list)
    for item in items:
        groups[(item.agency, timezone.localdate(item.published_at).year)].append(item)
    for (agency, year), group in groups.items():
        first = numbering.take_serials(agency.pk, year, len(group))
        for serial, item in enumerate(group, start=first):
            item.index_year, item.index_serial = year, serial
            item.index_number = numbering.format_index_number(agency.credit_code, year, serial)


def _link(todo, interprets, agencies):
    Channels = Item.channels.through
    Channels.objects.bulk_create(
        [Channels(item_id=i.pk, channel_id=c) for i, channels in todo for c in channels],
        ignore_conflicts=True,
    )
    wanted = interprets
    if not wanted:
        return
    by_title = dict(
        Item.objects.filter(
            agency__in=agencies.values(), title__in=[*wanted, *wanted.values()]
        ).values_list("title", "pk")
    )
    Links = Item.interprets.through
    Links.objects.bulk_create(
        [
            Links(from_item_id=by_title[reading], to_item_id=by_title[policy])
            for reading, policy in wanted.items()
            if reading in by_title and policy in by_title
        ],
        ignore_conflicts=True,
    )


def _seed_waiting(agencies, progress):
    """Drafts, pending and returned items for the demo 信息员 and 审核人, through the workflow."""
    users = {user.username: user for user in User.objects.filter(username__contains="_")}
    existing = _existing_titles(agencies.values())
    directory = Directory.objects.get(name="其他文件")
    made = 0
    for agency_name, drafter_name, reviewer_name, title, status in WAITING:
        agency = agencies[agency_name]
        drafter, reviewer = users.get(drafter_name), users.get(reviewer_name)
        if (agency.pk, title) in existing or drafter is None or reviewer is None:
            continue
        item = Item.objects.create(
            agency=agency,
            directory=directory,
            title=title,
            summary=f"{title}，请审核。",
            body=_body(title, "拟公开内容如下。", agency),
            written_on=timezone.localdate() - datetime.timedelta(days=3),
            genre=Item.Genre.NOTICE,
            created_by=drafter,
        )
        if status in (Item.Status.PENDING, Item.Status.RETURNED):
            item.submit(drafter)
        if status == Item.Status.RETURNED:
            item.return_for_revision(reviewer, RETURN_COMMENT)
        made += 1
    progress(f"  新增 {made} 条待审核、已退回或草稿状态的信息（供演示审核流程）")
