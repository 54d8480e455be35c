"""The training command of Parallax's NER model (train/ner/, README "Parallax's own NER
model"), end to end on a tiny corpus of our own in GermEval's format, one epoch, so
that the command cannot rot; and its label mapping."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import spacy

REPO = Path(__file__).resolve().parents[1]
TRAIN = REPO / "train" / "ner"
TINY = REPO / "tests" / "data" / "germeval_tiny"
sys.path.insert(0, str(TRAIN))

from convert import convert, gold_doc  # noqa: E402


def test_the_outer_labels_are_mapped_and_deriv_and_part_are_no_entities() -> None:
    row = {
        "text": "Die EU-Kommission lobte den deutschen Film „Nordlicht“ in Kiel.",
        "outer": [
            {"start": 4, "end": 17, "label": "ORGpart"},
            {"start": 28, "end": 37, "label": "LOCderiv"},
            {"start": 43, "end": 54, "label": "OTH"},
            {"start": 58, "end": 62, "label": "LOC"},
        ],
    }
    doc, off_boundary = gold_doc(spacy.blank("de"), row)
    assert [(e.text, e.label_) for e in doc.ents] == [("„Nordlicht“", "MISC"), ("Kiel", "LOC")]
    assert off_boundary == 0
    # trained as outside, not as unknown: the model learns not to mark them
    assert {t.ent_iob_ for t in doc if t.text in ("EU-Kommission", "deutschen")} == {"O"}


def test_a_span_off_the_token_boundaries_is_missing_not_guessed() -> None:
    row = {"text": "Campi et al. schrieben das.", "outer": [{"start": 0, "end": 11, "label": "PER"}]}
    doc, off_boundary = gold_doc(spacy.blank("de"), row)
    assert off_boundary == 1 and doc.ents == ()
    assert [t.ent_iob_ for t in doc][:3] == ["", "", ""]


def test_convert_writes_both_splits(tmp_path: Path) -> None:
    counts = convert(TINY, tmp_path)
    assert counts["train"]["docs"] == 6 and counts["dev"]["docs"] == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dev.spacy", "train.spacy"]


@pytest.mark.slow
def test_the_training_command_runs_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "model"
    done = subprocess.run(
        [sys.executable, str(TRAIN / "train.py"), "--src", str(TINY), "--work", str(tmp_path / "work"),
         "--out", str(out), "--version", "0.0.1", "--",
         "--training.max_epochs", "1", "--training.eval_frequency", "1"],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "the same entities as" in done.stdout
    assert "PER/LOC/ORG P / R / F1" in done.stdout  # scored by bench/quality/ner.py

    nlp = spacy.load(out)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) == {"PER", "LOC", "ORG", "MISC"}
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert (meta["name"], meta["version"], meta["license"]) == ("parallax_ner", "0.0.1", "CC BY 4.0")
    assert "Benikova" in meta["sources"][0]["citation"] and "performance" not in meta
    assert "Benikova" in (out / "NOTICE").read_text(encoding="utf-8")
    assert json.loads((out / "vocab" / "strings.json").read_text()) == []
    assert str(tmp_path) not in (out / "config.cfg").read_text(encoding="utf-8")  # no path of the training machine


@pytest.mark.slow
def test_the_final_model_trains_on_train_and_dev_for_the_given_steps(tmp_path: Path) -> None:
    out, work = tmp_path / "model", tmp_path / "work"
    done = subprocess.run(
        [sys.executable, str(TRAIN / "train.py"), "--src", str(TINY), "--work", str(work),
         "--out", str(out), "--with-dev", "2", "--", "--training.eval_frequency", "1"],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert sorted(p.name for p in (work / "corpus" / "train_dev").iterdir()) == ["dev.spacy", "train.spacy"]
    assert f"--paths.train {work / 'corpus' / 'train_dev'}" in done.stdout
    rows = [line.split() for line in done.stdout.splitlines()]
    steps = [int(row[1]) for row in rows if len(row) == 8 and row[0].isdigit() and row[1].isdigit()]
    assert steps[-1] == 2  # stopped at the step asked for, not at the config's max_steps
    assert f"package.py {work / 'run' / 'model-last'}" in done.stdout
    assert "PER/LOC/ORG P / R / F1" not in done.stdout  # dev was trained on: not scored
    assert spacy.load(out).pipe_names == ["tok2vec", "ner"]


def test_the_lexicon_vectors_say_which_lists_hold_a_word(tmp_path: Path) -> None:
    from lexicon import CLASSES, build

    words, rows = build(tmp_path / "lexicon")
    vectors = spacy.load(tmp_path / "lexicon").vocab.vectors
    assert vectors.n_keys == words > 100_000 and vectors.shape == (rows, len(CLASSES))

    def classes(word: str) -> set[str]:
        row = vectors.find(key=word)
        return {name for name, on in zip(CLASSES, vectors.data[row]) if on} if row >= 0 else set()

    assert {"surname", "person_word"} <= classes("Merkel")  # people.txt and german-nouns
    assert "country" in classes("Deutschland") and "country" in classes("Deutschlands")
    assert "org" in classes("Nato") and "org_word" in classes("Europäische")
    assert classes("Containerschiff") == {"common_noun"}
    assert "role_word" in classes("Präsident")
    # how common a word is, in wordfreq's Zipf bands, in lower case and capitalised
    assert classes("für") == {"zipf3", "zipf4", "zipf5"} <= classes("Für")
    assert {"zipf3", "zipf4"} <= classes("Schiff") and "zipf5" not in classes("Schiff")
    assert classes("Harfstetter") == set()


@pytest.mark.slow
def test_a_model_trained_with_the_lexicon_carries_it_and_its_attribution(tmp_path: Path) -> None:
    out, work = tmp_path / "model", tmp_path / "work"
    done = subprocess.run(
        [sys.executable, str(TRAIN / "train.py"), "--src", str(TINY), "--work", str(work), "--out", str(out),
         "--lexicon", "--no-score", "--", "--training.max_steps", "2", "--training.eval_frequency", "1"],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    shutil.rmtree(work)  # nothing the training read is needed to run the model
    nlp = spacy.load(out)
    assert nlp.vocab.vectors.find(key="Merkel") >= 0 and nlp.vocab.vectors.find(key="Harfstetter") == -1
    # the tok2vec's embedding reads them: without them the listed words come out different
    embed = nlp.get_pipe("tok2vec").model.get_ref("embed")
    doc = nlp.make_doc("Angela Merkel traf Harfstetter in Berlin.")
    before = embed.predict([doc])[0]
    nlp.vocab.vectors.data[:] = 0
    after = embed.predict([doc])[0]
    changed = [bool(abs(b - a).max() > 1e-6) for b, a in zip(before, after)]
    assert changed[1] and changed[5] and not changed[3]  # Merkel, Berlin; not Harfstetter
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["license"] == "CC BY-SA 4.0" and meta["vectors"]["name"] == "parallax_lexicon"
    notice = (out / "NOTICE").read_text(encoding="utf-8")
    assert "Benikova" in notice and "german-nouns" in notice and "wordfreq" in notice and "CC BY-SA 4.0" in notice
    assert "distributed under CC BY 4.0" not in notice  # one licence for the whole model


@pytest.mark.slow
def test_seeds_train_members_shipped_as_one_model_decoded_together(tmp_path: Path) -> None:
    out, work = tmp_path / "model", tmp_path / "work"
    done = subprocess.run(
        [sys.executable, str(TRAIN / "train.py"), "--src", str(TINY), "--work", str(work), "--out", str(out),
         "--seeds", "3", "4", "5", "--no-score", "--", "--training.max_steps", "2", "--training.eval_frequency", "1"],
        capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert sorted(p.name for p in work.iterdir() if p.name.startswith("run_")) == ["run_3", "run_4", "run_5"]
    assert "each member as alone on" in done.stdout and "the same entities as" in done.stdout
    from parallax.ingest.ner_model import load_model

    nlp = load_model(path=out)
    assert nlp.pipe_names == ["ner"] and nlp.disabled == ["ner_1", "ner_2", "ner_3"]
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["name"] == "parallax_ner" and "3 such members" in meta["description"]
    nlp("Angela Merkel besuchte am Montag Kiel.")  # the members' layers run


def test_one_seed_is_no_joint_model(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(TRAIN / "train.py"), "--src", str(TINY), "--work", str(tmp_path),
                           "--seeds", "3"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "two seeds or more" in done.stderr
