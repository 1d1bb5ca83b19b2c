"""Record section ``"fixed_points"``: fixed points, linearisations, scaling, flows.

Assembles what :mod:`symrg.fixedpoints` computes (points and families, their
linearisations, scaling exponents, boundary points, transfer-matrix checks) and
:mod:`symrg.rg.flow` (flow tables) into the record layout, numbers by
:func:`symrg.numerics.json_number`, with the display LaTeX of :mod:`symrg.text.fplatex`.
"""

import mpmath
import sympy

from ..fixedpoints.analysis import find_fixed_points
from ..fixedpoints.budget import jacobian_note, jacobian_shown
from ..fixedpoints.equations import integral_design
from ..fixedpoints.linearize import linearize
from ..fixedpoints.points import _coupling_latex, check_digits
from ..fixedpoints.scaling import scaling_exponents, tangent_check, transfer_checks
from ..model.network import Model
from ..numerics import decimal_string, json_number
from ..rg.couplings import coupling_basis
from ..rg.flow import flow_field
from ..rg.weightvars import WEIGHT_NAME, weight_variables
from ..text.fplatex import family_latex, linearization_latex, rejected_latex, sample_exact
from ..text.logform import log_form
from ..text.mathtext import prose_latex
from ..text.polytext import poly_texts

__all__ = ["fixed_points_record", "flow_fields_drawn"]


def _jn(value, digits):
    return json_number(value, digits)


def _matrix_json(E, digits):
    rows = E.tolist() if hasattr(E, "tolist") else E
    return [[_jn(x, digits) for x in row] for row in rows]


def _lin_entry(lin, digits):
    J = jacobian_shown(lin)
    jac = None
    if J is not None:
        jac = [[_jn(J[i, j], digits) for j in range(J.cols)] for i in range(J.rows)]
    note = jacobian_note(lin)
    return {**({"jacobian_note": note} if note else {}),
            "eigenvalues": [_jn(v, digits) for v in lin.eigenvalues],
            "exponents": [_jn(y, digits) for y in lin.exponents],
            "labels": list(lin.labels), "sectors": list(lin.sectors),
            "jacobian": jac, "jacobian_chart": "dK'/dK (couplings K; D dropped)",
            "exact": lin.exact,
            "residual": _residual_json(lin.residual[0]),
            "eigen_residual": _residual_json(lin.residual[1])}


def _residual_json(r):
    """A verification residual as a short decimal string (exempt from the noise rule)."""
    if not isinstance(r, (mpmath.mpf, mpmath.mpc)):
        return _jn(sympy.sympify(r), 15)
    return 0 if r == 0 else decimal_string(abs(r), 5)


def _couplings_json(couplings, digits):
    return {k: _coupling_json(v, digits) for k, v in couplings.items()}


def _coupling_json(value, digits):
    """JSON of a coupling: :func:`json_number`, but a sum of logs K = a_0 + sum_q a_q ln q
    + a_pi i pi (:func:`symrg.text.logform.log_form`) is evaluated from that form in mpmath
    at ``digits + 25`` and rounded to the ``digits + 5`` that ``json_number`` evaluates it
    to (its ``as_real_imag`` and ``N`` re-sort a 300-term sum: 6 s per point at 594
    couplings)."""
    v = sympy.sympify(value)
    form = log_form(v) if v.is_Add else None
    if form is None:
        return _jn(v, digits)
    with mpmath.workdps(digits + 25):
        re = _mp_rational(form["constant"]) + mpmath.fsum(
            _mp_rational(a) * mpmath.log(q) for q, a in form["logs"].items())
        im = _mp_rational(form["pi_i"]) * mpmath.pi
    with mpmath.workdps(digits + 5):
        z = +re if form["pi_i"] == 0 else mpmath.mpc(re, im)
        return _jn(z, digits)


def _mp_rational(x):
    return mpmath.mpf(int(x.p)) / int(x.q)


def _point_entry(model, pt, digits):
    lin = linearize(model, pt, digits=digits)
    entry = {"kind": "isolated", "dimension": 0, "rank": pt.rank, "physical": pt.physical,
             "weights": _matrix_json(pt.weights, digits),
             "couplings": _couplings_json(pt.couplings, digits),
             "verified": pt.verified, **_lin_entry(lin, digits)}
    return entry, lin


def _equation_texts(equations):
    """``str`` of each equation (from the terms for a :class:`~symrg.fixedpoints.polynomials.PolynomialList`)."""
    if hasattr(equations, "terms"):
        return poly_texts(equations)
    return [str(e) for e in equations]


