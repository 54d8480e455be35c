"""The built-in offline German recognizer: what it finds, what it leaves alone, its cache."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from parallax.ingest import recognizer
from parallax.ingest.gazetteer import DATA_DIR, DATA_FILES, genitive
from parallax.ingest.nlp import Pipeline, annotate
from parallax.store.records import ArticleRecord

SEED_ENTITIES = {
    ("Nordkorea", "LOC"),
    ("Russland", "LOC"),
    ("Südkorea", "LOC"),
    ("Ukraine", "LOC"),
    ("Pjöngjang", "LOC"),
    ("Wladiwostok", "LOC"),
    ("Nato", "ORG"),
    ("Mark Rutte", "PER"),
    ("Yoon Suk Yeol", "PER"),
    ("Kim Jong Un", "PER"),
    ("Lloyd Austin", "PER"),
    ("Wolodymyr Selenskyj", "PER"),
}


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The session's cache, never the user's: the recognizer is built once, into it,
    and other test modules that need it find it there."""
    with pytest.MonkeyPatch.context() as patch:
        if recognizer.CACHE_ENV not in os.environ:
            patch.setenv(recognizer.CACHE_ENV, str(tmp_path_factory.mktemp("parallax-cache")))
        yield recognizer.cache_root()


@pytest.fixture(scope="session")
def offline(cache_dir: Path) -> Language:
    return recognizer.load_recognizer()


def entities(nlp: Language, text: str) -> list[tuple[str, str]]:
    return [(ent.text, ent.label_) for ent in nlp(text).ents]


@pytest.mark.seeds
def test_seed_articles_yield_the_story_entities(offline: Language, seed_texts: dict[str, str]) -> None:
    found = {pair for text in seed_texts.values() for pair in entities(offline, text)}
    assert SEED_ENTITIES <= found, SEED_ENTITIES - found


@pytest.mark.seeds
def test_seed_entities_are_exact_and_never_overlap(offline: Language, seed_texts: dict[str, str]) -> None:
    pipeline = Pipeline(offline, recognizer.recognizer_name())
    records = [ArticleRecord(text=text, source_path=key) for key, text in seed_texts.items()]
    for record in annotate(pipeline, records):
        spans = sorted((e.start, e.end) for e in record.entities)
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))
        assert all(record.text[e.start : e.end] == e.text for e in record.entities)
        assert record.entity_source == recognizer.recognizer_name()


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Gestern reiste US-Verteidigungsminister Lloyd Austin nach Tokio.", "Lloyd Austin"),
        ("In Brüssel sprach Nato-Sprecherin Farah Dakhlallah von Beweisen.", "Farah Dakhlallah"),
        ("Auch Vize-Außenminister Kim Hong Kyun äußerte sich besorgt.", "Kim Hong Kyun"),
        ("Das sei keine Drohung, sagte Kreml-Sprecher Dmitri Peskow.", "Dmitri Peskow"),
        ("Am Abend trat Präsident Yoon Suk Yeol vor die Presse.", "Yoon Suk Yeol"),
        # names in no list: the role word alone announces them
        ("Polizeisprecherin Sandra Levgrün sprach von einem ruhigen Abend.", "Sandra Levgrün"),
        ("Die Bürgermeisterin Okka Jendrusch eröffnete das Fest.", "Okka Jendrusch"),
        ("Das bestätigte der Botschafterin Mira Olunde zufolge niemand.", "Mira Olunde"),
        # a first name announces a surname, even one made of nouns
        ("Am Rand der Tagung lobte Mark Zuckerberg die Pläne.", "Mark Zuckerberg"),
    ],
)
def test_role_words_and_first_names_announce_people(offline: Language, text: str, person: str) -> None:
    assert (person, "PER") in entities(offline, text)


def test_genitives_take_the_label_of_their_base(offline: Language) -> None:
    found = entities(offline, "Russlands Angriff und Putins Pläne beunruhigen Nordkoreas Nachbarn.")
    assert found == [("Russlands", "LOC"), ("Putins", "PER"), ("Nordkoreas", "LOC")]
    assert genitive("Russland") == "Russlands"
    assert genitive("Scholz") is None


def test_a_tagged_persons_surname_is_tagged_throughout_the_doc(offline: Language) -> None:
    text = (
        "Regierungssprecherin Ilona Wetterhahn nannte keine Details. "
        "Wetterhahn sagte nur, Wetterhahns Büro prüfe den Fall."
    )
    assert entities(offline, text) == [
        ("Ilona Wetterhahn", "PER"),
        ("Wetterhahn", "PER"),
        ("Wetterhahns", "PER"),
    ]


