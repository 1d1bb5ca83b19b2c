"""One derivation record per model: the single source of the JSON and the LaTeX report.

:func:`derive_record` runs the pipeline of docs/mathematics.rst (model -> Omega and bond weights
-> decimation and RG map -> fixed points -> linearisation -> observables) and returns
a JSON-ready dict.  Presentation (JSON, jinja2 LaTeX, PDF) reads only this record.
"""

from fractions import Fraction
from typing import Callable, Optional

import sympy

from .. import __version__
from ..errors import ModelError, SymRGError
from ..lattice.counting import count_matrix
from ..lattice.weights import dna_bond_weights
from ..model.budget import plan_derivation
from ..model.network import DEFAULT_MAX_STATES, Model
from ..numerics import json_number
from ..progress import Progress
from ..rg.couplings import coupling_basis
from ..rg.decimation import (renormalized_constraints, renormalized_hamiltonian,
                             renormalized_weights, rg_map)
from ..seeds.paper import compare_with_paper
from ..text.rglatex import coefficient_latex, rg_map_latex, visible_length
from .maplayout import map_layout

__all__ = ["derive_record", "failed_section", "core_record", "decimation_record", "model_json",
           "map_strings", "named_map_strings", "named_rg_map", "named_sums", "compact_sum",
           "sum_expression", "map_terms", "Progress", "DERIVE_STAGES", "SECTIONS"]

#: Largest weight matrix whose entries are set one by one in the report.
_SHOW_ENTRIES = 64


def _states(configs):
    """Configurations as lists of JSON numbers (ints or ``"p/q"``)."""
    return [[json_number(sympy.sympify(v)) for v in c] for c in configs]


def _exact(text):
    """An exact value given as a string (``"-1"``, ``"1/2"``) as a JSON number."""
    return json_number(sympy.Rational(str(text)))


def model_json(model: Model) -> dict:
    """The model echo of the record with numbers under the record convention.

    Values, table outputs, ``norm``, ``inputs`` and ``labels`` become JSON numbers
    (ints, or exact rationals ``"p/q"``); the activation table keeps its
    pre-activations as keys (JSON keys are strings).
    """
    echo = model.to_dict()
    echo["norm"] = _exact(echo["norm"])
    echo["values"] = {k: [_exact(v) for v in vs] for k, vs in echo["values"].items()}
    table = echo["activation"]["table"]
    echo["activation"]["table"] = {k: _exact(v) for k, v in table.items()}
    for key in ("inputs", "labels"):
        echo[key] = [[_exact(v) for v in vec] for vec in echo[key]]
    return echo


def core_record(model: Model, max_states: int = DEFAULT_MAX_STATES) -> dict:
    """Model echo, states, Omega, couplings and the RG map.

    Couplings are the K's of Eq. 26 (convention: a bare name such as ``A`` or
    ``K_hs`` is K, ``exp_A`` is e^K); ``rg_map`` maps each name to the sympy text of
    K' as a function of the K's (Eq. 27).  Numbers follow :mod:`symrg.numerics`.
    :func:`derive_record` checks the budget (:func:`symrg.model.budget.plan_derivation`)
    before the map is built and again, with its size (:func:`map_terms`), before it is
    written out; ``max_states`` is kept for compatibility.
    """
    basis = coupling_basis(model)
    omega = count_matrix(model)
    m = rg_map(model)
    record = {
        "symrg_version": __version__,
        "model": model_json(model),
        "states": {"h": _states(model.h_states), "sigma": _states(model.sigma_states)},
        "count_matrix": [[json_number(x) for x in omega.row(i)] for i in range(omega.rows)],
        "couplings": list(basis.names),
        "coupling_count": {"symmetric": basis.size, "full": basis.full_size},
    }
    layout = map_layout(m)
    if layout.full:
        record["rg_map"] = map_strings(m)
        return record
    if layout.chart:
        record["rg_map"] = named_rg_map(m)
    if layout.sums:
        record["rg_map_sums"] = named_sums(m)
    if layout.note:
        record["rg_map_note"] = layout.note
    return record


def named_map_strings(m) -> tuple:
    """K' through named partial sums (Eq. 27 with Eq. 24-25): ``(rg_map, sums)``.

    ``rg_map`` maps each coupling name to ``c.K + sum_o c_o*log(Z<o>)`` (sympy syntax, the
    symbols ``Z1, Z2, ...`` standing for the partial sums, numbered from 1 in the order of
    ``m.partial_sums``; :func:`named_rg_map`); ``sums`` maps ``Z<o>`` to its terms
    (:func:`named_sums`, read back by :func:`sum_expression`).  Substituting the sums gives
    the map of :func:`map_strings`, each sum written once.
    """
    return named_rg_map(m), named_sums(m)


