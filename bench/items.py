"""Synthetic catalog items as COPY rows, with every derived column the app relies on.

Items are generated in publication order (ids grow with time, as in a real
table), so 索引号 serials run gap-free per agency and year, and the search
tokens are the ones `catalog.publicity.reindex` would write. Columns the
generator does not know (added to `Item` since) are filled with the field's
default and reported, so the benchmark says when it has fallen behind the model.
"""

import random
import re
from datetime import timedelta
from itertools import accumulate
from operator import add

from catalog.models import Directory, Item
from catalog.numbering import format_index_number
from catalog.timeliness import PUBLICATION_LIMIT, workdays_taken
from catalog.tokens import (
    BODY_CHARS,
    MAX_POSITION,
    document_vector,
    run_tokens,
    runs,
)

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
VALIDITIES, VALIDITY_WEIGHTS = ["valid", "repealed", "expired"], [85, 10, 5]
SUMMARY_CHARS = 120

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


# Texts made only of these need no normalisation: common hanzi and ASCII digits are kept
# as they are, and quotation marks and 〔〕 are dropped (catalog.tokens._units), so the
# text is one run.
PLAIN_RUN = re.compile("[\u4e00-\u9fff0-9\u201c\u201d\u3014\u3015]+")
DROPPED = str.maketrans("", "", "\u201c\u201d\u3014\u3015")


def piece(value):
    """A text's lexemes as (template, count): `template % positions` is its vector part.

    Lexemes are runs of letters and digits, so they never hold a quote, a backslash
    or a percent sign that would need escaping.
    """
    if PLAIN_RUN.fullmatch(value):
        run = value.translate(DROPPED)
        tokens = [*map(add, run, run[1:]), run[-1]] if run else []
    else:
        tokens = token_list(value)
    if not tokens:
        return ("", 0)
    return ("'" + "':%d '".join(tokens) + "':%d", len(tokens))


def pick(rng, weighted):
    """A function drawing one of `weighted`'s values (the same draws as rng.choices(v, w))."""
    values = [value for value, _ in weighted]
    cumulative = list(accumulate(weight for _, weight in weighted))
    choices = rng.choices
    return lambda: choices(values, cum_weights=cumulative)[0]


