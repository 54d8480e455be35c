"""The reader's pure parts: alignment scoring, config, the command table."""

from pathlib import Path

import pytest

from parallax.tui.align import best_match, features, normalise_entity
from parallax.tui.clipboard import citation
from parallax.tui.config import DEFAULT_LABELS, ConfigError, load_config
from parallax.tui.keymap import STORY_COMMANDS, label_commands

OTHER = ("Das Wetter in Kiel war gut. Laut Behörde warteten 240 Schiffe vor Brunsbüttel auf die Durchfahrt. "
         "Die Reederei äußerte sich nicht.")
OTHER_ENTITIES = [(14, 18, "LOC", "Kiel"), (76, 87, "LOC", "Brunsbüttel")]
OTHER_SENTENCES = [(0, 27), (28, 102), (103, len(OTHER))]


def test_align_prefers_shared_numbers_and_entities():
    text = "Rund 240 Schiffe stauten sich bei Brunsbüttel, sagte Petersen."
    wanted = features(text, 0, len(text), [(35, 46, "LOC", "Brunsbüttel"), (54, 62, "PER", "Petersen")])
    assert best_match(wanted, OTHER, OTHER_SENTENCES, OTHER_ENTITIES) == (28, 102)


def test_align_finds_nothing_when_nothing_is_shared():
    wanted = features("Ganz anderes Thema hier.", 0, 24, [])
    assert best_match(wanted, OTHER, OTHER_SENTENCES, OTHER_ENTITIES) is None


def test_a_hyphenated_name_counts_once_not_again_as_its_words():
    """"Bad-Oldesloe" or "Wasserstraßen- und Schifffahrtsamt" is one shared entity;
    its parts counted again as content words would let a sentence naming one place
    outscore the one with the same figure."""
    text = "In Bad-Oldesloe meldete das Wasserstraßen- und Schifffahrtsamt rund 75 Verletzte."
    entities = [(3, 15, "LOC", "Bad-Oldesloe"), (28, 62, "ORG", "Wasserstraßen- und Schifffahrtsamt")]
    names, _, words = features(text, 0, len(text), entities)
    assert names == {"bad-oldesloe", "wasserstrassen- und schifffahrtsamt"}
    assert words == {"meldete", "rund", "verletzte"}


def test_genitive_is_the_same_entity():
    assert normalise_entity("Russlands") == normalise_entity("Russland")
    assert normalise_entity("Putins") == normalise_entity("Putin")
    assert normalise_entity("USA") != normalise_entity("US")


def test_citation_names_outlet_title_and_date():
    assert citation("„Wir warten“", "Kieler Rundschau", "Kanal zu", "2026-03-13") == (
        "„Wir warten“\n— Kieler Rundschau, „Kanal zu“, 2026-03-13")
    assert citation("x", None, None, None) == "x"


def test_config_defaults_without_a_file(tmp_path):
    config = load_config(tmp_path / "none.toml", annotator="anna")
    assert config.annotator == "anna" and config.labels == DEFAULT_LABELS and config.advance_after_tag


def test_config_overrides_labels_keys_and_annotator(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('annotator = "ben"\nadvance_after_tag = false\n[keys]\ntag_quote = "Q"\n'
                    '[[labels]]\nname = "quote"\nkey = "1"\ncolor = "bright_magenta"\n'
                    '[[labels]]\nname = "source"\nkey = "2"\n', encoding="utf-8")
    config = load_config(path)
    assert config.annotator == "ben" and not config.advance_after_tag
    assert [(l.name, l.key) for l in config.labels] == [("quote", "1"), ("source", "2")]
    assert config.keys == {"tag_quote": "Q"}


@pytest.mark.parametrize("content, message", [
    ("[[labels]]\nname = 'x'\n", "needs name and key"),
    ("[[labels]]\nname = 'x'\nkey = 'x'\ncolor = 'chartreuse'\n", "not an ANSI colour"),
    ("[keys]\nundo = 3\n", "command ids to key strings"),
    ("annotator = \n", "line 1"),
])
def test_config_errors_name_the_file(tmp_path, content, message):
    path = tmp_path / "config.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=str(path).replace("/", ".")):
        load_config(path)
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_command_table_has_unique_ids_and_no_key_clashes():
    commands = STORY_COMMANDS + label_commands(DEFAULT_LABELS)
    ids = [c.id for c in commands]
    assert len(ids) == len(set(ids))
    keys = [key.strip() for c in commands for key in c.keys.split(",")]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
