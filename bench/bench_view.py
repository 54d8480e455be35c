"""Key → repaint latency and terminal bytes: ArticleView against a read-only,
soft-wrapped TextArea holding the same text.

    /work/venv/bin/python bench/bench_view.py [--samples 60]

The article is synthetic German-ish text of 40,000 chars with 5,000 entities
and 300 annotations. ArticleView draws all of them; the TextArea baseline
draws plain text, so it does strictly less styling work. Both run in a Pilot
session (`App.run_test`) at 200×50, focused, with ArticleView's motions bound
on the app as the real screen binds them.

Latency: a key event is handed to the driver exactly as terminal input is
(`driver.send_message`), and the sample is the wall time until the driver's
`write` of the last frame that key caused (frames settle for 15 ms). That
covers dispatch, the binding, the widget's work, the compositor's
`render_line` calls and the encoding into terminal sequences. Textual's frame
timer normally adds up to 1/60 s before a repaint; the bench sets
TEXTUAL_FPS=1000 so that wait (the same for both widgets) does not drown the
difference. Pilot's own `press` is not used for timing: it waits for CPU idle,
which costs ~40 ms per key.

Bytes: the headless driver normally skips `App._display`, so the bench app
reports itself as not headless and replaces the driver's `write` with a
recorder. The bytes are what Textual would send to a real terminal (UTF-8),
with the console colour system forced to truecolor or 256 colours. Textual
maps the 16 ANSI colour names to the theme's RGB values by default, so the
truecolor output carries RGB sequences.
"""

import os

os.environ["TEXTUAL_FPS"] = "1000"  # before Textual reads its constants

import argparse
import asyncio
import random
import re
import statistics
import sys
import time
from pathlib import Path

from rich.console import ColorSystem
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import TextArea

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from parallax.tui.article_view import ArticleView  # noqa: E402
from parallax.tui.document import ArticleDoc  # noqa: E402
from parallax.tui.styles import Palette  # noqa: E402

SIZE = (200, 50)
SETTLE = 0.015
WORDS = (
    "der die das und im am mit für nach auf über bei dass nicht wurde hatte sagte "
    "Frachter Kanal Schleuse Reederei Behörde Schaden Verluste Lotse Besatzung "
    "Containerschiff Wasserstraße Böschung Hauptmaschine Schlepper Ermittlungen "
    "Sprecherin Nord-Ostsee-Kanal Wasserschutzpolizei Millionen Prozent 12.000 "
    "zählt blockiert geprüft verlangt berichtet"
).split()
NAMES = "Brunsbüttel Kiel Hamburg Gdynia Henning Brandt Jana Petersen Kieler Rundschau".split()
LABELS = ["quote", "claim", "opinion", "comment"]


def build_article(chars: int = 40_000, entities: int = 5_000, annotations: int = 300) -> ArticleDoc:
    rng = random.Random(7)
    parts: list[str] = []
    sentences: list[tuple[int, int]] = []
    length = 0
    while length < chars:
        sentence = " ".join(rng.choice(WORDS + NAMES) for _ in range(rng.randint(6, 18)))
        sentence = sentence[0].upper() + sentence[1:] + "."
        sep = "\n\n" if rng.random() < 0.2 else " "
        sentences.append((length, length + len(sentence)))
        parts.append(sentence + sep)
        length += len(sentence) + len(sep)
    text = "".join(parts)[:chars]
    spans = [m.span() for m in re.finditer(r"\w+", text)]
    chosen = sorted(rng.sample(spans, min(entities, len(spans))))
    ents = [(s, e, rng.choice(["PER", "LOC", "ORG", "MISC"]), text[s:e]) for s, e in chosen]
    doc = ArticleDoc(text, [(0, len(text), "body")], sentences, ents)
    rows = []
    for i, (start, end) in enumerate(sorted(rng.sample(doc.units, min(annotations, len(doc.units))))):
        status = "suggested" if i % 3 else "accepted"
        rows.append({"id": str(i), "start": start, "end": end, "label": LABELS[i % 4], "status": status})
    doc.set_annotations(rows)
    return doc


class BenchApp(App):
    """One widget, a recording driver, and bindings for ArticleView's motions.
    It uses the reader's own stylesheet and ANSI colours, as ParallaxApp does."""

    CSS_PATH = str(Path(__file__).resolve().parents[1] / "tui" / "parallax.tcss")

    BINDINGS = [
        Binding("down", "line_down"),
        Binding("pagedown", "page_down"),
    ]

    def __init__(self, widget: str, doc: ArticleDoc, color_system: ColorSystem) -> None:
        super().__init__(ansi_color=True)
        self.widget_kind = widget
        self.doc = doc
        self.console._color_system = color_system
        self.frames: list[tuple[float, int]] = []

    @property
    def is_headless(self) -> bool:
        return False  # so App._display encodes every frame for our recorder

    def compose(self) -> ComposeResult:
        if self.widget_kind.startswith("ArticleView"):
            yield ArticleView(self.doc, Palette())
        else:
            area = TextArea(self.doc.text, read_only=True, soft_wrap=True)
            area.cursor_blink = False  # a blinking cursor would add frames nobody asked for
            yield area

    def on_mount(self) -> None:
        self._driver.write = self._record  # type: ignore[method-assign,union-attr]

    def _record(self, data: str) -> None:
        self.frames.append((time.perf_counter(), len(data.encode("utf-8"))))

    def action_line_down(self) -> None:
        self.query_one(ArticleView).line_down()

    def action_page_down(self) -> None:
        self.query_one(ArticleView).page_down()


