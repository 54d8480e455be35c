"""A quote's speaker in the reader: shown in the status and review lines,
typed freely or picked from the story's entity groups (`analysis.
entity_groups`: "Lars Holm" stands for "Holm", "Reederei-Sprecher Lars Holm"
…), stored as `attrs.speaker` and, when it is a group, `attrs.speaker_group`
(`store.speakers`).

The field is an Input over a list of the groups that match what is typed:
↓ ↑ move in the list, Enter takes the highlighted one (Enter again goes on),
anything typed that matches no group is kept as it is."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from .sanitize import display_text, safe

SHOWN = 6
SPEAKER_LABELS = ("PER", "ORG")


@dataclass(frozen=True)
class SpeakerChoice:
    name: str
    group_id: str
    label: str
    mentions: int
    forms: tuple[str, ...] = ()

    def matches(self, typed: str) -> bool:
        wanted = typed.casefold().strip()
        return not wanted or any(wanted in text.casefold() for text in (self.name, *self.forms))


def speaker_choices(groups: Any) -> list[SpeakerChoice]:
    """The story's people and organisations, most mentioned first."""
    found = [SpeakerChoice(g.name, g.id, g.label, len(g.mentions), tuple(g.forms()))
             for g in groups.groups if g.label in SPEAKER_LABELS]
    return sorted(found, key=lambda c: (-c.mentions, c.name))


def speaker_of(row: dict | None) -> str:
    """"speaker: Lars Holm" for an annotation with one, else ""."""
    name = speaker_name(row)
    return f"speaker: {name}" if name else ""


def speaker_name(row: dict | None) -> str:
    if not row:
        return ""
    try:
        attrs = json.loads(row.get("attrs") or "{}")
    except ValueError:
        return ""
    speaker = attrs.get("speaker") if isinstance(attrs, dict) else None
    return display_text(" ".join(str(speaker).split())) if speaker else ""


class SpeakerField(Vertical):
    """`value`: (name, group id or None); name "" for no speaker."""

    DEFAULT_CSS = """
    SpeakerField { height: auto; }
    SpeakerField OptionList { height: auto; max-height: 8; }
    """

    def __init__(self, current: str | None, choices: Sequence[SpeakerChoice], group_id: str | None = None,
                 *, id: str | None = None):
        super().__init__(id=id)
        # Shown (and saved, if the user saves) as display text, as the note is: a
        # speaker that arrived through merge must not clear or retitle the screen.
        self.current = safe(current or "")
        self.choices = list(choices)
        self.group_id = group_id if current else None

    def compose(self) -> ComposeResult:
        yield Input(self.current, id="speaker", placeholder="type a name, or pick one below (↓ ↑, Enter)")
        yield OptionList(id="speaker-choices")

    def on_mount(self) -> None:
        # Reached with ↓ ↑ from the input: Tab goes on to the form's next field.
        self.options.can_focus = False
        self._show(self.current if self.group_id is None else "")

    @property
    def input(self) -> Input:
        return self.query_one("#speaker", Input)

    @property
    def options(self) -> OptionList:
        return self.query_one("#speaker-choices", OptionList)

    def _show(self, typed: str) -> None:
        self._shown = [c for c in self.choices if c.matches(typed)][:SHOWN]
        options = self.options
        options.clear_options()
        options.add_options([Option(self._line(c)) for c in self._shown])
        options.highlighted = None
        options.display = bool(self._shown)

    @staticmethod
    def _line(choice: SpeakerChoice) -> Text:
        text = Text(display_text(choice.name), style="bold")
        text.append(f"  {choice.label} · {choice.mentions} mentions", style="dim")
        return text

    @on(Input.Changed, "#speaker")
    def _typed(self, event: Input.Changed) -> None:
        if event.value != self.current:
            self.current = event.value
            self.group_id = None
        self._show(event.value)

    def on_key(self, event: events.Key) -> None:
        if self.screen.focused is not self.input or event.key not in ("down", "up"):
            return
        event.stop()
        options = self.options
        if not self._shown:
            return
        if options.highlighted is None:
            options.highlighted = 0 if event.key == "down" else len(self._shown) - 1
        else:
            options.highlighted = (options.highlighted + (1 if event.key == "down" else -1)) % len(self._shown)

    @on(Input.Submitted, "#speaker")
    def _submitted(self, event: Input.Submitted) -> None:
        highlighted = self.options.highlighted
        if highlighted is not None and highlighted < len(self._shown):
            event.stop()  # Enter took a name from the list; the next Enter goes on
            self.pick(self._shown[highlighted])

    @on(OptionList.OptionSelected, "#speaker-choices")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.pick(self._shown[event.option_index])
        self.input.focus()

    def pick(self, choice: SpeakerChoice) -> None:
        self.current = choice.name
        self.group_id = choice.group_id
        with self.input.prevent(Input.Changed):
            self.input.value = choice.name
        self._show("")
        self.options.display = False

    @property
    def value(self) -> tuple[str, str | None]:
        name = " ".join(self.input.value.split())
        if not name:
            return "", None
        if self.group_id is not None:
            return name, self.group_id
        exact = [c for c in self.choices if c.name.casefold() == name.casefold()]
        return name, exact[0].group_id if exact else None


def with_speaker(attrs: dict, name: str, group_id: str | None) -> dict:
    """`attrs` with the speaker (and its group) set, or both removed for no speaker."""
    attrs = {k: v for k, v in attrs.items() if k not in ("speaker", "speaker_group")}
    if name:
        attrs["speaker"] = name
        if group_id:
            attrs["speaker_group"] = group_id
    return attrs


class SpeakerForm(ModalScreen[tuple[str, str | None] | None]):
    """Review mode's p: only the speaker. Returns (name, group id), or None when cancelled."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, current: str | None, group_id: str | None, choices: Iterable[SpeakerChoice]):
        super().__init__()
        self.title_text = title
        self.current = current
        self.group_id = group_id
        self.choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(Text(self.title_text), id="form-title")
            yield Label("Speaker")
            yield SpeakerField(self.current, self.choices, self.group_id, id="speaker-field")
            yield Static(Text("Enter takes the name (and accepts the item) · an empty name removes it · "
                              "Esc cancels"), id="form-help")

    def on_mount(self) -> None:
        self.query_one("#speaker", Input).focus()

    @on(Input.Submitted, "#speaker")
    def _done(self) -> None:
        self.dismiss(self.query_one(SpeakerField).value)


def review_speaker(screen: Any) -> None:
    """Review mode's p: the item's speaker, typed or picked; the item is
    accepted with it (as the pending label and span), or the decision on it
    changed (`store.review.decide`)."""
    from parallax.store import review

    item = screen.item
    if item is None:
        screen.app.bell()
        return
    base = screen.decided.get(item.id) or item.source
    attrs = json.loads(base["attrs"] or "{}")
    title = display_text(f"Speaker of this {base['label']}: {' '.join(base['text'].split())[:150]}")

    def done(value: tuple[str, str | None] | None) -> None:
        if value is None:
            return
        name, group_id = value
        label, start, end = screen.pending
        status = screen.decided.get(item.id, {}).get("status", "accepted")
        screen.save(review.decide, screen.config.annotator, item.id, status, label=label, start=start, end=end,
                    attrs={"speaker": name or None, "speaker_group": group_id})

    choices = speaker_choices(screen.story_groups())
    screen.app.push_screen(SpeakerForm(title, attrs.get("speaker"), attrs.get("speaker_group"), choices), done)
