"""Report output: RG maps through named partial sums, figures, and what reaches the page.

* The partial sums Z_{h sigma} and the log-combinations printed for K' are checked
  against an independent computation (the decimated weight matrix E (Omega^T E)^(p-1)
  at numeric couplings, read back in the coupling basis), on models not designed for.
* The .tex of the committed reports and of every example report (examples/*.toml and
  symrg/models/paper.toml, all sections, built once per session by the conftest fixture
  ``example_reports``) carries no Python syntax or ASCII mathematics, and no line is
  overfull by more than 1 pt (parsed from the LaTeX log); relu3's RG map spans at most
  2 pages.
* Figures are drawn from the record, and a rerun gives byte-identical files.
"""

import glob
import json
import random
import re
import shutil
import tempfile
from pathlib import Path

import mpmath
import pytest
import sympy

from symrg.rg.couplings import coupling_basis
from symrg.lattice.counting import count_matrix
from symrg.rg.decimation import decimate, exp_to_monomials, rg_map
from symrg.records.derive import derive_record
from symrg.model.network import Model, paper_model
from symrg.model.files import load_model
from symrg.report import latexmk_available, render_report, write_report
from texlive import require_pdflatex
from symrg.report.figures import figure_plan
from symrg.text.rglatex import bond_products, partial_sums, rg_map_latex

ROOT = Path(__file__).parent.parent


def _models():
    from symrg.model.network import reachable_preactivations
    W, b, h = [-1, 2], [sympy.Rational(-1, 2), 1], [-1, sympy.Rational(1, 2)]
    table = {str(x): (-1 if x < 0 else "1/2")
             for x in reachable_preactivations(tuple(map(sympy.Rational, W)), tuple(b),
                                               tuple(map(sympy.Rational, h)), 1)}
    odd = Model.from_dict({"name": "negative and rational values", "scale": 3,
                           "values": {"W": W, "b": ["-1/2", 1], "h": [-1, "1/2"]},
                           "activation": {"table": table}})
    return [paper_model(), load_model(ROOT / "examples" / "relu3.toml"), odd,
            paper_model(width=2)]


@pytest.fixture(scope="module", params=range(4), ids=["paper", "relu3", "odd-p3", "width2"])
def model(request):
    return _models()[request.param]


def _numeric_couplings(basis, seed):
    rng = random.Random(seed)
    return {s: sympy.Rational(rng.randint(-7, 7), rng.randint(2, 9)) for s in basis.symbols}


def test_partial_sums_reproduce_the_decimated_weights(model):
    """E'[pair] = e^{c.K} Z exactly, against E (Omega^T E)^(p-1) of the bond weights."""
    basis = coupling_basis(model)
    xs = {s: sympy.Symbol(f"x_{s.name}") for s in basis.symbols}
    Ep = decimate(basis.weights(), count_matrix(model), model.scale)
    for ps in partial_sums(model):
        total = sum((n * sympy.exp(sum((a + c) * s for a, c, s in zip(e, ps.shift, basis.symbols)))
                     for e, n in ps.terms.items()), sympy.Integer(0))
        diff = exp_to_monomials(total, xs) - exp_to_monomials(Ep[ps.pair], xs)
        assert sympy.cancel(diff) == 0
        for k in range(basis.size):                             # common factor taken out
            assert min(e[k] for e in ps.terms) == 0


def test_printed_rg_map_equals_decimation_at_numeric_couplings(model):
    """K'_k = sum_o Vinv[k+1,o](c_o.K + ln Z_o) against ln E' read back in the basis."""
    basis = coupling_basis(model)
    inv = basis.inverse_design
    sums = partial_sums(model)
    for seed in (1, 2):
        K = _numeric_couplings(basis, seed)
        Ep = decimate(basis.weights(list(K.values())), count_matrix(model), model.scale)
        with mpmath.workdps(40):
            logs = [mpmath.log(mpmath.mpf(sympy.N(Ep[o[0]], 50))) if Ep[o[0]] > 0 else
                    mpmath.log(mpmath.mpc(sympy.N(Ep[o[0]], 50))) for o in basis.pair_orbits]
            for k, sym in enumerate(basis.symbols):
                expected = sum(inv[k + 1, o] * logs[o] for o in range(len(logs)))
                got = 0
                for ps in sums:
                    c = inv[k + 1, ps.index]
                    if not c:
                        continue
                    Z = sum(n * mpmath.exp(sum(mpmath.mpf(sympy.N(a * K[s], 50))
                                               for a, s in zip(e, basis.symbols)))
                            for e, n in ps.terms.items())
                    lin = sum(ps.shift[m] * K[s] for m, s in enumerate(basis.symbols))
                    got += mpmath.mpf(sympy.N(c, 50)) * (mpmath.mpf(sympy.N(lin, 50))
                                                          + mpmath.log(Z))
                assert abs(got - expected) < mpmath.mpf(10) ** -30


