"""Realistic derivation records for the report tests, built with the exact engine.

``sample_record(model)`` returns the keys the report helper renders (model, states,
count_matrix, couplings, coupling_count, decimation, paper_comparison) in the
JSON-ready form of the record conventions: exact values as strings, display
LaTeX in a ``"latex"`` sub-dict.  The paper comparison transcribes Eq. 22 and
Eq. 27 of Lee, Lee & Yi as printed.
"""

import sympy
from sympy.printing.latex import multiline_latex

import symrg
from symrg import (coupling_basis, count_matrix, dna_bond_weights, paper_model,
                   renormalized_constraints, renormalized_hamiltonian,
                   renormalized_weights, rg_map)
from symrg.lattice.weights import U

__all__ = ["sample_record", "decimation_section", "paper_comparison_section",
           "INJECTION_NAMES"]

#: Model names that must render as literal text and still compile.
INJECTION_NAMES = (
    r"\input{/etc/passwd}",
    r"\write18{rm -rf /}",
    r"$x$ & 100% #1 _ ^ ~ {}",
    "\\immediate\\write18{touch /tmp/pwned}\n\n\\end{document}",
    "β-model ünïcödé → ∞ 中文",
)


def _latex(expr):
    """Display LaTeX; long fractions print as (1/n) * numerator so that breqn can break them."""
    return sympy.latex(expr, long_frac_ratio=2)


def _state_latex(state):
    if len(state) == 1:
        return sympy.latex(sympy.Rational(state[0]))
    return r"\left(" + ", ".join(sympy.latex(sympy.Rational(v)) for v in state) + r"\right)"


def _breaking_latex(name, expr, terms=2):
    """Display LaTeX of ``expr`` with ``\\\\`` breaks (sympy's multiline_latex body)."""
    text = multiline_latex(sympy.Symbol(name), expr, environment="align*",
                           terms_per_line=terms)
    body = text.split("\n", 1)[1].rsplit("\n", 1)[0]
    return body.split("&", 1)[1].strip()           # drop the "name = " left-hand side


def _named_sums(model):
    """The RG map through named partial sums (replaces the expression-wide rg_map rows)."""
    from symrg.text.rglatex import rg_map_latex
    return rg_map_latex(model)


def decimation_section(model):
    """The ``decimation`` record section (Eq. 22, 25, 27, 31-32)."""
    E = dna_bond_weights(model)
    Z = renormalized_weights(model)
    H = renormalized_hamiltonian(model)
    cons = renormalized_constraints(model)
    rg = rg_map(model)
    entries = [{"h": _state_latex(h), "sigma": _state_latex(s),
                "Z": sympy.latex(sympy.factor(Z[i, j]))}
               for i, h in enumerate(model.h_states) for j, s in enumerate(model.sigma_states)]
    rg_latex = [{"name": sympy.latex(sympy.Symbol(n)) + "'",
                 "value": _breaking_latex(n, e) if k == 0 else _latex(e)}
                for k, (n, e) in enumerate(rg.expressions.items())]
    return {
        "allowed_pairs": [[[str(v) for v in h], [str(v) for v in s]] for h, s in cons.allowed],
        "n_couplings": len(rg.names),
        "rg_map": {n: str(e) for n, e in rg.expressions.items()},
        "latex": {
            "bond_weights": sympy.latex(E),
            "renormalized_weights": sympy.latex(Z),
            "renormalized_entries": entries,
            "hamiltonian_indicator": (None if H.indicator_form is None
                                      else _latex(H.indicator_form)),
            "hamiltonian_polynomial": _latex(H.polynomial),
            "coefficients": [{"name": sympy.latex(sympy.Symbol(n)), "value": _latex(v)}
                             for n, v in H.coefficients.items()],
            "rg_map": rg_latex,
            **_named_sums(model),
            "constraint_polynomial": sympy.latex(cons.polynomial),
        },
    }


def _printed_eq22(h, s, u=U):
    """Eq. 22 as printed: 3u^-2 u^(2h+2sigma) + u^-1 (u^(2sigma) + 2u^(2h)) + 2."""
    return 3 * u ** -2 * u ** (2 * h + 2 * s) + u ** -1 * (u ** (2 * s) + 2 * u ** (2 * h)) + 2