#: Characters of a family's exact sample couplings (logs of primes, ``sample_exact``) that
#: a record writes; random model 8 (594 couplings) had 1.6 MB a family.
SAMPLE_EXACT_CHARS = 20_000


def _family_entry(model, fam, digits):
    entry = {"kind": "family", "dimension": fam.dimension, "rank": fam.rank,
             "multiplicities": list(fam.multiplicities), "physical": fam.physical,
             "equations": _equation_texts(fam.equations), "description": fam.description,
             "verified": fam.sample.verified if fam.sample else "none"}
    lin = None
    if fam.sample is not None:
        lin = linearize(model, fam, digits=digits)
        entry["sample"] = _couplings_json(fam.sample.couplings, digits)
        exact = sample_exact(fam.sample.couplings)
        size = sum(len(v) for v in exact.values())
        if exact and size <= SAMPLE_EXACT_CHARS:
            entry["sample_exact"] = exact
        elif exact:
            entry["sample_exact_note"] = (
                f"exact logarithms of the sample couplings omitted: {size:,} characters "
                f"(> {SAMPLE_EXACT_CHARS:,}); sample gives them at {digits} digits")
        entry.update(_lin_entry(lin, digits))
        tangent = tangent_check(lin, fam.dimension)
        entry["tangent"] = tangent
        entry["tangent_note"] = tangent["note"]
    return entry, lin


def _zero_weight_entry(model, z, digits):
    """Record entry of a zero-weight component (:mod:`symrg.fixedpoints.zeroweight`): kind
    ``zero_weight``, at infinity of the coupling chart, eigenvalues in the projective
    weight chart."""
    orbits = coupling_basis(model).pair_orbits
    entry = {"kind": "zero_weight", "at_infinity": True, "rank": z.rank,
             "dimension": z.dimension, "physical": z.physical,
             "multiplicities": list(z.multiplicities),
             "block_ranks": dict(z.block_ranks),
             "zero_pairs": [list(orbits[o][0]) for o in z.zero_orbits],
             "weights": _matrix_json(z.weights, digits), "verified": z.verified,
             "equations": _equation_texts(z.equations),
             **_lin_entry(z.linearization, digits),
             "kappa": _jn(z.linearization.kappa, digits)}
    entry["jacobian_chart"] = ("projective weight chart (orbit weights, E' = kappa E); the "
                               "coupling chart K = ln E is undefined at zero weights")
    return entry, {**linearization_latex(z.linearization, digits),
                   "weights": sympy.latex(sympy.Matrix(z.weights))}


#: Boundary components listed in a record (sparse count matrices can have thousands).
_MAX_BOUNDARY_LISTED = 24


def _boundary_entries(model, digits):
    """Boundary components (rank >= 2) and the theorem lines (:mod:`symrg.fixedpoints.boundary`)."""
    from ..fixedpoints.boundary import boundary_fixed_points
    from ..errors import ModelError, ModelTooLargeError
    try:
        res = boundary_fixed_points(model, digits=digits)
    except (ModelError, ModelTooLargeError) as exc:
        return [], [], [f"boundary fixed points not classified: {exc}"], False
    orbits = coupling_basis(model).pair_orbits
    entries, tex = [], []
    notes = list(res.notes)
    if len(res.points) > _MAX_BOUNDARY_LISTED:
        notes.append(f"{len(res.points)} components of rank >= 2; the first "
                     f"{_MAX_BOUNDARY_LISTED} (highest rank first) are listed")
    for b in res.points[:_MAX_BOUNDARY_LISTED]:
        lin = b.linearization
        zero = [list(orb[0]) for orb in orbits if b.weights[orb[0]] == 0]
        entry = {"kind": "boundary", "rank": b.rank, "dimension": b.dimension,
                 "physical": True, "xi": "inf" if b.xi == sympy.oo else _jn(b.xi, digits),
                 "classes": [{"h": list(R), "sigma": list(C)} for R, C in b.classes],
                 "zero_pairs": zero, "support": [[0 if z else 1 for z in row]
                                                 for row in b.zero_pattern],
                 "weights": _matrix_json(b.weights, digits), "verified": b.verified,
                 "face_invariant": b.face_invariant, **_lin_entry(lin, digits)}
        entry["jacobian_chart"] = "projective weight chart on the support (E' = kappa E)"
        entries.append(entry)
        tex.append(linearization_latex(lin, digits))
    return entries, tex, notes, True


