"""What staff type is made safe before it is stored.

- Bodies (正文) keep a small HTML subset for documents: paragraphs, headings,
  lists, tables, links and images. No script, no event handlers, no
  `javascript:`/`data:` URLs, no `style` attributes or elements (CSS can hide
  or overlay content and smuggle URLs), no forms or frames.
- Titles and other fields are plain text: templates escape them, so they are
  only tidied here (control characters removed, whitespace collapsed).
- File names keep their (Chinese) wording but lose paths and odd characters.
"""

import html
import re
import unicodedata

import nh3

BODY_TAGS = {
    "p", "br", "hr", "div", "span", "blockquote", "pre", "code",
    "h1", "h2", "h3", "h4", "h5", "h6",
    "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "dl", "dt", "dd",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    "a", "img",
}  # fmt: skip

BODY_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start"},
}

_BODY_CLEANER = nh3.Cleaner(
    tags=BODY_TAGS,
    clean_content_tags={"script", "style"},
    attributes=BODY_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer",
    strip_comments=True,
)

# C0/C1 control characters, except tab and newline, and the bidi overrides
# that can make a file name or title read differently from what it is.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")


def clean_body(text):
    """The safe HTML subset of a body; idempotent.

    Plain text (typed into a plain box, imported from a spreadsheet cell, or stored before the
    editor) keeps its paragraphs: each non-empty line becomes a <p>. Before, its lines ran
    together into one paragraph on the public page.
    """
    text = text or ""
    if text.strip() and not _TAG.search(text):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        text = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return _BODY_CLEANER.clean(text)


def clean_text(value):
    """A single-line plain-text field: control characters gone, whitespace collapsed."""
    value = _CONTROL.sub("", unicodedata.normalize("NFC", value or ""))
    return " ".join(value.split())


def clean_multiline(value):
    """A multi-line plain-text field (summary): control characters gone, lines kept."""
    value = _CONTROL.sub("", unicodedata.normalize("NFC", value or "")).replace("\r\n", "\n")
    return value.strip()


_UNSAFE_IN_NAME = re.compile(r'[<>:"/\\|?*]')


def _visible(text):
    """Without control, format and unassigned characters (Unicode categories C*): bidi marks
    and overrides, zero-width characters, BOMs. None belongs in a file name, where they
    disguise what a file is (U+202E before "gpj.exe" makes it show as "exe.jpg")."""
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith("C"))


def clean_filename(name, max_length=200):
    """A display name for an uploaded file: the original wording without paths or markup."""
    name = _visible(clean_text(name)).replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_IN_NAME.sub("_", name).strip(" .")
    if len(name) > max_length:
        stem, dot, ext = name.rpartition(".")
        if dot and len(ext) <= 10:
            name = stem[: max_length - len(ext) - 1] + "." + ext
        else:
            name = name[:max_length]
    return name or "附件"