def paper_comparison_section(model):
    """Compare the derived Eq. 22 and Eq. 27 with their printed forms."""
    Z = renormalized_weights(model)
    h, s = sympy.symbols("h sigma")
    ratios = {(i, j): sympy.cancel(_printed_eq22(i, j) / Z[i, j])
              for i in range(2) for j in range(2)}
    printed22 = _printed_eq22(h, s)
    A, B, C = sympy.symbols("A B C")
    e = sympy.exp
    printed_A = sympy.log((2 + 2 * e(A + C) + e(A + B) + 3 * e(2 * A + B + C))
                          / (2 + 2 * e(A + C) + e(B) + 3 * e(A + B + C))
                          * (2 + 2 * e(C) + e(B) + 3 * e(B + C))
                          / (2 + 2 * e(C) + e(A + B) + 3 * e(A + B + C)))
    derived_A = rg_map(model).expressions["A"]
    agrees27 = sympy.expand(sympy.expand_log(printed_A - derived_A, force=True)) == 0
    return [
        {"equation": "22", "agrees": all(r == 1 for r in ratios.values()),
         "detail": ("printed Z_m = derived Z_m * u^(h+sigma): ratios "
                    + ", ".join(f"(h={i}, σ={j}) -> {r}" for (i, j), r in ratios.items())),
         "printed_latex": sympy.latex(printed22),
         "derived_latex": r"\begin{pmatrix}" + r" \\ ".join(
             " & ".join(sympy.latex(sympy.factor(Z[i, j])) for j in range(2))
             for i in range(2)) + r"\end{pmatrix}"},
        {"equation": "27", "agrees": bool(agrees27),
         "detail": "A' as printed equals the derived A' (difference expands to 0)",
         "printed_latex": "A' = " + sympy.latex(printed_A),
         "derived_latex": "A' = " + sympy.latex(derived_A)},
        {"equation": "29", "agrees": True, "detail": "not compared in this fixture",
         "printed_latex": None, "derived_latex": None},
    ]


def sample_record(model=None, name=None):
    """A JSON-ready derivation record of ``model`` (the paper's model by default)."""
    model = paper_model() if model is None else model
    model_dict = model.to_dict()
    if name is not None:
        model_dict["name"] = name
    record = {
        "symrg_version": symrg.__version__,
        "model": model_dict,
        "states": {"h": [[str(v) for v in st] for st in model.h_states],
                   "sigma": [[str(v) for v in st] for st in model.sigma_states]},
        "count_matrix": [[int(x) for x in row] for row in count_matrix(model).tolist()],
        "couplings": list(coupling_basis(model).names),
        "coupling_count": {"symmetric": coupling_basis(model).size,
                           "full": coupling_basis(model).full_size},
        "decimation": decimation_section(model),
    }
    if model == paper_model():
        record["paper_comparison"] = paper_comparison_section(model)
    return record


# -- every example report, built once per test session (see conftest.example_reports) ----
#: Model files whose reports the output tests check: examples/*.toml (scan specs are
#: not models) and the shipped paper model.
def example_model_files(root):
    from pathlib import Path
    root = Path(root)
    files = sorted(p for p in (root / "examples").glob("*.toml")
                   if not p.name.startswith("scan_"))
    return files + [root / "symrg" / "models" / "paper.toml"]


def build_report(record, directory, compile_pdf=True):
    """Figures, .tex and (when ``compile_pdf``) the LaTeX log of ``record`` in ``directory``.

    Returns ``{"record", "tex", "log", "pdf"}`` (``log`` and ``pdf`` are None without a
    compile).
    """
    from symrg.report import render_report
    from symrg.report.compile import compile_pdf as _compile
    from symrg.report.figures import write_figures
    directory.mkdir(parents=True, exist_ok=True)
    write_figures(record, directory)
    tex = render_report(record)
    (directory / "r.tex").write_text(tex)
    log = pdf = None
    if compile_pdf:
        pdf = _compile(directory / "r.tex", outdir=directory)
        log = (directory / "r.log").read_text("utf-8", "replace")
    return {"record": record, "tex": tex, "log": log, "pdf": pdf}
