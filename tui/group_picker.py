"""`M` on an entity: merge its name into another group of the story, or split
it out into a group of its own. Returns ("merge", the group's name) or
("split", None), or None when cancelled."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from .sanitize import display_text


class GroupPicker(ModalScreen[tuple[str, str | None] | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, form: str, group: Any, others: Sequence[Any]):
        super().__init__()
        self.form = form
        self.group = group
        self.others = list(others)

    def compose(self) -> ComposeResult:
        name = display_text(self.form)
        with Vertical(id="group-picker"):
            title = Text(f"“{name}” is in the group ", style="bold")
            title.append(display_text(self.group.name), style="bold reverse")
            title.append(f" ({len(self.group.mentions)} mentions). Enter: ", style="bold")
            title.append("split it out, or merge it into another group · Esc cancels")
            yield Static(title)
            split = Text(f"split out: “{name}” on its own, in every article", style="italic")
            options = [Option(split, id="split")]
            for index, group in enumerate(self.others):
                articles = len({m.article_id for m in group.mentions})
                line = Text(f"merge into {display_text(group.name)}", style="bold")
                line.append(f"  {len(group.mentions)} mentions in {articles} articles", style="dim")
                options.append(Option(line, id=str(index)))
            yield OptionList(*options, id="group-options")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == "split":
            self.dismiss(("split", None))
        else:
            self.dismiss(("merge", self.others[int(event.option.id)].name))
