"""The width analysis in records and reports: the asymptotic-window fit (symrg.width.finitesize),
the L = 1 finite-size law against its derivation, the record section, its figures, the
report section, ``symrg report --widths`` and the ``_repr_latex_``/``.plot()`` of the
width objects."""

import json
import re
import subprocess

import mpmath
import pytest
import sympy

from symrg.cli import main
from symrg.records.derive import derive_record
from symrg.errors import ModelError, ModelTooLargeError
from symrg.width.finitesize import asymptotic_tail, finite_size_fit, local_exponents
from symrg.width.meanfield import infinite_width_overlap_map
from symrg.model.network import Model, paper_model
from symrg.width.overlap import overlap_map
from symrg.report import render_report, write_report
from symrg.report.compile import compile_pdf
from symrg.report.figures import figure_plan, write_figures
from symrg.width.chain import wide_chain
from symrg.records.width import width_record, width_scan
from test_report_output import overfull_lines
from texlive import require_pdflatex

SIGN2 = Model.from_dict({"name": "sign network", "data": 2,
                         "values": {"W": [-1, 1], "b": [-1, 1], "h": [-1, 1]},
                         "activation": {"name": "binary_sign"}})
SIGN_TOML = ('name = "sign network"\ndata = 2\n[values]\nW = [-1, 1]\nb = [-1, 1]\n'
             'h = [-1, 1]\n[activation]\nname = "binary_sign"\n')


# -- the asymptotic window on synthetic data ------------------------------------------------
def test_window_fit_recovers_an_exact_power_law_after_a_non_monotone_start():
    """d = 3 N^(-7/4) exactly beyond N = 4; the rise at small N is excluded, not fitted."""
    widths = [1, 2, 4, 8, 16, 32, 64]
    with mpmath.workdps(40):
        values = [mpmath.mpf("0.1"), mpmath.mpf("0.5")] + \
            [1 + 3 * mpmath.mpf(n) ** mpmath.mpf("-1.75") for n in widths[2:]]
    fit = finite_size_fit(widths, values, limit=1)
    assert fit.window == (16, 32, 64) and fit.tail == (4, 8, 16, 32, 64)
    assert fit.excluded == (1, 2)
    assert abs(fit.exponent - mpmath.mpf("1.75")) < mpmath.mpf(10) ** -25
    assert abs(fit.amplitude - 3) < mpmath.mpf(10) ** -25
    assert all(abs(a - mpmath.mpf("1.75")) < mpmath.mpf(10) ** -25 for n1, n2, a in fit.local
               if n1 >= 4)
    assert len(fit.windows) == 3 and fit.drift < mpmath.mpf(10) ** -25
    # the same data fitted over all widths gives a wrong exponent: the window matters
    from symrg.width.meanfield import fit_power_law
    a_all, _ = fit_power_law(widths, values, 1)
    assert abs(a_all - mpmath.mpf("1.75")) > mpmath.mpf("0.1")


def test_local_exponents_are_exact_for_two_point_ratios():
    """a_k = -ln(d2/d1)/ln(N2/N1) exactly: d = N^-1/2 gives 1/2, d halving per doubling gives 1."""
    pts = local_exponents([4, 16, 32], [mpmath.mpf(1) / 2, mpmath.mpf(1) / 4, mpmath.mpf(1) / 8])
    assert [(n1, n2) for n1, n2, _ in pts] == [(4, 16), (16, 32)]
    assert abs(pts[0][2] - mpmath.mpf(1) / 2) < mpmath.mpf(10) ** -25
    assert abs(pts[1][2] - 1) < mpmath.mpf(10) ** -25


