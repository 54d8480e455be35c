"""User settings from a TOML file: annotator, labels (name, key, colour), key overrides.

    # ~/.config/parallax/config.toml (see `parallax --help` for the path here)
    annotator = "anna"
    advance_after_tag = true          # after tagging a sentence, move to the next one
    gold = "gold"                     # whose annotations adjudication writes
    blind = true                      # see only your own labels and the suggestions
    [keys]                            # command id = "key[,key…]"  (ids: press ? in the app)
    cursor_word_next = "right,w"
    [[labels]]
    name = "quote"
    key = "q"
    color = "magenta"
    gutter = "Q"                      # the gutter's letter (default: the key)
    [[link_kinds]]                    # replaces same / contradicts / elaborates
    name = "same"
    key = "="                         # finishes a link started with L
    mark = "="                        # its sign in the gutter and the status line
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_config_path

# tomllib (only with a config file) and getpass (only without --annotator) are
# imported where they are used: every import counts against the start-up.

ANSI_COLORS = {
    "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
    "bright_black", "bright_red", "bright_green", "bright_yellow",
    "bright_blue", "bright_magenta", "bright_cyan", "bright_white",
}


@dataclass(frozen=True)
class Label:
    name: str
    key: str
    color: str
    gutter: str = ""
    """The letter the gutter shows (upper case accepted, lower case suggested):
    its own per label, so labels stay apart without colour. Default: the key
    when it is a letter, else the name's first letter."""

    def __post_init__(self) -> None:
        if not self.gutter:
            letter = self.key if len(self.key) == 1 and self.key.isalpha() else self.name[:1]
            object.__setattr__(self, "gutter", letter.upper())


DEFAULT_LABELS = (
    Label("quote", "q", "magenta"),
    Label("claim", "c", "yellow"),
    Label("opinion", "o", "cyan"),
    Label("comment", "m", "green"),
)


@dataclass(frozen=True)
class LinkKind:
    """A kind of link between annotations (`store.links`): its name, the key
    that finishes a link as this kind, and the sign the reader shows."""

    name: str
    key: str
    mark: str


DEFAULT_LINK_KINDS = (
    LinkKind("same", "equals_sign", "="),
    LinkKind("contradicts", "exclamation_mark", "!"),
    LinkKind("elaborates", "plus_sign", "+"),
)


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Config:
    annotator: str = field(default_factory=lambda: default_annotator())
    labels: tuple[Label, ...] = DEFAULT_LABELS
    link_kinds: tuple[LinkKind, ...] = DEFAULT_LINK_KINDS
    keys: dict[str, str] = field(default_factory=dict)
    advance_after_tag: bool = True
    gold: str = "gold"
    """The annotator adjudication writes as: the agreed version."""
    blind: bool = False
    """Show only the annotator's own labels and the suggestions (independent annotation)."""
    path: Path | None = None


def default_annotator() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "annotator"


def config_path() -> Path:
    """$PARALLAX_CONFIG, else the platform's config folder (~/.config/parallax/config.toml on Linux)."""
    override = os.environ.get("PARALLAX_CONFIG")
    return Path(override) if override else user_config_path("parallax") / "config.toml"


def load_config(path: Path | None = None, *, annotator: str | None = None, blind: bool = False) -> Config:
    """The config file's settings; `annotator` and `blind` (from the command line) win over it."""
    path = path or config_path()
    data: dict = {}
    if path.exists():
        import tomllib

        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise ConfigError(f"{path}: {err}") from None
    labels = tuple(_label(path, item) for item in data.get("labels", [])) or DEFAULT_LABELS
    names = [label.name for label in labels]
    if len(set(names)) != len(names):
        raise ConfigError(f"{path}: a label is defined twice")
    letters = [label.gutter.casefold() for label in labels]
    if len(set(letters)) != len(letters):
        raise ConfigError(f"{path}: two labels share a gutter letter; give one `gutter = \"…\"`")
    kinds = tuple(_link_kind(path, item) for item in data.get("link_kinds", [])) or DEFAULT_LINK_KINDS
    if len({kind.name for kind in kinds}) != len(kinds):
        raise ConfigError(f"{path}: a link kind is defined twice")
    keys = data.get("keys", {})
    if not isinstance(keys, dict) or not all(isinstance(v, str) for v in keys.values()):
        raise ConfigError(f"{path}: [keys] must map command ids to key strings")
    return Config(
        annotator=annotator or data.get("annotator") or default_annotator(),
        labels=labels,
        link_kinds=kinds,
        keys=dict(keys),
        advance_after_tag=bool(data.get("advance_after_tag", True)),
        gold=str(data.get("gold") or "gold"),
        blind=blind or bool(data.get("blind", False)),
        path=path,
    )


def _label(path: Path, item: object) -> Label:
    if not isinstance(item, dict) or not {"name", "key"} <= set(item):
        raise ConfigError(f"{path}: each [[labels]] needs name and key")
    color = item.get("color", "white")
    if color not in ANSI_COLORS and not str(color).startswith("#"):
        raise ConfigError(f"{path}: label {item['name']!r}: colour {color!r} is not an ANSI colour name or #rrggbb")
    gutter = str(item.get("gutter", ""))
    if gutter and not (len(gutter) == 1 and gutter.isprintable() and not gutter.isspace()):
        raise ConfigError(f"{path}: label {item['name']!r}: gutter must be one visible character, not {gutter!r}")
    return Label(str(item["name"]), str(item["key"]), str(color), gutter)


def _link_kind(path: Path, item: object) -> LinkKind:
    if not isinstance(item, dict) or not {"name", "key"} <= set(item):
        raise ConfigError(f"{path}: each [[link_kinds]] needs name and key")
    name = str(item["name"]).strip()
    if not name or name == "review_of":
        raise ConfigError(f"{path}: link kind {name!r}: review_of is kept for review decisions")
    mark = str(item.get("mark") or name[0])
    if len(mark) != 1 or not mark.isprintable():
        raise ConfigError(f"{path}: link kind {name!r}: mark must be one printable character")
    return LinkKind(name, str(item["key"]), mark)
