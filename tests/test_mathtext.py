"""symrg.text.mathtext: the plain-text notes of the width analysis reach the page as mathematics.

Every statement the width record (symrg.records.width, symrg.width.meanfield) writes is set by
:func:`symrg.text.mathtext.prose_latex` and scanned with the report test's detector of ASCII
mathematics (tests/test_report_output.py), which fails on the plain text itself; a few
formulas are compared with their exact LaTeX.
"""

import json
import re
from pathlib import Path

import pytest

from symrg.text.mathtext import ascii_math, prose_latex
from symrg.width.meanfield import infinite_width_value_map
from symrg.model.network import Model, paper_model
from texlive import require_pdflatex
from symrg.report.compile import compile_pdf
from symrg.report.latex import escape_latex
from symrg.records.width import width_record
from test_report_output import python_syntax

ROOT = Path(__file__).parent.parent


def _sign_model(W):
    return Model.from_dict({"name": "sign", "data": 1,
                            "values": {"W": W, "b": [-1, 1], "h": [-1, 1]},
                            "activation": {"name": "binary_sign"}})


def _statements():
    """Every statement of the committed L = 2 width record, of an L = 1 record and of the
    two L = 1 infinite-width maps (zero and nonzero mean of W)."""
    out = []
    for record in (json.loads((ROOT / "reports" / "sign-network" / "sign-network.json")
                              .read_text())["width"],
                   width_record(paper_model(), [1, 2], digits=20, distances=())):
        out += [record["mean_field"]["statement"], record["boundary"]["statement"]]
        out += [fit["statement"] for fit in record["fits"]]
    out += [infinite_width_value_map(_sign_model(W))["statement"] for W in ([-1, 1], [0, 1])]
    return out


STATEMENTS = _statements()


def test_the_scanner_fails_on_the_plain_statements():
    found = {w for s in STATEMENTS for w, _, _ in python_syntax(escape_latex(s))}
    assert {"Greek name in text", "function name in text", "subscript _x outside math",
            "index _1 outside math", "ASCII ->", "sqrt( call", "+- sign"} <= found


@pytest.mark.parametrize("statement", STATEMENTS, ids=range(len(STATEMENTS)))
def test_width_statements_are_set_as_mathematics(statement):
    tex = prose_latex(statement)
    assert python_syntax(tex) == [], tex
    assert tex.count("$") % 2 == 0
    depth = 0
    for char in re.sub(r"\\[{}]", "", tex):
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0, tex
    assert depth == 0, tex


def test_width_formulas_exactly():
    assert prose_latex("f(q) = alpha + gamma (2/pi) arcsin q; chi(0) = 2 gamma/pi < 1") == (
        r"$f(q) = \alpha + \gamma\,\tfrac{2}{\pi}\arcsin q$; $\chi(0) = 2\gamma/\pi < 1$")
    assert prose_latex("chi(N) = |lambda_2/lambda_1| and |chi(N) - chi_MF| at s_c(N)") == (
        r"$\chi(N) = |\lambda_2/\lambda_1|$ and $|\chi(N) - \chi_{\mathrm{MF}}|$ at $s_c(N)$")
    assert prose_latex("the O(sqrt N) pre-activation; at N = infinity, q* = 0") == (
        r"the $O(\sqrt{N})$ pre-activation; at $N = \infty$, $q^* = 0$")
    assert prose_latex("(P(W=0) = s, P(W=+1) = P(W=-1) = (1-s)/2, ...)") == (
        r"($P(W{=}0) = s$, $P(W{=}{+1}) = P(W{=}{-1}) = (1-s)/2$, ...)")


def test_generic_chains_and_their_limits():
    """Relations between symbols are one formula; English words never enter math mode."""
    assert prose_latex("exact G_h(0) = 0.222, xi = 0.721. Matches y_A = y_B = 1.") == (
        r"exact $G_h(0) = 0.222$, $\xi = 0.721$. Matches $y_A = y_B = 1$.")
    assert prose_latex("t* = 0 (K* = 0) and y = 1 (unstable, nu = 1)") == (
        r"$t^* = 0$ ($K^* = 0$) and $y = 1$ (unstable, $\nu = 1$)")
    assert prose_latex("a plain 1/2 = 0.5 stays text, so do widths >= 4") == (
        r"a plain 1/2 = 0.5 stays text, so do widths $\ge$ 4")
    assert ascii_math("|z| <= 3, u -> oo, sigma(+-inf)") == (
        r"|z| \le 3, u \to \infty, \sigma(\pm \infty)")


def test_comparison_notes_of_the_seeds():
    """Forms of the paper and Gong-Xia comparison notes (symrg.seeds), set exactly."""
    assert prose_latex("Derived K' = (1/4) ln(T'++ T'-- / T'+-^2) = (1/2) ln cosh 2K") == (
        r"Derived $K' = (1/4) \ln({T'_{++}} {T'_{--}} / {T'_{+-}}^{2}) = (1/2) \ln \cosh 2K$")
    assert prose_latex("Derived isolated point e^A, e^B, e^C = 3, -2/3, -1/3 (physical)") == (
        r"Derived isolated point $(e^{A}, e^{B}, e^{C}) = (3, -2/3, -1/3)$ (physical)")
    assert prose_latex("A': agrees; h sigma: agrees; Printed Z_m = derived x (ratio 1, u at "
                       "(h, sigma) = (0, 1))") == (
        r"$A'$: agrees; $h \sigma$: agrees; Printed $Z_m$ = derived $\times$ (ratio 1, $u$ at "
        r"$(h, \sigma) = (0, 1)$)")


SEED_FORMS = ["Derived K' = (1/4) ln(T'++ T'-- / T'+-^2) = (1/2) ln cosh 2K",
              "Derived isolated point e^A, e^B, e^C = 3, -2/3, -1/3",
              "A': agrees; h sigma: agrees; Printed Z_m = derived x (ratio 1, u at (h, sigma))",
              "exact G_h(0) = 0.222, |z| <= 3.596, u -> oo, sigma(+-inf), J_0 = (N/4) ln(4 J)"]


def test_prose_latex_compiles(tmp_path):
    """Every statement above set in one document: LaTeX accepts it (no double scripts)."""
    require_pdflatex()
    body = "\n\n".join(prose_latex(s) for s in STATEMENTS + SEED_FORMS)
    tex = tmp_path / "notes.tex"
    tex.write_text("\\documentclass{article}\\usepackage[T1]{fontenc}\\usepackage{amsmath}"
                   "\\usepackage{amssymb}\\begin{document}\n" + body + "\n\\end{document}\n")
    compile_pdf(tex, outdir=tmp_path)
    assert (tmp_path / "notes.pdf").exists()
