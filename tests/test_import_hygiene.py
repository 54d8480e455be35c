"""One direction of imports: tui → store, ingest → store; store imports neither
Textual nor spaCy; the TUI never loads spaCy."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "store": {"textual", "spacy", "tui", "ingest", "parallax", "rich"},
    "ingest": {"textual", "tui", "parallax", "rich"},
    "tui": {"spacy", "ingest", "parallax"},
}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_does_not_import_forbidden_packages(package):
    files = sorted((REPO / package).rglob("*.py"))
    assert files
    offenders = {
        str(path.relative_to(REPO)): sorted(imported_roots(path) & FORBIDDEN[package]) for path in files
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, capture_output=True, text=True).stdout
    return set(out.split())


def test_store_loads_without_textual_or_spacy():
    loaded = loaded_after("import store.db, store.export, store.annotations, store.queries, store.jsonl_import")
    assert not loaded & {"textual", "spacy", "thinc"}


def test_tui_never_loads_spacy():
    loaded = loaded_after("import tui.app")
    assert "textual" in loaded
    assert not loaded & {"spacy", "thinc"}
