"""`C`: the comparison of the story's outlets, in five views — coverage
matrix, speakers, quote drift, naming, figures — with the numbers `parallax
compare` prints (`analysis.compare_tables`). 1–5 switch views; Enter on a
cell goes to that outlet's span (or mention) in the reader; Esc comes back.

One screen per reader, kept between openings (installed): reopening after a
look at the text costs one frame, and after a change the matrix takes the new
rows in place (`show`) and the other views are made again when next shown.
The data comes made from `comparison_keeper`; a view is filled when first
shown."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from parallax.analysis.compare import Comparison
from parallax.analysis.compare_tables import VIEWS, counted, sections

from . import compare_views as views
from .compare_views import Target
from .comparison_keeper import Prepared
from .keymap import COMPARE_COMMANDS, bindings
from .keys_footer import KeysFooter
from .matrix_view import MatrixView
from .sanitize import display_text
from .styles import Palette

TITLES = {"coverage": "Coverage", "speakers": "Speakers", "drift": "Quote drift", "naming": "Naming",
          "figures": "Figures"}
FIXED = {"coverage": 3 + 5 + 7 + 8, "figures": 3 + 10 + 6}
"""Cells taken by the columns before the outlets (with the gaps between them)."""

EMPTY_COVERAGE = ("Nothing to compare yet: a row is an accepted quote or claim (tag with q or c, or accept "
                  "suggestions in review, R), carried across outlets by same or contradicts links "
                  "(L on an annotation, or S to suggest them). Naming (4) works already.")
EMPTY_SPEAKERS = ("No accepted quotes yet: tag quotes with q, or accept suggested ones in review (R); "
                  "a row is whom they quote (p in review sets the speaker).")
EMPTY_FIGURES = ("No differing figures: a row is a quantity that two outlets or more give differently "
                 "(170 / 168 / 172 m) in items linked as the same (L, or S to suggest links).")


class CompareTable(DataTable):
    """A view's table; Enter goes to the cell's span (and says so in the footer)."""

    BINDINGS = [Binding("enter", "select_cursor", "go to span", show=True)]


class CompareScreen(Screen):
    BINDINGS = bindings(COMPARE_COMMANDS)
    commands = COMPARE_COMMANDS
    """For the help screen (?)."""

    def __init__(self, prepared: Prepared, palette: Palette, jump: Callable[[Target], None],
                 naming_target: Callable[[str, int], Target | None]):
        super().__init__()
        self.prepared = prepared
        self.palette = palette
        self.jump = jump
        self.naming_target = naming_target
        self.filled: set[str] = set()
        self.active = "coverage"
        self._drift_targets: list[Target | None] = []

    @property
    def result(self) -> Comparison:
        return self.prepared.result

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="compare-title")
        yield Static(self._tabs(), id="compare-tabs")
        # The coverage view, which C opens on, comes with the screen (one layout for the first frame);
        # another view's widgets are made when it is first shown: five views' tables at once would
        # cost the first frame several times what one does.
        self.filled.add("coverage")
        with Vertical(id="compare-body"):
            yield Vertical(*self._coverage_widgets(), id="coverage-pane", classes="compare-pane")
        yield KeysFooter()  # its keys come after the first frame (Footer waits for the bindings)

    def on_mount(self) -> None:
        self.query_one("#coverage-table").focus()

    async def show(self, prepared: Prepared) -> None:
        """Before each opening but the first. After a change (another `prepared`) the matrix takes the
        new rows in place, its cursor on the row it was on (by id), and the other views are made again
        when next shown; its columns follow the terminal's width."""
        old, self.prepared = self.prepared, prepared
        stale = set(self.filled) if prepared is not old else set()
        if "coverage" in self.filled and bool(old.coverage) == bool(prepared.coverage):
            stale.discard("coverage")
            matrix = self.query_one("#coverage-table", MatrixView)
            columns = self._coverage_columns()
            if prepared is not old or columns != matrix.columns:
                rows = old.result.coverage.rows
                at = rows[matrix.cursor[0]].id if rows else None
                matrix.set_rows(columns, prepared.coverage, next(
                    (i for i, row in enumerate(prepared.result.coverage.rows) if row.id == at), matrix.cursor[0]))
                self.query_one("#coverage-summary", Static).update(
                    views.summary_table(prepared.per_outlet, "lrrrl"))
        if prepared is old:
            return
        self.query_one("#compare-title", Static).update(self._title())
        self.filled -= stale
        await self.query_one("#compare-body", Vertical).remove_children(
            [self.query_one(f"#{view}-pane") for view in stale])
        if self.active in stale:
            await self.show_view(self.active)

    def _title(self) -> Text:
        result = self.result
        title = Text(" Comparison ", style="bold reverse")
        title.append(f" {display_text(result.story)}", style="bold")
        counts = (counted(len(result.articles), "article"), counted(len(result.coverage.rows), "row"),
                  counted(result.links, "link") + " counted")
        title.append(" · " + " · ".join(counts), style="dim")
        return title

    # Views

    async def action_view(self, view: str) -> None:
        await self.show_view(view)

    async def show_view(self, view: str) -> None:
        self.active = view
        body = self.query_one("#compare-body", Vertical)
        if view not in self.filled:
            self.filled.add(view)
            await body.mount(Vertical(*getattr(self, f"_{view}_widgets")(), id=f"{view}-pane", classes="compare-pane"))
        for pane in body.children:
            pane.display = pane.id == f"{view}-pane"
        self.query_one("#compare-tabs", Static).update(self._tabs())
        self.query_one("#drift-list" if view == "drift" else f"#{view}-table").focus()

    def section(self, view: str) -> list:
        """The view's tables as `parallax compare` prints them, made when the view is first shown."""
        return sections(self.result, (view,), width=None)

    def _tabs(self) -> Text:
        text = Text()
        for number, view in enumerate(VIEWS, 1):
            text.append(" ")
            text.append(f" {number} {TITLES[view]} ", style="bold reverse" if view == self.active else "dim")
        return text

    def _text_width(self, fixed: int, outlets: int, outlet_width: int) -> int:
        return max(24, self.app.size.width - fixed - outlets * (outlet_width + 2) - 4)

    def _coverage_columns(self) -> list:
        outlets = self.result.coverage.outlets
        width = views.outlet_width(outlets)
        return views.coverage_columns(outlets, width, self._text_width(FIXED["coverage"], len(outlets), width))

    def _coverage_widgets(self) -> list:
        prepared = self.prepared
        view = MatrixView(self._coverage_columns(), prepared.coverage, frozen=3, cursor=(0, 3),
                          id="coverage-table")  # the cursor on the first outlet
        summary = Static(views.summary_table(prepared.per_outlet, "lrrrl"), id="coverage-summary")
        if not prepared.coverage:  # a first look at a fresh story: say how rows come about
            return [Static(Text(EMPTY_COVERAGE, style="italic"), id="coverage-empty"), view,
                    VerticalScroll(summary, classes="compare-summary")]
        return [view, VerticalScroll(summary, classes="compare-summary")]

    def _speakers_widgets(self) -> list:
        table = CompareTable(id="speakers-table", cursor_type="cell", zebra_stripes=True)
        result, (matrix, per_outlet) = self.result, self.section("speakers")
        width = views.outlet_width(result.coverage.outlets, marks=7)
        table.header_height = 2
        table.add_column(Text("speaker\nquotes: direct / indirect", style="bold"),
                         width=max(26, self.app.size.width // 5))
        for name in result.coverage.outlets:
            table.add_column(views.outlet_header(name, width), width=width)
        table.add_column(Text("total", justify="right"), width=5)
        table.add_rows(views.speaker_cells(matrix))
        table.move_cursor(column=1)
        summary = Static(views.summary_table(per_outlet, "lrrlrl"), id="speakers-summary")
        return [*_empty_hint(table, EMPTY_SPEAKERS, "speakers-empty"),
                VerticalScroll(summary, classes="compare-summary")]

    def _drift_widgets(self) -> list:
        lines = views.drift_lines(self.result, self.prepared.number, max(40, self.app.size.width - 6))
        self._drift_targets = [target for _, target in lines]
        if not lines:
            return [OptionList(Option(Text("No linked quotes of two outlets or more: link some (L) first.",
                                           style="italic"), disabled=True), id="drift-list")]
        options = OptionList(*(Option(text, disabled=target is None) for text, target in lines), id="drift-list")
        options.highlighted = 1
        return [options]

    def _naming_widgets(self) -> list:
        table = CompareTable(id="naming-table", cursor_type="cell", zebra_stripes=True)
        result, (matrix,) = self.result, self.section("naming")
        outlets = len(result.coverage.outlets)
        width = max(14, (self.app.size.width - 22 - 4 - 8 - outlets * 2) // max(outlets, 1))
        table.header_height = 2
        table.add_column(Text("entity"), width=20)
        table.add_column(Text("type", style="dim"), width=4)
        for name in result.coverage.outlets:
            table.add_column(views.outlet_header(name, width), width=width)
        for row in views.naming_cells(matrix, result, 20, width):
            table.add_row(*row, height=views.height(row))
        table.move_cursor(column=2)
        return [table]

    def _figures_widgets(self) -> list:
        table = CompareTable(id="figures-table", cursor_type="cell", zebra_stripes=True)
        result, (matrix,) = self.result, self.section("figures")
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
        return _empty_hint(table, EMPTY_FIGURES, "figures-empty")

    # Going to the text

    def action_jump(self) -> None:
        view = self.active
        target = None
        if view == "drift":
            highlighted = self.query_one("#drift-list", OptionList).highlighted
            if highlighted is not None and highlighted < len(self._drift_targets):
                target = self._drift_targets[highlighted]
        elif view == "coverage":
            matrix = self.query_one("#coverage-table", MatrixView)
            if matrix.row_count:
                target = self._cell_target(view, *matrix.cursor)
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
    @on(MatrixView.CellSelected)
    def _selected(self) -> None:
        self.action_jump()

    @on(OptionList.OptionSelected, "#drift-list")
    def _drift_selected(self) -> None:
        self.action_jump()


def _empty_hint(table: DataTable, hint: str, hint_id: str) -> list:
    """The table, after a line that says what fills it when it has no rows."""
    if table.row_count:
        return [table]
    return [Static(Text(hint, style="italic"), id=hint_id), table]
