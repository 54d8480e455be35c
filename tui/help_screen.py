"""`?`: every key of the story view, grouped, from the same table as the bindings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from .keymap import Command
from .sanitize import safe_text


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def __init__(self, commands: tuple[Command, ...], keymap: dict[str, str], config_path: str):
        super().__init__()
        self.commands = commands
        self.keymap = keymap
        self.config_path = config_path

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(self._table(), id="help-table")
            yield Static(Text(f"Keys, labels and colours: {self.config_path}  ·  Esc closes"), id="help-footer")

    def _table(self) -> Table:
        table = Table(title="Parallax keys", expand=True, show_edge=False, pad_edge=False)
        table.add_column("Group", style="bold", no_wrap=True)
        table.add_column("Keys", no_wrap=True)
        table.add_column("What it does")
        table.add_column("Command id", style="dim", no_wrap=True)
        group = None
        for command in self.commands:
            keys = self.keymap.get(command.id, command.keys)
            shown = ", ".join(self.app.get_key_display(Binding(k.strip(), "")) for k in keys.split(","))
            table.add_row(safe_text(command.group if command.group != group else ""), safe_text(shown),
                          safe_text(command.description), safe_text(command.id))
            group = command.group
        return table
