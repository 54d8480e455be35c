"""`parallax train` and `parallax suggest --model`: a span categorizer learned
from a handful of annotated articles (made here, a few seconds of training)
finds the same kind of span in an article it never saw."""

from __future__ import annotations

import json
import os
import random
import re
import sys
from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner

from parallax.cli import cli
from reader_support import tmux  # noqa: F401 (a fixture)
from parallax.store.annotations import add
from parallax.store.db import open_db

NAMES = ["Jana Petersen", "Ole Müller", "Aylin Yilmaz", "Piotr Nowak", "Lena Becker", "Tom Wagner"]
PLACES = ["Kiel", "Rostock", "Lübeck", "Husum", "Flensburg", "Wismar"]
VERBS = ["sagte", "erklärte", "betonte", "meinte"]
QUOTES = ["Wir öffnen den Hafen am {d}. Mai wieder", "Die Schleuse in {p} bleibt bis Freitag zu",
          "Niemand ist verletzt worden", "Wir prüfen alle Schiffe in {p} genau"]
FACTS = ["Der Hafen von {p} war {d} Tage lang gesperrt.", "Am Montag fuhren {d} Schiffe durch {p}.",
         "Das Wetter in {p} blieb stürmisch."]
QUOTE = re.compile("„[^“]*“")


def article(seed: int) -> str:
    r = random.Random(seed)
    paragraphs = []
    for k in range(4):
        p, d = r.choice(PLACES), r.randint(2, 29)
        quote = f"„{r.choice(QUOTES).format(p=p, d=d)}“, {r.choice(VERBS)} {r.choice(NAMES)}."
        facts = " ".join(r.choice(FACTS).format(p=p, d=d) for _ in range(2))
        paragraphs.append(f"{facts} {quote}" if k % 2 else f"{quote} {facts}")
    return "\n\n".join(paragraphs) + "\n"


def write_jsonl(path: Path, seeds: range) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for seed in seeds:
            f.write(json.dumps({"text": article(seed), "title": f"Hafen {seed}", "outlet": "Kieler Blatt"},
                               ensure_ascii=False) + "\n")
    return path


def label_quotes(db_path: Path, story: str, annotator: str = "anna", label: str = "quote") -> int:
    """Accept every quotation of the story's articles, as an annotator would."""
    db = open_db(db_path)
    n = 0
    for article_id, text in db.execute("SELECT a.id, a.text FROM articles a JOIN stories s ON s.id = a.story_id "
                                       "WHERE s.name = ?", [story]).fetchall():
        for m in QUOTE.finditer(text):
            add(db, article_id, m.start(), m.end(), label, annotator)
            n += 1
    db.close()
    return n


@pytest.fixture(scope="module")
def trained(tmp_path_factory, tiny_model):
    """Eight labelled articles in story "Hafen" (quotes by anna, claims by ben on
    the same articles), one unlabelled article in story "Neu", and a model
    trained for two epochs on anna's quotes."""
    folder = tmp_path_factory.mktemp("train")
    db_path = folder / "annotations.db"
    run = _runner(db_path)
    assert run("import", str(write_jsonl(folder / "hafen.jsonl", range(8))), "--story", "Hafen",
               "--model", str(tiny_model)).exit_code == 0
    assert run("import", str(write_jsonl(folder / "neu.jsonl", range(100, 101))), "--story", "Neu",
               "--model", str(tiny_model)).exit_code == 0
    assert label_quotes(db_path, "Hafen") == 32
    db = open_db(db_path)
    first = db.execute("SELECT id, text FROM articles ORDER BY id LIMIT 1").fetchone()
    add(db, first[0], 0, first[1].index(".") + 1, "claim", "ben")
    db.close()
    result = run("train", "--label", "quote", "--annotator", "anna", "--story", "Hafen", "--epochs", "2",
                 "--tokenizer", str(tiny_model), "--out", str(folder / "models" / "quotes"))
    return db_path, folder / "models" / "quotes", result


