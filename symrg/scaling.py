"""Scaling laws near fixed points (Eq. 35-40 of Lee, Lee & Yi) and the fixed-point record.

From the RG eigenvalues lambda = p^y (Eq. 34): the correlation length scales as
xi ~ |A - A*|^(-1/y_A), i.e. nu = 1/y_A (Eq. 39), and G_h(r) ~ r^(-2d + 2 y_B)
with d = 1 (Eq. 40).  Eq. 37-40 are stated at the fictitious point (3, -2/3, -1/3),
whose weights are negative: no physical (transfer-matrix) check is possible there.
What can be checked exactly on physical weights is done by :func:`transfer_checks`:
on the rank-1 family G_h(r >= 1) = 0 and xi = 0; everywhere xi(R(K)) = xi(K) / p
(one decimation step is T -> T^p for the transfer matrix T = Omega E^T); and near the
family, where the transverse eigenvalue is 0 (y = -oo), xi ~ 1 / ln(1/|exp_A - 1|),
not a power law.
"""

import random

import mpmath
import sympy

from .counting import count_matrix
from .couplings import coupling_basis
from .fpequations import integral_design
from .decimation import decimate
from .errors import ModelError
from .fixedpoints import (_coupling_latex, check_digits, find_fixed_points, format_number, latex_exp,
                          weights_from_couplings)
from .flow import flow_field
from .linearize import linearize, rg_exponent
from .model import Model

__all__ = ["scaling_exponents", "transfer_checks", "fixed_points_record"]

D = 1  # dimension of the chain (depth), Eq. 37-40


def _field_name(names):
    for cand in ("B", "K_h", "K_h1"):
        if cand in names:
            return cand
    return names[-1]


def _axis_exponents(lin):
    """Exponent assigned to each coupling axis (diagonal Jacobian: exact; else by eigenvector)."""
    J = lin.jacobian
    if J.is_diagonal():
        return {n: rg_exponent(J[k, k], lin.scale) for k, n in enumerate(lin.names)}, \
            "Jacobian diagonal: y_k = ln(J_kk)/ln p"
    out = {}
    for k, n in enumerate(lin.names):
        best = max(range(len(lin.eigenvalues)),
                   key=lambda e: (-1 if lin.eigenvectors[e] is None else
                                  sympy.N(sympy.Abs(lin.eigenvectors[e][k]), 20)))
        out[n] = lin.exponents[best]
    return out, "y_k from the eigenvector with the largest component along coupling k"


def scaling_exponents(linearization, scale: int) -> dict:
    """Scaling exponents from a :class:`~symrg.linearize.Linearization` (Eq. 37-40).

    Returns
    -------
    dict
        ``y`` ({name: y}), ``nu`` = 1/y_A (Eq. 39), ``correlation_exponent`` =
        -2d + 2 y_B (Eq. 40, G_h ~ r^that), the coupling names used, and the formulas.

    Examples
    --------
    >>> from symrg.model import paper_model
    >>> from symrg.fixedpoints import find_fixed_points
    >>> from symrg.linearize import linearize
    >>> m = paper_model()
    >>> s = scaling_exponents(linearize(m, find_fixed_points(m).isolated[0]), 2)
    >>> s["nu"], s["correlation_exponent"]
    (1, 0)
    """
    if scale != linearization.scale:
        raise ModelError(f"scale: expected the linearization's p = {linearization.scale}, "
                         f"got {scale!r}")
    y, how = _axis_exponents(linearization)
    thermal, field = linearization.names[0], _field_name(linearization.names)
    y_a, y_b = y[thermal], y[field]
    nu = sympy.zoo if y_a == 0 else 1 / y_a
    return {"y": y, "thermal": thermal, "field": field, "nu": nu,
            "correlation_exponent": -2 * D + 2 * y_b, "d": D, "assignment": how,
            "formulas": {"nu": f"nu = 1/y_{thermal} (Eq. 39: xi ~ |{thermal}-{thermal}*|^(-1/y))",
                         "correlation_exponent": f"G_h(r) ~ r^(-2d+2y_{field}), d = 1 (Eq. 40)"}}


