"""spaCy DocBin read by `DocBin.from_disk` and checked by `spacy debug data`
with a spancat config; CoNLL-2003 and CoNLL-U converted by `spacy convert`
and CoNLL-U parsed by the `conllu` library."""

import re
import subprocess
import sys

import conllu
import pytest
import spacy
from spacy.tokens import DocBin

from formats_support import (SECOND, articles_only, build, export_to, import_from, link_rows, not_off_tokens, rows,
                             spans_of)
from parallax.formats import loss
from parallax.store.articles import text_sha256



@pytest.fixture
def fixture(tmp_path):
    return build(tmp_path)


def test_docbin_holds_span_groups_ents_ids_and_user_data(fixture, tmp_path):
    out = tmp_path / "train.spacy"
    count, report = export_to(fixture.path, "spacy", out)
    docs = list(DocBin().from_disk(out).get_docs(spacy.blank("de").vocab))
    assert len(docs) == count == 2
    loaded = set()
    for doc in docs:
        meta = doc.user_data["parallax"]
        for key, status in (("sc", "accepted"), ("sc_suggested", "suggested"), ("sc_rejected", "rejected")):
            for span in doc.spans[key]:
                assert meta["spans"][span.id_]["status"] == status
                loaded.add((text_sha256(doc.text), span.start_char, span.end_char, span.label_,
                            meta["spans"][span.id_]["annotator"], status))
        # ents: the accepted spans that overlap no other accepted span
        if doc.text == SECOND:
            assert [e.text for e in doc.ents] == ["„Wir schließen den Kanal nicht leichtfertig.“"]
        else:
            assert list(doc.ents) == []
            assert [(link["kind"]) for link in meta["links"]] == ["elaborates", "review_of"]
    assert loaded == spans_of(fixture.path, not_off_tokens)
    assert report.counts == {loss.SPAN_OFF_TOKENS: 1, loss.LINK_ACROSS: 1}


def test_spacy_debug_data_accepts_the_docbin_for_spancat(fixture, tmp_path):
    out = tmp_path / "train.spacy"
    export_to(fixture.path, "spacy", out)
    config = tmp_path / "config.cfg"
    made = subprocess.run([sys.executable, "-m", "spacy", "init", "config", str(config), "--lang", "de",
                           "--pipeline", "spancat"], capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    done = subprocess.run([sys.executable, "-m", "spacy", "debug", "data", str(config), "--paths.train", str(out),
                           "--paths.dev", str(out)], capture_output=True, text=True, timeout=300)
    # two documents are too few to train on, and debug data says so (its only
    # failed check); everything about the data's form passes
    failed = [line for line in done.stdout.splitlines() if "✘" in line]
    assert len(failed) == 2 and "Low number of examples to train" in failed[0] and "1 error" in failed[1], \
        done.stdout + done.stderr
    assert "✔ Corpus is loadable" in done.stdout
    assert "2 training docs" in done.stdout
    (labels,) = [line for line in done.stdout.splitlines() if line.startswith("sc ")]
    assert sorted(re.findall(r"'(\w+)'", labels)) == ["claim", "opinion", "quote"]


def test_docbin_round_trip_gives_the_same_database(fixture, tmp_path):
    first = tmp_path / "first.spacy"
    export_to(fixture.path, "spacy", first)
    rewritten = tmp_path / "rewritten.spacy"
    DocBin(store_user_data=True, docs=DocBin().from_disk(first).get_docs(spacy.blank("de").vocab)).to_disk(rewritten)
    target = articles_only(tmp_path)
    summary = import_from(target, "spacy", rewritten)
    assert (summary.added, summary.links_added) == (6, 2)
    assert rows(target) == [r for r in rows(fixture.path) if not_off_tokens(r)]
    assert link_rows(target) == [link for link in link_rows(fixture.path) if link[-1] != "same"]
    second = tmp_path / "second.spacy"
    export_to(target, "spacy", second)
    assert second.read_bytes() == first.read_bytes()


EXPECTED_CONLL_LOSS = {loss.SPAN_OVERLAP: 2, loss.SPAN_OFF_TOKENS: 1, loss.SPAN_SUGGESTED: 1, loss.SPAN_REJECTED: 1,
                       loss.LINK_NONE: 2, loss.LINK_ACROSS: 1, loss.ANNOTATOR: 2, loss.ATTRS: 3, loss.NOTES: 1}


def _convert(path, converter, tmp_path):
    folder = tmp_path / f"converted-{converter}"
    folder.mkdir()
    # CoNLL-2003 documents are split at -DOCSTART-; the CoNLL-U reader groups sentences itself
    grouping = ["--n-sents", "0"] if converter == "ner" else []
    done = subprocess.run([sys.executable, "-m", "spacy", "convert", str(path), str(folder), "--converter", converter,
                           *grouping], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    (output,) = folder.iterdir()
    return list(DocBin().from_disk(output).get_docs(spacy.blank("de").vocab))


def _first_choice_ents(path):
    """What an IOB format can hold of the fixture: accepted spans on tokens,
    the first of overlapping ones (the nested claim and the opinion lose)."""
    return {("quote", "„Wir schließen den Kanal nicht leichtfertig“"),
            ("quote", "„Wir schließen den Kanal nicht leichtfertig.“")}


@pytest.mark.parametrize("fmt, converter", [("conll", "ner"), ("conllu", "conllu")])
def test_spacy_convert_reads_the_conll_files(fixture, tmp_path, fmt, converter):
    out = tmp_path / f"export.{fmt}"
    count, report = export_to(fixture.path, fmt, out)
    docs = _convert(out, converter, tmp_path)
    # spaCy's CoNLL-2003 reader puts a space after every word: compare without spaces
    ents = {(e.label_.lower(), "".join(e.text.split())) for doc in docs for e in doc.ents}
    assert ents == {(label, "".join(text.split())) for label, text in _first_choice_ents(fixture.path)}
    assert report.counts == EXPECTED_CONLL_LOSS
    if fmt == "conllu":
        # SpaceAfter=No restores the text up to line breaks
        texts = " ".join(doc.text for doc in docs)
        assert "„Wir schließen den Kanal nicht leichtfertig“, sagte" in texts


def test_conllu_library_parses_every_sentence(fixture, tmp_path):
    out = tmp_path / "export.conllu"
    export_to(fixture.path, "conllu", out)
    sentences = conllu.parse(out.read_text(encoding="utf-8"))
    assert [s.metadata["sent_id"].rsplit("-", 1)[1] for s in sentences] == ["1", "2", "1"]
    assert sentences[0].metadata["text"].startswith("🚢 Brunsbüttel.")
    tagged = [(t["form"], (t["misc"] or {}).get("NE")) for s in sentences for t in s if (t["misc"] or {}).get("NE")]
    assert tagged[0] == ("„", "B-QUOTE") and tagged[1] == ("Wir", "I-QUOTE")
    assert len(tagged) == 8 + 9  # the two quotes, token by token („ Wir … leichtfertig [.] “)


def test_align_expand_puts_the_span_inside_a_token_into_conll(fixture, tmp_path):
    out = tmp_path / "export.conll"
    _, report = export_to(fixture.path, "conll", out, align="expand")
    assert "Hafenkapitänin -X- _ B-claim" in out.read_text(encoding="utf-8")
    assert report.counts[loss.SPAN_WIDENED] == 1 and loss.SPAN_OFF_TOKENS not in report.counts