def _runner(db_path: Path):
    def run(*args: str):
        return CliRunner().invoke(cli, [*args, "--db", str(db_path)], catch_exceptions=False)

    return run


def test_train_prints_held_out_scores_and_writes_a_spacy_pipeline(trained):
    db_path, out, result = trained
    assert result.exit_code == 0, result.output
    assert "Learning quote 32 from 8 articles of 1 story (annotators: anna)" in result.output
    assert "held out to score it: 2 articles (quote 8)" in result.output
    # in a pipe: no progress bar, no spaCy table
    assert "\r" not in result.output and "LOSS" not in result.output and "%|" not in result.output
    table = result.output[result.output.index("held out (exact span)"):].splitlines()
    assert re.match(r"quote\s+8\s+\d\.\d{3}\s+\d\.\d{3}\s+\d\.\d{3}$", table[1])
    assert table[2].startswith("all")
    nlp = spacy.load(out)
    assert "spancat" in nlp.pipe_names and nlp.get_pipe("spancat").labels == ("quote",)
    meta = nlp.meta["parallax"]
    assert meta["labels"] == ["quote"] and meta["stories"] == ["Hafen"] and meta["annotators"] == ["anna"]
    assert meta["articles"] == {"train": 6, "held_out": 2}
    assert set(meta["held_out_scores"]) == {"quote", "all"} and meta["held_out_scores"]["quote"]["gold"] == 8
    assert nlp.meta["name"] == "quotes"
    # scores printed are the ones recorded
    assert f"{meta['held_out_scores']['quote']['f']:.3f}" in table[1]


def test_suggest_model_finds_quotes_in_an_unseen_article_idempotently(trained):
    db_path, out, _ = trained
    run = _runner(db_path)
    result = run("suggest", "Neu", "--model", str(out), "--no-rules")
    assert result.exit_code == 0, result.output
    assert "annotator suggest:quotes" in result.output and "rules" not in result.output
    db = open_db(db_path)
    text = db.execute("SELECT a.text FROM articles a JOIN stories s ON s.id = a.story_id WHERE s.name = 'Neu'").fetchone()[0]
    rows = db.execute("SELECT start, \"end\", label, status, attrs FROM annotations "
                      "WHERE annotator = 'suggest:quotes' ORDER BY start").fetchall()
    quotes = [(m.start(), m.end()) for m in QUOTE.finditer(text)]
    assert [(s, e) for s, e, *_ in rows] == quotes
    assert {(label, status) for _, _, label, status, _ in rows} == {("quote", "suggested")}
    attrs = json.loads(rows[0][4])
    assert 0.5 <= attrs["score"] <= 1 and attrs["cue"].startswith("spancat ")
    again = run("suggest", "Neu", "--model", str(out), "--no-rules")
    assert f"0 added, {len(quotes)} already there" in again.output
    # with the rules, both annotators suggest
    both = run("suggest", "Neu", "--model", str(out))
    assert "annotator suggest:rules-" in both.output and f"0 added, {len(quotes)} already there" in both.output
    annotators = {a for (a,) in db.execute("SELECT DISTINCT annotator FROM annotations WHERE status = 'suggested'")}
    assert annotators >= {"suggest:quotes"} and any(a.startswith("suggest:rules") for a in annotators)
    db.close()


def test_suggest_model_option_keeps_its_meaning_for_other_pipelines(trained, tiny_model):
    db_path, out, _ = trained
    run = _runner(db_path)
    result = run("suggest", "Neu", "--model", str(tiny_model))
    assert result.exit_code == 0 and f"tokens by: {tiny_model.name}" in result.output
    assert "model quotes" not in result.output
    assert run("suggest", "Neu", "--no-rules").exit_code == 1
    two = run("suggest", "Neu", "--model", str(tiny_model), "--model", "de_nothing_here")
    assert two.exit_code == 1 and "one pipeline" in two.output


