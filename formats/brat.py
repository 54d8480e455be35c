"""brat standoff: a folder of `<article>.txt` + `<article>.ann`, and an
`annotation.conf` declaring the labels, relations and attributes used.

Every span is a `T` line; a span across a line break (or a tab) is written
as brat writes such a selection: fragments `s e;s e` whose texts are joined
by a space. Annotator and status (when not accepted) are attributes (`A`),
so suggestions and rejected spans stay apart from accepted ones; attributes
whose name and value brat can spell (one word each) are `A` lines too; the
note is an `AnnotatorNotes` line; links inside an article are `R` lines.
Our ids and timestamps are not kept (brat numbers its own).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import loss
from .loss import LossReport
from .records import ImportedArticle, ImportedLink, ImportedSpan
from .source import Article, Span

NAME = re.compile(r"[\w/-]+")
VALUE = re.compile(r"\S+")
BREAKS = re.compile(r"[\n\r\t]+")
RESERVED = {"annotator", "status"}


def write(articles: Iterable[Article], folder: Path, report: LossReport) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    labels, kinds, values = set(), set(), {}
    count = 0
    for article in articles:
        lines = _ann_lines(article, report, values)
        labels.update(s.label for s in article.spans if NAME.fullmatch(s.label))
        kinds.update(link.kind for link in article.links if NAME.fullmatch(link.kind))
        (folder / f"{article.name}.txt").write_text(article.text, encoding="utf-8", newline="")
        (folder / f"{article.name}.ann").write_text("".join(line + "\n" for line in lines), encoding="utf-8",
                                                    newline="")
        count += 1
    (folder / "annotation.conf").write_text(_conf(labels, kinds, values), encoding="utf-8")
    return count


def _ann_lines(article: Article, report: LossReport, values: dict[str, set[str]]) -> list[str]:
    lines, number = [], {}
    attributes, notes = [], []
    for span in article.spans:
        if not NAME.fullmatch(span.label):
            report.add(loss.SPAN_LABEL)
            continue
        number[span.id] = f"T{len(number) + 1}"
        lines.append(f"{number[span.id]}\t{span.label} {_fragments(span)}")
        attributes.extend(_attributes(span, number[span.id], report, values))
        if span.note is not None:
            if BREAKS.search(span.note):
                report.add(loss.NOTES)
            else:
                notes.append(f"AnnotatorNotes {number[span.id]}\t{span.note}")
    lines += [f"A{i}\t{attribute}" for i, attribute in enumerate(attributes, 1)]
    relations = []
    for link in article.links:
        if link.src not in number or link.dst not in number:
            report.add(loss.LINK_DROPPED_END)
        elif not NAME.fullmatch(link.kind):
            report.add(loss.LINK_NONE)
        else:
            relations.append(f"{link.kind} Arg1:{number[link.src]} Arg2:{number[link.dst]}")
    lines += [f"R{i}\t{relation}" for i, relation in enumerate(relations, 1)]
    lines += [f"#{i}\t{note}" for i, note in enumerate(notes, 1)]
    return lines


def _fragments(span: Span) -> str:
    pieces = [(span.start + m.start(), span.start + m.end())
              for m in re.finditer(r"[^\n\r\t]+", span.text)]
    offsets = ";".join(f"{s} {e}" for s, e in pieces)
    return f"{offsets}\t{' '.join(span.text[s - span.start:e - span.start] for s, e in pieces)}"


def _attributes(span: Span, t: str, report: LossReport, values: dict[str, set[str]]) -> Iterator[str]:
    wanted = [("annotator", span.annotator)]
    if span.status != "accepted":
        wanted.append(("status", span.status))
    for key, value in span.attrs.items():
        if key in RESERVED or not NAME.fullmatch(key) or not isinstance(value, str) or not VALUE.fullmatch(value):
            report.add(loss.ATTRS)
        else:
            wanted.append((key, value))
    for key, value in wanted:
        if key == "annotator" and not VALUE.fullmatch(value):
            report.add(loss.ANNOTATOR)
            continue
        values.setdefault(key, set()).add(value)
        yield f"{key} {t} {value}"


def _conf(labels: set[str], kinds: set[str], values: dict[str, set[str]]) -> str:
    lines = ["[entities]", *sorted(labels), "", "[relations]"]
    lines += [f"{kind}\tArg1:<ENTITY>, Arg2:<ENTITY>" for kind in sorted(kinds)]
    lines += ["", "[events]", "", "[attributes]"]
    lines += [f"{key}\tArg:<ENTITY>, Value:{'|'.join(sorted(vals))}" for key, vals in sorted(values.items())]
    return "\n".join(lines) + "\n"


def read(folder: Path) -> Iterator[ImportedArticle]:
    """Every `.ann` with its `.txt` in `folder` (brat's own layout)."""
    anns = sorted(folder.glob("*.ann"))
    if not anns:
        raise ValueError(f"{folder}: no .ann files (a brat folder holds NAME.txt and NAME.ann)")
    for ann in anns:
        txt = ann.with_suffix(".txt")
        if not txt.exists():
            raise ValueError(f"{ann}: no {txt.name} beside it")
        text = txt.read_text(encoding="utf-8-sig")
        yield _read_ann(ann.read_text(encoding="utf-8").splitlines(), text, str(ann))


def _read_ann(lines: list[str], text: str, where: str) -> ImportedArticle:
    spans: dict[str, ImportedSpan] = {}
    links: list[ImportedLink] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            _read_line(line, text, spans, links)
        except (IndexError, KeyError, ValueError) as err:
            raise ValueError(f"{where}:{number}: cannot read {line[:60]!r} ({err})") from None
    return ImportedArticle(text=text, spans=list(spans.values()), links=links, where=where)


def _read_line(line: str, text: str, spans: dict[str, ImportedSpan], links: list[ImportedLink]) -> None:
    ident, _, rest = line.partition("\t")
    if ident.startswith("T"):
        head = rest.split("\t")[0]
        label, _, offsets = head.partition(" ")
        pieces = [tuple(int(x) for x in piece.split()) for piece in offsets.split(";")]
        start, end = pieces[0][0], pieces[-1][1]
        for (_, e), (s, _) in zip(pieces, pieces[1:]):
            if BREAKS.fullmatch(text[e:s] or "\n") is None:
                raise ValueError("a discontinuous span with words between its fragments cannot be stored")
        spans[ident] = ImportedSpan(start=start, end=end, label=label, text=text[start:end])
    elif ident.startswith(("A", "M")):
        name, target, *value = rest.split(" ")
        span = spans[target]
        if name == "annotator":
            span.annotator = value[0]
        elif name == "status":
            span.status = value[0]
        else:
            span.attrs[name] = value[0] if value else True
    elif ident.startswith("R"):
        kind, *args = rest.split()
        ends = dict(arg.split(":", 1) for arg in args)
        links.append(ImportedLink(src=spans[ends["Arg1"]], dst=spans[ends["Arg2"]], kind=kind))
    elif ident.startswith("#"):
        head, _, note = rest.partition("\t")
        kind, target = head.split(" ")[:2]
        if kind == "AnnotatorNotes" and target in spans:
            spans[target].note = note
