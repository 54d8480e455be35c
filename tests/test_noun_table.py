"""The noun table the offline recognizer is built from ships with the package (an
extract of german-nouns), so neither german-nouns nor its lxml-capping parser is
needed at install or run time."""

from __future__ import annotations

import gzip

from parallax.ingest.gazetteer import DATA_DIR, DATA_FILES, NOUNS_FILE, _read_german_nouns


def test_the_noun_table_is_package_data_and_part_of_the_cache_key() -> None:
    assert (DATA_DIR / NOUNS_FILE).is_file()
    assert NOUNS_FILE in DATA_FILES


def test_every_row_has_lemma_kind_and_three_form_lists() -> None:
    with (DATA_DIR / NOUNS_FILE).open("rb") as packed, gzip.open(packed, "rt", encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if not line.startswith("#")]
    assert len(rows) > 90_000
    assert all(len(row) == 5 and row[0] and "Substantiv" in row[1] for row in rows)


def test_common_nouns_places_and_names_are_read_with_their_forms() -> None:
    nouns = _read_german_nouns({"Präsident"})
    assert {"Haus", "Hauses", "Häusern", "Abgeordneter"} <= nouns.common
    assert "Sylt" in nouns.toponyms and "Kiel" in nouns.toponyms
    assert "Anna" in nouns.first_names
    assert "Müller" in nouns.surnames
    assert {"Präsident", "Präsidenten"} <= nouns.singular_forms["Präsident"]
