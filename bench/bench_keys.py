"""Keystrokes per annotation on a scripted task in the sample story.

The task, at 160×48 with three columns on screen: in each of the first three
articles, label the first sentences of the article text (7, 7 and 6: 20
sentences; a sentence with a quotation mark is a quote, the others claims) and
the first 5 quotations inside those sentences as sub-sentence quote spans.

The "annotator" is a script that plans its keys the way a practised user
would (Tab to the next column, one label key per sentence since the cursor
moves on by itself, `"` then `q` for a quotation inside the current sentence)
and presses them through Pilot. Every key counts. The script then checks the
database holds exactly the 25 intended annotations, so a plan that does not
do the job cannot report a good number.

    python bench/bench_keys.py
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from parallax.store.db import open_db  # noqa: E402
from parallax.tui.app import ParallaxApp  # noqa: E402
from parallax.tui.config import Config  # noqa: E402
from parallax.tui.story_screen import StoryScreen  # noqa: E402

SENTENCES_PER_COLUMN = (7, 7, 6)
QUOTES = 5
QUOTE_MARKS = "„“»«\""


def plan(screen: StoryScreen) -> tuple[list[str], set[tuple[int, int, int, str]]]:
    """Keys to press, and the (column, start, end, label) annotations they must make."""
    keys: list[str] = []
    wanted: set[tuple[int, int, int, str]] = set()
    quotes_left = QUOTES
    for index, count in enumerate(SENTENCES_PER_COLUMN):
        if index:
            keys.append("tab")
        doc, view = screen.docs[index], screen.columns[index].view
        position = view.cursor  # the screen starts each column at its first article sentence
        for _ in range(count):
            start, end = doc.sentence_at(position)
            quote = doc.quote_at(start)
            if quotes_left and quote and start <= quote[0] and quote[1] <= end and quote != (start, end):
                keys += ["quotation_mark", "q"]
                wanted.add((index, quote[0], quote[1], "quote"))
                quotes_left -= 1
            label = "quote" if any(mark in doc.text[start:end] for mark in QUOTE_MARKS) else "claim"
            keys.append("q" if label == "quote" else "c")
            wanted.add((index, start, end, label))
            position = doc.next_sentence(start)
    return keys, wanted


async def run(db_path: Path) -> tuple[int, int, bool]:
    app = ParallaxApp(db_path, config=Config(annotator="bench"))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StoryScreen)
        keys, wanted = plan(screen)
        for key in keys:
            await pilot.press(key)
        await app.workers.wait_for_complete()
        await pilot.pause()
        article_ids = [a.id for a in screen.articles]
    db = open_db(db_path)
    stored = {(article_ids.index(a), s, e, label) for a, s, e, label in db.execute(
        'SELECT article_id, start, "end", label FROM annotations WHERE annotator = ?', ["bench"])}
    return len(keys), len(wanted), stored == wanted


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    db_path = folder / "sample.db"
    subprocess.run([sys.executable, "-m", "parallax.cli", "demo", "--no-open", "--db", str(db_path)],
                   check=True, capture_output=True)
    keys, annotations, exact = asyncio.run(run(db_path))
    print(f"task: {annotations} annotations ({sum(SENTENCES_PER_COLUMN)} sentences, {QUOTES} quotations) "
          f"in {len(SENTENCES_PER_COLUMN)} columns")
    print(f"keystrokes: {keys}; per annotation: {keys / annotations:.2f} (goal ≤ 1.5)")
    print(f"database holds exactly the intended annotations: {'yes' if exact else 'NO'}")


if __name__ == "__main__":
    main()