def named_rg_map(m) -> dict:
    """Coupling name -> ``c.K + sum_o c_o*log(Z<o>)`` (the ``rg_map`` of a large map)."""
    return _map_through(m, [f"Z{k + 1}" for k in range(len(m.partial_sums))], False)


def _map_through(m, sums, latex: bool) -> dict:
    """Coupling name -> ``c.K + sum_o m c_o log(sums[o])`` (Eq. 27) with each partial sum
    given as text (its name, or its terms); ``m`` branches multiply the logarithms as they
    multiply the linear part (``RGMap.linear_parts``)."""
    from ..rg.design import inverse_design
    names = [sympy.latex(s) if latex else s.name for s in m.symbols]
    inv = inverse_design(m.basis)
    log = (lambda t: rf"\log{{\left({t} \right)}}") if latex else (lambda t: f"log({t})")
    out = {}
    for k, name in enumerate(m.names):
        parts = _linear_terms(m.linear_parts[name], names, latex)
        parts += [(c * m.parallel, log(t)) for c, t in zip(inv[k + 1], sums) if c]
        out[name] = _join(parts, latex) or "0"
    return out


def named_sums(m) -> dict:
    """``{"Z<o>": terms}`` of every partial sum (:func:`compact_sum`; ``rg_map_sums``)."""
    return {f"Z{k + 1}": compact_sum(ps) for k, ps in enumerate(m.partial_sums)}


def _rational_json(x):
    """An int or Fraction as JSON: the int, or ``"p/q"``."""
    return int(x) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def compact_sum(ps) -> list:
    """A partial sum Z = sum_t n_t exp(e_t . K) (Eq. 24) as ``["n_t e_t1 ... e_tk", ...]``.

    One string per term: the count, then the exponent of every coupling in the order of
    the record's ``couplings``, separated by spaces (rationals as ``p/q``); one line of
    the indented record per term.  Terms in the order of :func:`map_strings` (total
    degree, then exponent vector).
    """
    return [" ".join([_rational_text(n)] + [_rational_text(c) for c in e])
            for e, n in sorted(ps.terms.items(), key=lambda kv: (sum(kv[0]), kv[0]))]


def _rational_text(x):
    """An int or Fraction as ``"n"`` or ``"p/q"``."""
    return str(int(x)) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def sum_expression(terms, couplings) -> sympy.Expr:
    """The sympy sum of a record's ``rg_map_sums`` entry (inverse of :func:`compact_sum`).

    Examples
    --------
    >>> sum_expression(["2 0 0", "1 1 -1/2"], ["A", "B"])
    exp(A - B/2) + 2
    """
    syms = [sympy.Symbol(c) for c in couplings]
    out = []
    for term in terms:
        n, *e = [sympy.Rational(x) for x in term.split()]
        out.append(n * sympy.exp(sympy.Add(*[c * s for c, s in zip(e, syms)])))
    return sympy.Add(*out)


def map_terms(m) -> int:
    """T: the exponentials of all partial sums of an RG map (Eq. 24-25).

    The size of the fixed-point equations and of the record's RG map (which past
    :data:`~symrg.records.maplayout.FULL_MAP_TERMS` written terms names its partial sums
    instead of repeating them); the cost model of :mod:`symrg.model.budget` reads it.
    """
    return sum(ps.size for ps in m.partial_sums)


#: RG maps with at most this many printed exponentials are printed by sympy (canonical order);
#: larger ones are written directly from the partial sums (sympy's printer sorts the
#: terms of every sum, which takes minutes for a few thousand exponentials).
_SYMPY_PRINT_TERMS = 300


def map_strings(m, latex: bool = False) -> dict:
    """Coupling name -> K' as text (sympy syntax) or LaTeX, from the RG map ``m``.

    Small maps use sympy's printers; large ones are formatted directly from
    ``m.partial_sums`` (same expression, terms in the order of their exponent vectors).
    """
    from ..rg.design import inverse_design
    inv = inverse_design(m.basis)
    printed = sum(ps.size for k in range(len(m.names)) for c, ps in zip(inv[k + 1], m.partial_sums)
                  if c)
    if printed <= _SYMPY_PRINT_TERMS:
        return {n: (_tex(e) if latex else str(e)) for n, e in m.expressions.items()}
    return _direct_map_strings(m, latex)