def test_threshold_one_suggests_nothing(trained, tmp_path):
    db_path, out, _ = trained
    result = _runner(db_path)("suggest", "Neu", "--model", str(out), "--no-rules", "--threshold", "1")
    assert "model quotes: nothing found" in result.output


def test_no_matching_annotations_is_one_line(trained, tmp_path):
    db_path, _, _ = trained
    run = _runner(db_path)
    for args in (["--label", "opinion"], ["--annotator", "carl"], ["--story", "Neu"]):
        result = CliRunner().invoke(cli, ["train", *args, "--out", str(tmp_path / "m"),
                                                          "--db", str(db_path)])
        assert result.exit_code == 1
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("parallax: no accepted annotations")
    assert not (tmp_path / "m").exists()
    result = run("train", "--story", "Atlantis", "--out", str(tmp_path / "m"))
    assert result.exit_code == 1 and "no story named 'Atlantis'" in result.output


def test_too_few_articles_for_a_held_out_part_still_trains(tmp_path, tiny_model):
    db_path = tmp_path / "annotations.db"
    run = _runner(db_path)
    run("import", str(write_jsonl(tmp_path / "two.jsonl", range(2))), "--story", "Zwei", "--model", str(tiny_model))
    label_quotes(db_path, "Zwei")
    out = tmp_path / "two-model"
    result = CliRunner().invoke(
        cli, ["train", "--epochs", "1", "--tokenizer", str(tiny_model), "--out", str(out), "--db", str(db_path)])
    assert result.exit_code == 0, result.stderr
    assert "too few articles (2) for a held-out part" in result.stderr
    assert "held out (exact span)" not in result.stdout
    meta = spacy.load(out).meta
    assert meta["name"] == "two_model" and meta["parallax"]["held_out_scores"] is None


def test_out_folder_is_replaced_only_when_it_holds_a_model(trained, tmp_path, tiny_model):
    db_path, model, _ = trained
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine", encoding="utf-8")
    run = _runner(db_path)
    result = run("train", "--story", "Hafen", "--epochs", "1", "--tokenizer", str(tiny_model), "--out", str(busy))
    assert result.exit_code == 1 and "holds no model made by `parallax train`" in result.output
    assert (busy / "notes.txt").read_text(encoding="utf-8") == "mine"
    again = tmp_path / "again"
    for labels in (["--label", "quote"], ["--label", "claim", "--label", "quote"]):
        result = run("train", "--story", "Hafen", "--epochs", "1", "--tokenizer", str(tiny_model),
                     "--out", str(again), *labels)
        assert result.exit_code == 0, result.output
    assert spacy.load(again).meta["parallax"]["labels"] == ["claim", "quote"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_on_a_terminal_training_shows_spacys_table_then_the_scores(trained, tmux, tiny_model, tmp_path):
    """tqdm's bar and spaCy's table of losses and held-out scores go to a terminal only."""
    db_path, _, _ = trained
    pane = tmux.start("train", [sys.executable, "-m", "parallax.cli", "train", "--story", "Hafen", "--label", "quote",
                                "--epochs", "3", "--tokenizer", str(tiny_model), "--out", str(tmp_path / "tty-model"),
                                "--db", str(db_path)],
                      width=160, height=40, env={"PARALLAX_CACHE_DIR": os.environ.get("PARALLAX_CACHE_DIR", "")})
    assert tmux.wait_exit(pane, deadline=180) == "0", tmux.capture(pane)
    screen = tmux.capture(pane)
    assert re.search(r"E\s+#\s+LOSS TOK2VEC\s+LOSS SPANCAT\s+SPANS_SC_F", screen)
    assert screen.index("LOSS SPANCAT") < screen.index("held out (exact span)")
    assert ".tty-model-" not in screen  # nothing about the temporary checkpoint folder