def _flow_table(field, spacing):
    with mpmath.workdps(20):
        longest = field.longest()
        scale = mpmath.mpf(0) if longest == 0 else 0.9 * mpmath.mpf(sympy.N(spacing, 20)) / longest
        rows = [[mpmath.nstr(mpmath.mpf(sympy.N(v, 20)), 8) for v in arrow]
                for arrow in field.arrows]
    return {"plane": list(field.plane), "fixed": {k: str(v) for k, v in field.fixed.items()},
            "columns": ["x", "y", "dx", "dy"], "rows": rows,
            "longest": mpmath.nstr(longest, 8), "arrow_scale": mpmath.nstr(scale, 6),
            "skipped": [[str(x), str(y)] for x, y in field.skipped]}


def flow_fields_drawn(model) -> bool:
    """Whether the fixed-point section draws flow fields: two couplings or more and an
    integral design (``exp_`` coordinates need integral exponents, else fractional powers);
    the budget counts no cost for them otherwise (:func:`symrg.model.budget.plan_derivation`)."""
    return len(coupling_basis(model).names) >= 2 and integral_design(model)


def _flows(model, analysis, grid=9):
    if not flow_fields_drawn(model):
        return {}
    names = coupling_basis(model).names
    a, b = names[0], names[1]
    out = {}
    c = {}
    if analysis.isolated and analysis.isolated[0].exact:
        c = {k[4:]: v for k, v in analysis.isolated[0].couplings.items() if k.startswith("exp_")}
    if len(c) == len(names) and all(sympy.sympify(v).is_Rational for v in c.values()):
        half = {k: max(abs(v) / 15, sympy.Rational(1, 10)) for k, v in c.items()}
        if names[:3] == ("A", "B", "C") and c == {"A": 3, "B": sympy.Rational(-2, 3),
                                                  "C": sympy.Rational(-1, 3)}:
            ranges = ((sympy.Rational(14, 5), sympy.Rational(16, 5)),
                      (sympy.Rational(-4, 5), sympy.Rational(-11, 20)))  # Fig. 5 window
        else:
            ranges = tuple((c[k] - half[k], c[k] + half[k]) for k in (a, b))
        fixed = {f"exp_{k}": v for k, v in c.items() if k not in (a, b)}
        field = flow_field(model, (f"exp_{a}", f"exp_{b}"), fixed, ranges, (grid, grid))
        out["near_isolated"] = {**_flow_table(field, (ranges[0][1] - ranges[0][0]) / (grid - 1)), "center": [str(c[a]), str(c[b])],
                       "caption": "diverging flow near the isolated fixed point"}
    one = sympy.Integer(1)
    fixed = {f"exp_{k}": one for k in names if k not in (a, b)}
    rng = ((sympy.Rational(1, 2), sympy.Rational(3, 2)),) * 2
    field = flow_field(model, (f"exp_{a}", f"exp_{b}"), fixed, rng, (grid, grid))
    out["onto_rank1_family"] = {**_flow_table(field, sympy.Rational(1, grid - 1)), "caption": "flow onto the rank-1 family (K = 0 at the centre)"}
    return out


def _no_bar(total=None, desc="", unit="it"):
    from ..progress import progress_bar
    return progress_bar(total, desc, quiet=True)


def fixed_points_record(model: Model, *, digits: int = 50, checks: bool = True,
                        cross_check: bool = False, bar=None, equations=None,
                        weight_latex=None, flows: bool = True) -> dict:
    """Record section ``"fixed_points"``: every fixed point, linearisation, scaling, flows.

    ``points`` holds entries of kind ``isolated``, ``family``, ``zero_weight`` (weight-map
    fixed points at infinity of the coupling chart, :mod:`symrg.fixedpoints.zeroweight`) and
    ``boundary`` (the
    record layout: kind, rank, dimension, physical, eigenvalues, exponents, labels,
    sectors; numbers by :func:`symrg.numerics.json_number` under the noise rule, with the
    verification residual beside them).  Display LaTeX in ``"latex"``.  ``bar`` is a
    progress-bar factory ``bar(total, desc, unit)`` (:meth:`symrg.progress.Progress.bar`);
    it advances once for the classification, once per point linearised and once for
    the boundary points and the transfer checks.  ``equations``: the families' implicit
    equations (:func:`symrg.fixedpoints.analysis.find_fixed_points`; by default up to
    :data:`symrg.fixedpoints.budget.EQUATION_COUPLINGS` couplings).  ``weight_latex`` maps the orbit-weight
    names ``w<o>`` of family equations to their LaTeX (``E_{h sigma}``,
    :func:`symrg.text.rglatex.weight_latex_names`; :mod:`symrg.records.derive` supplies it).
    When family equations use them, ``variables`` lists each ``w<o>`` with its pairs.
    ``flows=False`` leaves the flow fields out (``flows`` is then empty; the budget of
    :mod:`symrg.model.budget` skips them).
    """
    check_digits(digits)
    with (bar or _no_bar)(None, "fixed points", "step") as progress:
        progress.set_postfix_str("classifying")
        fp = find_fixed_points(model, digits=digits, cross_check=cross_check,
                               equations=equations)
        progress.total = 3 + len(fp.isolated) + len(fp.families) + len(fp.at_infinity)
        progress.update()
        return _fixed_points_section(model, fp, digits, checks, progress, weight_latex or {},
                                     flows)