def _direct_map_strings(m, latex):
    names = [sympy.latex(s) if latex else s.name for s in m.symbols]
    return _map_through(m, [_sum_text(ps, names, latex) for ps in m.partial_sums], latex)


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


#: Longest Eq. 25 form (LaTeX characters) written out; longer ones are given by coefficients.
_SHOW_HAMILTONIAN = 1500


#: Visible characters of the Eq. 25 coefficients up to which a report lists them (beyond,
#: one sentence says they are the RG map at the DNA weights; the record keeps them).
COEFFICIENTS_SHOWN = 400


def _short(tex):
    return tex if tex is not None and len(tex) <= _SHOW_HAMILTONIAN else None


#: A closed form with more expression nodes than this is longer than 160 LaTeX characters
#: (every node prints at least one character), so it is never printed: sympy's LaTeX
#: printer sorts every sum and took 24 s of 25 on a 44-coupling model printing forms
#: that were then dropped.
_CLOSED_FORM_NODES = 160


def _nodes_over(expr, limit) -> bool:
    """Whether ``expr`` has more than ``limit`` nodes (stops counting past the limit)."""
    for k, _ in enumerate(sympy.preorder_traversal(expr)):
        if k >= limit:
            return True
    return False


def _coefficients_tex(model, H):
    """Eq. 25 coefficients with primes: ``A' = ln(Z_m(0,0) Z_m(1,1) / ...) = <closed form>``.

    The closed form (sympy) follows the log-combination only when it fits on about a line.
    """
    out = []
    for entry, value in zip(coefficient_latex(model), H.coefficients.values()):
        if _nodes_over(value, _CLOSED_FORM_NODES):
            out.append({**entry, "lhs": entry["name"]})
            continue                 # its LaTeX would exceed 160 characters: not printed
        closed = _tex(value)
        if len(closed) <= 160 and closed != entry["value"]:
            entry = {**entry, "value": f"{entry['value']} = {closed}"}
        out.append({**entry, "lhs": entry["name"]})
    return out


def _partial_sums_record(m, layout) -> list:
    """Eq. 27 through partial sums: per pair orbit E'[h, sigma] = exp(shift) * sum (text).

    When the record writes the map through named sums (past
    :data:`~symrg.records.maplayout.FULL_MAP_TERMS`), ``sum`` is the name ``Z<k>`` defined
    in ``rg_map_sums`` (or by ``rg_map_note`` when its expansion is too large to write), not
    a second copy of its terms; ``shift`` is left out when all of them together are too
    large (:class:`~symrg.records.maplayout.MapLayout`).
    """
    names = [s.name for s in m.symbols]
    out = []
    for k, ps in enumerate(m.partial_sums):
        entry = {"h": _states([ps.h])[0], "sigma": _states([ps.sigma])[0]}
        if layout.shifts:
            entry["shift"] = _join(_linear_terms(ps.shift, names, False), False) or "0"
        entry["terms"] = ps.size
        entry["sum"] = _sum_text(ps, names, False) if layout.full else f"Z{k + 1}"
        out.append(entry)
    return out


#: Renormalized weights Z_m(h, sigma) (Eq. 22) whose LaTeX a report shows, and their visible
#: characters (about a page and a half): the first ones up to either bound are shown (at
#: least one); the JSON record keeps every one (``renormalized_weights``), the report says
#: how many more there are.
RENORMALIZED_SHOWN = 32
RENORMALIZED_SHOWN_CHARS = 3000


