"""What a referee reads: page budget, defined symbols, one notation per model (issue 20).

Reuses the session fixtures ``example_records``/``example_reports`` (conftest): every
example model (examples/*.toml, among them the three-valued rational model and the
four-valued ReLU with a zero weight of issue 20) and every committed record, rendered
and compiled once.

* Each example report has at most :data:`PAGE_BUDGET` pages (needs pdflatex/pdfinfo).
* No identifier that the page does not define: the family variables ``w<o>`` never
  reach the TeX or the terminal summary; wherever ``E_{..}`` or ``x_{..}`` weights
  appear, the sentence defining them is on the page.
* Code-style text stays off the page (``0.0``, ``eigenvalue(s)``, ``[1]x[1]``, a run
  of repeated labels).
"""

import json
import re
import shutil
import subprocess

import pytest

from symrg.report import latexmk_available
from symrg.text.summary import summary_lines
from symrg.rg.weightvars import WEIGHT_NAME, rename_weights, weight_names, weight_text

#: Pages a model report may take (issue 20).
PAGE_BUDGET = 10

#: Identifiers a page must not show undefined: w<o> as text or with a TeX subscript.
UNDEFINED = re.compile(r"(?<![A-Za-z\\])w_?\{?\d+\}?")


def _examples(reports):
    return {n: b for n, b in reports.items() if not n.startswith("committed-")}


def test_the_issue_models_are_examples(example_records):
    assert {"rational3", "relu4", "relu3", "binary_width2"} <= set(example_records)


@pytest.mark.skipif(not (latexmk_available() and shutil.which("pdfinfo")),
                    reason="pdflatex (TeX Live) or pdfinfo (poppler) not installed")
def test_example_reports_fit_the_page_budget(example_reports):
    for name, built in _examples(example_reports).items():
        info = subprocess.run(["pdfinfo", str(built["pdf"])], capture_output=True,
                              text=True, check=True).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        assert pages <= PAGE_BUDGET, f"{name}: {pages} pages"


def _body(tex):
    """The document body without comments and \\texttt{...} (record paths such as points[0])."""
    tex = tex.split("\\begin{document}", 1)[-1]
    tex = re.sub(r"(?<!\\)%.*", "", tex)
    return re.sub(r"\\texttt\{[^}]*\}", "", tex)


def test_no_undefined_variable_reaches_a_report(example_reports):
    for name, built in example_reports.items():
        body = _body(built["tex"])
        assert not UNDEFINED.search(body), (name, UNDEFINED.search(body))
        if re.search(r"E_\{[^}]+\}\s*(?:E_|=\s*0|[+-])", body):
            assert r"\paragraph{Variables.}" in body, name
        if "x_{" in body:
            assert r"bare weights $x_{h\sigma}" in body, name


def test_scanner_catches_undefined_variables():
    assert UNDEFINED.search(r"$- w_{0} w_{4} + w_{1} w_{3} = 0$")
    assert UNDEFINED.search("-w12 w2 + 1 = 0")
    assert not UNDEFINED.search(r"\newcommand \rowcolor E_{00} \bigwedge_{1}")


def test_no_code_style_text_reaches_a_report(example_reports):
    for name, built in _examples(example_reports).items():
        body = _body(built["tex"])
        assert "eigenvalue(s)" not in body, name
        assert "[1]x[1]" not in body and r"[1]\times[1]" not in body, name
        assert not re.search(r"(?<![\d.])0\.0(?!\d)", body), name
        assert not re.search(r"\b([a-z]{3,}), \1, \1\b", body), name   # a run of words, not a count


def test_one_pair_label_form_per_report(example_reports):
    """Digit labels (x_{11,11}) and separated ones (x_{1,-1;1,1}) never share a report."""
    for name, built in example_reports.items():
        labels = re.findall(r"[xZE]'?_\{([^{}]*)\}", built["tex"])
        pairs = [lab for lab in labels if re.fullmatch(r"[\d,;\-]+", lab) and len(lab) > 1]
        forms = {";" in lab for lab in pairs}
        assert len(forms) <= 1, (name, sorted(set(pairs))[:6])


