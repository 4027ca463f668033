"""Synthetic catalog items as COPY rows, with every derived column the app relies on.

Items are generated in publication order (ids grow with time, as in a real
table), so 索引号 serials run gap-free per agency and year, and the search
tokens are the ones `catalog.publicity.reindex` would write. Columns the
generator does not know (added to `Item` since) are filled with the field's
default and reported, so the benchmark says when it has fallen behind the model.
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from catalog.models import Directory, Item
from catalog.numbering import format_index_number
from catalog.publicity import public_text
from catalog.timeliness import PUBLICATION_LIMIT, workdays_taken
from catalog.tokens import (
    BODY_CHARS,
    MAX_POSITION,
    MAX_POSITIONS_PER_LEXEME,
    document_vector,
    run_tokens,
    runs,
)

from .pgload import text
from .vocabulary import RARE_EVERY, RARE_TERM

# Shares of statuses, 公开方式 and genres, roughly as on real portals.
STATUSES = [
    (Item.Status.PUBLISHED, 955),
    (Item.Status.WITHDRAWN, 10),
    (Item.Status.DRAFT, 20),
    (Item.Status.PENDING, 10),
    (Item.Status.RETURNED, 5),
]
MODES = [(Item.Mode.PROACTIVE, 95), (Item.Mode.ON_REQUEST, 3), (Item.Mode.NOT_DISCLOSED, 2)]
GENRES = [
    (Item.Genre.NOTICE, 30),
    (Item.Genre.OTHER, 25),
    (Item.Genre.ANNOUNCEMENT, 10),
    (Item.Genre.PUBLIC_NOTICE, 8),
    (Item.Genre.OPINION, 5),
    (Item.Genre.REPORT, 5),
    (Item.Genre.CIRCULAR, 4),
    (Item.Genre.REPLY, 3),
    (Item.Genre.NORMATIVE, 5),
    (Item.Genre.DECISION, 2),
    (Item.Genre.MINUTES, 1),
    (Item.Genre.LETTER, 1),
    (Item.Genre.REGULATION, 1),
]
# The directory an item of these genres belongs in (docs/catalog.md's default tree).
GENRE_DIRECTORY = {Item.Genre.REGULATION: "规章", Item.Genre.NORMATIVE: "行政规范性文件"}
SUBJECT_CATEGORIES = [
    "综合政务\\政务公开",
    "财政、金融、审计\\财政",
    "农业、林业、水利\\农业、畜牧业、渔业",
    "民政、扶贫、救灾\\社会福利",
    "教育\\其他",
    "卫生、体育\\卫生",
    "城乡建设、环境保护\\城乡建设（含住房）",
    "劳动、人事、监察\\就业",
]
YEARS = 5

ITEM_COLUMNS = [
    "id", "agency_id", "directory_id", "index_number", "index_year", "index_serial", "title",
    "summary", "body", "document_number", "written_on", "genre", "subject", "keywords",
    "validity", "effective_on", "invalid_on", "mode", "status", "review_comment",
    "withdrawal_reason", "published_at", "corrected_at", "withdrawn_at", "workdays_to_publish",
    "created_by_id", "created_at", "updated_at", "search_vector",
    "mode_reason", "days_late", "source_request", "changed_on",
]  # fmt: skip


def token_list(value):
    """The lexemes of `value` in the order `document_vector` numbers them."""
    tokens = []
    for run in runs(value):
        tokens.extend(run_tokens(run))
    return tokens


def quote_lexeme(lexeme):
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


@dataclass
class ItemView:
    """Just the attributes `catalog.publicity.public_text` reads."""

    title: str
    document_number: str
    keywords: str
    subject: str
    summary: str
    body: str
    mode: str
    status: str

    @property
    def is_published(self):
        return self.status == Item.Status.PUBLISHED


class VectorBuilder:
    """`document_vector(*public_text(item))`, fast for texts made of known sentences.

    Tokens of each vocabulary sentence are computed once; a body's tokens are its
    sentences' tokens in order (sentences end in 。, so no token spans two of them).
    `tests/test_bench.py` checks the result equals `document_vector` on real rows.
    """

    def __init__(self, sentences):
        self.sentence_tokens = {s: token_list(s) for s in sentences}
        self.cache = {}
        self.quoted = {}
        self.numbers = [str(n) for n in range(MAX_POSITION + 1)]

    def tokens(self, value):
        found = self.sentence_tokens.get(value)
        if found is None:
            found = self.cache.get(value)
            if found is None:
                found = token_list(value)
                if len(self.cache) < 200_000:
                    self.cache[value] = found
        return found

    def vector(self, item, body_sentences):
        """The item's vector; `item.body` is left empty, `body_sentences` stand for it."""
        # public_text says which texts are searchable; the body's HTML is not parsed again.
        texts = public_text(item)
        body_shown = len(texts) == 6
        if body_shown and sum(map(len, body_sentences)) > BODY_CHARS:
            item.body = "".join(body_sentences)
            return document_vector(*public_text(item))  # truncated body: the app's own code
        tokens = []
        for value in texts[:5]:
            tokens += self.tokens(value)
        if body_shown:
            for sentence in body_sentences:
                tokens += self.tokens(sentence)
        if len(tokens) > MAX_POSITION:
            item.body = "".join(body_sentences)
            return document_vector(*public_text(item))
        positions = defaultdict(list)
        for position, token in enumerate(tokens, 1):
            positions[token].append(position)
        quoted, numbers = self.quoted, self.numbers
        out = []
        for lexeme, slots in positions.items():
            q = quoted.get(lexeme)
            if q is None:
                q = quoted[lexeme] = quote_lexeme(lexeme)
            if len(slots) > MAX_POSITIONS_PER_LEXEME:
                slots = slots[:MAX_POSITIONS_PER_LEXEME]
            out.append(q + ":" + ",".join(map(numbers.__getitem__, slots)))
        return " ".join(out)


