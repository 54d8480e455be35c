"""Enter on an annotation: edit its note, speaker and form from the keyboard."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from .sanitize import display_text, safe

FORMS = ("direct", "indirect", "reported")


class AnnotationForm(ModalScreen[dict | None]):
    """Returns the changed fields ({"note": …, "attrs": {…}}) or None when cancelled."""

    AUTO_FOCUS = "#speaker"
    """Set as the screen opens, not a message later: keys typed at once follow the focus (tui/typing_gate)."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, annotation: dict, attrs: dict, speakers: Sequence[str]):
        super().__init__()
        self.annotation = annotation
        self.attrs = attrs
        self.speakers = list(dict.fromkeys(speakers))

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(Text(display_text(f"{self.annotation['label']}: {self.annotation['text'][:160]}")),
                         id="form-title")
            yield Label("Speaker")
            speaker = self.attrs.get("speaker")
            # Text prompts: the Select's option list parses str prompts as markup, and names come from articles
            options = [(Text(display_text(name)), name) for name in self.speakers] + (
                [(Text(display_text(speaker)), speaker)] if speaker and speaker not in self.speakers else [])
            yield Select(options, value=speaker if speaker else Select.NULL, id="speaker", prompt="(none)")
            yield Label("Form")
            form = self.attrs.get("form")
            yield Select([(f, f) for f in FORMS], value=form if form in FORMS else Select.NULL, id="form-kind",
                         prompt="(none)")
            yield Label("Note")
            # Shown (and saved, if the user saves) as display text: a note must not clear the screen.
            yield Input(safe(self.annotation.get("note") or ""), id="note", placeholder="free text; Enter saves")
            yield Static(Text("Tab moves · Enter in the note or Ctrl+S saves · Esc cancels"), id="form-help")

    def on_input_submitted(self, _: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        attrs = dict(self.attrs)
        for key, widget_id in (("speaker", "#speaker"), ("form", "#form-kind")):
            value = self.query_one(widget_id, Select).value
            if value is Select.NULL or value is None:
                attrs.pop(key, None)
            else:
                attrs[key] = value
        note = self.query_one("#note", Input).value.strip() or None
        self.dismiss({"attrs": attrs, "note": note})
