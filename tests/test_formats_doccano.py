"""doccano JSONL, imported by doccano 1.8.4's own importer (`load_dataset`)
in a virtual environment of its own: doccano pins Django and numpy < 2,
which cannot share ours. The environment is built once and reused
($PARALLAX_DOCCANO_VENV, default under the temp folder); the test is skipped,
saying why, when it cannot be built (no package index reachable)."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from formats_support import build, export_to, spans_of
from parallax.formats import loss

VENV = Path(os.environ.get("PARALLAX_DOCCANO_VENV") or Path(tempfile.gettempdir()) / "parallax-doccano-1.8.4")
REQUIREMENTS = ["doccano==1.8.4", "numpy<2", "marshmallow<4"]
DRIVER = Path(__file__).with_name("doccano_driver.py")


@pytest.fixture(scope="session")
def doccano_python() -> Path:
    python = VENV / "bin" / "python"
    if not (VENV / ".complete").exists():
        try:
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True, capture_output=True)
            subprocess.run([str(python), "-m", "pip", "install", "-q", *REQUIREMENTS], check=True,
                           capture_output=True, text=True, timeout=1800)
        except subprocess.CalledProcessError as err:
            pytest.skip(f"cannot build doccano 1.8.4's environment at {VENV}: {(err.stderr or '')[-300:]}")
        except subprocess.TimeoutExpired:
            pytest.skip(f"building doccano 1.8.4's environment at {VENV} took over 30 minutes")
        (VENV / ".complete").touch()
    return python


def test_doccanos_importer_stores_the_accepted_spans_and_relations(doccano_python, tmp_path):
    fixture = build(tmp_path)
    out = tmp_path / "doccano.jsonl"
    count, report = export_to(fixture.path, "doccano", out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    home = tmp_path / "doccano-home"
    home.mkdir()
    done = subprocess.run([str(doccano_python), str(DRIVER), str(home), str(out)], capture_output=True, text=True,
                          timeout=600, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert done.returncode == 0, done.stderr[-2000:]
    stored = json.loads(done.stdout.splitlines()[-1])
    assert stored["errors"] == []
    assert len(stored["examples"]) == count == 2
    loaded = set()
    for example in stored["examples"]:
        described = example["meta"]["parallax"]
        # German text and quotes arrive as written (no encoding guess mangled them)
        assert "„Wir schließen" in example["text"]
        for start, end, label in example["spans"]:
            loaded.add((example["meta"]["sha256"], start, end, label))
        assert {d["annotator"] for d in described.values()} <= {"anna", "ben"}
    assert loaded == {s[:4] for s in spans_of(fixture.path, lambda r: r["status"] == "accepted")}
    relations = [r for example in stored["examples"] for r in example["relations"]]
    assert relations == [[[15, "quote"], [30, "claim"], "elaborates"]]
    assert report.counts == {loss.SPAN_SUGGESTED: 1, loss.SPAN_REJECTED: 1, loss.LINK_DROPPED_END: 1,
                             loss.LINK_ACROSS: 1}
