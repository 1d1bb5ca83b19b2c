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

import re

import mpmath
import sympy

from ..errors import ModelError
from ..lattice.counting import count_matrix
from ..model.network import Model
from ..numerics import json_number
from ..rg.charts import weights_from_couplings
from ..rg.couplings import coupling_basis
from ..rg.decimation import decimate
from ..rg.flow import flow_field
from ..text.logform import log_form, log_form_latex, log_form_text
from ..text.mathtext import prose_latex
from .analysis import find_fixed_points
from .equations import integral_design
from .linearize import linearize, rg_exponent, to_mpmath
from .points import _coupling_latex, check_digits, format_number, latex_exp

__all__ = ["scaling_exponents", "transfer_checks", "fixed_points_record"]

D = 1  # dimension of the chain (depth), Eq. 37-40


def _field_name(names):
    for cand in ("B", "K_h", "K_h1"):
        if cand in names:
            return cand
    return names[-1]


def _axis_exponents(lin):
    """Exponent of each coupling axis: diagonal Jacobian exactly, else by eigenvector."""
    J = lin.jacobian
    if isinstance(J, sympy.MatrixBase) and J.is_diagonal():
        return {n: rg_exponent(J[k, k], lin.scale) for k, n in enumerate(lin.names)}, \
            "Jacobian diagonal: y_k = ln(J_kk)/ln p"
    with mpmath.workdps(30):
        Jm = mpmath.matrix([[to_mpmath(J[i, j], 40) for j in range(J.cols)]
                            for i in range(J.rows)])
        vals, vecs = mpmath.eig(Jm)
        out = {}
        for k, n in enumerate(lin.names):
            e = max(range(len(vals)), key=lambda c: abs(vecs[k, c]) /
                    max(mpmath.mnorm(vecs[:, c], 1), mpmath.eps))
            near = min(range(len(lin.eigenvalues)),
                       key=lambda i: abs(to_mpmath(lin.eigenvalues[i], 40) - vals[e]))
            out[n] = lin.exponents[near]
    return out, "y_k from the eigenvector with the largest component along coupling k"