def decimation_record(model: Model) -> dict:
    """Eq. 22-27 and 31-32: renormalized bond, Hamiltonian, constraints, RG map.

    The forms built on the inverse design (the coefficients of Eq. 25, the constraint
    polynomial of Eq. 32, K' of Eq. 27) are written only while it is small
    (:class:`~symrg.records.maplayout.MapLayout` ``chart``); otherwise ``notes`` says so
    and the pairs, weights Z_m and allowed pairs are still written.
    """
    E = dna_bond_weights(model)
    Ep = renormalized_weights(model)
    m = rg_map(model)
    layout = map_layout(m)
    cons = renormalized_constraints(model, polynomial=layout.chart)
    small = E.rows * E.cols <= _SHOW_ENTRIES
    reps = [o[0] for o in m.basis.pair_orbits]       # (i, j) of each pair orbit
    entries, visible = [], 0
    for i, j in reps[:RENORMALIZED_SHOWN]:
        if entries and visible > RENORMALIZED_SHOWN_CHARS:
            break
        entries.append({"h": _config_tex(model.h_states[i]),
                        "sigma": _config_tex(model.sigma_states[j]), "Z": sympy.latex(Ep[i, j])})
        visible += visible_length(entries[-1]["Z"])
    latex = {
        "bond_weights": sympy.latex(E) if small else None,
        "renormalized_weights": sympy.latex(Ep) if small else None,
        "renormalized_entries": entries,
        "renormalized_more": len(reps) - len(entries),
        **rg_map_latex(model, chart=layout.chart),
    }
    record = {
        "renormalized_weights": [
            {"h": _states([model.h_states[i]])[0], "sigma": _states([model.sigma_states[j]])[0],
             "Z": str(Ep[i, j])}
            for i, j in reps],
    }
    if layout.chart:
        H = renormalized_hamiltonian(model)
        coefficients = _coefficients_tex(model, H)
        shown = sum(visible_length(c["value"]) for c in coefficients) <= COEFFICIENTS_SHOWN
        latex.update({
            "hamiltonian_indicator": _short(sympy.latex(H.indicator_form)
                                            if H.indicator_form is not None else None),
            "hamiltonian_polynomial": _short(sympy.latex(H.polynomial)) if small else None,
            "coefficients": coefficients if shown else [],      # a report shows none then
            "coefficients_shown": shown,
            "constraint_polynomial": sympy.latex(cons.polynomial)})
        record["hamiltonian_coefficients"] = {n: str(v) for n, v in H.coefficients.items()}
        record["constraint_polynomial"] = str(cons.polynomial)
    else:
        latex.update({"hamiltonian_indicator": None, "hamiltonian_polynomial": None,
                      "coefficients": [], "coefficients_shown": False,
                      "chart_written": False, "constraint_polynomial": None})
    record.update({
        "allowed_pairs": [[_states([a])[0], _states([b])[0]] for a, b in cons.allowed],
        "allowed_multiplicity": [json_number(cons.multiplicity[k]) for k in cons.allowed],
        "n_couplings": m.basis.size,
        "partial_sums": _partial_sums_record(m, layout),
        "latex": latex,
    })
    if not layout.chart:
        record["notes"] = [
            f"The coefficients of Eq. 25 and the constraint polynomial of Eq. 32 are "
            f"combinations with the inverse design of the {m.basis.size:,} couplings, too "
            f"large to write (rg_map_note); the weights Z_m and the allowed pairs are written."]
    return record