def test_tail_starts_after_a_sign_change_and_corrections_show_as_drift():
    # v - limit changes sign between N = 8 and N = 16: only the tail after it counts
    assert asymptotic_tail([2, 4, 8, 16, 32, 64], ["0.5", "0.3", "0.1", "-0.2", "-0.1", "-0.05"]) \
        == [16, 32, 64]
    # N^-1 (1 + 2 N^-1/2) falls faster than 1/N at finite N: the local exponents fall towards 1
    widths = [16, 32, 64, 128, 256]
    values = [mpmath.mpf(n) ** -1 * (1 + 2 / mpmath.sqrt(n)) for n in widths]
    fit = finite_size_fit(widths, values)
    slopes = [a for _, _, a in fit.local]
    assert slopes == sorted(slopes, reverse=True) and all(a > 1 for a in slopes)
    assert [w for _, w in fit.windows] == sorted((w for _, w in fit.windows), reverse=True)
    assert fit.drift > mpmath.mpf("0.01")
    with pytest.raises(ModelError, match="no asymptotic window"):
        finite_size_fit([2, 4, 8], ["0.1", "0.2", "0.3"])


def test_record_states_the_drift_honestly():
    rec = width_record(paper_model(), [4, 8, 16, 32, 64], digits=20, distances=())
    fit = rec["fits"][1]                                    # the plain network
    assert fit["chain"] == "plain" and fit["limit"] == "0"
    assert fit["widths"] == [16, 32, 64] and fit["excluded"] == []
    assert "still rising" in fit["statement"] and "effective exponent" in fit["statement"]
    assert len(fit["local_slopes"]) == 4 and len(fit["window_exponents"]) == 3


def test_two_width_tail_gives_no_exponent():
    from symrg.records.width import _fit_entry
    entry = _fit_entry("dna", [8, 16, 24, 32], ["0.5", "0.2", "0.3", "0.25"], "0")
    assert entry["exponent"] is None and entry["widths"] == [24, 32]
    assert entry["excluded"] == [8, 16] and "no exponent is fitted" in entry["statement"]
    assert [s["widths"] for s in entry["local_slopes"]] == [[8, 16], [16, 24], [24, 32]]


# -- L = 1: the exponent against its derivation ---------------------------------------------
def test_L1_paper_chain_follows_the_derived_inverse_square_root_law():
    r"""chi(N) -> N^-1/2 / (2 sqrt(pi)) for the plain chain of the paper's model at L = 1.

    Derivation (see derivations/width_sign_network.py): with k ones among the N inputs,
    p_k = P(sigma = 1 | k) = 1/2 for even k and 1/2 + c_k, c_k = C(k+1, (k+1)/2) 2^-(k+2)
    ~ 1/sqrt(2 pi k), for odd k (ties at z = 0, H(0) = 1).  The eigenfunction c_k 1[k odd]
    of the type chain has eigenvalue (N/2) c'(N/2) = -1/(2 sqrt(pi N)): a = 1/2, A =
    1/(2 sqrt pi).  The DNA channel (flip probability e^-beta_v/(1 + e^-beta_v)) multiplies
    it by tanh(beta_v/2).  Corrections are O(N^-1/2), removed by Richardson extrapolation.
    """
    widths = [250, 500, 1000]
    m = paper_model()
    plain = [wide_chain(m, N, plain=True, distances=(), digits=15) for N in widths]
    dna = [wide_chain(m, N, u=mpmath.e, distances=(), digits=15) for N in widths[1:]]
    with mpmath.workdps(20):
        A = [p.chi * mpmath.sqrt(N) * 2 * mpmath.sqrt(mpmath.pi) for p, N in zip(plain, widths)]
        h = [1 / mpmath.sqrt(N) for N in widths]

        def richardson(x, y):       # y(h) = y0 + c h, from two points
            return y[1] - (y[0] - y[1]) * x[1] / (x[0] - x[1])
        assert abs(A[-1] - 1) < 0.06                       # the raw amplitude at N = 1000
        assert abs(richardson(h[1:], A[1:]) - 1) < 2e-3    # extrapolated: A -> 1/(2 sqrt pi)
        fit = finite_size_fit(widths, [p.chi for p in plain])
        slopes = [a for _, _, a in fit.local]
        assert slopes[0] < slopes[1] < mpmath.mpf(1) / 2  # rising towards 1/2 from below
        mids = [1 / mpmath.sqrt(mpmath.sqrt(n1 * n2)) for n1, n2, _ in fit.local]
        assert abs(richardson(mids, slopes) - mpmath.mpf(1) / 2) < 0.02
        ratio = [d.chi / p.chi for d, p in zip(dna, plain[1:])]
        assert abs(richardson(h[1:], ratio) - mpmath.tanh(mpmath.mpf(1) / 2)) < 2e-3


