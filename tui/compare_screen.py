"""`C`: the comparison of the story's outlets, in five views — coverage
matrix, speakers, quote drift, naming, figures — with the numbers `parallax
compare` prints (`analysis.compare_tables`). 1–5 switch views; Enter on a
cell goes to that outlet's span (or mention) in the reader; Esc comes back.

Built once per database version: reopening after a look at the text costs
nothing, and a view is filled when first shown."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from parallax.analysis.compare import Comparison
from parallax.analysis.compare_tables import VIEWS, sections

from . import compare_views as views
from .compare_views import Target
from .sanitize import display_text
from .styles import Palette

TITLES = {"coverage": "Coverage", "speakers": "Speakers", "drift": "Quote drift", "naming": "Naming",
          "figures": "Figures"}
FIXED = {"coverage": 3 + 5 + 7 + 8, "figures": 3 + 10 + 6}
"""Cells taken by the columns before the outlets (with DataTable's padding)."""


class CompareTable(DataTable):
    """A view's table; Enter goes to the cell's span (and says so in the footer)."""

    BINDINGS = [Binding("enter", "select_cursor", "go to span", show=True)]


class CompareScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "back"),
        *(Binding(str(i), f"view('{view}')", TITLES[view], show=True, key_display=str(i))
          for i, view in enumerate(VIEWS, 1)),
    ]

    def __init__(self, result: Comparison, palette: Palette, jump: Callable[[Target], None],
                 naming_target: Callable[[str, int], Target | None]):
        super().__init__()
        self.result = result
        self.palette = palette
        self.jump = jump
        self.naming_target = naming_target
        self.sections = {view: [s for s in sections(result, (view,), width=None)] for view in VIEWS}
        self.number = {row.id: index for index, row in enumerate(result.coverage.rows, 1)}
        self.filled: set[str] = set()
        self._drift_targets: list[Target | None] = []

    def compose(self) -> ComposeResult:
        result = self.result
        title = Text(" Comparison ", style="bold reverse")
        title.append(f" {display_text(result.story)}", style="bold")
        title.append(f" · {len(result.articles)} articles · {len(result.coverage.rows)} rows · "
                     f"{result.links} links counted", style="dim")
        yield Static(title, id="compare-title")
        with TabbedContent(id="compare-views"):
            for number, view in enumerate(VIEWS, 1):
                with TabPane(f"{number} {TITLES[view]}", id=view):
                    if view == "drift":
                        yield OptionList(id="drift-list")
                    else:
                        with Vertical():
                            yield CompareTable(id=f"{view}-table", cursor_type="cell", zebra_stripes=True)
                            if view in ("coverage", "speakers"):
                                with VerticalScroll(classes="compare-summary"):
                                    yield Static(id=f"{view}-summary")
        yield Footer()

    def on_mount(self) -> None:
        self.fill("coverage")
        self.query_one("#coverage-table", DataTable).focus()

    # Views

    def action_view(self, view: str) -> None:
        self.show_view(view)

    @on(TabbedContent.TabActivated)
    def _activated(self, event: TabbedContent.TabActivated) -> None:
        self.show_view(event.pane.id or "coverage")

    def show_view(self, view: str) -> None:
        """Fill the view, show it and focus its table: a focused widget in
        another pane would switch the tabs back to that pane."""
        self.fill(view)
        self.query_one(TabbedContent).active = view
        self.query_one("#drift-list" if view == "drift" else f"#{view}-table").focus()

    def fill(self, view: str) -> None:
        if view in self.filled:
            return
        self.filled.add(view)
        getattr(self, f"_fill_{view}")()

    def _text_width(self, fixed: int, outlets: int, outlet_width: int) -> int:
        return max(24, self.size.width - fixed - outlets * (outlet_width + 2) - 4)

    def _fill_coverage(self) -> None:
        table = self.query_one("#coverage-table", DataTable)
        result, (matrix, per_outlet) = self.result, self.sections["coverage"]
        width = views.outlet_width(result.coverage.outlets)
        text_width = self._text_width(FIXED["coverage"], len(result.coverage.outlets), width)
        table.header_height = 2
        table.add_column(Text("#", style="dim"), width=3)
        table.add_column(Text("label"), width=5)
        table.add_column(Text("carried", justify="right"), width=7)
        for name in result.coverage.outlets:
            table.add_column(views.outlet_header(name, width), width=width)
        table.add_column(Text("as the first outlet writes it", style="italic"), width=text_width)
        table.add_rows(views.coverage_cells(matrix, result, self.palette, text_width))
        table.move_cursor(column=3)  # the first outlet
        self.query_one("#coverage-summary", Static).update(views.summary_table(per_outlet, "lrrrl"))

    def _fill_speakers(self) -> None:
        table = self.query_one("#speakers-table", DataTable)
        result, (matrix, per_outlet) = self.result, self.sections["speakers"]
        width = views.outlet_width(result.coverage.outlets, marks=7)
        table.header_height = 2
        table.add_column(Text("speaker\nquotes: direct / indirect", style="bold"), width=max(26, self.size.width // 5))
        for name in result.coverage.outlets:
            table.add_column(views.outlet_header(name, width), width=width)
        table.add_column(Text("total", justify="right"), width=5)
        table.add_rows(views.speaker_cells(matrix))
        table.move_cursor(column=1)
        self.query_one("#speakers-summary", Static).update(views.summary_table(per_outlet, "lrrlrl"))

    def _fill_drift(self) -> None:
        options = self.query_one("#drift-list", OptionList)
        lines = views.drift_lines(self.result, self.number, max(40, self.size.width - 6))
        self._drift_targets = [target for _, target in lines]
        if not lines:
            options.add_option(Option(Text("No linked quotes of two outlets or more: link some (L) first.",
                                           style="italic"), disabled=True))
            return
        options.add_options([Option(text, disabled=target is None) for text, target in lines])
        options.highlighted = 1

    def _fill_naming(self) -> None:
        table = self.query_one("#naming-table", DataTable)
        result, (matrix,) = self.result, self.sections["naming"]
        outlets = len(result.coverage.outlets)
        width = max(14, (self.size.width - 22 - 4 - 8 - outlets * 2) // max(outlets, 1))
        table.header_height = 2
        table.add_column(Text("entity"), width=20)
        table.add_column(Text("type", style="dim"), width=4)
        for name in result.coverage.outlets:
            table.add_column(views.outlet_header(name, width), width=width)
        for row in views.naming_cells(matrix, result, 20, width):
            table.add_row(*row, height=views.height(row))
        table.move_cursor(column=2)

    def _fill_figures(self) -> None:
        table = self.query_one("#figures-table", DataTable)
        result, (matrix,) = self.result, self.sections["figures"]
        width = views.outlet_width(result.coverage.outlets, marks=14, most=16)
        text_width = self._text_width(FIXED["figures"], len(result.coverage.outlets), width)
        table.header_height = 2
        table.add_column(Text("#", style="dim"), width=3)
        table.add_column(Text("unit"), width=10)
        for name in result.coverage.outlets:
            table.add_column(views.outlet_header(name, width), width=width)
        table.add_column(Text("the row", style="italic"), width=text_width)
        for row in views.figure_cells(matrix, result, width, text_width):
            table.add_row(*row, height=views.height(row))
        table.move_cursor(column=2)

    # Going to the text

    def action_jump(self) -> None:
        view = self.query_one(TabbedContent).active
        target = None
        if view == "drift":
            highlighted = self.query_one("#drift-list", OptionList).highlighted
            if highlighted is not None and highlighted < len(self._drift_targets):
                target = self._drift_targets[highlighted]
        else:
            table = self.query_one(f"#{view}-table", DataTable)
            if table.row_count:
                row, column = table.cursor_coordinate
                target = self._cell_target(view, row, column)
        if target is None:
            self.app.bell()
            return
        self.app.pop_screen()
        self.jump(target)

    def _cell_target(self, view: str, row: int, column: int) -> Target | None:
        result = self.result
        if view == "coverage":
            return views.coverage_target(result, row, column)
        if view == "speakers":
            return views.speaker_target(result, row, column)
        if view == "figures":
            return views.figure_target(result, row, column)
        outlet = column - 2
        found = result.naming[row]
        columns = [i for i, forms in enumerate(found.forms) if forms]
        index = outlet if 0 <= outlet < len(found.forms) and found.forms[outlet] else columns[0]
        return self.naming_target(found.group_id, result.coverage.article_ids[index])

    @on(DataTable.CellSelected)
    def _selected(self) -> None:
        self.action_jump()

    @on(OptionList.OptionSelected, "#drift-list")
    def _drift_selected(self) -> None:
        self.action_jump()
