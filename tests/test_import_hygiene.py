"""One import package, `parallax`, and one direction of imports inside it:
tui → analysis → store, ingest → store, formats → store; store and analysis
import neither Textual nor spaCy; the TUI never loads spaCy nor the formats."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DIST = "parallax-news"
FOLDERS = {"cli": "parallax.cli", "store": "parallax.store", "analysis": "parallax.analysis",
           "ingest": "parallax.ingest", "tui": "parallax.tui", "formats": "parallax.formats"}
FORBIDDEN = {
    "store": {"textual", "spacy", "rich", "parallax.analysis", "parallax.tui", "parallax.ingest", "parallax.cli",
              "parallax.formats"},
    "analysis": {"textual", "spacy", "rich", "parallax.tui", "parallax.ingest", "parallax.cli", "parallax.formats"},
    "ingest": {"textual", "rich", "parallax.analysis", "parallax.tui", "parallax.cli", "parallax.formats"},
    "tui": {"spacy", "parallax.ingest", "parallax.cli", "parallax.formats"},
    "formats": {"textual", "rich", "parallax.tui", "parallax.analysis", "parallax.ingest", "parallax.cli"},
}


def imported_names(path: Path) -> set[str]:
    """Top-level packages, and `parallax.<part>` for the project's own parts."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
            if node.module == "parallax":
                modules = [f"parallax.{alias.name}" for alias in node.names]
        else:
            continue
        for module in modules:
            parts = module.split(".")
            names.add(".".join(parts[:2]) if parts[0] == "parallax" else parts[0])
    return names


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_package_does_not_import_forbidden_packages(folder):
    files = sorted((REPO / folder).rglob("*.py"))
    assert files
    offenders = {str(path.relative_to(REPO)): sorted(imported_names(path) & FORBIDDEN[folder]) for path in files}
    assert {k: v for k, v in offenders.items() if v} == {}


@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_no_module_imports_a_folder_by_its_bare_name(folder):
    """`import store` would load a second copy of the module from a checkout."""
    offenders = [
        str(path.relative_to(REPO))
        for part in FOLDERS
        for path in sorted((REPO / part).rglob("*.py"))
        if folder in imported_names(path)
    ]
    assert offenders == []


def run_python(code: str, cwd: Path) -> subprocess.CompletedProcess:
    # -I: what an installed program sees, without the working folder on sys.path
    return subprocess.run([sys.executable, "-I", "-c", code], cwd=cwd, capture_output=True, text=True)


def loaded_after(statement: str, cwd: Path) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    done = run_python(code, cwd)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


def test_store_loads_without_textual_or_spacy(tmp_path):
    loaded = loaded_after(
        "import parallax.store.db, parallax.store.export, parallax.store.annotations, "
        "parallax.store.queries, parallax.store.jsonl_import",
        tmp_path,
    )
    assert not loaded & {"textual", "spacy", "thinc"}


def test_tui_never_loads_spacy(tmp_path):
    loaded = loaded_after("import parallax.tui.app", tmp_path)
    assert "textual" in loaded
    assert not loaded & {"spacy", "thinc"}
    assert "parallax.formats" not in run_python(
        "import sys, parallax.tui.app; print(' '.join(sys.modules))", tmp_path).stdout.split()


def test_the_format_registry_loads_neither_spacy_nor_lxml(tmp_path):
    """`parallax export --help` lists the formats without loading their libraries."""
    loaded = loaded_after("import parallax.formats.registry, parallax.cli.export_commands", tmp_path)
    assert not loaded & {"spacy", "thinc", "lxml", "cassis"}


INSTALLED_NAMES = """
import importlib.metadata, json, sys
from pathlib import PurePosixPath
dist = importlib.metadata.distribution(sys.argv[1])
direct_url = json.loads(dist.read_text("direct_url.json") or "{}")
if direct_url.get("dir_info", {}).get("editable"):
    # an editable install maps names to the checkout: ask the import system
    import importlib.util
    names = {n for n in ("parallax", "store", "analysis", "ingest", "tui", "cli", "formats") if importlib.util.find_spec(n)}
else:
    names = set()
    for file in dist.files or []:
        top = PurePosixPath(str(file)).parts[0]
        if top != ".." and not top.endswith((".dist-info", ".pth")) and top != "__pycache__":
            names.add(top.removesuffix(".py"))
print(" ".join(sorted(names)))
"""


def installed_top_level_names() -> set[str]:
    """What the installed distribution puts at the top of site-packages: from
    its RECORD, or, for an editable install, what its import mapping finds.
    Asked from outside the checkout, whose build leaves an egg-info behind."""
    done = subprocess.run([sys.executable, "-I", "-c", INSTALLED_NAMES, DIST], cwd="/", capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


def test_installed_distribution_has_one_top_level_package():
    assert installed_top_level_names() == {"parallax"}


@pytest.mark.parametrize("name", sorted(FOLDERS))
def test_bare_folder_names_are_not_importable(tmp_path, name):
    done = run_python(f"import {name}", tmp_path)
    assert done.returncode != 0
    assert "ModuleNotFoundError" in done.stderr


def test_every_part_imports_from_the_installed_package(tmp_path):
    done = run_python("import parallax.cli, parallax.store, parallax.analysis, parallax.ingest, parallax.tui, "
                      "parallax.formats", tmp_path)
    assert done.returncode == 0, done.stderr
