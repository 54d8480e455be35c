"""Entity × article: who is mentioned where, how often. Enter jumps to a mention."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from .align import normalise_entity
from .sanitize import display_text


@dataclass(frozen=True)
class Jump:
    key: str
    column: int


def mention_counts(columns: Sequence[Sequence[tuple[int, int, str, str]]]) -> dict[tuple[str, str], list[int]]:
    """(normalised name, label) → mentions per column, most mentioned first."""
    per_column = [Counter((normalise_entity(e[3]), e[2]) for e in entities) for entities in columns]
    keys = Counter()
    for counts in per_column:
        keys.update(counts)
    return {key: [counts.get(key, 0) for counts in per_column] for key, _ in keys.most_common()}


class EntityTableScreen(ModalScreen[Jump | None]):
    BINDINGS = [Binding("escape,asterisk", "dismiss(None)", "Close")]

    def __init__(self, outlets: Sequence[str], counts: dict[tuple[str, str], list[int]], focus: str | None,
                 names: dict[str, str]):
        super().__init__()
        self.outlets = outlets
        self.counts = counts
        self.focus = focus
        self.names = names
        self._keys: dict[str, str] = {}
        """Row key → the caller's key."""

    def compose(self) -> ComposeResult:
        yield Static(Text("Entities × articles — Enter jumps to the first mention, Esc closes"), id="entity-title")
        yield DataTable(id="entity-table", cursor_type="cell", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Entity", key="entity")
        table.add_column("Type", key="label")
        for index, outlet in enumerate(self.outlets):
            # Text, not str: a DataTable parses str labels and cells as markup
            table.add_column(Text(display_text(outlet)), key=str(index))
        table.add_column("Σ", key="total")
        focus_row = 0
        for row, ((key, label), counts) in enumerate(self.counts.items()):
            name = Text(display_text(self.names.get(key, key)), style="bold reverse" if key == self.focus else "")
            # one name may carry two labels across articles (a model's ORG here, MISC
            # there): a row per (name, label); group ids carry their label already
            row_key = key if key.startswith(f"{label}:") else f"{label}:{key}"
            self._keys[row_key] = key
            table.add_row(name, Text(display_text(label)), *(str(c) if c else "·" for c in counts), str(sum(counts)),
                          key=row_key)
            if key == self.focus:
                focus_row = row
        table.move_cursor(row=focus_row, column=2)
        table.focus()

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        column = event.coordinate.column - 2
        if 0 <= column < len(self.outlets):
            self.dismiss(Jump(self._keys[str(event.cell_key.row_key.value)], column))
