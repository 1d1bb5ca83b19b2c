"""Scaling laws near fixed points (Eq. 35-40 of Lee, Lee & Yi): exponents and exact checks.

From the RG eigenvalues lambda = p^y (Eq. 34): the correlation length scales as
xi ~ |A - A*|^(-1/y_A), i.e. nu = 1/y_A (Eq. 39), and G_h(r) ~ r^(-2d + 2 y_B)
with d = 1 (Eq. 40).  Eq. 37-40 are stated at the fictitious point (3, -2/3, -1/3),
whose weights are negative: no physical (transfer-matrix) check is possible there.
What can be checked exactly on physical weights is done by :func:`transfer_checks`:
on the rank-1 family G_h(r >= 1) = 0 and xi = 0; everywhere xi(R(K)) = xi(K) / p
(one decimation step is T -> T^p for the transfer matrix T = Omega E^T); and near the
family, where the transverse eigenvalue is 0 (y = -oo), xi ~ 1 / ln(1/|exp_A - 1|),
not a power law.

This module computes; the record section is :mod:`symrg.records.fixedpoints` and its
LaTeX :mod:`symrg.text.fplatex`.
"""

import random

import mpmath
import sympy

from ..errors import ModelError
from ..lattice.counting import count_matrix
from ..model.network import Model
from ..rg.charts import weights_from_couplings
from ..rg.couplings import coupling_basis
from ..rg.decimation import decimate
from .linearize import rg_exponent, to_mpmath
from .points import check_digits

__all__ = ["scaling_exponents", "transfer_checks", "tangent_check"]


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


def _exact_rank(matrix) -> int:
    """Rank of an exact matrix (:func:`symrg.fixedpoints.exactrank.exact_rank`: flint over Q or Q(g))."""
    from .exactrank import exact_rank
    return exact_rank(matrix)


def _rank_minus_identity(Jq) -> int:
    """Rank of ``J - I`` for a flint ``fmpq_mat`` J (exact, flint's fraction-free rank)."""
    import flint
    X = flint.fmpq_mat(Jq)
    for k in range(X.nrows()):
        X[k, k] = X[k, k] - 1
    return X.rank()


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
    elif getattr(lin, "rank_j_minus_1", None) is not None:
        geometric = J.rows - lin.rank_j_minus_1
    elif getattr(lin, "jacobian_q", None) is not None:
        geometric = J.rows - _rank_minus_identity(lin.jacobian_q)
    elif isinstance(J, sympy.MatrixBase):
        geometric = J.rows - _exact_rank(J - sympy.eye(J.rows))
    else:
        with mpmath.workdps(mpmath.mp.dps):
            S = mpmath.svd_c(J - mpmath.eye(J.rows), compute_uv=False)
            geometric = sum(1 for x in S if abs(x) < mpmath.mpf(10) ** -10)
    note = (f"{ones} eigenvalue{'' if ones == 1 else 's'} equal 1 (eigenspace dimension "
            f"{geometric}); family "
            f"dimension {dimension}: "
            + ("the eigenvalue-1 directions are exactly the tangent directions"
               if geometric == dimension else
               "more marginal directions than tangent ones" if geometric is not None
               and geometric > dimension else "fewer than the family dimension (CHECK)"))
    return {"eigenvalue_one": ones, "eigenspace_dimension": geometric,
            "dimension": dimension, "agrees": geometric == dimension, "note": note}