def pick(rng, weighted):
    values = [value for value, _ in weighted]
    weights = [weight for _, weight in weighted]
    return lambda: rng.choices(values, weights)[0]


def leaf_directories():
    """(leaf directories for every agency, extra leaves for townships, {name: id})."""
    directories = list(Directory.objects.order_by("tree_id", "lft"))
    parents = {d.parent_id for d in directories}
    leaves = [d for d in directories if d.pk not in parents]
    by_name = {d.name: d.pk for d in directories}
    special = set(GENRE_DIRECTORY.values())
    common = [d.pk for d in leaves if not d.township_only and d.name not in special]
    township = [d.pk for d in leaves if d.township_only]
    return common, township, by_name


class ItemGenerator:
    """Rows for `count` items of `agencies` over the five years before `now`."""

    def __init__(self, count, agencies, vocabulary, now, seed=7):
        self.count = count
        self.agencies = agencies
        self.vocabulary = vocabulary
        self.now = now
        self.seed = seed
        self.rng = random.Random(seed)
        self.vectors = VectorBuilder(vocabulary.sentences)
        self.common_dirs, self.township_dirs, self.directory_ids = leaf_directories()
        self.counters = {}  # (agency id, year) -> last serial
        self.published_ids = []  # items with 公开渠道 rows
        self.agency_weights = self._agency_weights()

    def _agency_weights(self):
        # Governments publish most, townships least; a long tail as on real portals.
        factor = {"government": 3.0, "department": 1.0, "township": 0.6}
        return [factor.get(a.kind, 1.0) * self.rng.lognormvariate(0, 0.8) for a in self.agencies]

    def prepare(self):
        """Dates and agencies of every item, and the working days they took to publish.

        Run before the COPY starts: the working-day calendar reads the database,
        which cannot answer a query while a COPY is in progress.
        """
        rng = random.Random(self.seed + 1)
        self.times = self.timestamps()
        self.agency_for = rng.choices(self.agencies, self.agency_weights, k=self.count)
        # Mostly within the 20 working days of 条例第二十六条, some late.
        self.written_on = [
            (
                at
                - timedelta(days=rng.randint(30, 60) if rng.random() < 0.05 else rng.randint(0, 15))
            ).date()
            for at in self.times
        ]
        self.workdays = {}
        for written_on, at in zip(self.written_on, self.times, strict=True):
            key = (written_on, at.date())
            if key not in self.workdays:
                self.workdays[key] = workdays_taken(written_on, at)

    def timestamps(self):
        start = self.now - timedelta(days=365 * YEARS)
        span = (self.now - start).total_seconds() - 3600
        seconds = sorted(self.rng.random() * span for _ in range(self.count))
        return [start + timedelta(seconds=s) for s in seconds]

    def rows(self):
        rng = self.rng
        status_of, mode_of, genre_of = pick(rng, STATUSES), pick(rng, MODES), pick(rng, GENRES)
        sentences = self.vocabulary.sentences
        subjects, works = self.vocabulary.subjects, self.vocabulary.works
        public = Item.PUBLIC_STATUSES
        for index, at in enumerate(self.times):
            pk = index + 1
            agency = self.agency_for[index]
            written_on = self.written_on[index]
            status, mode, genre = status_of(), mode_of(), genre_of()
            year = at.year
            subject, work = rng.choice(subjects), rng.choice(works)
            genre_label = Item.Genre(genre).label
            if genre in (Item.Genre.OTHER, Item.Genre.REPORT):
                title = f"{agency.name}{year}年{subject}{work}"
            else:
                title = f"{agency.name}关于{year}年{subject}{work}的{genre_label}"
            body_sentences = rng.sample(sentences, rng.randint(3, 8))
            if pk % RARE_EVERY == 1:
                body_sentences[0] = f"今年重点做好{RARE_TERM}群众转移安置工作。"
            paragraphs = [body_sentences[i : i + 3] for i in range(0, len(body_sentences), 3)]
            body = "".join("<p>" + "".join(p) + "</p>" for p in paragraphs)
            summary = body_sentences[0][:120]
            document_number = (
                f"{agency.name[:2]}{agency.name[-3]}〔{year}〕{pk % 97 + 1}号"
                if genre not in (Item.Genre.OTHER, Item.Genre.REPORT)
                else ""
            )
            category = rng.choice(SUBJECT_CATEGORIES)
            keywords = f"{subject} {work}"
            directory = self.directory_ids.get(GENRE_DIRECTORY.get(genre)) or rng.choice(
                self.township_dirs + self.common_dirs
                if agency.kind == "township"
                else self.common_dirs
            )
            validity = effective_on = invalid_on = None
            if genre in GENRE_DIRECTORY:
                validity = rng.choices(["valid", "repealed", "expired"], [85, 10, 5])[0]
                effective_on = written_on + timedelta(days=30)
                if validity != "valid":
                    invalid_on = effective_on + timedelta(days=rng.randint(200, 1500))
            index_number = index_year = index_serial = workdays = None
            published_at = corrected_at = withdrawn_at = None
            withdrawal_reason = ""
            updated_at = at
            if status in public:
                key = (agency.id, year)
                serial = self.counters[key] = self.counters.get(key, 0) + 1
                index_number = format_index_number(agency.credit_code, year, serial)
                index_year, index_serial, published_at = year, serial, at
                workdays = self.workdays[(written_on, at.date())]
                if rng.random() < 0.02:
                    corrected_at = updated_at = min(at + timedelta(days=3), self.now)
                if status == Item.Status.WITHDRAWN:
                    withdrawn_at = updated_at = min(at + timedelta(days=10), self.now)
                    withdrawal_reason = "信息已过时，予以撤回"
                if mode == Item.Mode.PROACTIVE:
                    self.published_ids.append(pk)
            view = ItemView(title, document_number, keywords, category, summary, "", mode, status)
            # Item.objects.public(): never 不予公开 (every agency lists 依申请公开 titles here).
            listed = status in public and mode != Item.Mode.NOT_DISCLOSED
            vector = self.vectors.vector(view, body_sentences) if listed else ""
            reason = "" if mode == Item.Mode.PROACTIVE else "条例第十六条：过程性信息"
            yield [
                str(pk),
                str(agency.id),
                str(directory),
                text(index_number),
                text(index_year),
                text(index_serial),
                title,
                summary,
                body,
                document_number,
                written_on.isoformat(),
                genre,
                text(category),
                keywords,
                validity or "",
                text(effective_on),
                text(invalid_on),
                mode,
                status,
                "",
                withdrawal_reason,
                published_at.isoformat() if published_at else r"\N",
                corrected_at.isoformat() if corrected_at else r"\N",
                withdrawn_at.isoformat() if withdrawn_at else r"\N",
                text(workdays),
                r"\N",
                (at - timedelta(days=1)).isoformat(),
                updated_at.isoformat(),
                vector,
                reason,
                text(None if workdays is None else max(0, workdays - PUBLICATION_LIMIT)),
                "",
                r"\N",
            ]

    def channel_rows(self, channel_ids):
        """公开渠道 of each published 主动公开 item: the website, and sometimes one more."""
        rng = random.Random(11)
        website, others = channel_ids[0], channel_ids[1:]
        pk = 0
        for item_id in self.published_ids:
            pk += 1
            yield [str(pk), str(item_id), str(website)]
            if others and rng.random() < 0.3:
                pk += 1
                yield [str(pk), str(item_id), str(rng.choice(others))]
