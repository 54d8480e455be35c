"""The paragraphs of what trafilatura extracted: one per element of its output,
a layout table's cells apart, each list item on a line of its own."""

from __future__ import annotations

from copy import deepcopy

from lxml import etree
from lxml.etree import _Element
from trafilatura.xml import xmltotxt

from parallax.ingest.readers import normalise_newlines

_BLOCK_TAGS = frozenset({"p", "head", "list", "quote", "table", "code"})
"""Elements of trafilatura's output that hold paragraphs, not running text."""
_CELL_BLOCKS = "./*[" + " or ".join(f"self::{tag}" for tag in sorted(_BLOCK_TAGS)) + "]"
_LAYOUT_CELL_MIN = 500
"""A table lays out the page (old sites put the menu, the search box and the article
side by side in one) when a cell holds the article: several paragraphs or headings,
and more text than a data table's cell ever has (one paragraph each, a few words)."""


def blocks_text(body: _Element, marked: dict[str, str]) -> str:
    """One paragraph per extracted element, separated by blank lines; a paragraph
    put back that trafilatura kept anyway (in the paragraph before) only once."""
    kept: list[str] = []
    for element in body:
        for block in _blocks_of(element, marked):
            block = block.strip()
            if not block:
                continue
            squeezed = _squeezed(block)
            if squeezed in marked and kept and squeezed in _squeezed(kept[-1]):
                continue
            kept.append(block)
    return normalise_newlines("\n\n".join(kept))


def _blocks_of(element: _Element, marked: dict[str, str]) -> list[str]:
    """An extracted element's paragraphs: one, unless it is a layout table."""
    cells = element.xpath("./row/cell") if element.tag == "table" else []
    article = max(cells, key=lambda cell: len("".join(cell.itertext())), default=None)
    if article is None or not _article_cell(article):
        return [_element_text(element)]
    blocks = []
    for cell in cells:
        texts = _cell_blocks(cell, marked)
        if cell is not article and cell.getparent() is article.getparent():
            # a column beside the article's: the page's menu, search box, most-read list
            for text in texts:
                marked.setdefault(_squeezed(text), "boilerplate")
        blocks.extend(texts)
    return blocks


def _article_cell(cell: _Element) -> bool:
    return len(cell.xpath(_CELL_BLOCKS)) >= 2 and len("".join(cell.itertext())) >= _LAYOUT_CELL_MIN


def _cell_blocks(cell: _Element, marked: dict[str, str]) -> list[str]:
    """The paragraphs of a layout table's cell: its block elements, and the text
    between them as paragraphs of their own."""
    blocks: list[str] = []
    loose = etree.Element("p")
    loose.text = cell.text
    for child in cell:
        if child.tag in _BLOCK_TAGS:
            blocks.append(_element_text(loose))
            block = deepcopy(child)
            block.tail = None
            blocks.extend(_blocks_of(block, marked))
            loose = etree.Element("p")
            loose.text = child.tail
        else:
            loose.append(deepcopy(child))
    blocks.append(_element_text(loose))
    return [block for block in map(str.strip, blocks) if block]


def _element_text(element: _Element) -> str:
    if element.tag == "list":
        # trafilatura's own text output marks items with stray "-" lines.
        items = (" ".join("".join(item.itertext()).split()) for item in element)
        return "\n".join(item for item in items if item)
    return str(xmltotxt(element, False))


def _squeezed(text: str) -> str:
    return " ".join(text.split())
