"""Parallax's own German NER model as shipped (package data) and the default pipeline
built around it: loading with no network, the seeds' names, numpy ops, and the
import of the seeds and of the sample story through the command line."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from thinc.api import get_current_ops

import parallax.ingest
from parallax.ingest.ner_model import default_pipeline_name, load_model, model_path
from test_recognizer import SEED_ENTITIES

KOREAN_SEED_NAMES = {("Park Sun Won", "PER"), ("Choo Kyung Ho", "PER")}

NO_NETWORK = """
import socket
def refuse(*args, **kwargs):
    raise OSError("no network in this test")
socket.socket.connect = socket.socket.connect_ex = socket.create_connection = refuse
"""

TAG_SEEDS = NO_NETWORK + """
import json, sys
from pathlib import Path
from parallax.ingest.clean import clean
from parallax.ingest.nlp import annotate, load_pipeline
from parallax.ingest.readers import read_path

pipeline = load_pipeline()
records = [clean(read_path(path)[0]) for path in sorted(Path(sys.argv[1]).glob("*.txt"))]
found = {(e.text, e.label) for r in annotate(pipeline, records) for e in r.entities}
print(json.dumps({"name": pipeline.name, "found": sorted(found)}))
"""


def test_the_model_is_package_data_with_its_attribution() -> None:
    path = model_path()
    assert path.is_relative_to(Path(parallax.ingest.__file__).parent)
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    # its name-list vectors come from german-nouns (CC BY-SA 4.0): ShareAlike, both attributions
    assert (meta["lang"], meta["name"], meta["license"]) == ("de", "parallax_ner", "CC BY-SA 4.0")
    # members decoded together (ingest/ner_joint.py): each a ner with its own tok2vec, run by the joint "ner"
    assert meta["pipeline"] == ["ner"] and meta["disabled"] == ["ner_1", "ner_2", "ner_3"]
    assert all(sorted(meta["labels"][member]) == ["LOC", "MISC", "ORG", "PER"] for member in meta["disabled"])
    assert "Benikova" in meta["sources"][0]["citation"] and "german-nouns" in meta["sources"][1]["name"]
    notice = (path / "NOTICE").read_text(encoding="utf-8")
    assert "NoSta-D Named Entity Annotation for German" in notice and "Gregor Weichbrodt" in notice
    assert "distributed under CC BY-SA 4.0" in notice
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    assert size < 21_000_000  # the budget is "about 20 MB": three members, 20.9 MB


def test_a_candidate_model_folder_takes_the_shipped_models_place_in_the_default_pipeline(tmp_path: Path) -> None:
    from parallax.ingest.nlp import annotate, default_pipeline
    from parallax.store.records import ArticleRecord

    candidate = tmp_path / "candidate"
    shutil.copytree(model_path(), candidate)
    meta = json.loads((candidate / "meta.json").read_text(encoding="utf-8"))
    (candidate / "meta.json").write_text(json.dumps({**meta, "version": "9.9.9"}), encoding="utf-8")
    # a model whose every move is "outside", so it tags nothing: the candidate's
    # weights, not the shipped model's, are what runs
    model = load_model(path=candidate)
    for member in model.disabled:
        ner = model.get_pipe(member)
        upper = ner.model.get_ref("upper")
        bias = upper.get_param("b") * 0 - 10
        # the output rows follow the transition system's classes; `move_names` leaves one out
        bias[[ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)].index("O")] = 10
        upper.set_param("b", bias)
        upper.set_param("W", upper.get_param("W") * 0)
        shutil.rmtree(candidate / member)
        ner.to_disk(candidate / member)

    pipeline = default_pipeline(ner_model=candidate)
    assert pipeline.name.startswith("de_parallax_ner 9.9.9 + ")
    text = "Gestern sagte Quendolin Harfstetter in Wolkenau, es sei vorbei."
    [record] = annotate(pipeline, [ArticleRecord(text=text, source_path="candidate.txt")])
    [shipped] = annotate(default_pipeline(), [ArticleRecord(text=text, source_path="shipped.txt")])
    # the shipped model finds the invented person (1.3.0 only "Quendolin"), the candidate nobody
    assert any(e.label == "PER" and e.text.startswith("Quendolin") for e in shipped.entities)
    assert not any("Quendolin" in e.text for e in record.entities)


@pytest.mark.seeds
def test_the_default_pipeline_loads_with_no_network_and_finds_the_seeds_names(seeds_dir: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-I", "-c", TAG_SEEDS, str(seeds_dir)],
        capture_output=True, text=True, timeout=300, env=os.environ.copy(),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert result["name"] == default_pipeline_name()
    found = {tuple(pair) for pair in result["found"]}
    assert SEED_ENTITIES | KOREAN_SEED_NAMES <= found, (SEED_ENTITIES | KOREAN_SEED_NAMES) - found


def test_numpy_ops_give_the_same_entities_and_leave_thincs_default_alone() -> None:
    texts = [
        "Bundeskanzler Olaf Scholz traf in Paris Emmanuel Macron und Vertreter der Deutschen Bank.",
        "Der SC Freiburg gewann in Hamburg, sagte Trainer Christian Streich der dpa.",
        "Die Nato-Außenminister berieten in Brüssel über Waffenlieferungen an die Ukraine.",
    ]
    before = get_current_ops()
    fast = load_model()
    assert get_current_ops() is before  # the reader or a caller never sees a change
    for member in fast.disabled:
        assert type(fast.get_pipe(member).model.ops).__name__ == "NumpyOps"
        assert fast.get_pipe(member).model.ops.use_blis is False
    default = spacy.load(model_path())  # thinc's own choice of ops
    assert [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in fast.pipe(texts)] == [
        [(e.start_char, e.end_char, e.label_) for e in d.ents] for d in default.pipe(texts)
    ]


@pytest.mark.seeds
def test_import_of_the_seeds_names_the_pipeline_in_import_stats_and_every_entity(
    seeds_dir: Path, tmp_path: Path
) -> None:
    db = tmp_path / "seeds.db"

    def parallax(*args: str) -> str:
        done = subprocess.run([sys.executable, "-I", "-m", "parallax.cli", *args, "--db", str(db)],
                              capture_output=True, text=True, timeout=300, env=os.environ.copy())
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    name = default_pipeline_name()
    assert f"entities by: {name}" in parallax("import", str(seeds_dir), "--story", "Seeds")
    stats = json.loads(parallax("stats", "Seeds", "--json"))
    assert list(stats["entity_sources"]) == [name] and stats["entity_sources"][name] > 100
    with sqlite3.connect(db) as conn:
        people = {text for (text,) in conn.execute("SELECT text FROM entities WHERE label = 'PER'")}
        sources = {source for (source,) in conn.execute("SELECT DISTINCT source FROM entities")}
    assert sources == {name}
    assert {"Park Sun Won", "Choo Kyung Ho", "Mark Rutte"} <= people


def test_the_sample_story_with_the_default_pipeline_highlights_brunsbuettel(sample_db: Path) -> None:
    """`parallax demo` (the session's sample database) imports with the default pipeline."""
    with sqlite3.connect(sample_db) as conn:
        sources = {s for (s,) in conn.execute("SELECT DISTINCT entity_source FROM articles")}
        towns = conn.execute(
            "SELECT a.outlet, e.label, count(*) FROM entities e JOIN articles a ON a.id = e.article_id "
            "WHERE e.text = 'Brunsbüttel' GROUP BY 1, 2").fetchall()
        mentions = sum(text.count("Brunsbüttel") for (text,) in conn.execute("SELECT text FROM articles"))
    assert sources == {default_pipeline_name()}
    assert {label for _, label, _ in towns} == {"LOC"}
    assert sum(n for *_, n in towns) >= 0.8 * mentions


def test_the_sample_story_oracle_holds_with_the_default_pipeline(sample_db: Path) -> None:
    """The people, organisations and ship of tests/test_sample_story.py's oracle, in
    the database `parallax demo` made (any zone)."""
    from test_sample_story import ORGANISATIONS, PEOPLE, SHIP, SURNAMES

    with sqlite3.connect(sample_db) as conn:
        rows = conn.execute(
            "SELECT a.outlet, a.source_path, e.text, e.label FROM entities e JOIN articles a ON a.id = e.article_id"
        ).fetchall()
    by_article: dict[str, set[tuple[str, str]]] = {}
    for _outlet, path, text, label in rows:
        by_article.setdefault(Path(path).name[:2], set()).add((text, label))
    assert sorted(by_article) == ["01", "02", "03", "04"]
    people = [(name, key) for key, names in PEOPLE.items() for name in names]
    assert all((name, "PER") in by_article[key] for name, key in people), [
        (name, key) for name, key in people if (name, "PER") not in by_article[key]]
    assert all((name, "PER") in by_article[key] for key, names in SURNAMES.items() for name in names)
    orgs = [(name, key) for key, names in ORGANISATIONS.items() for name in names]
    found = [(name, key) for name, key in orgs if (name, "ORG") in by_article[key]]
    assert len(found) >= 0.7 * len(orgs), set(orgs) - set(found)
    assert all((SHIP, "MISC") in found_here for found_here in by_article.values())