def test_a_surname_is_recognised_in_later_paragraphs_of_the_same_article_only(
    offline: Language,
) -> None:
    pipeline = Pipeline(offline, recognizer.recognizer_name())
    first = "Ministerin Ilona Wetterhahn reiste ab.\n\nSpäter sagte Wetterhahn, sie komme wieder."
    second = "Wetterhahn ist ein Ortsteil."
    records = annotate(pipeline, [ArticleRecord(text=t, source_path="x") for t in (first, second)])
    assert [[(e.text, e.label) for e in r.entities] for r in records] == [
        [("Ilona Wetterhahn", "PER"), ("Wetterhahn", "PER")],
        [],
    ]


def test_a_place_name_can_be_part_of_a_persons_name(offline: Language) -> None:
    assert entities(offline, "Lloyd Austin flog danach weiter. Sagte Austin das?") == [
        ("Lloyd Austin", "PER"),
        ("Austin", "PER"),
    ]
    assert entities(offline, "Die Konferenz fand in Austin statt.") == [("Austin", "LOC")]


@pytest.mark.parametrize(
    "text",
    [
        "Die Regierung tagte am Morgen.",
        "Kanzler und Minister schwiegen dazu.",
        "Präsident der Kommission ist sie seit Jahren.",
        "Weil es regnete, blieben viele zu Hause.",
        "Essen und Getränke wurden verteilt.",
        "Mehr Soldaten, mehr Waffen: Krieg bleibt Krieg.",
        # compounds of nouns that german-nouns does not list
        "Es gelang, dem Kanzler Milliardenhilfen abzuringen.",
        "Die Opposition warf der Ministerin Munitionslieferungen ohne Prüfung vor.",
        "Sprecher des Ministeriums wollten das nicht kommentieren.",
    ],
)
def test_capitalised_common_nouns_are_no_entities(offline: Language, text: str) -> None:
    assert entities(offline, text) == []


def test_organisations_match_as_written_and_in_capitals(offline: Language) -> None:
    text = "Die Nato und die NATO-Partner, die EU und die Vereinten Nationen (afp, dpa)."
    assert entities(offline, text) == [
        ("Nato", "ORG"),
        ("EU", "ORG"),
        ("Vereinten Nationen", "ORG"),
        ("afp", "ORG"),
        ("dpa", "ORG"),
    ]


def test_babel_cities_and_countries_are_places(offline: Language) -> None:
    found = entities(offline, "Von Wladiwostok über Moskau nach Kyjiw, dann Seoul und Chile.")
    assert found == [(name, "LOC") for name in ("Wladiwostok", "Moskau", "Kyjiw", "Seoul", "Chile")]