@pytest.mark.parametrize("verbose", [False, True])
def test_summary_names_family_variables(example_records, verbose):
    import warnings
    from pathlib import Path
    from symrg.model.files import load_model
    root = Path(__file__).resolve().parents[1]
    for name in ("rational3", "relu4", "binary_width2"):
        record = example_records[name]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = load_model(root / "examples" / f"{name}.toml")
        text = "\n".join(summary_lines(record, model, width=100, verbose=verbose))
        assert not WEIGHT_NAME.search(text), name
        if record["fixed_points"].get("variables"):
            assert "bond weights E[h,sigma]" in text.replace("\n", " "), name


def test_weight_names_sort_naturally():
    names = weight_names(16)
    assert list(names) == sorted(names)
    assert names[2] == "w02" and names[12] == "w12"
    assert weight_names(9)[-1] == "w8"


def test_rename_weights_uses_the_representative_pair():
    variables = [{"name": "w0", "h": [0], "sigma": ["1/3"], "pairs": 1},
                 {"name": "w1", "h": [1, 0], "sigma": [0, 1], "pairs": 2}]
    assert rename_weights("-w0*w1 + w0**2", variables) == "-E[0,1/3]*E[1,0;0,1] + E[0,1/3]**2"
    assert weight_text((-1,), (1,)) == "E[-1,1]"


def test_family_equations_in_e_names_for_a_rational_model(example_records):
    """rational3 has no integral design: its families are in orbit weights, named E_{h;s}."""
    fp = example_records["rational3"]["fixed_points"]
    assert [v["name"] for v in fp["variables"]] == list(weight_names(9))
    assert fp["variables"][1] == {"name": "w1", "h": [0], "sigma": ["1/3"], "pairs": 1}
    assert fp["latex"]["variables"][1]["name"] == r"E_{0;\frac{1}{3}}"
    first = fp["latex"]["families"][0]["equations"][0]
    assert "E_{0;0}" in first and "w" not in first


# -- flow plots of any number of couplings ---------------------------------------------
def _trajectory(names, steps=4):
    import sympy
    return [{f"exp_{n}": sympy.Rational(k + 2, k + 1 + i) for i, n in enumerate(names)}
            for k in range(steps + 1)]


FIFTEEN = ["K_hhhsss", "K_hhhss", "K_hhsss", "K_hhhs", "K_hhss", "K_hsss", "K_hhh", "K_hhs",
           "K_hss", "K_sss", "K_hh", "K_hs", "K_ss", "K_h", "K_s"]


def test_fifteen_coupling_flow_plot_renders_without_warnings(tmp_path):
    """Issue 20: small multiples, correct subscripts, integer step ticks, no warning."""
    import warnings
    from symrg.plots.core import pyplot
    points = _trajectory(FIFTEEN)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        from symrg.plots.flows import plot_steps
        fig = plot_steps(points, FIFTEEN)
        fig.canvas.draw()
    drawn = [ax for ax in fig.axes if ax.axison]
    assert len(drawn) == 15
    titles = [ax.get_title() for ax in drawn]
    assert titles[0] == "$e^{K_{hhhsss}}$" and titles[4] == "$e^{K_{hhss}}$"
    for ax in drawn:
        ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
        assert ticks and all(float(t).is_integer() for t in ticks)
    pyplot().close(fig)


def test_few_couplings_share_one_axes_with_distinct_styles():
    from symrg.plots.core import pyplot
    from symrg.plots.flows import line_styles, plot_steps
    names = ["K_hh", "K_hs", "K_ss", "K_h", "K_s"]
    fig = plot_steps(_trajectory(names), names)
    (ax,) = fig.axes
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["$e^{K_{hh}}$", "$e^{K_{hs}}$", "$e^{K_{ss}}$", "$e^{K_{h}}$", "$e^{K_{s}}$"]
    styles = {(ln.get_color(), ln.get_linestyle(), ln.get_marker()) for ln in ax.get_lines()}
    assert len(styles) == len(names)
    assert len({tuple(sorted(s.items())) for s in line_styles(15)}) == 15
    pyplot().close(fig)


