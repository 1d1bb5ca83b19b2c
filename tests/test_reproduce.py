"""`symrg reproduce`: the committed reports are exactly what the current code generates.

Each report is the directory ``reports/<name>/`` (the report layout)."""

import os
import pathlib
import shutil

import pytest
from texlive import require_pdflatex

from symrg.cli import main

REPORTS = pathlib.Path(__file__).parent.parent / "reports"
NAMES = ("paper", "gong-xia", "sign-network")


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    have_latex = shutil.which("pdflatex") is not None     # symrg runs pdflatex itself
    if os.environ.get("CI", "").lower() not in ("", "0", "false") and not have_latex:
        pytest.fail("CI is set but pdflatex is missing: the reports must compile in CI")
    args = ["reproduce", "-o", str(out), "-q"] + ([] if have_latex else ["--no-pdf"])
    assert main(args) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(NAMES)   # no debris beside them
    return out, have_latex


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("suffix", [".tex", ".json"])
def test_committed_reports_are_current(regenerated, name, suffix):
    out, _ = regenerated
    fresh = (out / name / f"{name}{suffix}").read_bytes()
    committed = (REPORTS / name / f"{name}{suffix}").read_bytes()
    assert fresh == committed, (f"reports/{name}/{name}{suffix} is stale: run `symrg reproduce` "
                                f"and commit the result")


@pytest.mark.parametrize("name", NAMES)
def test_reports_compile_to_pdf(regenerated, name):
    out, have_latex = regenerated
    if not have_latex:
        require_pdflatex()
    pdf = (out / name / f"{name}.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


@pytest.mark.parametrize("name", NAMES)
def test_committed_figures_are_current(regenerated, name):
    """Every figure of a report (PDF for LaTeX, PNG for slides) is byte-identical."""
    out, _ = regenerated
    fresh_dir, committed_dir = out / name / "figures", REPORTS / name / "figures"
    fresh = sorted(p.name for p in fresh_dir.iterdir()) if fresh_dir.exists() else []
    committed = sorted(p.name for p in committed_dir.iterdir()) if committed_dir.exists() else []
    assert fresh == committed
    for figure in fresh:
        assert (fresh_dir / figure).read_bytes() == (committed_dir / figure).read_bytes(), \
            f"reports/{name}/figures/{figure} is stale"
