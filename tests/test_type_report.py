"""The LaTeX report of a record on types (issue 18: width-N models derived whole).

One record of binary N = 6 on types (0.8 s) is rendered and compiled once.  The report
reads the record only; the checks compare it with the record and with facts the record
does not state (block size N - 2j + 1, irreducible dimension C(N, j) - C(N, j-1), at a
family of rank r the eigenvalue p has multiplicity r^2 - 1 and the eigenvalue 1 the
family's dimension, the multiplicities add up to the couplings).
"""

import math
import re
import shutil
import subprocess
from collections import Counter

import pytest

from test_referee import UNDEFINED, _body
from texlive import require_pdflatex
from symrg.fixedpoints.boundary import boundary_from_counts, rank_two_note
from symrg.model.network import Model, paper_model
from symrg.records import derive
from symrg.records.typerecord import type_record
from symrg.report import render_report, write_report
from symrg.report.compile import compile_pdf
from symrg.text.summary import summary_lines

N = 6

#: Pages the report of a record on types may take (N = 6 .. 16 took 4).
TYPE_PAGE_BUDGET = 8


@pytest.fixture(scope="module")
def model():
    return Model.from_dict(paper_model(width=N).to_dict(), max_states=4 ** N)


@pytest.fixture(scope="module")
def record(model):
    return type_record(model, derive.model_json(model))


@pytest.fixture(scope="module")
def tex(record):
    return render_report(record)


def _flat(text):
    return " ".join(text.split())


def test_block_table_has_the_sizes_and_ranks_of_the_record(record, tex):
    rows = re.findall(r"^(\d+) & \$\((\d+)(?:, (\d+))?\)\$ & (\d+)--(\d+) & (\d+) & (\d+) & "
                      r"(\d+) \\\\$", tex, re.M)
    blocks = record["rg_map_blocks"]["blocks"]
    assert len(rows) == len(blocks) == N // 2 + 1
    for row, block in zip(rows, blocks):
        j, first, second, lo, hi, size, dim, rank = row
        j = int(j)
        assert j == block["j"] and (int(first), int(second or 0)) == (N - j, j)
        assert int(size) == N - 2 * j + 1 == int(hi) - int(lo) + 1
        assert int(dim) == math.comb(N, j) - (math.comb(N, j - 1) if j else 0)
        assert int(rank) == block["rank_counts"]
    assert [int(r[7]) for r in rows] == [4, 0, 0, 0]          # binary heaviside N = 6


def test_families_with_the_record_multiplicities(record, tex):
    """One table row per family, its spectrum summed over sectors as in the record, and
    the multiplicities of a rank-r family: p x (r^2 - 1), 1 x dimension, all 83 couplings."""
    points = record["fixed_points"]["points"]
    families = [pt for pt in points if pt["kind"] == "family"]
    assert [pt["rank"] for pt in families] == [1, 2, 3, 4]
    couplings = record["coupling_count"]["symmetric"]
    for pt in families:
        counts = Counter()
        for entry in pt["spectrum"]:
            counts[str(entry["eigenvalue"])] += entry["multiplicity"]
        assert sum(counts.values()) == couplings
        assert counts.get("2", 0) == pt["rank"] ** 2 - 1 and counts["1"] == pt["dimension"]
        cell = ", ".join(rf"${lam}\ (\times {m})$" for lam, m in counts.items())
        exps = {"2": "1", "1": "0", "0": r"-\infty"}
        row = (rf"family & $({N})$: {pt['rank']} & {pt['rank']} & {pt['dimension']} & "
               rf"{'yes' if pt['physical'] else 'no (fictitious)'} & \raggedright {cell} & "
               + ", ".join(f"${exps[lam]}$" for lam in counts) + r" \\")
        assert row in _flat(tex), row
    assert "[6]x[1]" not in tex and "x[1]" not in tex


def test_boundary_count_is_stated(record, model, tex):
    bound = record["fixed_points"]["boundary"]
    assert bound == {"complete": True, "count": 0, "search_nodes": bound["search_nodes"]}
    assert bound["search_nodes"] > 0
    body = _flat(tex)
    assert r"Boundary fixed points of rank $2$ or more: \textbf{none}." in body
    assert f"({bound['search_nodes']} search nodes)" in body
    summary = _flat("\n".join(summary_lines(record, model)))
    assert (f"rank >= 2: none (every maximal G-invariant class structure searched, "
            f"{bound['search_nodes']} nodes)") in summary
    some = dict(record, fixed_points=dict(record["fixed_points"],
                                          boundary=dict(bound, count=2)))
    assert r"rank $2$ or more: \textbf{2} (every maximal" in _flat(render_report(some))


def test_rank_two_note_counts_components():
    import sympy
    assert rank_two_note(0, 7).startswith("rank >= 2: none (every maximal")
    assert rank_two_note(3, 7).startswith("rank >= 2: 3 components (every maximal")
    ising = boundary_from_counts(sympy.eye(2))      # two ergodic classes: one component
    assert ising.notes[-1].startswith("rank >= 2: 1 component (") and "xi = oo" in \
        ising.notes[-1]


def test_summary_shows_exponents_beside_eigenvalues(record, model):
    text = _flat("\n".join(summary_lines(record, model)).replace("\u00a0", " "))
    assert ("rank 2, dimension 20, fictitious; eigenvalues 2 x3, 1 x20, 0 x60; "
            "exponents y 1 x3, 0 x20, -inf x60") in text
    lines = summary_lines(record, model)
    assert all(len(line) <= 100 for line in lines)
    assert not any(re.match(r"\s*x\d", line) for line in lines)    # never "0" / "x60"


def test_skipped_sections_have_one_sentence_each(record, tex):
    assert [s["section"] for s in record["skipped_sections"]] == ["network"]
    body = _flat(tex)
    assert (r"The network section (DNA Hamiltonian, interaction graph, partition function) "
            r"is not written for this model: Hamiltonians, interaction graphs and partition "
            r"functions are written over configurations.") in body
    cut = dict(record, skipped_sections=[{"section": "decimation", "reason": "too long"}])
    assert "The renormalized weights of Eq.~(22) are not written for this model: too long." \
        in _flat(render_report(cut))


def test_no_code_style_text_nor_undefined_variables(tex):
    body = _body(tex)
    assert not UNDEFINED.search(body), UNDEFINED.search(body)
    assert not re.search(r"(?<![\d.])0\.0(?!\d)", body)
    assert "eigenvalue(s)" not in body and "rg_map" not in body and "_blocks" not in body
    for section in ("types", "RG map per isotypic block", "Fixed points per isotypic block",
                    "Renormalized weights", "Correlations on types", "Not derived on types"):
        assert section in body, section


def test_report_compiles_within_the_page_budget_without_overfull_boxes(record, tex,
                                                                          tmp_path):
    require_pdflatex()
    paths = write_report(record, tmp_path / "out", quiet=True)
    assert paths["pdf"].is_file() and paths["tex"].read_text() == tex
    assert "figures" not in paths                    # one width: no width figures
    build = tmp_path / "build"
    build.mkdir()
    (build / "t.tex").write_text(tex)
    compile_pdf(build / "t.tex", outdir=build)
    log = (build / "t.log").read_text(errors="replace")
    assert "Overfull" not in log
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(paths["pdf"])], capture_output=True,
                              text=True, check=True).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        assert 2 <= pages <= TYPE_PAGE_BUDGET, pages
