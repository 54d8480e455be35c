"""Members of Parallax's NER model decoded together (`ingest/ner_joint.py`): one member
decoded by it tags exactly as spaCy's own `ner` does — across sentence starts,
whitespace tokens, one-token and empty texts —, a member whose scores are all zero
changes nothing, and members whose actions differ are refused. The members here are
tiny `ner`s trained in the test, each with its own tok2vec inside."""

from __future__ import annotations

import random

import pytest
import spacy
from spacy.language import Language
from spacy.training import Example

from parallax.ingest.ner_joint import JOINT

TRAIN = [
    ("Angela Merkel besuchte am Montag Kiel.", [(0, 13, "PER"), (33, 37, "LOC")]),
    ("Die Deutsche Bank meldete Gewinne in Frankfurt.", [(4, 17, "ORG"), (37, 46, "LOC")]),
    ("Olaf Scholz sprach mit der dpa in Berlin.", [(0, 11, "PER"), (27, 30, "ORG"), (34, 40, "LOC")]),
    ("In Hamburg wartet die Reederei Hapag-Lloyd auf Antwort.", [(3, 10, "LOC"), (31, 42, "ORG")]),
    ("Kanzler Friedrich Merz reiste nach Paris.", [(8, 22, "PER"), (35, 40, "LOC")]),
    ("Der Hafen von Brunsbüttel blieb gesperrt, sagte Henning Brandt.", [(14, 25, "LOC"), (48, 62, "PER")]),
]
TEXTS = [
    "Angela Merkel traf Olaf Scholz in Kiel. Dann fuhr Merkel nach Hamburg.",
    "Die Deutsche Bank\n\nund die dpa  berichten aus Frankfurt. Brandt schwieg.",
    "Berlin",
    "",
    "  \n ",
    "Kiel. Hamburg. Paris. Henning Brandt sagte: Die Deutsche Bank zahlt nicht.",
    " ".join(text for text, _ in TRAIN),
]
SMALL = {
    "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner", "extra_state_tokens": False,
    "hidden_width": 16, "maxout_pieces": 2, "use_upper": True, "nO": None,
    "tok2vec": {"@architectures": "spacy.HashEmbedCNN.v2", "width": 24, "depth": 2, "embed_size": 500,
                "window_size": 1, "maxout_pieces": 3, "subword_features": True, "pretrained_vectors": None},
}


def member(seed: int, labels: tuple[str, ...] = ("PER", "LOC", "ORG")) -> Language:
    spacy.util.fix_random_seed(seed)
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    ner = nlp.add_pipe("ner", config={"model": SMALL})
    for label in labels:
        ner.add_label(label)
    examples = [Example.from_dict(nlp.make_doc(text), {"entities": ents}) for text, ents in TRAIN]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    for _ in range(60):
        rng.shuffle(examples)
        nlp.update(examples, sgd=optimizer, drop=0.1)
    return nlp


def joint(*members: Language) -> Language:
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    names = []
    for i, one in enumerate(members, 1):
        names.append(f"ner_{i}")
        nlp.add_pipe("ner", name=names[-1], source=one)
    nlp.add_pipe(JOINT, name="ner", config={"members": names})
    for name in names:
        nlp.disable_pipe(name)
    return nlp


def entities(nlp: Language, texts: list[str] = TEXTS) -> list[list[tuple[int, int, str]]]:
    return [[(e.start, e.end, e.label_) for e in doc.ents] for doc in nlp.pipe(texts, batch_size=4)]


@pytest.fixture(scope="module")
def members() -> list[Language]:
    return [member(1), member(2)]


def test_one_member_decoded_jointly_tags_as_spacys_ner(members: list[Language]) -> None:
    alone = entities(members[0])
    assert sum(map(len, alone)) >= 5  # the member learnt names: the comparison means something
    assert entities(joint(members[0])) == alone
    # every token gets an IOB tag, as from spaCy's ner
    doc = joint(members[0])(TEXTS[0])
    assert "" not in {token.ent_iob_ for token in doc}


@pytest.mark.parametrize("preference", [
    ["B-PER", "I-PER", "L-PER", "U-LOC", "O"],  # entities as long as the rules allow
    ["U-ORG", "B-LOC", "I-LOC", "L-LOC", "O"],
    ["B-ORG", "L-ORG", "I-ORG", "U-PER", "O"],
])
def test_the_rules_of_spacys_actions_hold_where_the_scores_want_otherwise(preference: list[str]) -> None:
    """A member that scores the actions in a fixed order, whatever it reads: which
    action it takes is then the rules' alone (no B on the last token, across a sentence
    start or on whitespace, no I before a sentence start), as spaCy applies them."""
    fixed = member(4)
    ner = fixed.get_pipe("ner")
    moves = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
    upper = ner.model.get_ref("upper")
    bias = upper.get_param("b") * 0 - 10
    for rank, move in enumerate(preference):
        bias[moves.index(move)] = 10 - rank
    upper.set_param("b", bias)
    upper.set_param("W", upper.get_param("W") * 0)
    assert entities(joint(fixed)) == entities(fixed)


def test_a_member_twice_or_a_member_with_zero_scores_changes_nothing(members: list[Language]) -> None:
    first, second = members
    assert entities(joint(first, first)) == entities(first)
    silent = joint(first, second)
    upper = silent.get_pipe("ner_2").model.get_ref("upper")
    upper.set_param("W", upper.get_param("W") * 0)
    upper.set_param("b", upper.get_param("b") * 0)
    assert entities(silent) == entities(first)


def test_two_members_decide_together(members: list[Language]) -> None:
    first, second = members
    together = entities(joint(first, second))
    # each entity one of them finds alone or both find: no overlaps, inside the texts
    for doc_entities, text in zip(together, TEXTS):
        ends = [end for _, end, _ in doc_entities]
        starts = [start for start, _, _ in doc_entities]
        assert all(end <= start for end, start in zip(ends, starts[1:]))
    assert sum(map(len, together)) >= 5


def test_members_with_other_actions_are_refused(members: list[Language]) -> None:
    other = member(3, labels=("PER", "LOC", "ORG", "MISC"))
    with pytest.raises(ValueError, match="different actions"):
        joint(members[0], other)("Angela Merkel in Kiel.")


def test_a_joint_model_is_saved_and_loaded_with_its_members_disabled(members: list[Language], tmp_path) -> None:
    nlp = joint(*members)
    nlp.to_disk(tmp_path / "joint")
    loaded = spacy.load(tmp_path / "joint")
    assert loaded.pipe_names == ["sentencizer", "ner"] and loaded.disabled == ["ner_1", "ner_2"]
    assert entities(loaded) == entities(nlp)
