"""Parallax's NER model as members decoded together: each member is a spaCy `ner` with
its own tok2vec inside it (trained alike, each with its own seed), and one greedy
decode reads the sum of their action scores at every step — the ensemble of a
transition-based tagger as the field builds it, instead of a vote over what each
member decoded alone. The members' encoders run as spaCy runs them; only the decode,
which spaCy does per member in C, is done here once for all of them with numpy over
a batch of texts: outside an entity the next action depends on the next token alone
(in spaCy's BILUO system each action reads one token), so it is taken for every token
at once, and only the tokens inside an entity are read step by step. With one member
it tags exactly as that member's `ner` does (tested).

The step mirrors spaCy 3.8's `ner` (pipeline/_parser_internals/ner.pyx, the state's
three context tokens and ml/parser_model.pyx's `predict_states`) for texts without
preset entities, which is how the import runs it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy
from spacy.attrs import IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

JOINT = "parallax_ner_joint"

# spaCy's BILUO actions, by the letter of the move's name
BEGIN, IN, LAST, UNIT, OUT = range(5)
_KINDS = {"B": BEGIN, "I": IN, "L": LAST, "U": UNIT, "O": OUT}


class Member:
    """One member's layers: its tok2vec with the ner's projection, the precomputed
    lower layer (three context tokens) and the upper layer that scores actions."""

    def __init__(self, ner) -> None:
        model = ner.model
        self.tok2vec = model.get_ref("tok2vec")
        self.lower = model.get_ref("lower")
        upper = model.get_ref("upper")
        self.bias = self.lower.get_param("b")  # (hidden, pieces)
        self.upper_w = upper.get_param("W")  # (actions, hidden)
        self.upper_b = upper.get_param("b")
        self.moves = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]

    def features(self, docs: list[Doc]) -> numpy.ndarray:
        """(tokens + 1, 3 context slots, hidden, pieces): each token's precomputed
        hidden pieces per slot; row 0 is the padding for an absent context token,
        row i + 1 the batch's token i."""
        return self.lower.predict(self.tok2vec.predict(docs))


class Scorer:
    """The members' summed action scores for the states of one step. The members'
    hidden units side by side make one layer whose upper weights, stacked, sum the
    members' scores in one product. Outside an entity a state's context is its next
    token alone, so those scores are computed for every token at once; only states
    inside an entity are scored step by step."""

    def __init__(self, members: list[Member], docs: list[Doc]) -> None:
        cached = numpy.concatenate([member.features(docs) for member in members], axis=2)
        bias = numpy.concatenate([member.bias for member in members])
        weights = numpy.concatenate([member.upper_w.T for member in members])  # (members × hidden, actions)
        self.weights, self.bias = weights, sum(member.upper_b for member in members)
        # outside an entity the other two slots read their padding rows
        self.pads = cached[0, 1] + cached[0, 2]
        self.next = cached[:, 0] + self.pads + bias
        self.first, self.last = cached[:, 1], cached[:, 2]
        self.outside = _maxout(self.next) @ weights + self.bias  # (tokens + 1, actions)

    def inside(self, position: numpy.ndarray, start: numpy.ndarray) -> numpy.ndarray:
        """Scores of states reading token `position` inside an entity that began at
        token `start` (spaCy's three context tokens: the next token, the entity's first
        and the token before the next)."""
        hidden = self.next[position + 1] - self.pads + self.first[start + 1] + self.last[position]
        return _maxout(hidden) @ self.weights + self.bias