def derive_record(model: Model, *, digits: int = 50, progress: Optional[Callable] = None,
                  sections=None, cross_check: bool = False, widths=None,
                  max_states: int = DEFAULT_MAX_STATES,
                  equations: Optional[bool] = None, budget: Optional[float] = None) -> dict:
    """Derive everything symrg knows about ``model`` into one JSON-ready record.

    Parameters
    ----------
    model : Model
    digits : int
        Working precision of every numerical step (mpmath significant digits).
    progress : callable, optional
        Called with a stage label before each stage; when it has a ``bar`` method
        (:class:`symrg.progress.Progress`), long stages draw a progress bar with it.
    sections : tuple of str, optional
        Sections to include besides the core and the decimation (default: all of
        :data:`SECTIONS`: ``network``, ``fixed_points``, ``correlations``).
    cross_check : bool
        Also solve the cleared numerators of the fixed-point equation with
        ``sympy.solve`` and list its spurious candidates as rejected (slow beyond a
        few couplings; the exact classification never needs it).
    widths : iterable of int, optional
        Also run the width analysis at these widths N (type-class reduction,
        :func:`symrg.records.width.width_record`) into ``record["width"]``; one more
        progress stage.  Without it the record has no ``width`` key.
    max_states : int
        Scales the budget (:func:`symrg.model.budget.budget_seconds`) and bounds the type
        count of the width analysis.
    equations : bool, optional
        Write the implicit polynomial equations in e^K of every fixed-point family (and
        the flow-field lines traced from them): None (default) up to
        :data:`symrg.fixedpoints.budget.EQUATION_COUPLINGS` couplings, True always
        (``--equations``), False never.  Families are always given by their
        parametrisation, dimension and a verified sample point.
    budget : float, optional
        CPU seconds the derivation may take by the cost model of
        :mod:`symrg.model.budget` (default :data:`symrg.model.budget.DEFAULT_BUDGET`,
        times ``max_states / 4096``).

    Raises
    ------
    ModelError
        When ``sections`` names an unknown section, or a width is not an integer >= 1.
    ModelTooLargeError
        When the RG map alone is estimated over the budget (checked before any work,
        with a bound of the map's size, and again once the map is built, before its text
        and anything else), or a width's type count exceeds ``max_states``.

    Notes
    -----
    A model with one data point and two values on each side past
    :data:`symrg.records.typerecord.TYPE_ROUTE_COUPLINGS` couplings is derived on types
    (:func:`symrg.records.typerecord.type_record`: the RG map per isotypic block, the
    fixed points per block, xi on types; the configuration sections are listed in
    ``skipped_sections`` with their reasons); its configuration space is never built.

    Sections fail alone: a section of ``sections`` (or the width analysis) that raises
    a :class:`~symrg.errors.SymRGError` is left out, and ``record["failed_sections"]``
    lists it with the reason (:func:`failed_section`); every other section is kept.
    A stage estimated over what is left of the budget (a section, or ``flows``: the flow
    fields of the fixed-point section) is skipped and listed there with its estimate
    (:func:`symrg.model.budget.plan_derivation`).  The CLI exits with status 4 (partial)
    then.
    """
    sections = _check_sections(sections)
    if model.parallel != 1:
        sections = _parallel_sections(sections)
    from .typerecord import type_route
    if type_route(model):
        return _type_record(model, digits, sections, progress, widths, max_states, equations,
                            budget)
    limits = {"budget": budget, "max_states": max_states}
    widths = _check_widths(model, widths, max_states)
    progress = progress or (lambda label: None)
    progress("count matrix, couplings and RG map")
    omega = count_matrix(model)          # its non-zero entries bound the map far better
    plan_derivation(model, sections, omega_nonzero=sum(1 for x in omega if x), **limits)
    plan = plan_derivation(model, sections, terms=map_terms(rg_map(model)),
                           components=_component_count(model, sections),
                           flow_fields=_flow_fields(model, sections), **limits)
    record = core_record(model, max_states)
    record["digits"] = digits
    progress("decimation (Eq. 21-27, 31-32)")
    record["decimation"] = decimation_record(model)
    extra, failed = [], []
    for name in sections:
        progress(_SECTION_LABELS[name])
        if not plan.runs(name):
            failed.append({"section": name, "reason": plan.skipped[name]})
            continue
        try:
            section, comparisons = _SECTIONS[name](model, digits, cross_check=cross_check,
                                                   bar=getattr(progress, "bar", None),
                                                   equations=equations,
                                                   flows=plan.runs("flows"))
        except SymRGError as exc:
            failed.append(failed_section(name, exc))
            continue
        if model.parallel != 1:
            name = "series_parallel"
        record[name] = section
        extra.extend(comparisons)
        if name == "fixed_points" and not plan.runs("flows"):
            failed.append({"section": "flows", "reason": plan.skipped["flows"]})
    if widths is not None:
        from .width import width_record
        progress(f"width analysis at N = {', '.join(map(str, widths))} (type classes)")
        try:
            record["width"] = width_record(
                model, widths, digits=digits, bar=getattr(progress, "bar", None),
                **({} if max_states is None else {"max_states": max_states}))
        except SymRGError as exc:
            failed.append(failed_section("width", exc))
    comparison = compare_with_paper(model, extra)
    if comparison:
        record["paper_comparison"] = comparison
    if failed:
        record["failed_sections"] = failed
    return record


def _type_record(model, digits, sections, progress, widths, max_states, equations, budget):
    """The record on types (:mod:`symrg.records.typerecord`): a wide model whose
    configuration space is never built; the budget plans its stages
    (:func:`symrg.model.budget.plan_types`); ``widths`` adds the width analysis as usual;
    ``equations=True`` is answered by a note (families are given by their parametrisation)."""
    from ..model.budget import plan_types
    from .typerecord import type_record
    plan = plan_types(model, sections, budget=budget, max_states=max_states)
    widths = _check_widths(model, widths, max_states)
    record = type_record(model, model_json(model), digits=digits,
                         sections=[s for s in sections if plan.runs(s)], progress=progress)
    skipped = [{"section": s, "reason": plan.skipped[s]} for s in sections if not plan.runs(s)]
    if skipped:
        record["failed_sections"] = skipped + record.get("failed_sections", [])
    if equations and "fixed_points" in record:
        record["fixed_points"]["notes"].append(
            "implicit equations in e^K are not written on types (their size grows with the "
            "expanded RG map); each family is given by its block parametrisation and a sample")
    if widths is not None:
        from .width import width_record
        try:
            record["width"] = width_record(model, widths, digits=digits, max_states=max_states)
        except SymRGError as exc:
            record.setdefault("failed_sections", []).append(failed_section("width", exc))
    return record