# -- scan report ---------------------------------------------------------------------------
def _fake_scan(tmp_path, records):
    """A scan store of the built-in activations at p = 2 and 3 with the given records."""
    from symrg.scan import ScanStore, expand, parse_spec
    spec = parse_spec({"scan": {"name": "fake", "sections": []},
                       "base": {"values": {"W": [-1, 1], "b": [-1, 1], "h": [0, 1]}},
                       "axes": {"scales": [2, 3],
                                "activations": [{"name": "heaviside"}, {"name": "heaviside0"}]}})
    points = expand(spec)
    store = ScanStore(tmp_path / "s.sqlite", "b" * 64, {"spec_name": "fake"})
    store.add_points(points)
    for point, record in zip(points, records):
        store.save_result({"hash": point.hash, "status": "done", "record": record})
    return store


_POINT = {"kind": "isolated", "rank": 1, "physical": False, "exponents": [], "labels": [],
          "couplings": {"A": {"re": "1", "im": "2"}}}


def test_scan_report_names_models_in_math_without_duplicate_tables(tmp_path):
    from symrg.report.render import render_scan_report
    from symrg.scan.report import scan_summary
    record = {"fixed_points": {"points": [_POINT]}, "count_matrix": [[1, 1], [1, 1]]}
    with _fake_scan(tmp_path, [record] * 4) as store:
        summary = scan_summary(store)
    assert summary["varying"] == {"activations": True, "scales": True}
    assert summary["xi_axis"] is None                     # xi never against p
    labels = [r["where"] for r in summary["complex"]["shown"]]
    assert labels[0] == r"\sigma = \mathrm{heaviside},\ p = 2"
    assert summary["complex"]["ids"] == summary["nonphysical"]["ids"]
    assert summary["nonphysical"]["same_as"] == summary["complex"]["caption"]
    tex = render_scan_report(summary)
    assert tex.count(r"\begin{longtable}") == 1          # the one table, not two copies
    assert "are the same 4 models as the models with complex fixed points" in tex
    assert "No model of the scan:" not in tex and '{"' not in tex
    assert "No model of the scan has a boundary fixed point." in tex


def test_xi_is_never_plotted_against_the_depth_ratio():
    from symrg.plots.scan import scanned_parameter
    rows = [{"id": k, "coords": json.dumps({"scales": p})} for k, p in enumerate([2, 3])]
    assert scanned_parameter(rows)[0] is None
    rows = [{"id": k, "coords": json.dumps({"scales": 2, "widths": n})}
            for k, n in enumerate([1, 2])]
    assert scanned_parameter(rows)[0] == "widths"


def test_scan_labels_of_tables_and_value_sets():
    from symrg.scan.labels import model_label, varying_parameters
    rows = [{"tables": "-2:0, -1:0, 0:1, 1:1, 2:1", "values": {"h": [0, 1]}},
            {"tables": "-2:0, -1:1, 0:1, 1:1, 2:1", "values": {"h": ["-1/2", 1]}}]
    varying = varying_parameters(rows)
    assert varying == {"tables": True, "values": ["h"]}
    assert model_label(rows[1], varying) == \
        r"\sigma(-2, \dots, 2) = (0, 1, 1, 1, 1),\ V_{h} = \{-\tfrac{1}{2}, 1\}"


def test_cli_warnings_are_one_line(monkeypatch, capsys):
    import warnings
    from symrg import cli
    def noisy(args):
        warnings.warn("first line\n  second line", UserWarning)
        return 0
    monkeypatch.setitem(cli._COMMANDS, "schema", noisy)
    assert cli.main(["schema"]) == 0
    assert capsys.readouterr().err == "symrg: warning: first line second line\n"


# -- README ------------------------------------------------------------------------------
ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]

GLOSSARY = ("family", "boundary point", "fictitious", "rank", "partial sums",
            "exponents y", "ξ and G_h", "reports/<stem>/")


def test_readme_is_a_users_guide():
    text = (ROOT / "README.md").read_text()
    assert "pip install -e . && symrg reproduce" in text
    assert "pip install -e '.[test]' && pytest" in text
    for term in GLOSSARY:
        assert term.lower() in text.lower(), term
    for heading in ("## What symrg answers", "## A first model", "## Reading a summary",
                    "## Reading a report", "## The command line in brief", "## From Python"):
        assert heading in text, heading
    assert "was >" not in text and "issue 8" not in text     # history lives in docs/


def test_docs_pages_are_in_the_toctree():
    index = (ROOT / "docs" / "index.rst").read_text()
    for page in ("performance", "findings"):
        assert (ROOT / "docs" / f"{page}.rst").is_file() and f"   {page}\n" in index


