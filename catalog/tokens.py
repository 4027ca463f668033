"""Chinese text as search tokens: character bigrams, and highlighting.

The idea is pg_bigm's (docs/scale.md): a document is indexed as the character pairs
of its text; a query of n characters becomes its n-1 pairs, which must follow each
other (a phrase). No dictionary, so names, 文号 and new words are found as reliably as
common words.

A single character needs no token of its own: every character is the first of a pair
except the last of each run, and that one is stored alone. So a one-character query is
a prefix match (`'x':*`) over the pairs and those run ends. Storing every character as
well doubled the vectors and the index for the rarest kind of query (measured with
`make bench`: generation time and index size at 1,000,000 items).

Normalisation makes the document and the query agree: full-width forms become
half-width (NFKC), letters lower case, and quotation marks, brackets and spaces are
dropped, so that 三公经费 finds “三公”经费 and 舒政办〔2025〕12号 finds 舒政办[2025]12号.
Other punctuation (。，、：) ends a run of text: no pair spans it.
"""

import functools
import html
import unicodedata

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

# Punctuation that only wraps words: deleted, so the words on both sides join.
_JOINING_CATEGORIES = {"Ps", "Pe", "Pi", "Pf", "Zs"}
# PostgreSQL keeps positions up to 16383 and 256 positions per lexeme.
MAX_POSITION = 16383
MAX_POSITIONS_PER_LEXEME = 256
# The start of the body is indexed, not all of it: it keeps every position valid and
# the index small, and the first few thousand characters say what a document is about.
BODY_CHARS = 3000
MAX_TERMS = 8
MAX_TERM_CHARS = 32


@functools.lru_cache(maxsize=8192)
def _unit(raw):
    """What one character of a text is to search: its normalised searchable characters
    (NFKC, casefolded), None for a break; nothing for a space or wrapping punctuation.
    Remembered: a page of results asked this of the same few hundred characters
    thousands of times (docs/performance.md §6)."""
    found = []
    for char in unicodedata.normalize("NFKC", raw).casefold():
        if char.isalnum():
            found.append(char)
        elif not (char.isspace() or unicodedata.category(char) in _JOINING_CATEGORIES):
            found.append(None)
    return tuple(found)


def _units(text):
    """(character, index in `text`) for each searchable character; None marks a break."""
    for index, raw in enumerate(text):
        # Most characters are common hanzi, which normalisation leaves as they are: this
        # shortcut makes highlighting and indexing a body several times faster.
        if "\u4e00" <= raw <= "\u9fff":
            yield raw, index
            continue
        for char in _unit(raw):
            yield char, index


def runs(text):
    """The runs of normalised searchable characters in `text`, split at punctuation."""
    found, current = [], []
    for char, _index in _units(text or ""):
        if char is None:
            if current:
                found.append("".join(current))
            current = []
        else:
            current.append(char)
    if current:
        found.append("".join(current))
    return found


def plain_text(html_text):
    """The readable text of sanitised HTML (tags dropped, entities decoded)."""
    return html.unescape(strip_tags(html_text or ""))


def _quote(lexeme):
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def run_tokens(run):
    """A run's lexemes in position order: its pairs, then its last character.

    The pairs sit at consecutive positions (a query's pairs match as a phrase); the
    last character separates them from the next run's pairs.
    """
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def document_vector(*texts):
    """A PostgreSQL tsvector literal holding the tokens (`run_tokens`) of `texts`.

    The literal is parsed by tsvector's input function, not by a text search
    parser, so what Python computes is exactly what is stored; SQLite stores the same
    string and matches lexemes in it with LIKE.
    """
    positions = {}
    position = 0
    for text in texts:
        for run in runs(text):
            for token in run_tokens(run):
                position += 1
                if position > MAX_POSITION:
                    break
                slots = positions.setdefault(token, [])
                if len(slots) < MAX_POSITIONS_PER_LEXEME:
                    slots.append(position)
    return " ".join(
        f"{_quote(lexeme)}:{','.join(map(str, slots))}" for lexeme, slots in positions.items()
    )


def query_terms(query):
    """The terms of a user's query: whitespace separates terms (all must match).

    Each term is a normalised run; punctuation inside a term splits it further. Terms
    are capped in number and length so a pasted essay cannot build a huge query.
    """
    terms = []
    for part in (query or "").split():
        for run in runs(part):
            term = run[:MAX_TERM_CHARS]
            if term not in terms:
                terms.append(term)
    return terms[:MAX_TERMS]


def term_tokens(term):
    """The lexemes a term needs: its bigrams, or (one character) a prefix of lexemes."""
    if len(term) == 1:
        return [term]
    return [term[i : i + 2] for i in range(len(term) - 1)]


def tsquery(terms):
    """A tsquery literal: every term, each as a phrase of its bigrams.

    A one-character term is a prefix: the pairs it starts, or a run ending in it.
    """

    def phrase(term):
        if len(term) == 1:
            return _quote(term) + ":*"
        return " <-> ".join(_quote(token) for token in term_tokens(term))

    return " & ".join(f"({phrase(term)})" for term in terms)


def loose_tsquery(terms):
    """The bigrams of `terms` in any order and place: every match of `tsquery(terms)`
    and a few more. The index answers it without reading a single vector (a phrase
    makes PostgreSQL re-read each hit's vector to check adjacency); None if `terms`
    hold no phrase, so nothing would be saved."""
    if all(len(term_tokens(term)) == 1 for term in terms):
        return None
    tokens = sorted({token for term in terms for token in term_tokens(term)})
    return " & ".join(_quote(t) + (":*" if len(t) == 1 else "") for t in tokens)


def match_spans(text, terms):
    """Sorted, merged (start, end) spans of `text` that match any of `terms`."""
    chars, positions = [], []
    for index, raw in enumerate(text or ""):
        if "\u4e00" <= raw <= "\u9fff":  # as in `_units`, without a generator per character
            chars.append(raw)
            positions.append(index)
            continue
        for char in _unit(raw):
            chars.append(char or "\0")
            positions.append(index)
    normalised = "".join(chars)
    spans = []
    for term in terms:
        start = normalised.find(term)
        while start != -1:
            end = start + len(term) - 1
            spans.append((positions[start], positions[end] + 1))
            start = normalised.find(term, start + 1)
    spans.sort()
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text, terms):
    """`text` HTML-escaped, with the matches of `terms` wrapped in <mark>.

    Every piece of the user's or the document's text is escaped before the marks are
    put around it, so nothing in either can become markup.
    """
    text = text or ""
    pieces, cursor = [], 0
    for start, end in match_spans(text, terms):
        pieces.append(escape(text[cursor:start]))
        pieces.append("<mark>" + escape(text[start:end]) + "</mark>")
        cursor = end
    pieces.append(escape(text[cursor:]))
    return mark_safe("".join(pieces))  # noqa: S308 -- every piece is escaped above


def snippet(text, terms, width=120):
    """A highlighted excerpt of `text` around its first match (or its start)."""
    text = " ".join((text or "").split())
    spans = match_spans(text, terms)
    start = max(0, spans[0][0] - width // 3) if spans else 0
    end = min(len(text), start + width)
    excerpt = text[start:end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + highlight(excerpt, terms) + suffix)  # noqa: S308