def failed_section(name: str, exc: Exception) -> dict:
    """The ``failed_sections`` entry of a section that could not be derived: its name and
    the one-line reason (the error's message)."""
    return {"section": name, "reason": " ".join(str(exc).split()) or type(exc).__name__}


_SECTION_LABELS = {
    "network": "Hamiltonians, interaction graphs, partition functions",
    "fixed_points": "fixed points, linearisation, scaling, flows",
    "correlations": "exact correlation functions (transfer matrices)",
}

def _network(model, digits, **options):
    from ..lattice.partition import network_record
    return network_record(model), []


def _correlations(model, digits, **options):
    from ..lattice.transfer import correlation_record
    return correlation_record(model, u=sympy.E, digits=digits), []


def _parallel_sections(sections):
    """m > 1: only the fixed points are derived (exact elimination,
    :mod:`symrg.fixedpoints.seriesparallel`).

    The network and correlation sections describe the chain (transfer matrices along
    depth); for a series-parallel network they are refused when asked for by name.
    """
    if sections == SECTIONS:
        return ("fixed_points",)
    bad = [name for name in sections if name != "fixed_points"]
    if bad:
        raise ModelError(f"sections: {bad[0]!r} describes the chain (parallel = 1); a "
                         f"series-parallel model (parallel > 1) has only fixed_points")
    return tuple(sections)


def _flow_fields(model, sections):
    """Whether the fixed-point section will draw flow fields
    (:func:`.fixedpoints.flow_fields_drawn`); None when not known (section not asked, or
    series-parallel)."""
    if "fixed_points" not in sections or model.parallel != 1:
        return None
    from .fixedpoints import flow_fields_drawn
    return flow_fields_drawn(model)


def _component_count(model, sections):
    """K of the fixed-point classification (block ranks of the count matrix, cached for the
    section), which the fixed-point estimate reads; None when that section is not asked
    or the model is series-parallel (its own classification)."""
    if "fixed_points" not in sections or model.parallel != 1:
        return None
    from ..fixedpoints.classify import symmetric_components
    return len(symmetric_components(model))


def _fixed_points(model, digits, cross_check=False, bar=None, equations=None, flows=True):
    if model.parallel != 1:
        from ..fixedpoints.seriesparallel.record import fixed_points_record as sp_record
        from ..rg.seriesparallel import weight_map
        return sp_record(weight_map(model), digits), []
    from .fixedpoints import fixed_points_record
    from ..seeds.paper import compare_fixed_points
    from .flowmarks import add_flow_landmarks
    from ..text.rglatex import weight_latex_names
    section = add_flow_landmarks(fixed_points_record(model, digits=digits,
                                                     cross_check=cross_check, bar=bar,
                                                     equations=equations, flows=flows,
                                                     weight_latex=weight_latex_names(model)))
    return section, compare_fixed_points(model, section)


_SECTIONS = {
    "network": _network,
    "fixed_points": _fixed_points,
    "correlations": _correlations,
}

#: Optional sections of the record, in the order :func:`derive_record` computes them.
SECTIONS = tuple(_SECTIONS)

#: Number of progress stages :func:`derive_record` reports with its default sections.
DERIVE_STAGES = 2 + len(_SECTIONS)


def _check_widths(model, widths, max_states):
    """``widths`` as a list, every width checked against ``max_states`` (None stays None)."""
    if widths is None:
        return None
    from ..width.chain import check_width
    widths = list(widths)
    if not widths:
        raise ModelError("widths: expected at least one width")
    for N in widths:
        if max_states is None:
            check_width(model, N)
        else:
            check_width(model, N, max_states)
    return widths


def _check_sections(sections):
    if sections is None:
        return SECTIONS
    if isinstance(sections, str):
        sections = (sections,)
    bad = [name for name in sections if name not in _SECTIONS]
    if bad:
        raise ModelError(f"sections: expected names among {', '.join(SECTIONS)}, "
                         f"got {bad[0]!r}")
    return tuple(sections)