def test_bond_products_are_the_entries_of_E_OmegaT_E(model):
    """sum n x_a x_b (printed for p = 2) equals (E Omega^T E)[h, sigma] with symbolic E."""
    products = bond_products(model, 0, 0)
    if model.scale != 2:
        assert products is None
        return
    n_h, n_s = len(model.h_states), len(model.sigma_states)
    x = sympy.Matrix(n_h, n_s, lambda i, j: sympy.Symbol(f"x{i}_{j}"))
    Ep = decimate(x, count_matrix(model), 2)
    for i in range(n_h):
        for j in range(n_s):
            total = sum((n * x[a] * x[b] for (a, b), n in bond_products(model, i, j).items()),
                        sympy.Integer(0))
            assert sympy.expand(total - Ep[i, j]) == 0


def test_paper_rg_map_is_printed_through_named_sums():
    tex = rg_map_latex(paper_model())
    rows = {r["name"]: r["value"] for r in tex["rg_map"]}
    assert rows["A'"] == r"\ln\frac{Z_{00} Z_{11}}{Z_{01} Z_{10}}"
    assert rows["B'"] == r"B + \ln\frac{Z_{10}}{Z_{00}}"
    assert rows["C'"] == r"C + \ln\frac{Z_{01}}{Z_{00}}"
    sums = {r["name"]: r["value"] for r in tex["partial_sums"]}
    assert sums["Z_{11}"] == r"2 + 2\,e^{A + C} + e^{A + B} + 3\,e^{2A + B + C}"


def test_every_renormalized_coupling_is_primed():
    tex = derive_record(paper_model(), sections=())["decimation"]["latex"]
    assert all(r["name"].endswith("'") for r in tex["rg_map"] + tex["coefficients"])


# -- what reaches the page ---------------------------------------------------------------
#: Python syntax and ASCII mathematics seen on pages before (issue 11), as they appear in
#: the escaped .tex (a caret in prose is \textasciicircum{}, brackets are {[} and {]}).
PYTHON_ON_PAGE = [
    (r"\*\*", "power **"), (r"\\\{'|\{'", "dict repr {'"), (r"\{\[\}'", "list repr ['"),
    (r"', '", "repr separator ', '"), (r"\\_1\{\[\}", "index _1["), (r"exp\\_", "exp_ name"),
    (r"(?<![\\A-Za-z])log\(", "log( call"), (r"sqrt\(", "sqrt( call"),
    (r"xi\(R\(K\)\)", "xi(R(K))"), (r"Eq\.~?\(\d+ \(", "nested Eq. ( ("),
    (r"tanh\(sum", "tanh(sum"), (r"\(\(\d+\),\s*\(\d+\)\)", "pair ((0),(0))"),
    (r"\\bigl\(\(\d+\),", "pair ((0),"), (r"\btexttt\{\\\{", "texttt dict"),
    (r"\\textasciicircum", "caret ^ in prose"), (r"\^T\b", "transpose ^T"),
    (r"\^\(", "power ^("), (r"\{\]\}x\{\[\}|\]x\[", "block label ]x["),
    (r"(?<![\\A-Za-z])kappa\b", "kappa"), (r"(?<![\\A-Za-z])Omega\b", "Omega"),
    (r"(?<![\\A-Za-z])(?:xi|zeta|lambda|alpha|beta|gamma|delta|chi|sigma|theta|rho|tau|phi|"
     r"psi|omega|mu|nu|eta|pi)\b", "Greek name in text"),
    (r"(?<![\\A-Za-z])(?:sqrt|arcsin)\b", "function name in text"),
    (r"[\w)]\s?\*\s?[\w(]", "* product"),
    (r"\\_\d", "index _1 outside math"), (r"\\_[A-Za-z]", "subscript _x outside math"),
    (r"(?<![\\A-Za-z])lam\b", "lam"), (r"(?<![\\$])\+-(?:\d|inf)", "+- sign"),
    (r"(?<![<>])[<>]=", "ASCII <= or >="), (r"\s->\s", "ASCII ->"),
    (r"\\log(?![A-Za-z])", "\\log (the reports write \\ln)"),
    (r"\\textasciitilde", "tilde ~ in prose"),
]

#: Arguments that name files, labels and identifiers, not mathematics: figure files
#: (``figures/width-xi``), labels and references, and ``\texttt`` identifiers
#: (``K\_h1s1``); a ``\texttt`` holding anything else (a dict repr) is still scanned.
_NAMES = re.compile(r"\\(?:includegraphics|label|ref|eqref|pageref|cite|url)(?:\[[^\]]*\])?"
                    r"\{[^{}]*\}|\\texttt\{(?:[\w,.:/ \[\]-]|\\_|\\allowbreak\{\})*\}")


