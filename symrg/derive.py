"""One derivation record per model: the single source of the JSON and the LaTeX report.

:func:`derive_record` runs the pipeline of DESIGN.md (model -> Omega and bond weights
-> decimation and RG map -> fixed points -> linearisation -> observables) and returns
a JSON-ready dict.  Presentation (JSON, jinja2 LaTeX, PDF) reads only this record.
"""

from fractions import Fraction
from typing import Callable, Optional

import sympy

from . import __version__
from .counting import count_matrix
from .couplings import coupling_basis
from .decimation import (renormalized_constraints, renormalized_hamiltonian,
                         renormalized_weights, rg_map)
from .model import Model
from .progress import Progress
from .seeds.paper import compare_with_paper
from .weights import dna_bond_weights

__all__ = ["derive_record", "core_record", "decimation_record", "map_strings", "Progress",
           "DERIVE_STAGES"]

#: Largest weight matrix whose entries are set one by one in the report.
_SHOW_ENTRIES = 64


def _states(configs):
    return [[str(v) for v in c] for c in configs]


def core_record(model: Model) -> dict:
    """Model echo, states, Omega, couplings and the RG map (the issue's required JSON keys)."""
    basis = coupling_basis(model)
    omega = count_matrix(model)
    m = rg_map(model)
    return {
        "symrg_version": __version__,
        "model": model.to_dict(),
        "states": {"h": _states(model.h_states), "sigma": _states(model.sigma_states)},
        "count_matrix": [[int(x) for x in omega.row(i)] for i in range(omega.rows)],
        "couplings": list(basis.names),
        "coupling_count": {"symmetric": basis.size, "full": basis.full_size},
        "rg_map": map_strings(m),
    }


#: RG maps with at most this many printed exponentials are printed by sympy (canonical order);
#: larger ones are written directly from the partial sums (sympy's printer sorts the
#: terms of every sum, which takes minutes for a few thousand exponentials).
_SYMPY_PRINT_TERMS = 300


def map_strings(m, latex: bool = False) -> dict:
    """Coupling name -> K' as text (sympy syntax) or LaTeX, from the RG map ``m``.

    Small maps use sympy's printers; large ones are formatted directly from
    ``m.partial_sums`` (same expression, terms in the order of their exponent vectors).
    """
    from .pathsums import inverse_design
    inv = inverse_design(m.basis)
    printed = sum(ps.size for k in range(len(m.names)) for c, ps in zip(inv[k + 1], m.partial_sums)
                  if c)
    if printed <= _SYMPY_PRINT_TERMS:
        return {n: (_tex(e) if latex else str(e)) for n, e in m.expressions.items()}
    return _direct_map_strings(m, latex)


def _direct_map_strings(m, latex):
    from .pathsums import inverse_design
    names = [sympy.latex(s) if latex else s.name for s in m.symbols]
    inv = inverse_design(m.basis)
    sums = [_sum_text(ps, names, latex) for ps in m.partial_sums]
    log = (lambda t: rf"\log{{\left({t} \right)}}") if latex else (lambda t: f"log({t})")
    out = {}
    for k, name in enumerate(m.names):
        parts = _linear_terms(m.linear_parts[name], names, latex)
        parts += [(c, log(t)) for c, t in zip(inv[k + 1], sums) if c]
        out[name] = _join(parts, latex) or "0"
    return out


def _sum_text(ps, names, latex):
    parts = []
    for e, n in sorted(ps.terms.items(), key=lambda kv: (sum(kv[0]), kv[0])):
        lin = _join(_linear_terms(e, names, latex), latex)
        if not lin:
            parts.append((n, ""))
        else:
            parts.append((n, f"e^{{{lin}}}" if latex else f"exp({lin})"))
    return _join(parts, latex)


def _linear_terms(vector, names, latex):
    return [(c, name) for c, name in zip(vector, names) if c]


def _coefficient(c, latex):
    if isinstance(c, Fraction):
        if latex:
            return rf"\frac{{{c.numerator}}}{{{c.denominator}}}"
        return f"{c.numerator}/{c.denominator}"
    return str(c)


def _join(parts, latex):
    """``c1*t1 + c2*t2 - ...`` (an empty term means the constant c)."""
    text = ""
    for c, term in parts:
        sign = "-" if c < 0 else "+"
        c = -c if c < 0 else c
        if not term:
            body = _coefficient(c, latex)
        elif c == 1:
            body = term
        else:
            body = f"{_coefficient(c, latex)} {term}" if latex else f"{_coefficient(c, latex)}*{term}"
        text = (f"-{body}" if sign == "-" else body) if not text else f"{text} {sign} {body}"
    return text