async def measure(widget: str, doc: ArticleDoc, color_system: ColorSystem, samples: int) -> dict[str, list]:
    app = BenchApp(widget, doc, color_system)
    results: dict[str, list] = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.query_one(ArticleView if widget.startswith("ArticleView") else TextArea)
        view.focus()
        await pilot.pause()
        height = view.scrollable_content_region.height

        async def press(key: str) -> tuple[float, int]:
            """Latency in ms to the key's last frame, and the bytes of its frames."""
            await pilot.pause()
            app.frames.clear()
            event = events.Key(key, None)
            event.set_sender(app)
            t0 = time.perf_counter()
            app._driver.send_message(event)
            while not app.frames or time.perf_counter() - app.frames[-1][0] < SETTLE:
                await asyncio.sleep(0)
                if not app.frames and time.perf_counter() - t0 > 2:
                    raise RuntimeError(f"{widget}: {key!r} caused no repaint")
            return (app.frames[-1][0] - t0) * 1000, sum(size for _, size in app.frames)

        async def home(line: int) -> None:
            """Cursor to visual line `line` with the view scrolled to the top (not measured)."""
            if isinstance(view, ArticleView):
                view.scroll_to(y=0, animate=False)
                view.move_to(view.lines[line][0])
            else:
                view.scroll_to(y=0, animate=False)
                view.cursor_location = view.wrapped_document.offset_to_location((0, line))
            await pilot.pause()

        async def run(name: str, key: str, start_line: int, presses_per_round: int) -> None:
            rows = []
            while len(rows) < samples:
                await home(start_line)
                for _ in range(presses_per_round):
                    rows.append(await press(key))
            results[name] = rows[:samples]

        await run("cursor down, no scroll", "down", 0, height - 6)
        bottom = height - 1 - ArticleView.SCROLL_MARGIN if isinstance(view, ArticleView) else height - 1
        await run("cursor down, scrolling", "down", bottom, 40)
        await run("page down", "pagedown", 0, 4)
    return results


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=60)
    args = parser.parse_args()
    doc = build_article()
    plain = ArticleDoc(doc.text, [], doc.units, [])
    print(
        f"article: {len(doc.text):,} chars, {len(doc.entities):,} entities, {len(doc.annotations)} annotations; "
        f"terminal {SIZE[0]}×{SIZE[1]}; {args.samples} samples per row.\n"
        "'news density' has 500 entities and 30 annotations (one entity per ~80 chars, as in real articles);\n"
        "'plain' is ArticleView on the same text without entities or annotations, as bare as the TextArea.\n"
    )
    # The seed articles carry one entity per ~80 characters; the 5,000-entity
    # article is ten times denser, a stress case for bytes per frame.
    news = build_article(entities=500, annotations=30)
    widgets = {"ArticleView": doc, "ArticleView news density": news, "ArticleView plain": plain, "TextArea": plain}
    systems = {"truecolor": ColorSystem.TRUECOLOR, "256 colours": ColorSystem.EIGHT_BIT}
    runs = {
        (widget, system): asyncio.run(measure(widget, widget_doc, colour, args.samples))
        for widget, widget_doc in widgets.items()
        for system, colour in systems.items()
    }
    cases = list(runs[("TextArea", "truecolor")])
    header = "".join(f"{name + ' p50':>30}{'p95':>7}" for name in widgets)
    print(f"{'latency, ms, truecolor':<24}{header}{'ArticleView/TextArea p50':>26}")
    for case in cases:
        cells, p50s = "", {}
        for widget in widgets:
            values = [ms for ms, _ in runs[(widget, "truecolor")][case]]
            p50s[widget] = percentile(values, 50)
            cells += f"{p50s[widget]:>30.2f}{percentile(values, 95):>7.2f}"
        print(f"{case:<24}{cells}{p50s['ArticleView'] / p50s['TextArea']:>25.2f}×")
    print()
    print(f"{'bytes per key, median':<38}" + "".join(f"{name:>27}" for name in widgets))
    for system in systems:
        for case in cases:
            cells = "".join(
                f"{statistics.median(size for _, size in runs[(widget, system)][case]):>27,.0f}" for widget in widgets
            )
            print(f"{case + ', ' + system:<38}{cells}")


if __name__ == "__main__":
    main()
