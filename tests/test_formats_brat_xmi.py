"""brat standoff read by bratly (brat's own annotation.py is not on the
package index), and UIMA CAS XMI read by dkpro-cassis, INCEpTION's library."""

import io
import json
import zipfile

import pytest

from formats_support import FIRST, articles_only, build, export_to, import_from, link_rows, rows, spans_of, where
from parallax.formats import loss


@pytest.fixture
def fixture(tmp_path):
    return build(tmp_path)


def test_bratly_reads_every_span_attribute_relation_and_note(fixture, tmp_path):
    from bratly import AttributeAnnotation, EntityAnnotation, NoteAnnotation, RelationAnnotation
    from bratly.io import read_document_collection_from_folder

    out = tmp_path / "brat"
    count, report = export_to(fixture.path, "brat", out)
    # no_duplicates off: bratly would otherwise merge the suggestion and its rejection silently
    collection = read_document_collection_from_folder(str(out), no_duplicates_ann=False, renumerotize_ann=False)
    assert collection is not None and len(collection.documents) == count == 2
    loaded, relations, notes = set(), [], []
    from parallax.store.articles import text_sha256

    for document in collection.documents:
        sha = text_sha256(document.text)
        annotations = document.annotation_collections[0].get_annotations()
        attributes = {}
        for a in annotations:
            if isinstance(a, AttributeAnnotation):
                attributes.setdefault(a.component.id, {})[a.label] = a.values[0]
        for a in annotations:
            if isinstance(a, EntityAnnotation):
                assert document.text[a.get_start():a.get_end()] == a.content
                who = attributes[a.id]
                loaded.add((sha, a.get_start(), a.get_end(), a.label, who["annotator"], who.get("status", "accepted")))
            elif isinstance(a, RelationAnnotation):
                relations.append((a.label, a.argument1[1].label, a.argument2[1].label))
            elif isinstance(a, NoteAnnotation):
                notes.append(a.value)
    assert loaded == spans_of(fixture.path)
    assert sorted(relations) == [("elaborates", "quote", "claim"), ("review_of", "claim", "claim")]
    assert notes == ["geprüft, „wörtlich“"]
    # "speaker": "Jana Petersen" has a space: brat attribute values are one word
    assert report.counts == {loss.ATTRS: 1, loss.LINK_ACROSS: 1}
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert "status\tArg:<ENTITY>, Value:rejected|suggested" in conf


def test_a_span_across_a_line_break_is_two_fragments_and_comes_back_whole(tmp_path):
    from bratly.io import read_document_collection_from_folder

    from parallax.store import annotations
    from parallax.store.db import open_db

    fixture = build(tmp_path)
    db = open_db(fixture.path)
    start, _ = where(FIRST, "am Montag.")
    _, end = where(FIRST, "Die Reederei")
    annotations.add(db, 1, start, end, "claim", "carla")
    db.close()
    out = tmp_path / "brat"
    export_to(fixture.path, "brat", out)
    collection = read_document_collection_from_folder(str(out), no_duplicates_ann=False, renumerotize_ann=False)
    fragments = [[(f.start, f.end) for f in a.fragments] for d in collection.documents
                 for a in d.annotation_collections[0].get_annotations() if getattr(a, "content", "").startswith("am Mon")]
    cut = FIRST.index("\n")
    assert fragments == [[(start, cut), (cut + 1, end)]]
    target = articles_only(tmp_path)
    import_from(target, "brat", out)
    assert (start, end, "carla") in {(r["start"], r["end"], r["annotator"]) for r in rows(target)}


def test_brat_round_trip_gives_the_same_files(fixture, tmp_path):
    first = tmp_path / "first"
    export_to(fixture.path, "brat", first)
    target = articles_only(tmp_path)
    summary = import_from(target, "brat", first)
    assert (summary.added, summary.links_added) == (7, 2)
    second = tmp_path / "second"
    export_to(target, "brat", second)
    assert sorted(p.name for p in second.iterdir()) == sorted(p.name for p in first.iterdir())
    for path in first.iterdir():
        assert (second / path.name).read_text(encoding="utf-8") == path.read_text(encoding="utf-8")
    assert link_rows(target) == [link for link in link_rows(fixture.path) if link[-1] != "same"]


def test_cassis_reads_spans_features_and_relations_with_utf16_offsets(fixture, tmp_path):
    from cassis import load_cas_from_xmi, load_typesystem

    out = tmp_path / "inception.zip"
    count, report = export_to(fixture.path, "xmi", out)
    with zipfile.ZipFile(out) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    typesystem = load_typesystem(io.BytesIO(files.pop("TypeSystem.xml")))
    assert len(files) == count == 2
    loaded, relations = set(), []
    for name, content in files.items():
        cas = load_cas_from_xmi(io.BytesIO(content), typesystem=typesystem)
        meta = cas.select("de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData")[0]
        for span in cas.select("webanno.custom.NewsSpan"):
            assert span.get_covered_text() == cas.sofa_string[span.begin:span.end]
            loaded.add((meta.documentId, span.begin, span.end, span.label, span.annotator, span.status))
            if span.label == "quote" and span.annotator == "anna":
                assert json.loads(span.attrs) == {"form": "direct", "speaker": "Jana Petersen"}
                assert span.note == "geprüft, „wörtlich“"
                assert span.parallaxId == fixture.ids["quote"]
        relations += [(r.kind, r.Governor.label, r.Dependent.label) for r in cas.select("webanno.custom.NewsLink")]
    assert loaded == spans_of(fixture.path)
    assert sorted(relations) == [("elaborates", "quote", "claim"), ("review_of", "claim", "claim")]
    assert report.counts == {loss.LINK_ACROSS: 1}
    # In the file itself offsets count UTF-16 units: the ship before the quote counts twice.
    quote_start, _ = where(FIRST, "„Wir")
    raw = next(c for c in files.values() if "🚢".encode() in c).decode("utf-8")
    assert f'begin="{quote_start + 1}"' in raw and f'begin="{quote_start}"' not in raw


def test_xmi_round_trip_through_cassis_gives_the_same_database(fixture, tmp_path):
    from cassis import load_cas_from_xmi, load_typesystem

    first = tmp_path / "first.zip"
    export_to(fixture.path, "xmi", first)
    rewritten = tmp_path / "rewritten"
    rewritten.mkdir()
    with zipfile.ZipFile(first) as archive:
        typesystem = load_typesystem(io.BytesIO(archive.read("TypeSystem.xml")))
        (rewritten / "TypeSystem.xml").write_text(typesystem.to_xml(), encoding="utf-8")
        for name in archive.namelist():
            if name.endswith(".xmi"):
                cas = load_cas_from_xmi(io.BytesIO(archive.read(name)), typesystem=typesystem)
                (rewritten / name).write_text(cas.to_xmi(), encoding="utf-8")
    target = articles_only(tmp_path)
    summary = import_from(target, "xmi", rewritten)
    assert (summary.added, summary.links_added) == (7, 2)
    assert rows(target) == rows(fixture.path)
    assert link_rows(target) == [link for link in link_rows(fixture.path) if link[-1] != "same"]
    second = tmp_path / "second"
    export_to(target, "xmi", second)
    with zipfile.ZipFile(first) as archive:
        for name in archive.namelist():
            assert (second / name).read_bytes() == archive.read(name)
