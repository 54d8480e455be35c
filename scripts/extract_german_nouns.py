"""Write `ingest/data/german_nouns.tsv.gz`, the part of german-nouns that the offline
recognizer reads, from the german-nouns wheel.

german-nouns (CC BY-SA 4.0, from Wiktionary) depends on wiktionary-de-parser, which
caps lxml below 5; Parallax needs neither of them, only the noun table. So the table
ships as an extract, made from the wheel without installing it:

    pip download --no-deps --dest /tmp/gn german-nouns==1.2.5
    python scripts/extract_german_nouns.py /tmp/gn/german_nouns-1.2.5-py3-none-any.whl

One noun a line: lemma, part of speech, then its distinct singular forms, genitive
singular forms and plural forms, each list joined by "|" (the lemma itself left
out). Rows of other parts of speech and the gender columns are dropped.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "ingest" / "data" / "german_nouns.tsv.gz"
KINDS = ("Toponym", "Vorname", "Nachname")
COMMON = ("Substantiv", "Substantiv,adjektivische Deklination")


def extract(wheel: Path) -> str:
    with zipfile.ZipFile(wheel) as archive:
        raw = archive.read("german_nouns/nouns.csv").decode("utf-8")
        version = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
    rows = csv.reader(io.StringIO(raw, newline=""))
    header = next(rows)
    pos_at = header.index("pos")
    singular = [i for i, col in enumerate(header) if " singular" in col]
    genitive = [i for i in singular if header[i].startswith("genitiv")]
    plural = [i for i, col in enumerate(header) if " plural" in col]
    lines = [f"# {version.split('/')[0]}: lemma, pos, singular, genitive singular, plural forms"]
    for row in rows:
        lemma, pos = row[0], row[pos_at]
        if pos not in COMMON and not any(kind in pos.split(",") for kind in KINDS):
            continue
        forms = [_distinct(row, columns, lemma) for columns in (singular, genitive, plural)]
        lines.append("\t".join([lemma, pos, *forms]))
    return "\n".join(lines) + "\n"


def _distinct(row: list[str], columns: list[int], lemma: str) -> str:
    seen = dict.fromkeys(row[i].strip() for i in columns)
    return "|".join(form for form in seen if form and form != lemma)


def main() -> None:
    text = extract(Path(sys.argv[1]))
    # mtime=0: the same wheel gives the same bytes
    OUT.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{OUT}: {text.count(chr(10)) - 1} nouns, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
