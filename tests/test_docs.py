"""The Sphinx documentation builds with warnings as errors (numpydoc, autodoc)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytest.importorskip("sphinx")
pytest.importorskip("numpydoc")


def test_docs_build_without_warnings(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-E", "-q", "-j", "1",
         "-b", "html", str(ROOT / "docs"), str(tmp_path / "html")],
        capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr
    api = (tmp_path / "html" / "api.html").read_text()
    for name in ("derive_record", "json_number", "rg_map", "find_fixed_points"):
        assert name in api


def test_docs_cover_the_model_file_fields():
    """Every top-level key the model loader accepts is documented on the model-file page."""
    from symrg.model import network as model
    page = (ROOT / "docs" / "model_file.rst").read_text()
    for key in sorted(model._TOP_KEYS):
        assert f"``{key}``" in page or f"``{key}." in page, key
    assert "[prior]" in page


def test_no_docstring_points_to_a_missing_design_file():
    for path in (ROOT / "symrg").rglob("*.py"):
        assert "DESIGN.md" not in path.read_text(), path
