"""Suggestions: candidate quotes, claims, opinions and comments for an article,
found by the German cues in `ingest.cues` and stored with status `suggested`.

The rules read an article as it is stored (text, zones, sentences, entities) plus
the tokens of one spaCy pipeline. The built-in offline recognizer and a blank
German pipeline give only tokens: Konjunktiv and speech verbs then come from the
word lists in `ingest/data/`. A trained pipeline with a morphologizer and a parser
gives `Mood=Sub` and the dependency tree, which take over from the lists (see the
"dep" cue and `tokens.Tokens`).

    suggest(article, pipeline)          -> [Suggestion(start, end, label, attrs)]
    suggest_story(db, story, pipeline)  -> SuggestSummary   (idempotent, one transaction per article)

Spans: a direct quote is the quotation with its marks; everything else is a
sentence (the stored sentence, clipped to its zone, with a stray opening mark or
bracket at its end given to the next sentence, and list bullets or a reply's
"@name:" in front dropped). Two suggestions of one label overlap only where a
sentence of indirect or reported speech holds a direct quotation inside its clause:
both are suggested (`rules._embedded`); otherwise the quotation wins.

Where to look:

    pipeline.py       the spaCy pipeline and the docs it makes of an article
    sentences.py      the sentences the rules label, the quotation marks in them
    tokens.py         tokens with word-class flags (speech verb, Konjunktiv, …)
    patterns.py       the cue table's patterns compiled for spaCy's Matcher / DependencyMatcher
    matching.py       the rules' Docs of an article, and the first match of a pattern in a sentence
    article.py        one article as the rules read it; `Suggestion`
    direct_quotes.py  quotations in marks and what attributes them
    sentence_cues.py  which cues a sentence may match; whether one does, by its kind
    speakers.py       who is quoted
    rules.py          the pass over an article's sentences
    storing.py        storing the suggestions of a story
"""

from .article import Suggestion
from .pipeline import analyses, load_suggest_pipeline, prepare
from .rules import ANNOTATOR, suggest, suggest_docs
from .storing import SuggestSummary, iter_rows, suggest_story

__all__ = ["ANNOTATOR", "Suggestion", "SuggestSummary", "analyses", "iter_rows", "load_suggest_pipeline",
           "prepare", "suggest", "suggest_docs", "suggest_story"]