class JointNER:
    """Sets `doc.ents` to one greedy BILUO decode over the members' summed scores."""

    def __init__(self, nlp: Language, members: list[str]) -> None:
        self.nlp, self.names = nlp, list(members)

    def members(self) -> list[Member]:
        """The members' layers as they are now (their weights arrive after the factory,
        with `from_disk`), taken per batch: a few attribute lookups."""
        members = [Member(self.nlp.get_pipe(name)) for name in self.names]
        if len({tuple(member.moves) for member in members}) != 1:
            raise ValueError(f"{JOINT}: the members {self.names} have different actions")
        return members

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        for batch in minibatch(docs, batch_size):
            for doc, entities in zip(batch, self.decode(batch)):
                doc.set_ents([Span(doc, start, end, label=label) for start, end, label in entities], default="outside")
                yield doc

    def decode(self, docs: list[Doc]) -> list[list[tuple[int, int, str]]]:
        """Each doc's entities as (start token, end token, label)."""
        found: list[list[tuple[int, int, str]]] = [[] for _ in docs]
        lengths = numpy.array([len(doc) for doc in docs], dtype=numpy.int64)
        total = int(lengths.sum())
        if not total:
            return found
        members = self.members()
        scorer = Scorer(members, docs)
        kinds, labels, names = _actions(members[0].moves)
        labelled = labels >= 0
        begin, inside, last, unit, out = (kinds == kind for kind in range(5))

        # the batch's tokens in a row: where each one's doc ends, and what forbids actions
        ends = numpy.cumsum(lengths)
        starts = ends - lengths
        doc_of = numpy.repeat(numpy.arange(len(docs)), lengths)
        end_of = ends[doc_of]
        room = end_of - numpy.arange(total) >= 2  # B and I need a token after this one
        blank = numpy.concatenate([doc.to_array([IS_SPACE]).reshape(-1) for doc in docs]).astype(bool)
        # nor may the next token open a sentence (spaCy's `sent_start == 1`)
        cut = numpy.concatenate([_next_opens_sentence(doc) for doc in docs])

        # Outside an entity the decision depends on the token alone: taken for all at once.
        valid = ((begin & labelled) & (room & ~cut & ~blank)[:, None]) | ((unit & labelled) & ~blank[:, None]) | out
        decision = numpy.where(valid, scorer.outside[1:], -numpy.inf).argmax(axis=1)
        begins = numpy.flatnonzero(kinds[decision] == BEGIN)
        sentinel = numpy.append(begins, total)

        # Each doc's reading: from its cursor outside an entity on to the next token that
        # begins one, then inside it step by step (every doc at once) until it is closed.
        cursor = starts.copy()
        is_open = numpy.zeros(len(docs), dtype=bool)
        start = numpy.zeros(len(docs), dtype=numpy.int64)
        label = numpy.zeros(len(docs), dtype=numpy.int64)
        read = numpy.zeros(total + 1, dtype=numpy.int64)  # +1 / −1 where a stretch read outside starts / ends
        entities: list[tuple[int, int, int]] = []
        active = cursor < ends
        while active.any():
            free = numpy.flatnonzero(active & ~is_open)
            if len(free):
                here = cursor[free]
                upto = numpy.minimum(sentinel[numpy.searchsorted(begins, here)], ends[free])
                numpy.add.at(read, here, 1)
                numpy.add.at(read, upto, -1)
                opening = upto < ends[free]
                docs_opening, at = free[opening], upto[opening]
                is_open[docs_opening], start[docs_opening] = True, at
                label[docs_opening] = labels[decision[at]]
                cursor[free] = numpy.where(opening, upto + 1, ends[free])
            held = numpy.flatnonzero(is_open)
            if len(held):
                at = cursor[held]
                same = label[held][:, None] == labels[None, :]
                allowed = (inside & same & (room[at] & ~cut[at])[:, None]) | (last & same)
                guess = numpy.where(allowed, scorer.inside(at, start[held]), -numpy.inf).argmax(axis=1)
                closing = kinds[guess] == LAST
                for i in held[closing]:
                    entities.append((int(start[i]), int(cursor[i]) + 1, int(label[i])))
                is_open[held[closing]] = False
                cursor[held] += 1
            active = cursor < ends
        outside = numpy.cumsum(read[:total]) > 0
        for position in numpy.flatnonzero(outside & (kinds[decision] == UNIT)):
            entities.append((int(position), int(position) + 1, int(labels[decision[position]])))
        for first, after, tag in sorted(entities):
            doc = int(doc_of[first])
            found[doc].append((first - int(starts[doc]), after - int(starts[doc]), names[tag]))
        return found


def _maxout(pieces: numpy.ndarray) -> numpy.ndarray:
    """The largest of the last axis's few pieces: pairwise maxima, as numpy's reduce
    over an axis of two is slow."""
    best = pieces[..., 0]
    for piece in range(1, pieces.shape[-1]):
        best = numpy.maximum(best, pieces[..., piece])
    return best


def _actions(moves: list[str]) -> tuple[numpy.ndarray, numpy.ndarray, list[str]]:
    """Each action's kind and label index (−1: none, as spaCy's "U-" with label 0 and
    "O"), and the label names."""
    names = sorted({move[2:] for move in moves if move[2:]})
    kinds = numpy.array([_KINDS[move[0]] for move in moves])
    labels = numpy.array([names.index(move[2:]) if move[2:] else -1 for move in moves])
    return kinds, labels, names


def _next_opens_sentence(doc: Doc) -> numpy.ndarray:
    flags = numpy.zeros(len(doc), dtype=bool)
    flags[:-1] = doc.to_array([SENT_START]).reshape(-1)[1:] == 1
    return flags


@Language.factory(JOINT, default_config={"members": ["ner_1", "ner_2"]})
def make_joint(nlp: Language, name: str, members: list[str]) -> JointNER:
    return JointNER(nlp, members)
