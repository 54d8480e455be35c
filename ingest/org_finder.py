"""Organisations by the shape of their names, and quoted ship names, in one doc
(the rules behind the `parallax_orgs` component in `org_tagger`)."""

from __future__ import annotations

from spacy.lang.de.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span

from parallax.ingest.gazetteer import PLACE
from parallax.ingest.org_words import (
    AGENCY,
    ARTICLES,
    BEFORE_NAME,
    FIRM,
    GROUP,
    INDEFINITE,
    LEGAL_FORMS,
    LOCAL_HEADS,
    MAX_SHIP_TOKENS,
    MEDIA,
    NO_FOR_TAIL,
    OPENING_QUOTES,
    PERSON_TITLE_HEADS,
    QUOTES,
    SELF,
    TAIL_ONLY,
    TIME_WORDS,
    VESSELS,
    Head,
    place_adjective,
)
from parallax.ingest.word_classes import NAME, ROLE, SURNAME, WordClasses


class OrgFinder:
    """Organisations by the shape of their names, and quoted ship names.

    A head word ("…amt", "…polizei", "Reederei", "Bündnis", "GmbH") makes an
    organisation only with evidence that it is a proper name: an official prefix
    ("Bundesstelle"), a hyphenated name part ("EU-Kommission"), a coordinated
    compound ("Wasserstraßen- und Schifffahrtsamt"), a capitalised adjective or
    name before it ("Deutsche Bank", "Nordlicht Reederei"), or a tail after it
    ("… für Seeunfalluntersuchung", "… des Bundes", "… Hamburg", "… Blaue Küste").
    "Das Amt", "die Regierung", "der Verband", "die Polizei" stay common nouns;
    compounds that name one body by themselves ("Havariekommando",
    "Wasserschutzpolizei", "Verteidigungsministerium") are names unless an
    indefinite word makes them generic ("ein Sonderkommando")."""

    def __init__(
        self,
        words: WordClasses,
        doc: Doc,
        orths: list[int],
        classes: list[int],
        owner: dict[int, Span],
        people: set[int],
    ) -> None:
        self.words = words
        self.doc = doc
        self.strings = doc.vocab.strings
        self.orths = orths
        self.classes = classes
        self.owner = owner
        self.people = people
        self.nouns = words.lexicon.common_nouns
        self.n = len(orths)

    def word(self, t: int) -> str:
        return self.strings[self.orths[t]] if 0 <= t < self.n else ""

    def sent_start(self, t: int) -> bool:
        return bool(self.doc[t].is_sent_start)

    def run(self, positions: list[int]) -> list[Span]:
        spans = []
        taken: set[int] = set()
        for t in positions:
            if t in taken:
                continue
            word = self.word(t)
            if word in OPENING_QUOTES:
                found = self._ship(t)
                label = "MISC"
            else:
                head = self.words.heads.get(word)
                found = self._organisation(t, head) if head is not None else None
                label = "ORG"
            if found is None or not self._fits(*found):
                continue
            spans.append(Span(self.doc, found[0], found[1], label=label))
            taken.update(range(*found))
        return spans

    def _fits(self, start: int, end: int) -> bool:
        """No person inside, no entity cut in two, not inside a known organisation."""
        if start >= end or any(t in self.people for t in range(start, end)):
            return False
        for t in (start, end - 1):
            ent = self.owner.get(t)
            if ent is not None and (ent.start < start or ent.end > end):
                return False
        return True

    # -- organisations --

    def _organisation(self, h: int, head: Head) -> tuple[int, int] | None:
        ent = self.owner.get(h)
        if ent is not None and ent.label_ == "ORG":
            return None  # the curated list already knows it
        if head.kind == "legal":
            return self._legal(h)
        kind, bare = head.kind, not head.modifier
        start, end = h, h + 1
        # A company word or a newspaper's is generic after any prefix ("US-Konzern").
        evidence = (head.official or head.named) and kind in (AGENCY, SELF, GROUP)
        if kind == SELF and not bare:
            evidence = True
        # before the head
        if kind in (AGENCY, SELF) and not bare and (first := self._coordinated(h)) < h:
            start, evidence = first, True
        if (adjectives := self._adjectives_before(start, kind)) < start:
            start, evidence = adjectives, True
        elif kind in (FIRM, GROUP) or head.lemma in ("stiftung", "institut"):
            if self._name_before(start, allow_nouns=kind == FIRM):
                start, evidence = start - 1, True
        # after the head
        if kind in (AGENCY, SELF, GROUP) and not (bare and head.lemma in NO_FOR_TAIL):
            if (tail := self._for_tail(end)) > end:
                end, evidence = tail, True
        if kind in (AGENCY, SELF, GROUP) and (tail := self._genitive_tail(end)) > end:
            end, evidence = tail, True
        if kind in (AGENCY, SELF) and head.lemma not in PERSON_TITLE_HEADS:
            if not bare or head.lemma in LOCAL_HEADS:
                if (tail := self._place_tail(end, towns_only=kind == SELF)) > end:
                    end, evidence = tail, True
        if head.lemma == "direktion" and (tail := self._noun_pair_tail(end)) > end:
            end = tail  # "Generaldirektion Wasserstraßen und Schifffahrt"
        if kind in (FIRM, GROUP) and end == h + 1 and (tail := self._name_tail(end)) > end:
            if kind == FIRM and start == h:
                start = h + 1  # "die Reederei Vesterhav Færger": the company is the name
            end, evidence = tail, True
        if not evidence or self._indefinite_before(start) or (head.lemma in TAIL_ONLY and end == h + 1):
            return None
        return start, end

    def _coordinated(self, h: int) -> int:
        """Start of "Wasserstraßen- und Schifffahrtsamt" ("Verkehrs-, Bau- und …")."""
        if self.word(h - 1) not in ("und", "oder", "sowie"):
            return h
        start, t = h, h - 2
        while self._truncated(t):
            start = t
            if self.word(t - 1) != ",":
                break
            t -= 2
        return start

    def _truncated(self, t: int) -> bool:
        word = self.word(t)
        return len(word) > 3 and word.endswith("-") and word[:1].isupper() and t not in self.owner

    def _adjectives_before(self, start: int, kind: str) -> int:
        """One or two capitalised adjectives inside a sentence: "Deutsche Bank",
        "Auswärtiges Amt"; a newspaper also takes a place's ("Kieler Rundschau")."""
        first = start
        for t in (start - 1, start - 2):
            if t < 0 or t in self.owner or t in self.people:
                break
            word = self.word(t)
            if kind == MEDIA and place_adjective(word) and first == start:
                first = t
                continue
            if not self._adjective(word) or self.sent_start(t):
                break
            first = t
        return first

    def _adjective(self, word: str) -> bool:
        lower = word.lower()
        return (
            len(word) >= 4
            and word[:1].isupper()
            and word.isalpha()
            and lower.endswith(("e", "en", "er", "es", "em"))
            and lower not in STOP_WORDS
            and not self.words.known_name(word)  # "Lindner" is no adjective
            and (word not in self.nouns or lower.startswith("deutsch") or "isch" in lower[-7:])
        )

    def _name_before(self, start: int, *, allow_nouns: bool) -> bool:
        """A name right before a company word, after an article or preposition:
        "der Nordlicht Reederei", "die Bertelsmann Stiftung"."""
        t = start - 1
        if t < 0 or t in self.owner or t in self.people:
            return False
        word, word_class = self.word(t), self.classes[t]
        if not (word[:1].isupper() and word.isalpha()) or word_class & ROLE:
            return False
        if word.lower() in STOP_WORDS or word in TIME_WORDS:
            return False
        if not word_class & NAME and not (allow_nouns and not word.endswith("er")):
            return False
        return t == 0 or self.sent_start(t) or self.word(t - 1).lower() in BEFORE_NAME

    def _for_tail(self, t: int) -> int:
        """End of "für Seeunfalluntersuchung", "für Migration und Flüchtlinge",
        "für Verkehr und digitale Infrastruktur"; `t` when there is none. A
        capitalised word after the tail means "für" belonged to the sentence."""
        if self.word(t) != "für":
            return t
        end, k = t, t + 1
        while k < self.n and k - t <= 6:
            word = self.word(k)
            if self._tail_noun(k):
                end = k + 1
            elif word == "und" and end == k:
                pass
            elif not (
                # an adjective opening a noun phrase: "für Verkehr und digitale Infrastruktur"
                self.word(k - 1) in ("für", "und")
                and word.islower()
                and word.endswith(("e", "en", "er", "es", "em"))
            ):
                break
            k += 1
        if end == t or self.word(end)[:1].isupper():
            return t
        return end

    def _tail_noun(self, k: int) -> bool:
        word = self.word(k)
        return (
            word[:1].isupper()
            and word.replace("-", "").isalpha()
            and word.lower() not in STOP_WORDS
            and word not in TIME_WORDS
            and k not in self.people
            and not self.sent_start(k)
        )

    def _genitive_tail(self, t: int) -> int:
        """ "des Bundes", "der Länder", "des Landes Schleswig-Holstein", "der Stadt
        Kiel", or an organisation: "der Vereinten Nationen"."""
        if self.word(t) not in ("des", "der") or t + 1 >= self.n:
            return t
        nxt = self.word(t + 1)
        ent = self.owner.get(t + 1)
        if nxt in ("Bundes", "Länder"):
            return t + 2
        if nxt in ("Landes", "Stadt", "Freistaats", "Freistaates"):
            place = self.owner.get(t + 2)
            if place is not None and place.label_ == "LOC" and place.start == t + 2:
                return place.end
            return t + 2 if nxt == "Landes" else t
        if ent is not None and ent.label_ == "ORG" and ent.start == t + 1:
            return ent.end
        return t

    def _place_tail(self, t: int, *, towns_only: bool) -> int:
        """A place right after the head: "Hafenwirtschaftsverband Hamburg",
        "Schifffahrtsamt Nord-Ostsee-Kanal". After a ministry only a town: in
        "dass das Verteidigungsministerium Nordkorea …" the country is an object."""
        ent = self.owner.get(t)
        if ent is not None and ent.start == t and ent.label_ == "LOC":
            if ent.id_ == PLACE or not towns_only:
                return ent.end
        return t

    def _noun_pair_tail(self, t: int) -> int:
        if (
            self._tail_noun(t)
            and self.word(t + 1) == "und"
            and self._tail_noun(t + 2)
            and not self.word(t + 3)[:1].isupper()
        ):
            return t + 3
        return t

    def _name_tail(self, t: int) -> int:
        """Names after a company or group word: "Vesterhav Færger", "Blaue Küste"
        (a noun only after a capitalised adjective)."""
        end, after_adjective = t, False
        while end < self.n and end - t < 3:
            place = self.owner.get(end)
            if after_adjective and place is not None and place.label_ == "LOC" and place.start == end:
                return place.end  # "Initiative Saubere Schlei"
            if place is not None or end in self.people or self.sent_start(end):
                break
            word, word_class = self.word(end), self.classes[end]
            if not word[:1].isupper() or word.lower() in STOP_WORDS or word_class & ROLE:
                break
            adjective = self._adjective(word)
            if end == t:
                fits = bool(word_class & NAME) or adjective
            else:
                fits = bool(word_class & SURNAME) or adjective or (after_adjective and word.isalpha())
            if not fits:
                break
            after_adjective = adjective
            end += 1
        return end

    def _legal(self, h: int) -> tuple[int, int] | None:
        """ "Musterbau GmbH", "Hapag-Lloyd AG", "Meyer & Co. KG"."""
        start, t = h, h - 1
        while t >= 0 and h - t <= 4:
            word = self.word(t)
            if t in self.people:
                break
            if word in ("&", "Co.", "Co") or (
                word[:1].isupper() and word.lower() not in STOP_WORDS and word not in LEGAL_FORMS
            ):
                start = t
                if self.sent_start(t):
                    break
                t -= 1
                continue
            break
        if start == h or self.word(start) in ("&", "Co.", "Co"):
            return None
        end = h + 1
        while self.word(end) in ("&", "Co.", "KG", "KGaA"):
            end += 1
        while self.word(end - 1) in ("&", "Co."):
            end -= 1
        return start, self._genitive_tail(end)  # "die Autobahn GmbH des Bundes"

    def _indefinite_before(self, start: int) -> bool:
        """ "ein Sonderkommando", "jedes neue Ministerium": not one named body."""
        t = start - 1
        while t >= 0 and start - t <= 3:
            word = self.word(t)
            if word.lower() in INDEFINITE:
                return True
            if not word.islower() or word in BEFORE_NAME:
                return False
            t -= 1
        return False

    # -- ship names --

    def _ship(self, q: int) -> tuple[int, int] | None:
        """A quoted name after an article or a vessel word: der „Baltic Meridian“,
        das Containerschiff "Baltic Meridian" (MISC). At least one word must be no
        common noun: die „Zeitenwende“ is a scare-quoted word."""
        before = self.word(q - 1)
        vessel = before.lower().endswith(VESSELS)
        if before.lower() not in ARTICLES and not vessel:
            return None
        end, named = q + 1, vessel
        while end < self.n and end - q <= MAX_SHIP_TOKENS:
            word = self.word(end)
            if word in QUOTES:
                break
            if not (word[:1].isupper() or word.isdigit()):
                return None
            named = named or bool(self.classes[end] & NAME)
            end += 1
        if end == q + 1 or not named or self.word(end) not in QUOTES:
            return None
        return q + 1, end