def python_syntax(tex: str) -> list:
    """(what, line) of each Python construct found in a .tex source (comments skipped)."""
    found = []
    for number, line in enumerate(tex.splitlines(), 1):
        if line.lstrip().startswith("%"):
            continue
        line = _NAMES.sub("", line)
        for pattern, what in PYTHON_ON_PAGE:
            if re.search(pattern, line):
                found.append((what, number, line[:120]))
    return found


def test_python_syntax_scanner_can_fail():
    bad = r"\texttt{\{'exp\_A': '-2/exp\_B'\}} u**2 $\bigl((0), (0)\bigr)$ log(2)"
    assert {w for w, _, _ in python_syntax(bad)} >= {"power **", "exp_ name", "log( call",
                                                      "pair ((0),"}
    ascii_math = (r"E = 1 1\textasciicircum{}T (K = 0); E (M E)\textasciicircum{}(p-1) = "
                  r"kappa E; T = E Omega\textasciicircum{}T, block ranks {[}1{]}x{[}1{]}: 1, "
                  r"so xi = 0; $E^T$ and $x^(p-1)$, 2*x")
    assert {w for w, _, _ in python_syntax(ascii_math)} == {
        "caret ^ in prose", "kappa", "Omega", "block label ]x[", "Greek name in text",
        "transpose ^T", "power ^(", "* product"}
    leftovers = (r"f(q) = alpha + gamma (2/pi) arcsin q, O(sqrt N); derived -Wm\_11 lam/2, "
                 r"h'\_i, s\_c(N), +-1, widths >= 4, u -> oo, $- 2 \log \bigl(u \bigr)$, "
                 r"sigma(x) \textasciitilde{} 1/2")
    assert {w for w, _, _ in python_syntax(leftovers)} == {
        "Greek name in text", "function name in text", "index _1 outside math",
        "subscript _x outside math", "lam", "+- sign", "ASCII <= or >=", "ASCII ->",
        "\\log (the reports write \\ln)", "tilde ~ in prose"}
    assert python_syntax(r"A' = \ln\frac{Z_{00} Z_{11}}{Z_{01} Z_{10}}, \logical") == []
    assert python_syntax(r"$E(ME)^{p-1} = \kappa E$, $T = E\Omega^{\mathsf T}$, $\xi = 0$, "
                         r"$K^*$, $y_{A^*}$, $\xi_{*}$, $r_{[1]\times[1]} = 1$") == []


def test_python_syntax_scanner_skips_file_and_key_names():
    """Figure files, labels and \\texttt identifiers are names, not mathematics."""
    names = (r"\includegraphics[width=0.7\textwidth]{figures/width-xi} \label{sec:xi-chi} "
             r"\ref{fig:lambda} \texttt{fixed\_points.points[0].xi\_widths}, \texttt{K\_h1s1}")
    assert python_syntax(names) == []
    assert {w for w, _, _ in python_syntax(names + " so xi = 0")} == {"Greek name in text"}
    assert {w for w, _, _ in python_syntax(r"\texttt{\{'exp\_A': 1\}}")} >= {"texttt dict"}


def test_no_python_syntax_reaches_a_report(example_reports):
    """The .tex of every example report (all sections) and of every committed report."""
    assert {"relu3", "binary_width2", "paper"} <= set(example_reports)
    for name, built in example_reports.items():
        assert name.startswith("committed-") or "fixed_points" in built["record"], name
        assert python_syntax(built["tex"]) == [], name
    for path in glob.glob(str(ROOT / "reports" / "*" / "*.tex")):
        assert python_syntax(Path(path).read_text()) == [], path


_OVERFULL = re.compile(r"Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\)[^\n]*lines? (\d+)")


def overfull_lines(log_text: str, tolerance: float = 1.0) -> list:
    """``(points, line)`` of every overfull box wider than ``tolerance`` pt in a TeX log."""
    return [(float(pt), int(line)) for pt, line in _OVERFULL.findall(log_text)
            if float(pt) > tolerance]


def test_overfull_parser_can_fail():
    log = ("Overfull \\hbox (34.1pt too wide) in paragraph at lines 12--14\n"
           "Overfull \\hbox (0.5pt too wide) detected at line 20\n")
    assert overfull_lines(log) == [(34.1, 12)]


def test_no_line_is_overfull(example_reports):
    """Every example report and every committed record, compiled once per session."""
    require_pdflatex()
    for name, built in example_reports.items():
        assert overfull_lines(built["log"]) == [], name