class VectorBuilder:
    """`document_vector(*public_text(item))` as text, without looking at each token.

    Every text of an item is a piece whose lexemes are known in advance (a vocabulary
    sentence, a subject, keywords) or computed once per item (title, 文号): a template
    with a `%d` for each position. The vector is the pieces filled in with consecutive
    positions and joined. A lexeme in two pieces appears twice in the literal;
    PostgreSQL's tsvector input merges them (sorted positions, the first 256 kept, as
    `document_vector` keeps them), so the stored value is the one the app writes.
    Sentences end in 。, so no token spans two of them. `tests/test_bench.py` checks
    the stored vectors equal `document_vector` on the generated rows.
    """

    def __init__(self, sentences):
        self.sentences = {s: piece(s) for s in sentences}
        self.summaries = {s: piece(s[:SUMMARY_CHARS]) for s in sentences}
        self.cache = {}
        self.positions = tuple(range(MAX_POSITION + 2))

    def sentence(self, value):
        found = self.sentences.get(value)
        if found is None:
            found = self.sentences[value] = piece(value)
        return found

    def summary(self, value):
        found = self.summaries.get(value)
        if found is None:
            found = self.summaries[value] = piece(value[:SUMMARY_CHARS])
        return found

    def cached(self, value):
        """The piece of a text that recurs (keywords, subject category)."""
        found = self.cache.get(value)
        if found is None:
            found = self.cache[value] = piece(value)
        return found

    def vector(self, pieces):
        """The tsvector literal of `pieces` in order, or None past the last position."""
        positions = self.positions
        parts = []
        offset = 0
        for text, count in pieces:
            if count:
                parts.append(text % positions[offset + 1 : offset + 1 + count])
                offset += count
        if offset > MAX_POSITION:
            return None
        return " ".join(parts)


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
        """COPY text lines of the items, in publication order (no model objects).

        The random draws are the same, in the same order, as those of the generator
        that built each row as an object, so a seed gives the same province.
        """
        rng = self.rng
        randint, random_, choice, sample = rng.randint, rng.random, rng.choice, rng.sample
        status_of, mode_of, genre_of = pick(rng, STATUSES), pick(rng, MODES), pick(rng, GENRES)
        sentences = self.vocabulary.sentences
        subjects, works = self.vocabulary.subjects, self.vocabulary.works
        vectors = self.vectors
        public = set(Item.PUBLIC_STATUSES)
        published, withdrawn = Item.Status.PUBLISHED, Item.Status.WITHDRAWN
        proactive, not_disclosed = Item.Mode.PROACTIVE, Item.Mode.NOT_DISCLOSED
        untitled_genres = {Item.Genre.OTHER, Item.Genre.REPORT}
        labels = {genre: Item.Genre(genre).label for genre, _ in GENRES}
        special_dirs = {
            genre: self.directory_ids.get(name) for genre, name in GENRE_DIRECTORY.items()
        }
        township_choice = self.township_dirs + self.common_dirs
        common_choice = self.common_dirs
        counters, workdays_of, published_ids = self.counters, self.workdays, self.published_ids
        now, day, three_days, ten_days = self.now, timedelta(days=1), timedelta(3), timedelta(10)
        rare_sentence = f"今年重点做好{RARE_TERM}群众转移安置工作。"
        for index, at in enumerate(self.times):
            pk = index + 1
            agency = self.agency_for[index]
            written_on = self.written_on[index]
            status, mode, genre = status_of(), mode_of(), genre_of()
            year = at.year
            subject, work = choice(subjects), choice(works)
            if genre in untitled_genres:
                title = f"{agency.name}{year}年{subject}{work}"
                document_number = ""
            else:
                title = f"{agency.name}关于{year}年{subject}{work}的{labels[genre]}"
                document_number = f"{agency.name[:2]}{agency.name[-3]}〔{year}〕{pk % 97 + 1}号"
            body_sentences = sample(sentences, randint(3, 8))
            if pk % RARE_EVERY == 1:
                body_sentences[0] = rare_sentence
            body = "".join(
                "<p>" + "".join(body_sentences[i : i + 3]) + "</p>"
                for i in range(0, len(body_sentences), 3)
            )
            first = body_sentences[0]
            summary = first[:SUMMARY_CHARS]
            category = choice(SUBJECT_CATEGORIES)
            keywords = f"{subject} {work}"
            directory = special_dirs.get(genre) or choice(
                township_choice if agency.kind == "township" else common_choice
            )
            validity = ""
            effective_on = invalid_on = r"\N"
            if genre in GENRE_DIRECTORY:
                validity = rng.choices(VALIDITIES, VALIDITY_WEIGHTS)[0]
                effective = written_on + timedelta(days=30)
                effective_on = effective.isoformat()
                if validity != "valid":
                    invalid_on = (effective + timedelta(days=randint(200, 1500))).isoformat()
            index_number = index_year = index_serial = workdays = days_late = r"\N"
            published_at = corrected_at = withdrawn_at = r"\N"
            withdrawal_reason = ""
            updated_at = at
            listed = False
            if status in public:
                key = (agency.id, year)
                serial = counters[key] = counters.get(key, 0) + 1
                index_number = format_index_number(agency.credit_code, year, serial)
                index_year, index_serial, published_at = str(year), str(serial), at.isoformat()
                taken = workdays_of[(written_on, at.date())]
                workdays = str(taken)
                days_late = str(max(0, taken - PUBLICATION_LIMIT))
                if random_() < 0.02:
                    updated_at = min(at + three_days, now)
                    corrected_at = updated_at.isoformat()
                if status == withdrawn:
                    updated_at = min(at + ten_days, now)
                    withdrawn_at = updated_at.isoformat()
                    withdrawal_reason = "信息已过时，予以撤回"
                if mode == proactive:
                    published_ids.append(pk)
                # Item.objects.public(): never 不予公开 (every agency lists 依申请公开 titles).
                listed = mode != not_disclosed
            vector = ""
            if listed:
                # catalog.publicity.public_text: the body only while a 主动公开 item is published.
                shown = mode == proactive and status == published
                pieces = [
                    piece(title),
                    piece(document_number),
                    vectors.cached(keywords),
                    vectors.cached(category),
                    vectors.summary(first),
                ]
                if shown:
                    pieces += map(vectors.sentence, body_sentences)
                vector = None
                if not shown or sum(map(len, body_sentences)) <= BODY_CHARS:
                    vector = vectors.vector(pieces)
                if vector is None:  # past a limit: the app's own code
                    texts = [title, document_number, keywords, category, summary]
                    if shown:
                        texts.append("".join(body_sentences)[:BODY_CHARS])
                    vector = document_vector(*texts)
            reason = "" if mode == proactive else "条例第十六条：过程性信息"
            yield (
                "\t".join(
                    (
                        str(pk),
                        str(agency.id),
                        str(directory),
                        index_number,
                        index_year,
                        index_serial,
                        title,
                        summary,
                        body,
                        document_number,
                        written_on.isoformat(),
                        genre,
                        category.replace("\\", "\\\\"),  # COPY text: the backslash is escaped
                        keywords,
                        validity,
                        effective_on,
                        invalid_on,
                        mode,
                        status,
                        "",
                        withdrawal_reason,
                        published_at,
                        corrected_at,
                        withdrawn_at,
                        workdays,
                        r"\N",
                        (at - day).isoformat(),
                        updated_at.isoformat(),
                        vector,
                        reason,
                        days_late,
                        "",
                        r"\N",
                    )
                )
                + "\n"
            )

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