# -- the record section and the report -------------------------------------------------------
@pytest.fixture(scope="module")
def sign_record():
    """The sign network (L = 2) derived with the width analysis at N = 1..6."""
    return derive_record(SIGN2, digits=20, sections=("correlations",), widths=[1, 2, 3, 4, 6])


def test_derive_record_adds_the_width_section_only_when_asked(sign_record):
    plain = derive_record(SIGN2, digits=20, sections=("correlations",))
    assert "width" not in plain and "width" not in figure_plan(plain)
    assert {k: v for k, v in sign_record.items() if k != "width"} == plain
    section = sign_record["width"]
    assert [r["N"] for r in section["rows"]] == [1, 2, 3, 4, 6]
    assert [e["N"] for e in section["overlap_maps"]] == [2]       # OVERLAP_WIDTHS up to 6
    assert [p["N"] for p in section["boundary"]["finite"]] == [4]
    assert json.loads(json.dumps(section)) == section
    assert figure_plan(sign_record)["width"] == {"xi": "figures/width-xi",
                                                 "overlap": "figures/width-overlap",
                                                 "prior": "figures/width-prior"}
    with pytest.raises(ModelTooLargeError, match="N = 60 has 39,711 types"):
        derive_record(SIGN2, widths=[2, 60])


def test_boundary_is_located_at_finite_N_and_stated_unreachable_at_infinity(sign_record):
    b = sign_record["width"]["boundary"]
    assert "no prior parameter moves chi through 1 at N = infinity" in b["statement"]
    (point,) = b["finite"]
    lo, hi = (sympy.Rational(x) for x in point["bracket"])
    slopes = dict(zip(b["scan"]["parameter_values"], b["scan"]["slopes"][0]["slope_at_one"]))
    assert float(slopes["0"]) > 1 > float(slopes["19/20"])      # the scan brackets s_c
    from symrg.width.meanfield import sparsity_slope
    assert (sparsity_slope(SIGN2, 4, lo) - 1) * (sparsity_slope(SIGN2, 4, hi) - 1) <= 0
    one = width_record(paper_model(), [1, 2], digits=20, distances=())["boundary"]
    assert one["finite"] == [] and "no order-chaos boundary" in one["statement"]


def test_width_section_renders_with_figures_and_no_pgfplots(sign_record, tmp_path):
    tex = render_report(sign_record)
    body = tex[tex.index(r"\section{Arbitrary widths"):]
    assert "tikzpicture" not in body and "addplot" not in body
    for name in ("xi", "overlap", "prior"):
        assert rf"\includegraphics[width=0.7\textwidth]{{figures/width-{name}}}" in body
    assert "asymptotic window" in body and "Order--chaos boundary" in body
    written = write_figures(sign_record, tmp_path)
    names = sorted(p.name for p in written if p.name.startswith("width-"))
    assert names == sorted(f"width-{n}.{f}" for n in ("xi", "overlap", "prior")
                           for f in ("pdf", "png"))


def test_width_report_compiles_without_overfull_lines(sign_record, tmp_path):
    require_pdflatex()
    build = tmp_path / "build"
    build.mkdir()
    write_figures(sign_record, build)
    (build / "r.tex").write_text(render_report(sign_record))
    compile_pdf(build / "r.tex", outdir=build)
    assert overfull_lines((build / "r.log").read_text("utf-8", "replace")) == []