def scaling_exponents(linearization, scale: int) -> dict:
    """Scaling exponents from a :class:`~symrg.fixedpoints.linearize.Linearization` (Eq. 37-40).

    Returns
    -------
    dict
        ``y`` ({name: y}), ``nu`` = 1/y_A (Eq. 39), ``correlation_exponent`` =
        -2d + 2 y_B (Eq. 40, G_h ~ r^that), the coupling names used, and the formulas.

    Examples
    --------
    >>> from symrg.model.network import paper_model
    >>> from symrg.fixedpoints.analysis import find_fixed_points
    >>> from symrg.fixedpoints.linearize import linearize
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
    nu = sympy.zoo if y_a == 0 else (sympy.Integer(0) if y_a in (sympy.oo, -sympy.oo) else 1 / y_a)
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
    from ..lattice import transfer
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


def _jn(value, digits):
    return json_number(value, digits)


def _matrix_json(E, digits):
    rows = E.tolist() if hasattr(E, "tolist") else E
    return [[_jn(x, digits) for x in row] for row in rows]


def _tex_number(v, digits, shown=12):
    """LaTeX of an eigenvalue or exponent (exact sympy, or mpmath under the noise rule)."""
    if isinstance(v, (mpmath.mpf, mpmath.mpc)):
        from ..numerics import clean
        z = clean(v, digits)
        if isinstance(z, sympy.Basic):
            return "0"
        if isinstance(z, mpmath.mpc):
            re_, im_ = mpmath.nstr(z.real, shown), mpmath.nstr(abs(z.imag), shown)
            return f"{re_} {'+' if z.imag >= 0 else '-'} {im_}\\,i"
        return mpmath.nstr(z, shown)
    return sympy.latex(v)


def _lin_entry(lin, digits):
    J = lin.jacobian
    jac = None
    if J is not None:
        jac = [[_jn(J[i, j], digits) for j in range(J.cols)] for i in range(J.rows)]
    return {"eigenvalues": [_jn(v, digits) for v in lin.eigenvalues],
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
    from ..numerics import decimal_string
    return 0 if r == 0 else decimal_string(abs(r), 5)


def _lin_latex(lin, digits):
    return {"jacobian": sympy.latex(lin.jacobian) if lin.exact and lin.jacobian is not None else "",
            "eigenvalues": ", ".join(_tex_number(v, digits) for v in lin.eigenvalues),
            "exponents": ", ".join(_tex_number(y, digits) for y in lin.exponents)}


def _couplings_json(couplings, digits):
    return {k: _jn(v, digits) for k, v in couplings.items()}


def _point_entry(model, pt, digits):
    lin = linearize(model, pt, digits=digits)
    entry = {"kind": "isolated", "dimension": 0, "rank": pt.rank, "physical": pt.physical,
             "weights": _matrix_json(pt.weights, digits),
             "couplings": _couplings_json(pt.couplings, digits),
             "verified": pt.verified, **_lin_entry(lin, digits)}
    return entry, lin


def _exact_rank(matrix) -> int:
    """Rank of an exact matrix (:func:`symrg.fixedpoints.exactrank.exact_rank`: flint over Q or Q(g))."""
    from .exactrank import exact_rank
    return exact_rank(matrix)


def tangent_check(lin, dimension: int) -> dict:
    """Eigenvalue 1 at a family's sample point against the family dimension (computed).

    The tangent space of a d-dimensional family lies in the eigenspace of eigenvalue 1,
    so its geometric multiplicity is at least d; ``agrees`` when it equals d.
    """
    ones = sum(1 for lab, v in zip(lin.labels, lin.eigenvalues)
               if lab == "marginal" and (not isinstance(v, sympy.Basic) or v == 1)
               and abs(to_mpmath(v, 40) - 1) < mpmath.mpf(10) ** -10)
    J = lin.jacobian
    if J is None:
        geometric = None
    elif isinstance(J, sympy.MatrixBase):
        geometric = J.rows - _exact_rank(J - sympy.eye(J.rows))
    else:
        with mpmath.workdps(mpmath.mp.dps):
            S = mpmath.svd_c(J - mpmath.eye(J.rows), compute_uv=False)
            geometric = sum(1 for x in S if abs(x) < mpmath.mpf(10) ** -10)
    note = (f"{ones} eigenvalue(s) equal 1 (eigenspace dimension {geometric}); family "
            f"dimension {dimension}: "
            + ("the eigenvalue-1 directions are exactly the tangent directions"
               if geometric == dimension else
               "more marginal directions than tangent ones" if geometric is not None
               and geometric > dimension else "fewer than the family dimension (CHECK)"))
    return {"eigenvalue_one": ones, "eigenspace_dimension": geometric,
            "dimension": dimension, "agrees": geometric == dimension, "note": note}


def _equation_texts(equations):
    """``str`` of each equation (from the terms for a :class:`~symrg.text.polytext.PolynomialList`)."""
    texts = getattr(equations, "texts", None)
    return list(texts) if texts is not None else [str(e) for e in equations]


def _family_entry(model, fam, digits):
    entry = {"kind": "family", "dimension": fam.dimension, "rank": fam.rank,
             "multiplicities": list(fam.multiplicities), "physical": fam.physical,
             "equations": _equation_texts(fam.equations), "description": fam.description,
             "verified": fam.sample.verified if fam.sample else "none"}
    lin = None
    if fam.sample is not None:
        lin = linearize(model, fam, digits=digits)
        entry["sample"] = _couplings_json(fam.sample.couplings, digits)
        exact = _sample_exact(fam.sample.couplings)
        if exact:
            entry["sample_exact"] = exact
        entry.update(_lin_entry(lin, digits))
        tangent = tangent_check(lin, fam.dimension)
        entry["tangent"] = tangent
        entry["tangent_note"] = tangent["note"]
    return entry, lin


#: Boundary components listed in a record (sparse count matrices can have thousands).
_MAX_BOUNDARY_LISTED = 24


def _boundary_entries(model, digits):
    """Boundary components (rank >= 2) and the theorem lines (:mod:`symrg.fixedpoints.boundary`)."""
    from .boundary import boundary_fixed_points
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
        tex.append(_lin_latex(lin, digits))
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
        out["near_isolated"] = {**_flow_table(field, (ranges[0][1] - ranges[0][0]) / (grid - 1)), "center": [str(c[a]), str(c[b])],
                       "caption": "diverging flow near the isolated fixed point"}
    one = sympy.Integer(1)
    fixed = {f"exp_{k}": one for k in names if k not in (a, b)}
    rng = ((sympy.Rational(1, 2), sympy.Rational(3, 2)),) * 2
    field = flow_field(model, (f"exp_{a}", f"exp_{b}"), fixed, rng, (grid, grid))
    out["onto_rank1_family"] = {**_flow_table(field, sympy.Rational(1, grid - 1)), "caption": "flow onto the rank-1 family (K = 0 at the centre)"}
    return out


#: Family equations longer than this (LaTeX characters) stay in the JSON record only.
_SHOW_EQUATION_CHARS = 300


#: Printed characters of family equations shown per family (the rest stay in the JSON).
_FAMILY_BUDGET = 1500

#: Family equations shown at most (the rest stay in the JSON record).
_FAMILY_EQUATIONS = 6


def _z_names(expr):
    """``exp_K_hs`` -> ``z_{hs}`` (compact names of e^{K_k} for monomial-basis couplings)."""
    return {s: "z_{" + s.name[6:] + "}" for s in sympy.sympify(expr).free_symbols
            if s.name.startswith("exp_K_")}


def _sample_lhs(key) -> str:
    """``e^{A}`` for an ``exp_A`` key (e^K), ``A`` for a bare key (K): the K against e^K convention."""
    if key.startswith("exp_"):
        return f"e^{{{sympy.latex(sympy.Symbol(key[4:]))}}}"
    return sympy.latex(sympy.Symbol(key))


def _sample_exact(couplings) -> dict:
    """Exact K's of a sample point that are logs, collected over primes (:mod:`symrg.text.logform`).

    Only couplings given as K (bare names) whose value is not rational; e^K values
    (``exp_`` keys) and rationals are exact in ``sample`` already.
    """
    out = {}
    for key, value in couplings.items():
        value = sympy.sympify(value)
        if key.startswith("exp_") or value.is_Rational:
            continue
        form = log_form(value)
        if form is not None:
            out[key] = log_form_text(form)
    return out


def _sample_value_latex(key, value) -> str:
    """LaTeX of a sample coupling: a log form ``a \\ln 2 + b \\ln 3 + c \\pi i`` when it is one."""
    form = None if key.startswith("exp_") else log_form(value)
    if form is not None and not sympy.sympify(value).is_Rational:
        return log_form_latex(form)
    if _has_long_rational(value):               # exact value stays in the JSON record
        return r"\approx " + sympy.latex(sympy.N(value, _SHOWN_DIGITS), ln_notation=True)
    return sympy.latex(value, ln_notation=True)


#: Digits of a sample coupling whose exact form has a rational beyond 60 digits.
_SHOWN_DIGITS = 12


def _has_long_rational(value) -> bool:
    """True when an exact value holds a rational with more than 60 digits (not for a page)."""
    return any(max(abs(r.p), r.q) > 10 ** 60 for r in sympy.sympify(value).atoms(sympy.Rational))


def _family_latex(fam) -> dict:
    """Display LaTeX of a family: equations within a size budget, and a sample point.

    At most :data:`_FAMILY_EQUATIONS` equations and :data:`_FAMILY_BUDGET` characters
    are shown (all are in the record).  Couplings named ``K_<monomial>`` print as
    z_{<monomial>} = e^{K_<monomial>}; the plain-text notes get LaTeX twins
    (:func:`symrg.text.mathtext.prose_latex`).
    """
    shown, used = [], 0
    for e in fam.equations:
        tex = sympy.latex(sympy.expand(e), symbol_names=_z_names(e)) if _z_names(e) \
            else latex_exp(e)
        if shown and (used + len(tex) > _FAMILY_BUDGET or len(shown) == _FAMILY_EQUATIONS):
            break
        shown.append(tex + " = 0")
        used += len(tex)
    sample = fam.sample.couplings if fam.sample is not None else {}
    rows = [{"lhs": _sample_lhs(k), "value": _sample_value_latex(k, v)}
            for k, v in sample.items()]
    out = {"equations": shown, "omitted": len(fam.equations) - len(shown),
           "sample_rows": rows, "z_notation": _uses_z_names(fam.equations),
           "description": prose_latex(fam.description)}
    if fam.sample is not None:
        out["verified"] = prose_latex(fam.sample.verified)
    return out


def _uses_z_names(equations):
    names = getattr(equations, "names", None)
    if names is not None:
        return any(n.startswith("exp_K_") for n in names)
    return any(_z_names(e) for e in equations)


_WEIGHT = re.compile(r"E\[(\d+),\s*(\d+)\]")
_EXP_NAME = re.compile(r"exp_([A-Za-z]\w*)")
_TOKENS = re.compile(r"(E\[\d+,\s*\d+\]|exp_[A-Za-z]\w*)")
_CARET = re.compile(r"\^(-?\d+)")


def _rejected_latex(candidate, reason) -> dict:
    """A rejected candidate ``{exp_A: -2/exp_B}`` and its reason, as math (no Python syntax)."""
    parts = [_candidate_latex(k, v) for k, v in candidate.items()]
    out = []
    for piece in _TOKENS.split(str(reason)):
        weight, name = _WEIGHT.fullmatch(piece), _EXP_NAME.fullmatch(piece)
        power = _CARET.match(piece)
        if power and out and out[-1].endswith("$"):     # exp_B^2: the power joins e^{B}
            out[-1] = "$(" + out[-1][1:-1] + ")^{" + power.group(1) + "}$"
            piece = piece[power.end():]
        if weight:
            out.append(f"$E_{{{weight.group(1)}{weight.group(2)}}}$")
        elif name:
            out.append(f"$e^{{{sympy.latex(sympy.Symbol(name.group(1)))}}}$")
        else:
            out.append(prose_latex(piece))
    return {"candidate": r",\ ".join(parts), "reason": "".join(out)}


def _escape_text(text) -> str:
    """Plain text safe inside LaTeX (specials escaped; ``\\``, ``^``, ``~`` dropped)."""
    return re.sub(r"[\\{}$&#^_%~]", lambda m: "\\" + m.group(0)
                  if m.group(0) not in "\\^~" else " ", str(text))


def _candidate_latex(key, value) -> str:
    """One field of a rejected candidate: ``e^{A} = ...`` for couplings, text otherwise.

    Candidates of the block classification carry ``rank``, ``dimension`` and
    ``block_ranks`` (irrep label -> rank); the cross-check's carry coupling values.
    """
    key = str(key)
    if key.startswith("exp_"):
        try:
            return f"{latex_exp(sympy.Symbol(key))} = {latex_exp(sympy.sympify(str(value)))}"
        except (sympy.SympifyError, SyntaxError, TypeError):
            pass
    if isinstance(value, dict):
        value = ", ".join(f"{k}: {v}" for k, v in value.items())
    return r"\text{" + _escape_text(f"{key.replace('_', ' ')} {value}") + "}"


def _no_bar(total=None, desc="", unit="it"):
    from ..progress import progress_bar
    return progress_bar(total, desc, quiet=True)


def fixed_points_record(model: Model, *, digits: int = 50, checks: bool = True,
                        cross_check: bool = False, bar=None) -> dict:
    """Record section ``"fixed_points"``: every fixed point, linearisation, scaling, flows.

    ``points`` holds entries of kind ``isolated``, ``family`` and ``boundary`` (the
    record layout: kind, rank, dimension, physical, eigenvalues, exponents, labels,
    sectors; numbers by :func:`symrg.numerics.json_number` under the noise rule, with the
    verification residual beside them).  Display LaTeX in ``"latex"``.  ``bar`` is a
    progress-bar factory ``bar(total, desc, unit)`` (:meth:`symrg.progress.Progress.bar`);
    it advances once for the classification, once per point linearised and once for
    the boundary points and the transfer checks.
    """
    check_digits(digits)
    with (bar or _no_bar)(None, "fixed points", "step") as progress:
        progress.set_postfix_str("classifying")
        fp = find_fixed_points(model, digits=digits, cross_check=cross_check)
        progress.total = 3 + len(fp.isolated) + len(fp.families)
        progress.update()
        return _fixed_points_section(model, fp, digits, checks, progress)


def _fixed_points_section(model, fp, digits, checks, progress):
    points, latex, scaling = [], {"points": [], "families": [], "boundary": []}, {}
    progress.set_postfix_str("linearising")
    for k, pt in enumerate(fp.isolated):
        entry, lin = _point_entry(model, pt, digits)
        points.append(entry)
        scaling[f"isolated_{k}"] = _scaling_entry(lin, model, pt, digits)
        latex["points"].append({
            "couplings": ", ".join(_coupling_latex(n, v)
                                   for n, v in pt.couplings.items()) if pt.exact else "",
            **_lin_latex(lin, digits)})
        progress.update()
    for fam in fp.families:
        entry, lin = _family_entry(model, fam, digits)
        points.append(entry)
        tex = {**_family_latex(fam), **(_lin_latex(lin, digits) if lin is not None else {})}
        if "tangent_note" in entry:
            tex["tangent_note"] = prose_latex(entry["tangent_note"])
        latex["families"].append(tex)
        progress.update()
    latex["rejected"] = [_rejected_latex(c, r) for c, r in fp.rejected]
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
           "scaling": scaling, "flows": _flows(model, fp), "latex": latex}
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