def _pages_with(pdf, text):
    """Numbers of the PDF pages whose text (pdftotext) contains ``text``."""
    import subprocess
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout).group(1))
    return [k for k in range(1, count + 1) if text in subprocess.run(
        ["pdftotext", "-f", str(k), "-l", str(k), str(pdf), "-"],
        capture_output=True, text=True, check=True).stdout]


@pytest.mark.skipif(not (latexmk_available() and shutil.which("pdftotext")
                         and shutil.which("pdfinfo")), reason="LaTeX or poppler missing")
def test_relu3_rg_map_fits_on_two_pages(example_reports):
    """From the RG map paragraph to the next section: at most 2 pages (issue 11)."""
    pdf = example_reports["relu3"]["pdf"]
    (start,) = _pages_with(pdf, "RG map (Eq. 27).")
    (end,) = _pages_with(pdf, "Fixed points, linearised flow and scaling")
    assert end - start + 1 <= 2


def test_family_equations_are_capped(example_records):
    """At most 6 equations per family on the page, the count of the rest stated."""
    for name, record in example_records.items():
        if "fixed_points" not in record:
            continue
        built = {"record": record, "tex": render_report(record)}
        fp = built["record"]["fixed_points"]
        families = [p for p in fp["points"] if p["kind"] == "family"]
        for pt, fam in zip(families, fp["latex"]["families"]):
            assert 1 <= len(fam["equations"]) <= 6, name
            assert len(fam["equations"]) + fam["omitted"] == len(pt["equations"]), name
            if fam["omitted"]:
                tex = " ".join(built["tex"].split())
                assert f"of which the first {len(fam['equations'])} are shown" in tex, name
                assert f"(all {len(pt['equations'])} are in the JSON record" in tex, name


# -- figures ----------------------------------------------------------------------------
def test_single_point_log_plot_is_not_empty():
    from symrg.plots.correlations import plot_correlations
    fig = plot_correlations({"r": [0], "G_dna": ["0.25"], "G_plain": None})
    ax = fig.axes[0]
    drawn = [ln for ln in ax.get_lines() if len(ln.get_xdata())]
    assert any(list(ln.get_xdata()) == [0] and ln.get_marker() == "o" for ln in drawn)
    low, high = ax.get_ylim()
    assert low < 0.25 < high and high / low >= 100


def test_zero_correlations_are_reported_not_drawn():
    from symrg.plots.correlations import plot_correlations
    fig = plot_correlations({"r": [0, 1, 2], "G_dna": ["0.25", "0", "0"],
                             "G_plain": ["0", "0.5", "0"]})
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == [r"DNA ($G_h = 0$ for $r \geq 1$, not drawn)",
                      "plain network (2 exact zeros not drawn)"]


def test_negative_correlations_are_drawn_at_their_magnitude():
    """Issue 20: a negative G_h is data, drawn (open marker at |G_h|), never called zero."""
    from symrg.plots.correlations import plot_correlations
    fig = plot_correlations({"r": [0, 1, 2], "G_dna": ["0.25", "-0.01", "0.001"],
                             "G_plain": None})
    ax = fig.axes[0]
    (label,) = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "zero" not in label and "G_h < 0" in label
    open_points = [ln for ln in ax.get_lines() if ln.get_markerfacecolor() == "white"
                   and len(ln.get_xdata())]
    assert [(list(ln.get_xdata()), list(ln.get_ydata())) for ln in open_points] \
        == [([1], [0.01])]


def test_flow_landmarks_mark_fixed_point_and_invariant_line():
    record = json.loads((ROOT / "reports" / "paper" / "paper.json").read_text())
    flows = record["fixed_points"]["flows"]
    marks = [entry["landmarks"] for entry in flows.values()]
    lines = [seg for m in marks for line in m["lines"] for seg in line["segments"]]
    points = [(p["x"], p["y"]) for m in marks for p in m["points"]]
    assert ("3", "-2/3") in points                         # Eq. 30 (e^A, e^B) at e^C = -1/3
    assert any(all(float(x) == 1.0 for x, _ in seg) for seg in lines)   # e^A = 1 (Eq. 29)


def test_reports_are_byte_identical_across_runs(tmp_path):
    record = json.loads((ROOT / "reports" / "paper" / "paper.json").read_text())
    pdf = latexmk_available()
    first = write_report(record, tmp_path / "a", "paper", pdf=pdf, quiet=True)
    second = write_report(record, tmp_path / "b", "paper", pdf=pdf, quiet=True)
    assert len(first["figures"]) == 2 * (len(figure_plan(record)["flows"]) + 2)
    for key in ("tex", "json") + (("pdf",) if pdf else ()):
        assert first[key].read_bytes() == second[key].read_bytes(), key
    for a, b in zip(first["figures"], second["figures"]):
        assert a.name == b.name and a.read_bytes() == b.read_bytes(), a.name