def test_the_built_pipeline_is_cached_and_reused(
    offline: Language, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = recognizer.cached_path()
    assert path.parent == cache_dir and (path / "config.cfg").is_file()
    assert [p.name for p in cache_dir.iterdir() if p.name.startswith(".")] == []

    def no_build() -> Language:
        raise AssertionError("the cached pipeline should have been loaded")

    monkeypatch.setattr(recognizer, "build_recognizer", no_build)
    again = recognizer.load_recognizer()
    text = "Nato-Chef Mark Rutte traf in Seoul Präsident Yoon Suk Yeol."
    assert entities(again, text) == entities(offline, text)


def test_the_cache_key_follows_the_package_data(tmp_path: Path) -> None:
    for name in DATA_FILES:
        (tmp_path / name).write_bytes((DATA_DIR / name).read_bytes())
    assert recognizer.cache_key(tmp_path) == recognizer.cache_key()
    with (tmp_path / "people.txt").open("a", encoding="utf-8") as f:
        f.write("Erika Mustermann\n")
    assert recognizer.cache_key(tmp_path) != recognizer.cache_key()


def test_a_cache_written_meanwhile_by_another_process_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "pipeline"
    first = spacy.blank("de")
    first.meta["name"] = "first"
    first.to_disk(target)
    recognizer._write_atomically(spacy.blank("de"), target)
    assert spacy.load(target).meta["name"] == "first"
    assert [p.name for p in tmp_path.iterdir()] == ["pipeline"]


def test_a_broken_rename_leaves_no_staging_directory(tmp_path: Path) -> None:
    target = tmp_path / "pipeline"
    target.mkdir()
    (target / "stray").write_text("not a pipeline")
    with pytest.raises(OSError):
        recognizer._write_atomically(spacy.blank("de"), target)
    assert [p.name for p in tmp_path.iterdir()] == ["pipeline"]
    shutil.rmtree(target)


# --- organisations by the shape of their names, ship names ------------------------


@pytest.mark.parametrize(
    ("text", "organisation"),
    [
        # an official prefix, with or without a "für …" tail
        ("Die Bundesstelle für Flugunfalluntersuchung ermittelt.", "Bundesstelle für Flugunfalluntersuchung"),
        ("Der Sprecher der Bundesanstalt für Finanzdienstleistungsaufsicht schwieg.",
         "Bundesanstalt für Finanzdienstleistungsaufsicht"),
        ("Laut Bundesministerium für Verkehr und digitale Infrastruktur ist alles gut.",
         "Bundesministerium für Verkehr und digitale Infrastruktur"),
        ("Das Kraftfahrt-Bundesamt ordnete einen Rückruf an.", "Kraftfahrt-Bundesamt"),
        # a coordinated compound, a genitive or a place after it
        ("Beim Straßen- und Verkehrsamt klingt das vorsichtiger.", "Straßen- und Verkehrsamt"),
        ("Ein Sprecher der Straßenverkehrsverwaltung des Bundes schwieg.", "Straßenverkehrsverwaltung des Bundes"),
        ("Der Fischereiverband Bremen warnte vor den Folgen.", "Fischereiverband Bremen"),
        ("Das Landgericht Hamburg hat die Klage abgewiesen.", "Landgericht Hamburg"),
        ("Ein Sprecher der Generaldirektion Fischerei und Meerespolitik äußerte sich.",
         "Generaldirektion Fischerei und Meerespolitik"),
        # compounds that name one body by themselves
        ("Laut Katastrophenkommando in Musterhafen war die Lage ruhig.", "Katastrophenkommando"),
        ("Die Bergpolizei sperrte den Pass.", "Bergpolizei"),
        ("Zuvor hatte Südkoreas Außenministerium den Botschafter einbestellt.", "Außenministerium"),
        # names before or after a company or group word, capitalised adjectives
        ("Die Sturmvogel Reederei aus Emden verhandelt.", "Sturmvogel Reederei"),
        ("Die norwegische Reederei Fjellstad Linjer verhandelt.", "Fjellstad Linjer"),
        ("Die Initiative Saubere Schlei protestierte.", "Initiative Saubere Schlei"),
        ("Das Bündnis Blaue Welle protestierte.", "Bündnis Blaue Welle"),
        ("Die Deutsche Bank und andere Geldhäuser erhöhen die Zinsen.", "Deutsche Bank"),
        ("Die Max-Weber-Stiftung vergibt Stipendien.", "Max-Weber-Stiftung"),
        ("Das Ifo-Institut senkt die Prognose.", "Ifo-Institut"),
        # legal forms
        ("Die Hafenbau GmbH & Co. KG hat Insolvenz angemeldet.", "Hafenbau GmbH & Co. KG"),
        ("Das teilte die Autobahn GmbH des Bundes mit.", "Autobahn GmbH des Bundes"),
    ],
)
def test_organisations_by_the_shape_of_their_names(offline: Language, text: str, organisation: str) -> None:
    assert (organisation, "ORG") in entities(offline, text)


@pytest.mark.parametrize(
    "text",
    [
        "Das Amt spricht von 240 Schiffen, die Regierung schweigt, der Verband klagt.",
        "Der Geheimdienst warnte, die Polizei ermittelt, die Reederei schweigt.",
        "Wie die Staatsanwaltschaft mitteilte, wurde Anklage erhoben.",
        "Ein Sonderkommando rückte an, ein neues Ministerium wurde gegründet.",
        "Das Präsidentenamt ist vakant, das Ehrenamt ist wichtig.",
        "Die PR-Agentur und der US-Konzern schweigen dazu.",
        "Die Hamburger Reederei meldet Verluste, eine Kieler Werft auch.",
        "Er legte das Amt für drei Jahre nieder und hält den Rat für richtig.",
        "Mehrere Reedereien und Verbände kritisieren die Behörden.",
        "Er sagte, dass das Ministerium Fehler und Versäumnisse eingeräumt habe.",
        "Push-Nachrichten aktivieren und nichts verpassen.",
    ],
)
def test_generic_institutions_are_no_organisations(offline: Language, text: str) -> None:
    assert [pair for pair in entities(offline, text) if pair[1] == "ORG"] == []


def test_a_role_word_and_a_first_name_announce_a_surname_that_is_a_noun(offline: Language) -> None:
    text = "Reederei-Sprecher Lars Holm erklärte das. Später betonte Holm, alles sei gut."
    assert entities(offline, text) == [("Lars Holm", "PER"), ("Holm", "PER")]
    # ... but not a noun that is plainly the sentence's own
    assert ("Friedrich Kritik", "PER") not in entities(offline, "Als Kanzler Friedrich Kritik übte, schwieg man.")


def test_a_first_name_that_is_a_function_word_needs_a_role_word(offline: Language) -> None:
    text = "Geschäftsführer Anders Møllerup sagte, Møllerup sei zufrieden. Anders als gedacht kam es."
    assert entities(offline, text) == [("Anders Møllerup", "PER"), ("Møllerup", "PER")]
    assert entities(offline, "Am Sonntagabend trafen sich alle. Will man das?") == []


def test_quoted_ship_names_are_misc(offline: Language) -> None:
    text = "Das Containerschiff „Nordic Aurora“ lief aus, der Frachter »Seestern« blieb, die „Zeitenwende“ auch."
    found = entities(offline, text)
    assert ("Nordic Aurora", "MISC") in found and ("Seestern", "MISC") in found
    assert not [pair for pair in found if pair[0] == "Zeitenwende"]
