"""A trained `model-best` → the folder Parallax ships (`ingest/models/de_parallax_ner`).

Keeps config.cfg, the tokenizer, the vocab and the tok2vec/ner weights; rewrites
meta.json (name, version, description, licence and the data's attribution, without
the training-time scores) and writes NOTICE, the data's attribution(s) and licence. Empties
vocab/strings.json (~2 MB of training-corpus strings that nothing reads at run time:
the hash embeddings hash each token's text as it comes, the labels are in ner/moves),
which also keeps the corpus's vocabulary out of the package. A model trained with
`train.py --lexicon` carries the name lists as vectors (`lexicon.py`): derived
from german-nouns (CC BY-SA 4.0), so such a model is distributed under CC BY-SA 4.0
with both attributions. Then checks that the copy finds exactly the same entities as
the trained model on the given texts.

    python train/ner/package.py MODEL_BEST OUT [--version 1.0.0] [--check dev.jsonl]
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

NAME = "parallax_ner"
SOURCE = {
    "name": "GermEval 2014 NER (NoSta-D)",
    "url": "https://sites.google.com/site/germeval2014ner/",
    "license": "CC BY 4.0",
    "author": "D. Benikova, C. Biemann, M. Reznicek",
    "citation": (
        'D. Benikova, C. Biemann, M. Reznicek: "NoSta-D Named Entity Annotation for German: '
        'Guidelines and Dataset", LREC 2014'
    ),
}
DESCRIPTION = (
    "German named entities (PER, LOC, ORG, MISC) for Parallax: blank 'de' tokenizer, "
    "hash-embedding CNN tok2vec and a transition-based ner, trained on GermEval 2014 "
    "(NoSta-D; MISC is GermEval's OTH, its ...deriv/...part classes are no entities)."
)
JOINT_DESCRIPTION = (
    " It is {count} such members, trained alike with other seeds and decoded together: one"
    " greedy decode over the sum of their action scores."
)
LEXICON_NAME = "parallax_lexicon"
"""The vectors' name that lexicon.py gives them."""
LEXICON_DESCRIPTION = " Its tok2vec also reads, as static vectors, which of Parallax's name lists hold each word."
NOTICE = """Parallax German NER model (de_parallax_ner)

This model was trained by the Parallax developers on the GermEval 2014 Named Entity
Recognition data (NoSta-D), licensed under the Creative Commons Attribution 4.0
International licence (CC BY 4.0, https://creativecommons.org/licenses/by/4.0/):

    D. Benikova, C. Biemann, M. Reznicek. "NoSta-D Named Entity Annotation for German:
    Guidelines and Dataset". Proceedings of LREC 2014, Reykjavik, Iceland.
    https://sites.google.com/site/germeval2014ner/

Changes: the data's outer entity level was mapped to PER, LOC, ORG and MISC (OTH), the
...deriv and ...part classes to no entity, and a statistical model was trained on it;
the model contains no text of the data. The model is distributed under {licence} with
this attribution{others}. How to train it again: train/ner/ in Parallax's source repository.
"""
LEXICON_SOURCE = {
    "name": "german-nouns 1.2.5 (from the German Wiktionary), babel's CLDR names, Parallax's name lists",
    "url": "https://github.com/gambolputty/german-nouns",
    "license": "CC BY-SA 4.0 (german-nouns); Unicode License (CLDR)",
    "author": "Gregor Weichbrodt and the Wiktionary contributors; the Unicode CLDR project",
}
FREQUENCY_SOURCE = {
    "name": "wordfreq 3.1.1, German word frequencies",
    "url": "https://github.com/rspeer/wordfreq",
    "license": "CC BY-SA 4.0 (data)",
    "author": "Robyn Speer; data from Wikipedia, ParaCrawl, OpenSubtitles 2018, SUBTLEX-DE "
              "(Brysbaert et al.), Google Books Ngrams, the Leeds Internet Corpus and others",
    "citation": "Robyn Speer (2022). rspeer/wordfreq: v3.0. Zenodo. https://doi.org/10.5281/zenodo.7199437",
}
LEXICON_NOTICE = """
The model's word vectors (vocab/key2row, vocab/vectors: for each listed word, which
lists hold it) are derived from the name and noun lists of Parallax's offline
recognizer: german-nouns 1.2.5 by Gregor Weichbrodt, compiled from the German
Wiktionary (https://de.wiktionary.org) by its contributors, licensed under CC BY-SA 4.0
(https://creativecommons.org/licenses/by-sa/4.0/); country and city names from the
Unicode CLDR via babel (Unicode License); Parallax's own curated lists; and how common
each word is in German, from wordfreq 3.1.1 by Robyn Speer
(https://github.com/rspeer/wordfreq, data licensed under CC BY-SA 4.0; Speer, R. (2022),
rspeer/wordfreq: v3.0, https://doi.org/10.5281/zenodo.7199437), whose German counts come
from Wikipedia, ParaCrawl, OpenSubtitles 2018 (http://www.opensubtitles.org/), SUBTLEX-DE
by Marc Brysbaert et al. (freely available data,
http://crr.ugent.be/programs-data/subtitle-frequencies), Google Books Ngrams
(http://books.google.com/ngrams), the Leeds Internet Corpus and others. Because of
the ShareAlike condition, a model that carries these vectors is distributed under
CC BY-SA 4.0 with the attributions above.
"""