def _positive_rank_one(model, rng):
    n_h, n_s = len(model.h_states), len(model.sigma_states)
    x = [sympy.Rational(rng.randint(1, 9), rng.randint(1, 9)) for _ in range(n_h)]
    y = [sympy.Rational(rng.randint(1, 9), rng.randint(1, 9)) for _ in range(n_s)]
    if coupling_basis(model).size != coupling_basis(model).full_size:
        x, y = [1] * n_h, [1] * n_s  # symmetric space: use K = 0
    return sympy.Matrix(n_h, n_s, lambda i, j: x[i] * y[j])


def transfer_checks(model: Model, *, digits: int = 50, seed: int = 0) -> dict:
    """Exact transfer-matrix checks of the RG predictions on physical weights.

    Returns a dict of results (strings) and booleans ``holds``.
    """
    from . import transfer  # written alongside; imported late to keep the core light
    check_digits(digits)
    rng = random.Random(seed)
    out = {}
    E1 = _positive_rank_one(model, rng)
    G = transfer.correlation_function(model, [1, 2, 3], weights=E1, digits=digits)
    xi1 = transfer.correlation_length(model, weights=E1, digits=digits)
    tol = mpmath.mpf(10) ** (-(digits - 5))
    out["family"] = {"weights": [[str(e) for e in E1.row(i)] for i in range(E1.rows)],
                     "G_h": [mpmath.nstr(g, 10) for g in G], "xi": mpmath.nstr(xi1, 10),
                     "holds": bool(all(abs(g) < tol for g in G) and abs(xi1) < tol)}
    E = sympy.Matrix(E1.rows, E1.cols, lambda i, j: sympy.Rational(rng.randint(1, 9), rng.randint(1, 9)))
    Ep = decimate(E, count_matrix(model), model.scale)
    xi, xip = (transfer.correlation_length(model, weights=W, digits=digits) for W in (E, Ep))
    with mpmath.workdps(digits):
        ok = abs(xip * model.scale - xi) < tol * (1 + abs(xi))
    out["xi_scaling"] = {"weights": [[str(e) for e in E.row(i)] for i in range(E.rows)],
                         "xi": mpmath.nstr(xi, 15), "xi_renormalized": mpmath.nstr(xip, 15),
                         "relation": "xi(R(K)) = xi(K)/p", "holds": bool(ok)}
    names = coupling_basis(model).names
    if names[:3] == ("A", "B", "C"):
        rows = []
        for k in (2, 4, 8, 16):
            delta = sympy.Rational(1, 10 ** k)
            W = weights_from_couplings(model, {"A": 1 + delta, "B": 2, "C": sympy.Rational(1, 2)})
            xv = transfer.correlation_length(model, weights=W, digits=digits)
            with mpmath.workdps(digits):
                rows.append([f"1e-{k}", mpmath.nstr(xv, 12),
                             mpmath.nstr(xv * mpmath.log(mpmath.mpf(10) ** k), 12)])
        out["near_family"] = {"columns": ["exp_A - 1", "xi", "xi * ln(1/(exp_A - 1))"],
                              "rows": rows, "exp_B": "2", "exp_C": "1/2",
                              "prediction": "transverse eigenvalue 0 (y = -oo): xi ~ "
                                            "1/ln(1/|exp_A - 1|), no power law"}
    return out


def _matrix_strings(E, digits):
    return [[format_number(E[i, j], digits) if not sympy.sympify(E[i, j]).is_Rational
             else _num(E[i, j], digits) for j in range(E.cols)] for i in range(E.rows)]


def _num(x, digits):
    """Numeric string of an exact rational (mpmath nstr to ``digits``)."""
    with mpmath.workdps(digits + 5):
        return mpmath.nstr(mpmath.mpf(x.p) / x.q, digits)


def _lin_entry(lin, digits):
    fmt = (lambda v: str(v)) if lin.exact else (lambda v: format_number(v, digits))
    return {"eigenvalues": [fmt(v) for v in lin.eigenvalues],
            "exponents": [str(y) if lin.exact else format_number(y, digits)
                          for y in lin.exponents],
            "labels": list(lin.labels),
            "jacobian": [[fmt(x) for x in lin.jacobian.row(i)] for i in range(lin.jacobian.rows)]}


def _point_entry(model, pt, digits):
    lin = linearize(model, pt, digits=digits)
    entry = {"kind": "isolated", "dimension": 0, "rank": pt.rank, "physical": pt.physical,
             "weights": _matrix_strings(pt.weights, digits),
             "couplings": {k: (str(v) if pt.exact else format_number(v, digits))
                           for k, v in pt.couplings.items()},
             "verified": pt.verified, **_lin_entry(lin, digits)}
    if pt.exact:
        entry["weights_exact"] = [[str(x) for x in pt.weights.row(i)] for i in range(pt.weights.rows)]
    return entry, lin


