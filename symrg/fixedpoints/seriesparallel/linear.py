"""Linearisation at a fixed point of the series-parallel map: Jacobian, eigenvalues, exponents.

In the chart of a fixed point (its first non-zero orbit value w_i = 1) the projective
map reads G_j(w) = F_j(w) / F_i(w) for j != i (Eq. 33 of Lee, Lee & Yi on weights).
Its Jacobian

    dG_j/dw_l = (dF_j/dw_l F_i - F_j dF_i/dw_l) / F_i^2

is evaluated in ball arithmetic (arb) at the certified fixed point.  At a positive
fixed point the couplings K are logarithms of the same chart (up to the constant
inverse design matrix), so the coupling Jacobian of K' = m K'_series is similar to this
one: same eigenvalues lambda, RG eigenvalues y = ln lambda / ln p (Eq. 34, the series
length p is the length rescaling), and with y_t the largest y > 0

    nu = 1 / y_t,   d_eff = ln(m p) / ln p,   alpha = 2 - d_eff nu   (hyperscaling).
"""

from dataclasses import dataclass

import flint

from .dual import dual_image
from ...rg.seriesparallel import WeightMap

__all__ = ["Linearization", "linearize", "chart_jacobian", "scaling_exponents",
           "relevant_eigenvectors"]


def chart_jacobian(F: WeightMap, point, chart: int):
    """Jacobian of w -> F(w) / F_chart(w) in the coordinates w_j, j != chart (acb matrix).

    The derivatives dF_j/dw_l are exact forward-mode derivatives
    (:func:`symrg.fixedpoints.seriesparallel.dual.dual_image`) evaluated in ball
    arithmetic at ``point``.
    """
    image = dual_image(F, [flint.acb(x) for x in point], chart)
    fi = image[chart]
    others = [j for j in range(F.size) if j != chart]
    rows = [[(image[j].grad[l] * fi.val - image[j].val * fi.grad[l]) / fi.val ** 2
             for l in range(len(others))] for j in others]
    return flint.acb_mat(rows) if rows else flint.acb_mat(0, 0)


def _eigenvalues(J):
    """(eigenvalue balls, clustered?, certified?): arb's certified eig, then cluster
    enclosures, then mpmath's QR on the midpoints (balls of radius 0: not certified)."""
    try:
        return J.eig(), False, True
    except ValueError:
        pass
    try:
        return J.eig(multiple=True), True, True
    except ValueError:
        pass
    import mpmath
    from .balls import to_mpmath
    digits = int(flint.ctx.prec / 3.33)
    with mpmath.workdps(digits):
        A = mpmath.matrix([[to_mpmath(J[a, b]) for b in range(J.ncols())]
                           for a in range(J.nrows())])
        values = mpmath.eig(A, left=False, right=False)
        balls = [flint.acb(flint.arb(mpmath.nstr(mpmath.re(v), digits)),
                           flint.arb(mpmath.nstr(mpmath.im(v), digits))) for v in values]
    tol = flint.arb(10) ** (-(digits // 2))
    return [flint.acb(b.real.mid(), b.imag.mid()) if abs(b) > tol else flint.acb(0)
            for b in balls], True, False


@dataclass(frozen=True)
class Linearization:
    """Eigenvalues (acb balls), their realness, y = ln lambda / ln p, and whether arb
    certified the eigenvalue enclosures (False after the mpmath fallback)."""

    jacobian: object
    eigenvalues: tuple
    real: tuple
    exponents: tuple
    certified: bool = True


def linearize(F: WeightMap, point, chart: int) -> Linearization:
    """Certified eigenvalues of the chart Jacobian at ``point`` (ctx.prec as set by the caller).

    An eigenvalue is reported real when its ball meets the real axis and is disjoint
    from every other eigenvalue's ball (the Jacobian is real, so the conjugate of a
    simple eigenvalue is an eigenvalue: it must be the same one).  When eigenvalues
    cluster (multiple roots, e.g. 0 at a decoupled point), arb returns enclosures of
    the clusters and a ball meeting the real axis is taken as real (not certified).
    """
    J = chart_jacobian(F, point, chart)
    if J.nrows() == 0:
        return Linearization(J, (), (), (), True)
    lams, multiple, certified = _eigenvalues(J)
    real = []
    for a, lam in enumerate(lams):
        alone = multiple or all(not lam.overlaps(mu) for b, mu in enumerate(lams) if b != a)
        real.append(bool(alone and lam.imag.contains(0)))
    lams = [flint.acb(l.real) if r else l for l, r in zip(lams, real)]
    logp = flint.arb(F.scale).log()
    ys = tuple(None if l.contains(0) else l.log() / logp for l in lams)
    order = sorted(range(len(lams)), key=lambda k: -abs(lams[k]).mid())
    return Linearization(J, tuple(lams[k] for k in order), tuple(real[k] for k in order),
                         tuple(ys[k] for k in order), certified)


def scaling_exponents(lin: Linearization, scale: int, parallel: int) -> dict:
    """d_eff = ln(m p) / ln p and, for every real relevant y > 0, nu = 1/y, alpha = 2 - d_eff nu.

    Which relevant direction is thermal is not decided here: a fixed point with
    several relevant directions (fields beside the coupling) lists each with its own
    nu; the codimension of its critical surface is their number.  Returns an empty
    dict when no real eigenvalue exceeds 1.
    """
    relevant = [y.real for y, r in zip(lin.exponents, lin.real) if r and y is not None
                and y.real > 0]
    if not relevant:
        return {}
    d_eff = flint.arb(scale * parallel).log() / flint.arb(scale).log()
    return {"d_eff": d_eff, "codimension": len(relevant),
            "relevant": [{"y": y, "nu": 1 / y, "alpha": 2 - d_eff / y} for y in relevant]}


def relevant_eigenvectors(F: WeightMap, point, chart: int, digits: int = 30) -> list:
    """[(lambda, v)] for every real eigenvalue > 1 of the chart Jacobian, largest first
    (mpmath on the ball midpoints; v in the orbit values other than ``chart``)."""
    import mpmath
    from .balls import to_mpmath
    J = chart_jacobian(F, point, chart)
    with mpmath.workdps(digits + 10):
        A = mpmath.matrix([[to_mpmath(J[a, b]) for b in range(J.ncols())]
                           for a in range(J.nrows())])
        values, vectors = mpmath.eig(A)
        out = [(mpmath.re(lam), [mpmath.re(vectors[r, k]) for r in range(vectors.rows)])
               for k, lam in enumerate(values)
               if abs(mpmath.im(lam)) < mpmath.mpf(10) ** (-digits // 2) and mpmath.re(lam) > 1]
    return sorted(out, key=lambda item: -item[0])
