"""Read an HTML page into a `RawDocument`: trafilatura finds the article and the
reader comments; what it drops but a reader of the page sees (the photo caption,
the byline, the commenters' names) is put back as paragraphs of its own, marked
with their kind; the headline and its kicker open the text.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterator

import trafilatura
from lxml import etree
from lxml.etree import _Element
from trafilatura.utils import load_html

from parallax.ingest.html_blocks import blocks_text
from parallax.ingest.readers import (
    BINARY_SAMPLE_BYTES,
    RawDocument,
    ReadError,
    decode_text,
    reject_binary,
)
from parallax.ingest.zone_rules import COMMENT_POST

# Failures are reported as ReadError; without a handler trafilatura's own warnings
# would reach stderr through logging's last-resort handler and garble the terminal.
logging.getLogger("trafilatura").addHandler(logging.NullHandler())

_HEADLINE_MAX = 300
_KICKER_MAX = 100
_KICKER_CLASS = re.compile(
    r"kicker|dachzeile|spitzmarke|topline|overline|roofline|eyebrow|supertitle|headline-intro",
    re.IGNORECASE,
)
"""Class names German sites give the kicker line above the headline."""
_SUB_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_HEADINGS = _SUB_HEADINGS | {"h1"}
"""A lower heading right before the <h1> is its kicker (taz.de: an <h4>)."""
_OPENING_BLOCKS = 4
"""An article names its headline within its first paragraphs (after a kicker, a
date line or a breadcrumb)."""
_CAPTION = re.compile(r"caption|bildunterschrift|bildtext", re.IGNORECASE)
_BYLINE = re.compile(r"byline|\bauthor|\bautor|verfasser", re.IGNORECASE)
_COMMENTS = re.compile(r"comment|kommentar|leserbrief|forum|discussion|replies", re.IGNORECASE)
_COMMENTER = re.compile(r"author|\buser|username|nickname|\bnick\b|\bname\b|verfasser", re.IGNORECASE)
_INFO_BOX = re.compile(r"info-?box|info-?kasten|fact-?box|fakten-?(?:box|kasten)", re.IGNORECASE)
"""A box the page itself calls an info or fact box: background it adds beside the
article (what a box under an "Info" or "Hintergrund" heading is, `ingest.zone_rules`)."""
_BOX_BLOCKS = ("p", "li", "h2", "h3", "h4", "h5", "h6", "dd", "dt")
_INLINE = frozenset({"span", "a", "strong", "b", "em", "i", "small", "time", "cite", "font", "abbr"})
_BYLINE_REACH = 3
_LEAD_CLASS = re.compile(r"lead|intro|excerpt|standfirst|summary|abstract|vorspann|teaser", re.IGNORECASE)
_NO_LEAD_TAGS = frozenset({"figure", "figcaption", "img", "picture", "script", "style", "a", "li", "nav", "aside"})
_LEAD_TAGS = ("p", "div", "section", "h2", "h3", "h4", "h5", "h6")
_LEAD_REACH = 80
"""Elements after the <h1> searched for the lead: a header holds a few dozen."""
_LEAD_MIN = 80
_LEAD_MAX = 1000
"""A lead is a sentence or a few: what is shorter is a date or a credit line."""
_SENTENCE_END = ".!?…\"“”»«"
_LEAD_PROBE = 60
"""A lead or byline is put back unless its start is in the text already."""
_CAPTION_MAX = 500
_BYLINE_MAX = 150
_COMMENTER_MAX = 60
"""A caption is a sentence or two, a byline a line, a commenter's name a few words:
longer elements with these names are boxes (an author's biography)."""
_HTML_TAG = re.compile(rb"<(?:!doctype\s+html|html|head|body|article|main|div|p|h[1-6]|title|meta)[\s>/]",
                       re.IGNORECASE)
"""What any HTML page has near its top; a `.html` file without it is not HTML."""
_HTML_SNIFF_BYTES = 65536
_FORUM_MIN_POSTS = 3
_FORUM_MIN_SHARE = 0.1


def read_html(data: bytes, source: str, encoding: str | None) -> RawDocument:
    markup: str | bytes
    if encoding is None:
        if not data.strip():
            raise ReadError(source, "empty file")
        reject_binary(data[:BINARY_SAMPLE_BYTES].decode("latin-1"), source)
        markup = data  # trafilatura honours the page's own charset declaration
    else:
        markup = decode_text(data, source, encoding)
    sniff = markup[:_HTML_SNIFF_BYTES]
    if not _HTML_TAG.search(sniff if isinstance(sniff, bytes) else sniff.encode("utf-8", "replace")):
        raise ReadError(source, "not an HTML page (no <html>, <body>, <p> or similar tag near the top); "
                                "a plain text file should end in .txt")
    try:
        tree = load_html(markup)
        if tree is None:
            raise ReadError(source, "no article text found in the HTML")
        kicker, headline, byline, lead = _page_headline(tree)
        marked = _put_back_what_trafilatura_drops(tree)
        if headline:
            _mark_other_articles(tree, headline, lead, marked)
        # as_dict=False is 2.x's default; saying it lets bench/quality compare with 1.x
        extracted = trafilatura.bare_extraction(
            tree, include_comments=True, include_tables=True, with_metadata=True, as_dict=False
        )
    except (AttributeError, TypeError, ValueError) as err:
        # trafilatura has no error type of its own; broken markup surfaces as these.
        raise ReadError(source, f"cannot read the HTML ({type(err).__name__}: {err})") from None
    if extracted is None or extracted.body is None:
        raise ReadError(source, "no article text found in the HTML")
    text = blocks_text(extracted.body, marked)
    if not text:
        raise ReadError(source, "no article text found in the HTML")
    comments = blocks_text(extracted.commentsbody, marked) if extracted.commentsbody is not None else ""
    title = extracted.title or None
    if _article_among_comments(text, comments, headline):
        text, comments = comments, text
    if headline:
        text = _headline_on_top(text, kicker, headline)
        title = f"{kicker}: {headline}" if kicker else headline
        # trafilatura drops the article's <header> with the byline and the lead in it
        for kind, dropped in (("byline", byline), ("lead", lead)):
            if dropped and dropped[:_LEAD_PROBE] not in _squeezed(text):
                first, _, rest = text.partition("\n\n")
                text = f"{first}\n\n{dropped}\n\n{rest}" if rest else f"{first}\n\n{dropped}"
            if dropped:
                marked.setdefault(dropped, kind)  # the page's markup says what it is
    return RawDocument(
        text=text,
        source=source,
        title=title,
        outlet=extracted.sitename or extracted.hostname or None,
        url=extracted.url or None,
        published=extracted.date or None,
        author=extracted.author or None,
        comments=comments or None,
        marked=marked,
    )


def _page_headline(tree: _Element) -> tuple[str | None, str | None, str | None, str | None]:
    """The page's headline (its <h1>, preferring one inside <article> or <main>,
    and one the page's <title> names: teaser cards may carry an <h1> too), the
    kicker above it ("Dachzeile": an element classed kicker, dachzeile, topline, …
    or a lower heading, just before the <h1>, or a kicker inside it) and the byline
    right under it, and the lead below it."""
    title = _squeezed(" ".join(tree.xpath("//head/title//text()"))).casefold()
    first = None
    for h1 in _h1s(tree):
        found = _headline_of(h1)
        if found is None:
            continue
        if not title or found[1].casefold() in title:
            first = found
            break
        first = first or found
    if first is None:
        return None, None, None, None
    kicker, headline, h1 = first
    return kicker, headline, _byline_under(h1), _lead_under(h1)


def _h1s(tree: _Element) -> Iterator[_Element]:
    """The page's <h1>s, those inside <article> first, then <main>, then the rest."""
    seen: set[_Element] = set()
    for path in ("//article//h1", "//main//h1", "//h1"):
        for h1 in tree.xpath(path):
            if h1 not in seen:
                seen.add(h1)
                yield h1


def _headline_of(h1: _Element) -> tuple[str | None, str, _Element] | None:
    kicker_parts = [el for el in h1.iter() if el is not h1 and _is_kicker(el)]
    kicker = " ".join(_squeezed(el.text_content()) for el in kicker_parts) or None
    headline = _squeezed(h1.text_content())
    if kicker:
        # the kicker inside the <h1>: the headline is what else it says
        headline = _squeezed(headline.removeprefix(kicker).lstrip(":–- "))
    else:
        previous = h1.getprevious()
        if previous is not None and (_is_kicker(previous) or previous.tag in _SUB_HEADINGS):
            kicker = _squeezed(previous.text_content()) or None
    if len(headline.split()) < 2 or len(headline) > _HEADLINE_MAX:
        return None
    if kicker and len(kicker) > _KICKER_MAX:
        kicker = None
    return kicker, headline, h1


def _lead_under(h1: _Element) -> str | None:
    """The lead (teaser, Vorspann) between the <h1> and the article's running text:
    an element the page classes lead, intro, excerpt, … that reads like sentences.
    A paragraph of running text first means the article has begun: what the page
    classes a teaser further down introduces other articles."""
    for element in h1.xpath(f"following::*[position() <= {_LEAD_REACH}]"):
        if not isinstance(element.tag, str) or element.tag in _NO_LEAD_TAGS:
            continue
        names = _names(element)
        text = _squeezed(element.text_content())
        # a heading is never a caption, whatever its styling classes say
        if _LEAD_CLASS.search(names) and (element.tag in _HEADINGS or not _CAPTION.search(names)):
            if _LEAD_MIN <= len(text) <= _LEAD_MAX and text[-1] in _SENTENCE_END:
                return text
        elif element.tag == "p" and len(text) >= _LEAD_MIN and text[-1:] in _SENTENCE_END:
            return None
    return None


def _mark_other_articles(tree: _Element, headline: str, lead: str | None, marked: dict[str, str]) -> None:
    """Pages that scroll on into the next article show its opening under the
    article: a lead under a heading other than the page's headline. It, and the
    paragraphs and headings after it, are boilerplate."""
    for element in tree.iter(*_LEAD_TAGS):
        if not _LEAD_CLASS.search(_names(element)):
            continue
        text = _squeezed(element.text_content())
        if text == lead or not (_LEAD_MIN <= len(text) <= _LEAD_MAX and text[-1] in _SENTENCE_END):
            continue
        heading = next(element.itersiblings(*_HEADINGS, preceding=True), None)
        if heading is None or headline.casefold() in _squeezed(heading.text_content()).casefold():
            continue
        for block in itertools.chain([heading, element], element.itersiblings(*_BOX_BLOCKS)):
            marked.setdefault(_squeezed(block.text_content()), "boilerplate")


def _byline_under(h1: _Element) -> str | None:
    """The text of a byline among the next few elements after the <h1>."""
    for sibling in itertools.islice(h1.itersiblings(), _BYLINE_REACH):
        if not isinstance(sibling.tag, str):
            continue
        for element in sibling.iter():
            if isinstance(element.tag, str) and _BYLINE.search(_names(element)):
                text = _squeezed(element.text_content())
                return text if 2 <= len(text) <= _BYLINE_MAX else None
    return None


def _put_back_what_trafilatura_drops(tree: _Element) -> dict[str, str]:
    """Copy the text of photo captions, bylines and commenters' names, which
    trafilatura drops by their markup, into a plain paragraph right after each (so
    it is kept wherever the element's surroundings are kept), and say what each is.
    The originals stay, so trafilatura still reads the author from the byline."""
    found: list[tuple[_Element, str, str]] = []
    boxes: list[_Element] = []
    # depth first, in document order, knowing whether we are inside a comment section;
    # an element put back is not searched further (the name inside a byline)
    stack: list[tuple[_Element, bool]] = [(tree, False)]
    while stack:
        element, in_comments = stack.pop()
        if not isinstance(element.tag, str):
            continue
        names = _names(element)
        if not in_comments and _INFO_BOX.search(names):
            boxes.append(element)
            continue
        dropped = _dropped(element, names, in_comments)
        if dropped is not None and element.getparent() is not None:
            kind, limit = dropped
            text = _squeezed(element.text_content())
            if 2 <= len(text) <= limit and element.find(".//h1") is None:
                found.append((element, kind, text))
                continue
        in_comments = in_comments or _COMMENTS.search(names) is not None
        stack.extend((child, in_comments) for child in reversed(element))
    marked: dict[str, str] = {}
    for element, kind, text in found:
        after = element
        # after the paragraph a name sits in, the figure a caption belongs to
        while after.getparent() is not None and (after.tag in _INLINE or after.getparent().tag == "figure"):
            after = after.getparent()
        paragraph = etree.Element("p")
        paragraph.text, paragraph.tail, after.tail = text, after.tail, None
        after.addnext(paragraph)
        marked.setdefault(text, kind)
    for box in boxes:
        for block in box.iter(*_BOX_BLOCKS):
            marked.setdefault(_squeezed(block.text_content()), "boilerplate")
    return marked


def _dropped(element: _Element, names: str, in_comments: bool) -> tuple[str, int] | None:
    """What trafilatura would drop here (a commenter's name, a caption, a byline)
    and the longest text it may have."""
    if in_comments:
        return ("byline", _COMMENTER_MAX) if _COMMENTER.search(names) and element.find(".//p") is None else None
    if element.tag == "figcaption" or (
        _CAPTION.search(names) and element.tag not in _HEADINGS and _beside_image(element)
    ):
        return "caption", _CAPTION_MAX
    return ("byline", _BYLINE_MAX) if _BYLINE.search(names) else None


def _beside_image(element: _Element) -> bool:
    """An image in the element's parent or grandparent: a caption, not a teaser
    that a page happens to class "caption"."""
    holder = element.getparent()
    for _ in range(2):
        if holder is None:
            return False
        if holder.find(".//img") is not None or holder.find(".//picture") is not None:
            return True
        holder = holder.getparent()
    return False


def _names(element: _Element) -> str:
    """What the page calls an element: its class, id, itemprop and rel."""
    return " ".join(element.get(attr, "") for attr in ("class", "id", "itemprop", "rel"))


def _headline_on_top(text: str, kicker: str | None, headline: str) -> str:
    """The text opening with the headline (and its kicker, one line above it).
    trafilatura drops an <h1> that sits in the article's <header>: it is put back.
    A kicker and headline extracted as two paragraphs become one block, as a page
    shows them."""
    blocks = text.split("\n\n", 2)
    first = _squeezed(blocks[0])
    if first in (_squeezed(headline), _squeezed(f"{kicker}\n{headline}")):
        return text
    if kicker and first == _squeezed(kicker) and len(blocks) > 1 and _squeezed(blocks[1]) == _squeezed(headline):
        return f"{blocks[0]}\n" + text[len(blocks[0]) + 2 :]
    return (f"{kicker}\n{headline}" if kicker else headline) + "\n\n" + text


def _article_among_comments(text: str, comments: str, headline: str | None) -> bool:
    """trafilatura takes a long readers' forum for the main text now and then and
    files the article under comments (taz.de does this to it). Then the comments open
    with the page's headline, and the "article" reads like a forum: posts that answer
    other readers ("@Name …") or carry a time stamp."""
    if not headline or not comments:
        return False
    squeezed = _squeezed(headline)
    if not any(squeezed in _squeezed(block) for block in comments.split("\n\n")[:_OPENING_BLOCKS]):
        return False
    blocks = text.split("\n\n")
    if any(squeezed in _squeezed(block) for block in blocks[:_OPENING_BLOCKS]):
        return False
    posts = sum(1 for block in blocks if COMMENT_POST.match(block))
    return posts >= _FORUM_MIN_POSTS and posts >= _FORUM_MIN_SHARE * len(blocks)


def _is_kicker(element: _Element) -> bool:
    if not isinstance(element.tag, str):
        return False  # a comment or processing instruction
    classes = f"{element.get('class', '')} {element.get('data-component', '')}"
    return _KICKER_CLASS.search(classes) is not None


def _squeezed(text: str) -> str:
    return " ".join(text.split())
