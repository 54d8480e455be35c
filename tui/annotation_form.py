"""Enter on an annotation: edit its note, speaker (typed, or one of the story's entity groups) and form from the keyboard."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from .sanitize import display_text, safe
from .speaker_field import SpeakerChoice, SpeakerField, with_speaker

FORMS = ("direct", "indirect", "free_indirect", "reported")


class AnnotationForm(ModalScreen[dict | None]):
    """Returns the changed fields ({"note": …, "attrs": {…}}) or None when cancelled."""

    AUTO_FOCUS = "#speaker"
    """Set as the screen opens, not a message later: keys typed at once follow the focus (tui/typing_gate)."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, annotation: dict, attrs: dict, speakers: Sequence[SpeakerChoice]):
        super().__init__()
        self.annotation = annotation
        self.attrs = attrs
        self.speakers = list(speakers)
        """The story's people and organisations to pick the speaker from (free text allowed)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(Text(display_text(f"{self.annotation['label']}: {self.annotation['text'][:160]}")),
                         id="form-title")
            yield Label("Speaker")
            yield SpeakerField(self.attrs.get("speaker"), self.speakers, self.attrs.get("speaker_group"),
                               id="speaker-field")
            yield Label("Form")
            form = self.attrs.get("form")
            yield Select([(f, f) for f in FORMS], value=form if form in FORMS else Select.NULL, id="form-kind",
                         prompt="(none)")
            yield Label("Note")
            # Shown (and saved, if the user saves) as display text: a note must not clear the screen.
            yield Input(safe(self.annotation.get("note") or ""), id="note", placeholder="free text; Enter saves")
            yield Static(Text("Tab moves · Enter in the note or Ctrl+S saves · Esc cancels"), id="form-help")

    def on_input_submitted(self, _: Input.Submitted) -> None:
        # The speaker field keeps the Enter that picks a name from its list.
        self.action_save()

    def action_save(self) -> None:
        attrs = with_speaker(self.attrs, *self.query_one(SpeakerField).value)
        value = self.query_one("#form-kind", Select).value
        if value is Select.NULL or value is None:
            attrs.pop("form", None)
        else:
            attrs["form"] = value
        note = self.query_one("#note", Input).value.strip() or None
        self.dismiss({"attrs": attrs, "note": note})