def test_examples_load_without_warnings_unless_that_is_their_point():
    import warnings
    from symrg.errors import SymRGWarning
    from symrg.model.files import load_model
    for path in sorted((ROOT / "examples").glob("*.toml")):
        if path.name.startswith("scan_"):
            continue
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            load_model(path)
        if path.name == "relu3.toml":        # its comment says the warning is its point
            assert "warning is the point" in " ".join(path.read_text().split())
            assert [w.category for w in caught] == [SymRGWarning]
        else:
            assert not caught, (path.name, [str(w.message) for w in caught])


# -- statements that must not contradict each other ------------------------------------------
def test_no_chi_claim_without_an_infinite_width_map():
    """relu has no N -> infinity map: the order-chaos text must not then say chi = 0."""
    from symrg.model.files import load_model
    from symrg.records.width import _boundary, _mean_field
    model = load_model(ROOT / "examples" / "relu3.toml")
    mf = _mean_field(model, None, 20)
    assert mf["kind"] == "none"
    text = _boundary(model, mf, [])["statement"]
    assert "chi = 0" not in text and "relu is unbounded" in text


def test_finite_xi_beside_zero_correlations_is_explained():
    from symrg.report import render_report
    record = json.loads((ROOT / "reports" / "sign-network" / "sign-network.json").read_text())
    tex = " ".join(render_report(record).split())
    assert "There is no contradiction" in tex and "spectral gap" in tex
    record["correlations"]["G_dna"][1] = "0.01"
    record["correlations"]["G_plain"][1] = "0.01"
    assert "There is no contradiction" not in render_report(record)


def test_long_eigenvalue_lists_are_runs_unless_verbose():
    """Binary N = 5 printed 55 eigenvalues one by one; a list longer than LISTED_NUMBERS is
    written as runs, and -v (verbose) writes every value.  Short lists stay as they were."""
    from symrg.text.summary import LISTED_NUMBERS, _point_lines
    values = ["2"] * 3 + ["1"] * 10 + ["0"] * 45
    point = {"kind": "isolated", "couplings": {"A": "3"}, "eigenvalues": values,
             "exponents": ["1"] * 3 + ["0"] * 10 + ["-inf"] * 45,
             "labels": ["relevant"] * 3 + ["marginal"] * 10 + ["irrelevant"] * 45}
    short = "\n".join(_point_lines(point, 100))
    assert "eigenvalues: 2 x3, 1 x10, 0 x45" in short
    assert "exponents y: 1 x3, 0 x10, -inf x45 (relevant x3, marginal x10, irrelevant x45)" in short
    full = " ".join(_point_lines(point, 100, verbose=True))
    assert full.count("0,") + full.count(" 0\n") >= 44 and "x45" not in full.split("(")[0]
    few = dict(point, eigenvalues=["2"] * LISTED_NUMBERS, exponents=None)
    assert "eigenvalues: " + ", ".join(["2"] * LISTED_NUMBERS) in "\n".join(_point_lines(few, 200))


def test_a_long_rg_map_is_cut_in_the_summary_and_whole_with_verbose():
    """Binary N = 3 (20 partial sums, 19 couplings): the summary shows SHOWN_SUMS sums and
    coupling lines and names how many more; -v shows every one."""
    from symrg.model.network import Model
    from symrg.text.summary import SHOWN_SUMS, rg_map_lines
    model = Model.from_dict({"name": "b3", "width": 3, "values": {"W": [-1, 1], "b": [-1, 1],
                                                                 "h": [0, 1]},
                             "activation": {"name": "heaviside"}})
    short, full = rg_map_lines(model, 100, verbose=False), rg_map_lines(model, 100)
    heads = lambda lines: [l.split()[0] for l in lines if l.startswith("    Z")]
    assert heads(short) == [f"Z{k}" for k in range(1, SHOWN_SUMS + 1)]
    assert heads(full) == [f"Z{k}" for k in range(1, 21)]
    assert any("(14 more partial sums;" in l for l in short)
    assert any("(13 more couplings;" in l for l in short)
    couplings = lambda lines: sum(l.startswith("    K_") for l in lines)
    assert couplings(full) == 19 and couplings(short) == SHOWN_SUMS