def package(src: Path, dst: Path, *, version: str) -> None:
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst)
    meta_path = dst / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.pop("performance", None)
    lexicon = meta.get("vectors", {}).get("name") == LEXICON_NAME
    meta.update(
        name=NAME,
        version=version,
        description=DESCRIPTION + (LEXICON_DESCRIPTION if lexicon else "")
        + (JOINT_DESCRIPTION.format(count=len(meta["disabled"])) if meta.get("disabled") else ""),
        author="Parallax developers",
        license="CC BY-SA 4.0" if lexicon else "CC BY 4.0",
        sources=[SOURCE, LEXICON_SOURCE, FREQUENCY_SOURCE] if lexicon else [SOURCE],
    )
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    notice = NOTICE.format(licence=meta["license"], others=" and the ones below" if lexicon else "")
    (dst / "NOTICE").write_text(notice + (LEXICON_NOTICE if lexicon else ""), encoding="utf-8")
    (dst / "vocab" / "strings.json").write_text("[]", encoding="utf-8")
    _forget_paths(dst / "config.cfg")


def _forget_paths(config_path: Path) -> None:
    """The config's [paths] named the training machine's folders; they are read only
    when training, so the shipped config keeps just their names."""
    from spacy.util import load_config

    config = load_config(config_path, interpolate=False)
    config["paths"] = {key: value if value is None else Path(value).name for key, value in config["paths"].items()}
    config.to_disk(config_path)


def same_entities(first: Path, second: Path, texts: list[str]) -> bool:
    import spacy

    import parallax.ingest.ner_joint  # noqa: F401  (a joint model's component)

    def entities(path: Path) -> list[list[tuple[int, int, str]]]:
        nlp = spacy.load(path)
        return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(texts)]

    return entities(first) == entities(second)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("src", type=Path, help="a trained pipeline, e.g. RUN/model-best")
    parser.add_argument("dst", type=Path, help="the folder to write (replaced)")
    parser.add_argument("--version", default="1.0.0")
    parser.add_argument("--check", type=Path, help="a GermEval-style jsonl whose texts both must tag alike")
    args = parser.parse_args()
    package(args.src, args.dst, version=args.version)
    if args.check:
        lines = args.check.read_text(encoding="utf-8").splitlines()
        texts = [json.loads(line)["text"] for line in lines if line.strip()]
        if not same_entities(args.src, args.dst, texts):
            raise SystemExit(f"{args.dst} tags {args.check} differently from {args.src}")
        print(f"{args.dst}: the same entities as {args.src} on {len(texts)} texts")
    size = sum(p.stat().st_size for p in args.dst.rglob("*") if p.is_file())
    print(f"{args.dst}: {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
