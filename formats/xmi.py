"""UIMA CAS XMI for INCEpTION (and any UIMA tool): a zip (or folder) with
`TypeSystem.xml` and one `.xmi` per article.

Spans are the custom layer `webanno.custom.NewsSpan` (features `label`,
`annotator`, `status`, `attrs` as JSON, `note`, `parallaxId`, timestamps);
links inside an article the relation layer `webanno.custom.NewsLink` with
`Governor` and `Dependent`, as INCEpTION's relation layers have them. The
article's identity is the DKPro `DocumentMetaData`. dkpro-cassis writes the
UTF-16 offsets XMI uses and reads them back as code points. Nothing but
links across articles is lost (the owner is a feature, not a CAS per user).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from cassis import Cas, TypeSystem, load_cas_from_xmi, load_typesystem

from . import loss
from .loss import LossReport
from .records import ImportedArticle, ImportedLink, ImportedSpan
from .source import Article

SPAN = "webanno.custom.NewsSpan"
LINK = "webanno.custom.NewsLink"
METADATA = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
SPAN_FEATURES = ("label", "annotator", "status", "attrs", "note", "parallaxId", "createdAt", "updatedAt")
TYPESYSTEM = "TypeSystem.xml"
# What XML 1.0 cannot carry at all (not even as a character reference).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def typesystem() -> TypeSystem:
    ts = TypeSystem()
    span = ts.create_type(SPAN)
    for name in SPAN_FEATURES:
        ts.create_feature(span, name, "uima.cas.String")
    link = ts.create_type(LINK)
    ts.create_feature(link, "Governor", SPAN)
    ts.create_feature(link, "Dependent", SPAN)
    for name in ("kind", "annotator", "parallaxId", "createdAt"):
        ts.create_feature(link, name, "uima.cas.String")
    meta = ts.create_type(METADATA, "uima.tcas.DocumentAnnotation")
    for name in ("documentTitle", "documentId", "documentUri", "collectionId"):
        ts.create_feature(meta, name, "uima.cas.String")
    return ts


def write(articles: Iterable[Article], out: Path, report: LossReport) -> int:
    ts = typesystem()
    files = {TYPESYSTEM: ts.to_xml()}
    count = 0
    for article in articles:
        if NOT_XML.search(article.text):
            report.add(loss.ARTICLE_XML_CHARS)
            report.add(loss.LINK_DROPPED_END, len(article.links))
            continue
        files[f"{article.name}.xmi"] = to_cas(article, ts, report).to_xmi()
        count += 1
    if out.suffix == ".zip":
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in files.items():
                archive.writestr(name, content)
    else:
        out.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            (out / name).write_text(content, encoding="utf-8")
    return count


def to_cas(article: Article, ts: TypeSystem, report: LossReport) -> Cas:
    cas = Cas(typesystem=ts)
    cas.sofa_string = article.text
    cas.sofa_mime = "text/plain"
    cas.add(ts.get_type(METADATA)(begin=0, end=len(article.text), documentTitle=article.title,
                                  documentId=article.sha256, collectionId=article.story,
                                  documentUri=f"parallax:{article.sha256}"))
    Span, Link = ts.get_type(SPAN), ts.get_type(LINK)
    placed = {}
    for span in article.spans:
        if NOT_XML.search(span.label + span.annotator + (span.note or "")):
            report.add(loss.SPAN_XML_CHARS)
            continue
        # JSON escapes what XML could not hold; the value reads back the same
        attrs = NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(span.attrs, ensure_ascii=False,
                                                                            sort_keys=True))
        placed[span.id] = Span(begin=span.start, end=span.end, label=span.label, annotator=span.annotator,
                               status=span.status, attrs=attrs,
                               note=span.note, parallaxId=span.id, createdAt=span.created_at,
                               updatedAt=span.updated_at)
        cas.add(placed[span.id])
    for link in article.links:
        if link.src not in placed or link.dst not in placed or NOT_XML.search(link.kind + link.annotator):
            report.add(loss.LINK_DROPPED_END)
            continue
        dependent = placed[link.dst]
        # WebAnno convention: a relation spans its dependent.
        cas.add(Link(begin=dependent.begin, end=dependent.end, Governor=placed[link.src], Dependent=dependent,
                     kind=link.kind, annotator=link.annotator, parallaxId=link.id, createdAt=link.created_at))
    return cas


def read(path: Path) -> Iterator[ImportedArticle]:
    """Every `.xmi` in a zip or folder, with the `TypeSystem.xml` beside it."""
    if path.is_dir():
        files = {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.suffix in (".xmi", ".xml")}
    else:
        with zipfile.ZipFile(path) as archive:
            files = {name: archive.read(name) for name in sorted(archive.namelist())}
    if TYPESYSTEM not in files:
        raise ValueError(f"{path}: no {TYPESYSTEM} (INCEpTION exports it beside the XMI files)")
    ts = load_typesystem(io.BytesIO(files[TYPESYSTEM]))
    for name, content in files.items():
        if name.endswith(".xmi"):
            cas = load_cas_from_xmi(io.BytesIO(content), typesystem=ts)
            yield from_cas(cas, f"{path}: {name}")


def from_cas(cas: Cas, where: str) -> ImportedArticle:
    spans, by_xmi = [], {}
    for fs in cas.select(SPAN):
        span = ImportedSpan(start=fs.begin, end=fs.end, label=fs.label, annotator=fs.annotator,
                            status=fs.status or "accepted", id=fs.parallaxId, attrs=json.loads(fs.attrs or "{}"),
                            note=fs.note, created_at=fs.createdAt, updated_at=fs.updatedAt)
        spans.append(span)
        by_xmi[fs.xmiID] = span
    links = [ImportedLink(src=by_xmi[fs.Governor.xmiID], dst=by_xmi[fs.Dependent.xmiID], kind=fs.kind,
                          id=fs.parallaxId, annotator=fs.annotator, created_at=fs.createdAt)
             for fs in cas.select(LINK)]
    return ImportedArticle(text=cas.sofa_string, spans=spans, links=links, where=where)
