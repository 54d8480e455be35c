"""The project's name lists as static vectors for the NER model's tok2vec.

Every word the lists know gets a multi-hot vector of what they say about it (first
name, surname, word of a listed person, country, place, organisation, word of an
organisation's name, common noun, role word) and how common the word is in German
(wordfreq's Zipf frequency of its lower-case form: at least 3, 4, 5 — once, ten,
a hundred times per million words; the same for its capitalised form, since
wordfreq folds case); every other word has none (spaCy's StaticVectors gives it
zeros). The lists are the offline recognizer's (`parallax.ingest.gazetteer`): babel's
countries and cities (CLDR), german-nouns' toponyms, first names, surnames and common
nouns (Wiktionary, CC BY-SA 4.0) and the curated `ingest/data/*.txt`; the frequencies
are wordfreq's German list (data CC BY-SA 4.0: Wikipedia, subtitles, web text, books,
news); none of them was built from GermEval.

The table is a spaCy pipeline folder with only a vocab and its vectors, for the
config's `[initialize] vectors` (`--paths.vectors DIR`) with
`--components.tok2vec.model.embed.include_static_vectors true`: spaCy copies it into
the trained model's vocab, so the shipped model carries it (keys are word hashes,
one row per distinct combination of classes) and needs nothing else at run time.

    python train/ner/lexicon.py OUT
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path

import numpy
import spacy
from spacy.lang.de.stop_words import STOP_WORDS
from spacy.vectors import Vectors

from package import LEXICON_NAME
from parallax.ingest.gazetteer import COUNTRY, ORGANISATION, PERSON, PLACE, build_gazetteer

CLASSES = (
    "first_name", "surname", "person_word", "country", "place", "org", "org_word", "common_noun", "role_word",
    "zipf3", "zipf4", "zipf5",
)
ZIPF_BANDS = (("zipf3", 3.0), ("zipf4", 4.0), ("zipf5", 5.0))


def word_classes() -> dict[str, set[str]]:
    """Word → the classes the lists give it, on the tokens of blank German's tokenizer."""
    gazetteer = build_gazetteer()
    tokenizer = spacy.blank("de").tokenizer
    classes: dict[str, set[str]] = {}

    def mark(words: Iterable[str], name: str) -> None:
        for word in words:
            classes.setdefault(word, set()).add(name)

    lexicon = gazetteer.lexicon
    mark(lexicon.first_names, "first_name")
    mark(lexicon.surnames, "surname")
    mark(lexicon.common_nouns, "common_noun")
    mark((form[:1].upper() + form[1:] for form in lexicon.role_forms), "role_word")
    by_id = {PERSON: "person_word", COUNTRY: "country", PLACE: "place"}
    for pattern in gazetteer.patterns:
        words = [t.text for t in tokenizer(pattern["pattern"]) if t.is_alpha and t.text.lower() not in STOP_WORDS]
        if pattern["id"] == ORGANISATION:
            mark(words, "org" if len(words) == 1 else "org_word")
        else:
            mark(words, by_id[pattern["id"]])
    mark_frequencies(classes)
    return classes


def mark_frequencies(classes: dict[str, set[str]]) -> None:
    """The Zipf bands of every alphabetic word wordfreq counts at least once per
    million German words, in lower case and capitalised."""
    import wordfreq

    for word in wordfreq.iter_wordlist("de", "large"):  # most frequent first
        zipf = wordfreq.zipf_frequency(word, "de", "large")
        if zipf < ZIPF_BANDS[0][1]:
            break
        if word.isalpha():
            bands = {name for name, low in ZIPF_BANDS if zipf >= low}
            for form in {word, word[:1].upper() + word[1:]}:
                classes.setdefault(form, set()).update(bands)


def build(out: Path) -> tuple[int, int]:
    """Write the vectors pipeline to OUT; (words, rows)."""
    classes = word_classes()
    combos = sorted({tuple(sorted(c)) for c in classes.values()})
    row_of = {combo: row for row, combo in enumerate(combos)}
    data = numpy.zeros((len(combos), len(CLASSES)), dtype="float32")
    for combo, row in row_of.items():
        for name in combo:
            data[row, CLASSES.index(name)] = 1.0
    nlp = spacy.blank("de")
    vectors = Vectors(data=data, name=LEXICON_NAME)
    for word, names in classes.items():
        vectors.add(nlp.vocab.strings.add(word), row=row_of[tuple(sorted(names))])
    nlp.vocab.vectors = vectors
    nlp.to_disk(out)
    return len(classes), len(combos)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    words, rows = build(args.out)
    print(f"{args.out}: {words} words, {rows} distinct rows of {len(CLASSES)} classes")


if __name__ == "__main__":
    main()