def _fixed_points_section(model, fp, digits, checks, progress, weights, flows=True):
    points, latex, scaling = [], {"points": [], "families": [], "boundary": []}, {}
    progress.set_postfix_str("linearising")
    for k, pt in enumerate(fp.isolated):
        entry, lin = _point_entry(model, pt, digits)
        points.append(entry)
        scaling[f"isolated_{k}"] = _scaling_entry(lin, model, pt, digits)
        latex["points"].append({
            "couplings": ", ".join(_coupling_latex(n, v)
                                   for n, v in pt.couplings.items()) if pt.exact else "",
            **linearization_latex(lin, digits)})
        progress.update()
    for fam in fp.families:
        entry, lin = _family_entry(model, fam, digits)
        points.append(entry)
        tex = {**family_latex(fam, weights),
               **(linearization_latex(lin, digits) if lin is not None else {})}
        if "tangent_note" in entry:
            tex["tangent_note"] = prose_latex(entry["tangent_note"])
        latex["families"].append(tex)
        progress.update()
    for z in fp.at_infinity:
        entry, tex = _zero_weight_entry(model, z, digits)
        points.append(entry)
        latex.setdefault("at_infinity", []).append(tex)
        progress.update()
    latex["rejected"] = [rejected_latex(c, r) for c, r in fp.rejected]
    progress.set_postfix_str("boundary points")
    bpoints, btex, bnotes, bdone = _boundary_entries(model, digits)
    progress.update()
    points.extend(bpoints)
    latex["boundary"] = btex
    names = coupling_basis(model).names
    latex["names"] = {n: sympy.latex(sympy.Symbol(n)) for n in names}
    latex["axes"] = {f"exp_{n}": f"e^{{{sympy.latex(sympy.Symbol(n))}}}" for n in names}
    latex["axes"].update({n: sympy.latex(sympy.Symbol(n)) for n in names})  # bare key: K
    theorems = ["no-go: a strictly positive fixed point has rank 1 (Perron-Frobenius: T = E "
                "Omega^T > 0 with T^p = kappa T has one leading eigenvalue), so xi = 0 there"]
    latex["theorems"] = [prose_latex(t) for t in theorems]
    rec = {"digits": digits, "complete": fp.complete, "method": fp.method,
           "notes": list(fp.notes), "points": points,
           "boundary": {"complete": bdone, "notes": bnotes}, "theorems": theorems,
           "rejected": [{"candidate": {str(k): str(v) for k, v in c.items()}, "reason": r}
                        for c, r in fp.rejected],
           "scaling": scaling, "latex": latex}
    progress.set_postfix_str("flow fields")
    rec["flows"] = _flows(model, fp) if flows else {}
    if any(WEIGHT_NAME.search(t) for p in points for t in p.get("equations", [])):
        rec["variables"] = weight_variables(model)
        latex["variables"] = [{"name": weights.get(v["name"], v["name"]), "pairs": v["pairs"]}
                              for v in rec["variables"]]
    progress.set_postfix_str("transfer-matrix checks")
    if checks:
        rec["scaling"]["transfer_checks"] = transfer_checks(model, digits=min(digits, 60))
    progress.update()
    return rec


def _scaling_entry(lin, model, pt, digits):
    s = scaling_exponents(lin, model.scale)
    return {"y": {n: _jn(v, digits) for n, v in s["y"].items()},
            "nu": _jn(s["nu"], digits), "correlation_exponent":
            _jn(s["correlation_exponent"], digits), "thermal": s["thermal"],
            "field": s["field"], "assignment": s["assignment"],
            "formulas": s["formulas"], "physical": pt.physical}
