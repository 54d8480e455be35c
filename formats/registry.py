"""The formats `parallax export` and `import-annotations` offer, and how each
one is laid out on disk. Modules are imported when used: `--help` must not
load spaCy or lxml."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any


@dataclass(frozen=True)
class Format:
    name: str
    module: str
    layout: str          # "stream": a file or stdout; "file": a file; "folder"; "zip": a .zip file or a folder
    summary: str
    tokens: bool = False  # counts in tokens, so --align applies
    writer: str = "write"
    readable: bool = False

    def write(self, articles, target: IO[str] | Path, report, align: str) -> int:
        function = getattr(self._module(), self.writer)
        return function(articles, target, report, align) if self.tokens else function(articles, target, report)

    def read(self, source: Any):
        return self._module().read(source)

    def _module(self):
        return importlib.import_module(f"parallax.formats.{self.module}")


FORMATS = {f.name: f for f in (
    Format("prodigy", "prodigy", "stream", "Prodigy spans_manual tasks (JSONL)", tokens=True, readable=True),
    Format("doccano", "doccano", "stream", "doccano sequence labeling with relations (JSONL)"),
    Format("labelstudio", "labelstudio", "folder", "Label Studio tasks.json + label_config.xml", readable=True),
    Format("brat", "brat", "folder", "brat standoff: .txt + .ann per article, annotation.conf", readable=True),
    Format("spacy", "docbin", "file", "spaCy DocBin (.spacy) with span groups", tokens=True, readable=True),
    Format("conll", "conll", "stream", "CoNLL-2003 IOB2", tokens=True, writer="write_conll"),
    Format("conllu", "conll", "stream", "CoNLL-U with NER in MISC", tokens=True, writer="write_conllu"),
    Format("xmi", "xmi", "zip", "UIMA CAS XMI + TypeSystem.xml (INCEpTION)", readable=True),
)}
READABLE = tuple(name for name, f in FORMATS.items() if f.readable)