def _tex(expr) -> str:
    """LaTeX that the report can break: ``\\frac{1}{2} \\log(...)``, never one huge fraction."""
    return sympy.latex(expr, long_frac_ratio=2)


def _config_tex(config):
    return ",".join(sympy.latex(v) for v in config)


def decimation_record(model: Model) -> dict:
    """Eq. 22-27 and 31-32: renormalized bond, Hamiltonian, constraints, RG map."""
    E = dna_bond_weights(model)
    Ep = renormalized_weights(model)
    H = renormalized_hamiltonian(model)
    cons = renormalized_constraints(model)
    m = rg_map(model)
    small = E.rows * E.cols <= _SHOW_ENTRIES
    def entry(hc, sc):
        return Ep[model.h_states.index(hc), model.sigma_states.index(sc)]

    entries = [{"h": _config_tex(hc), "sigma": _config_tex(sc), "Z": sympy.latex(entry(hc, sc))}
               for hc, sc in H.entries]
    latex = {
        "bond_weights": sympy.latex(E) if small else None,
        "renormalized_weights": sympy.latex(Ep) if small else None,
        "renormalized_entries": entries,
        "hamiltonian_indicator": (sympy.latex(H.indicator_form)
                                  if H.indicator_form is not None else None),
        "hamiltonian_polynomial": sympy.latex(H.polynomial) if small else None,
        "coefficients": [{"name": sympy.latex(sympy.Symbol(n)), "value": _tex(v)}
                         for n, v in H.coefficients.items()],
        "rg_map": [{"name": sympy.latex(sympy.Symbol(n)), "value": v}
                   for n, v in map_strings(m, latex=True).items()],
        "constraint_polynomial": sympy.latex(cons.polynomial),
    }
    return {
        "renormalized_weights": [
            {"h": _states([hc])[0], "sigma": _states([sc])[0], "Z": str(entry(hc, sc))}
            for hc, sc in H.entries],
        "hamiltonian_coefficients": {n: str(v) for n, v in H.coefficients.items()},
        "constraint_polynomial": str(cons.polynomial),
        "allowed_pairs": [[_states([a])[0], _states([b])[0]] for a, b in cons.allowed],
        "allowed_multiplicity": [int(cons.multiplicity[k]) for k in cons.allowed],
        "n_couplings": m.basis.size,
        "latex": latex,
    }


def derive_record(model: Model, *, digits: int = 50, progress: Optional[Callable] = None,
                  sections=None) -> dict:
    """Derive everything symrg knows about ``model`` into one JSON-ready record.

    Parameters
    ----------
    model : Model
    digits : int
        Working precision of every numerical step (mpmath significant digits).
    progress : callable, optional
        Called with a stage label before each stage.
    sections : tuple of str, optional
        Sections to include besides the core and the decimation (default: all of
        ``network``, ``fixed_points``, ``correlations``).
    """
    progress = progress or (lambda label: None)
    progress("count matrix, couplings and RG map")
    record = core_record(model)
    record["digits"] = digits
    progress("decimation (Eq. 21-27, 31-32)")
    record["decimation"] = decimation_record(model)
    extra = []
    for name in (tuple(_SECTIONS) if sections is None else sections):
        progress(_SECTION_LABELS[name])
        section, comparisons = _SECTIONS[name](model, digits)
        record[name] = section
        extra.extend(comparisons)
    comparison = compare_with_paper(model, extra)
    if comparison:
        record["paper_comparison"] = comparison
    return record


_SECTION_LABELS = {
    "network": "Hamiltonians, interaction graphs, partition functions",
    "fixed_points": "fixed points, linearisation, scaling, flows",
    "correlations": "exact correlation functions (transfer matrices)",
}

def _network(model, digits):
    from .partition import network_record
    return network_record(model), []


def _correlations(model, digits):
    from .transfer import correlation_record
    return correlation_record(model, u=sympy.E, digits=digits), []


def _fixed_points(model, digits):
    from .scaling import fixed_points_record
    from .seeds.paper import compare_fixed_points
    section = fixed_points_record(model, digits=digits)
    return section, compare_fixed_points(model, section)


_SECTIONS = {
    "network": _network,
    "fixed_points": _fixed_points,
    "correlations": _correlations,
}

#: Number of progress stages :func:`derive_record` reports with its default sections.
DERIVE_STAGES = 2 + len(_SECTIONS)
