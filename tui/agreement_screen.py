"""`A`: how far the annotators agree on this story, and where they do not.

The figures are analysis.agreement's (method in the README); Enter on a
disagreement opens adjudication at that sentence.
"""

from __future__ import annotations

from collections.abc import Callable

from rich import box
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from parallax.analysis.agreement import StoryAgreement
from parallax.analysis.agreement_scores import PRF, Agreement

from .sanitize import display_text, safe_text

SNIPPET = 90


class AgreementScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "back"),
        Binding("enter", "adjudicate", "adjudicate here", show=True),
    ]

    def __init__(self, result: StoryAgreement, gold: str, adjudicate: Callable[[int, int], None]):
        super().__init__()
        self.result = result
        self.gold = gold
        self.adjudicate = adjudicate

    def compose(self) -> ComposeResult:
        result = self.result
        title = Text(f"Agreement · {display_text(result.story or 'all stories')} · ", style="bold")
        title.append(", ".join(map(display_text, result.annotators)))
        title.append(f" · {'/'.join(result.statuses)} annotations · sentences are the units", style="dim")
        yield Static(title, id="agreement-title")
        with VerticalScroll(id="agreement-figures"):
            yield Static(self._units_table())
            yield Static(self._spans_table())
            yield Static(self._articles_table())
        count = result.total.disagreements
        yield Static(Text(f"{count} sentences where they differ · Enter adjudicates as {display_text(self.gold)}",
                          style="bold"), id="disagreement-title")
        yield DataTable(id="disagreements", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#disagreements", DataTable)
        # Text, never str: DataTable reads a str as markup, and an annotator named "[/]" would crash it.
        table.add_columns(Text("outlet"), *map(safe_text, self.result.annotators), Text("sentence"))
        for index, found in enumerate(self.result.disagreements):
            sentence = display_text(" ".join(found.text.split()))
            if len(sentence) > SNIPPET:
                sentence = sentence[:SNIPPET - 1] + "…"
            # Text objects, never strings: DataTable would read a str as markup.
            table.add_row(Text(display_text(found.outlet or "?")),
                          *(safe_text(found.values.get(name) or "–") for name in self.result.annotators),
                          Text(sentence), key=str(index))
        table.focus()

    def _units_table(self) -> Table:
        table = Table(title="Sentence units (κ: two annotators, α: any number)", title_justify="left",
                      expand=False, box=box.SIMPLE_HEAD)
        for column in ("", "units", "Cohen's κ", "Krippendorff's α"):
            table.add_column(column, justify="right" if column else "left")
        total = self.result.total
        rows: list[tuple[str, Agreement]] = [("all labels", total.overall)]
        rows += [(label, figures) for label, figures in total.labels.items()]
        for name, figures in rows:
            table.add_row(Text(display_text(name)), str(figures.units), _number(figures.kappa),
                          _number(figures.alpha))
        return table

    def _spans_table(self) -> Table:
        table = Table(title="Spans: the second annotator's against the first's", title_justify="left",
                      expand=False, box=box.SIMPLE_HEAD)
        for column in ("pair", "exact P", "R", "F1", "overlap P", "R", "F1"):
            table.add_column(column, justify="left" if column == "pair" else "right")
        for pair in self.result.total.spans:
            table.add_row(Text(f"{display_text(pair.reference)} → {display_text(pair.other)}"),
                          *_prf(pair.overall.exact), *_prf(pair.overall.overlap))
        return table

    def _articles_table(self) -> Table:
        table = Table(title="Per article", title_justify="left", expand=False, box=box.SIMPLE_HEAD)
        for column in ("outlet", "sentences", "κ", "α", "differ"):
            table.add_column(column, justify="left" if column == "outlet" else "right")
        for article in self.result.articles:
            table.add_row(Text(display_text(article.outlet or "?")), str(article.sentences),
                          _number(article.overall.kappa), _number(article.overall.alpha), str(article.disagreements))
        return table

    def action_adjudicate(self) -> None:
        table = self.query_one("#disagreements", DataTable)
        if not self.result.disagreements:
            self.notify("No disagreements: nothing to adjudicate")
            return
        found = self.result.disagreements[table.cursor_row]
        self.adjudicate(found.article_id, found.start)

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_adjudicate()


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _prf(scores: PRF) -> tuple[str, str, str]:
    return _number(scores.precision), _number(scores.recall), _number(scores.f1)