def _family_entry(model, fam, digits):
    entry = {"kind": "family", "dimension": fam.dimension, "rank": fam.rank,
             "multiplicities": list(fam.multiplicities), "physical": fam.physical,
             "equations": [str(e) for e in fam.equations], "description": fam.description,
             "verified": fam.sample.verified if fam.sample else "none"}
    if fam.sample is not None:
        lin = linearize(model, fam, digits=digits)
        entry["sample"] = {k: str(v) for k, v in fam.sample.couplings.items()}
        entry.update(_lin_entry(lin, digits))
        entry["tangent_note"] = (f"{fam.dimension} eigenvalue(s) 1 are tangent to the family "
                                 f"(marginal); the others are transverse")
    return entry


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


def _flows(model, analysis, grid=9):
    names = coupling_basis(model).names
    if len(names) < 2 or not integral_design(model):
        return {}  # exp_ coordinates need integral exponents (else fractional powers)
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
        out["fig5"] = {**_flow_table(field, (ranges[0][1] - ranges[0][0]) / (grid - 1)), "center": [str(c[a]), str(c[b])],
                       "caption": "diverging flow near the isolated fixed point"}
    one = sympy.Integer(1)
    fixed = {f"exp_{k}": one for k in names if k not in (a, b)}
    rng = ((sympy.Rational(1, 2), sympy.Rational(3, 2)),) * 2
    field = flow_field(model, (f"exp_{a}", f"exp_{b}"), fixed, rng, (grid, grid))
    out["fig4"] = {**_flow_table(field, sympy.Rational(1, grid - 1)), "caption": "flow onto the rank-1 family (K = 0 at the centre)"}
    return out


#: Family equations longer than this (LaTeX characters) stay in the JSON record only.
_SHOW_EQUATION_CHARS = 300


def fixed_points_record(model: Model, *, digits: int = 50, checks: bool = True) -> dict:
    """Record section ``"fixed_points"``: every fixed point, linearisation, scaling, flows.

    JSON-serialisable (strings, ints, bools, lists, dicts); display LaTeX in ``"latex"``.
    """
    check_digits(digits)
    fp = find_fixed_points(model, digits=digits)
    points, latex, scaling = [], {"points": [], "families": []}, {}
    for k, pt in enumerate(fp.isolated):
        entry, lin = _point_entry(model, pt, digits)
        points.append(entry)
        s = scaling_exponents(lin, model.scale)
        scaling[f"isolated_{k}"] = {"y": {n: str(v) for n, v in s["y"].items()},
                                    "nu": str(s["nu"]), "correlation_exponent":
                                    str(s["correlation_exponent"]), "thermal": s["thermal"],
                                    "field": s["field"], "assignment": s["assignment"],
                                    "formulas": s["formulas"], "physical": pt.physical}
        latex["points"].append({
            "couplings": ", ".join(_coupling_latex(n, v)
                                   for n, v in pt.couplings.items()) if pt.exact else "",
            "jacobian": sympy.latex(lin.jacobian) if lin.exact else "",
            "eigenvalues": ", ".join(sympy.latex(v) for v in lin.eigenvalues),
            "exponents": ", ".join(sympy.latex(v) for v in lin.exponents)})
    for fam in fp.families:
        points.append(_family_entry(model, fam, digits))
        shown = [tex for tex in (latex_exp(e) + " = 0" for e in fam.equations)
                 if len(tex) <= _SHOW_EQUATION_CHARS][:6]
        latex["families"].append({"equations": shown})
    names = coupling_basis(model).names
    latex["names"] = {n: sympy.latex(sympy.Symbol(n)) for n in names}
    latex["axes"] = {f"exp_{n}": f"e^{{{sympy.latex(sympy.Symbol(n))}}}" for n in names}
    rec = {"digits": digits, "complete": fp.complete, "method": fp.method,
           "notes": list(fp.notes), "points": points,
           "rejected": [{"candidate": {str(k): str(v) for k, v in c.items()}, "reason": r}
                        for c, r in fp.rejected],
           "scaling": scaling, "flows": _flows(model, fp), "latex": latex}
    if checks:
        rec["scaling"]["transfer_checks"] = transfer_checks(model, digits=min(digits, 60))
    return rec