def test_width_figures_are_byte_identical_across_runs(sign_record, tmp_path):
    first = write_report(sign_record, tmp_path / "a", "w", pdf=False, quiet=True)
    second = write_report(sign_record, tmp_path / "b", "w", pdf=False, quiet=True)
    width = [p for p in first["figures"] if p.name.startswith("width-")]
    assert len(width) == 6
    for a, b in zip(first["figures"], second["figures"]):
        assert a.name == b.name and a.read_bytes() == b.read_bytes(), a.name


def test_cli_report_with_widths(tmp_path, capsys):
    path = tmp_path / "sign.toml"
    path.write_text(SIGN_TOML)
    out = tmp_path / "out"
    assert main(["report", str(path), "-o", str(out), "--no-pdf", "-q", "--digits", "20",
                 "--widths", "1,2,3"]) == 0
    record = json.loads((out / "sign" / "sign.json").read_text())
    assert [r["N"] for r in record["width"]["rows"]] == [1, 2, 3]
    assert (out / "sign" / "figures" / "width-xi.pdf").exists()
    assert "figures/width-overlap" in (out / "sign" / "sign.tex").read_text()
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_info:                 # argparse: exit status 2
        main(["report", str(path), "-o", str(out), "--widths", "1,x"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "widths" in err and "'x'" in err
    assert main(["report", str(path), "-o", str(tmp_path / "o2"), "--widths", "2,60"]) == 2
    assert "39,711 types" in capsys.readouterr().err
    assert not (tmp_path / "o2" / "sign").exists()


# -- _repr_latex_ and .plot() ---------------------------------------------------------------
def _looks_like_latex(text):
    assert text.startswith("$") and text.endswith("$") and text.count("$") == 2
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0
    assert not re.search(r"\de[-+]?\d", text), text          # no 1e-05 style numbers
    assert "mpf(" not in text and "Rational(" not in text


def test_repr_latex_of_the_width_objects_is_latex(tmp_path):
    scan = width_scan(SIGN2, [1, 2, 4], digits=20, distances=range(3))
    point = wide_chain(paper_model(), 1000, plain=True, distances=range(3), digits=20)
    omap = overlap_map(SIGN2, 4, plain=True)
    mf = infinite_width_overlap_map(SIGN2, digits=20)
    texts = [scan._repr_latex_(), point._repr_latex_(), omap._repr_latex_(), mf._repr_latex_()]
    for text in texts:
        _looks_like_latex(text)
    assert r"\infty" in texts[0]
    require_pdflatex()
    doc = ("\\documentclass{article}\\usepackage{amsmath,amssymb}\\begin{document}\n"
           + "\n\n".join(texts) + "\n\\end{document}\n")
    (tmp_path / "r.tex").write_text(doc)
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                          "-no-shell-escape", "r.tex"], cwd=tmp_path, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-2000:]


def test_plot_methods_write_pdf_and_png(tmp_path):
    scan = width_scan(SIGN2, [1, 2, 4], digits=20, distances=range(3))
    paths = scan.plot(tmp_path / "scan")
    assert sorted(paths) == ["overlap", "prior", "xi"]
    point = wide_chain(paper_model(), 8, plain=True, distances=range(4), digits=20)
    objects = {"point": point, "map": overlap_map(SIGN2, 4, plain=True),
               "mf": infinite_width_overlap_map(SIGN2, plain=True, digits=20)}
    for name, obj in objects.items():
        out = obj.plot(tmp_path / name)
        assert sorted(out) == ["pdf", "png"]
        assert out["pdf"].read_bytes().startswith(b"%PDF")
        again = obj.plot(tmp_path / (name + "2"))
        assert again["pdf"].read_bytes() == out["pdf"].read_bytes()
    for files in paths.values():
        assert files["pdf"].exists() and files["png"].exists()
