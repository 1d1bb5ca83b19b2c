"""Positive fixed points by many-start Newton, each certified by the Krawczyk test (arb).

Where exact elimination is out of reach (large m, many orbit values), the positive
(physical) fixed points of the projective map w -> F(w) are searched in the chart
w_0 = 1 (every positive point lies there) and log coordinates x_j = ln w_j:

    G_j(x) = ln F_j(w) - ln F_0(w) - x_j = 0        (j = 1, ..., n-1),

by damped Newton from a deterministic set of starts (a grid, or a seeded uniform
sample when the grid would be too large), in numpy double precision -- a *search*
only.  Every candidate is then refined and proven in arb ball arithmetic on the
polynomial-quotient form Phi_j(w) = F_j(w) / F_0(w) - w_j with the Krawczyk operator
(Krawczyk 1969; Moore, Kearfott & Cloud, *Introduction to Interval Analysis*, Thm 8.2)

    K(X) = c - Y Phi(c) + (I - Y J_Phi(X)) (X - c),     Y ~ J_Phi(c)^-1:

if K(X) lies in the interior of the box X, Phi has exactly one zero in X, and it
lies in K(X).  The box is checked to be positive, so the certified point is a
positive fixed point (F_0 > 0 there).  Jacobians are exact forward-mode derivatives
(:class:`symrg.fixedpoints.seriesparallel.dual.Dual`) through :class:`symrg.rg.seriesparallel.WeightMap`.

Completeness is NOT proven: a positive fixed point with a small basin under Newton
may be missed.  The result says so (``complete = False``) with the starts used.
"""

import itertools

import flint
import numpy

from .dual import dual_image
from .solve import SPFixedPoint, SPFixedPoints
from ...rg.seriesparallel import WeightMap

__all__ = ["newton_candidates", "krawczyk", "positive_fixed_points", "starts"]


def starts(n: int, grid: int = 9, sample: int = 1000, span: float = 6.0):
    """Starting points in log coordinates: a grid of ``grid`` values per axis on
    [-span, span], or ``sample`` seeded uniform points when the grid is larger."""
    if grid ** (n - 1) <= sample:
        axis = numpy.linspace(-span, span, grid)
        return numpy.array(list(itertools.product(axis, repeat=n - 1)), dtype=float)
    rng = numpy.random.default_rng(20261206)
    return rng.uniform(-span, span, size=(sample, n - 1))


def newton_candidates(F: WeightMap, x0, steps: int = 60, tol: float = 1e-11):
    """Converged Newton iterates of G (module docstring) from the rows of ``x0``.

    Returns the distinct limits (rows, log coordinates) with |G| < ``tol``.
    """
    x = numpy.array(x0, dtype=float)
    done = numpy.zeros(len(x), dtype=bool)
    for _ in range(steps):
        g, J = _log_system(F, x)
        ok = numpy.isfinite(g).all(axis=1) & numpy.isfinite(J).all(axis=(1, 2))
        done = ok & (numpy.abs(g).max(axis=1) < tol)
        live = ok & ~done & (numpy.abs(numpy.linalg.det(numpy.where(
            ok[:, None, None], J, 1.0))) > 1e-300)
        if not live.any():
            break
        dx = numpy.linalg.solve(J[live], -g[live][:, :, None])[:, :, 0]
        size = numpy.abs(dx).max(axis=1, keepdims=True)
        x[live] += dx * numpy.minimum(1.0, 2.0 / numpy.maximum(size, 1e-300))
        x = numpy.clip(x, -40.0, 40.0)
    found = []
    for row in x[done]:
        if all(numpy.abs(row - f).max() > 1e-6 for f in found):
            found.append(row)
    return sorted(found, key=tuple)


def _log_system(F, x):
    n = F.size
    full = numpy.concatenate([numpy.zeros((len(x), 1)), x], axis=1)
    shift = full.max(axis=1, keepdims=True)
    w = numpy.exp(full - shift)                       # projective: scale by the largest
    with numpy.errstate(all="ignore"):
        image = dual_image(F, [w[:, k] for k in range(n)])
        vals = numpy.array([d.val for d in image]).T            # (S, n)
        grads = numpy.array([d.grad for d in image]).transpose(2, 0, 1)   # (S, n, n-1)
        g = numpy.log(vals[:, 1:]) - numpy.log(vals[:, :1]) - x
        dlog = grads / vals[:, :, None] * w[:, None, 1:]   # d ln F_j / d x_l
        J = dlog[:, 1:, :] - dlog[:, :1, :] - numpy.eye(n - 1)[None]
    return g, J


def _phi(F, w):
    """Phi(w) = F_j/F_0 - w_j (j >= 1) and its Jacobian, over acb (boxes allowed)."""
    image = dual_image(F, w)
    f0 = image[0]
    n = F.size
    phi = [image[j].val / f0.val - w[j] for j in range(1, n)]
    jac = [[(image[j].grad[l] * f0.val - image[j].val * f0.grad[l]) / f0.val ** 2
            - (1 if l == j - 1 else 0) for l in range(n - 1)] for j in range(1, n)]
    return phi, jac


def krawczyk(F: WeightMap, c, radius):
    """Certify a zero of Phi near the point ``c`` (w_1..w_{n-1} as arb/float).

    Returns the enclosure K(X) (list of arb, w_1..w_{n-1}) if K(X) lies strictly
    inside X = c +- radius and X is positive, else None.
    """
    n = F.size
    c = [flint.arb(v) for v in c]
    r = flint.arb(radius)
    if any(not (v - r > 0) for v in c):
        return None
    one = flint.acb(1)
    phi_c, jac_c = _phi(F, [one] + [flint.acb(v) for v in c])
    try:
        Y = flint.acb_mat([[flint.acb(x.real.mid()) for x in row] for row in jac_c]).inv()
    except (ZeroDivisionError, ValueError):
        return None
    box = [flint.acb(flint.arb(v.mid(), radius)) for v in c]
    _, jac_x = _phi(F, [one] + box)
    eye = flint.acb_mat(n - 1, n - 1, [1 if a == b else 0 for a in range(n - 1)
                                       for b in range(n - 1)])
    M = eye - Y * flint.acb_mat(jac_x)
    dev = flint.acb_mat([[flint.acb(flint.arb(0, radius))] for _ in range(n - 1)])
    K = flint.acb_mat([[flint.acb(v)] for v in c]) - Y * flint.acb_mat([[p] for p in phi_c]) \
        + M * dev
    out = []
    for j in range(n - 1):
        k = K[j, 0]
        if not (abs(k.real - c[j]).upper() < r and k.imag.contains(0)
                and abs(k.imag).upper() < r):
            return None
        out.append(k.real)
    return out


def _refine(F, c, steps: int = 12):
    """Newton in arb (midpoints only) from the float point c: a better centre."""
    w = [flint.arb(float(v)) for v in c]
    for _ in range(steps):
        phi, jac = _phi(F, [flint.acb(1)] + [flint.acb(v) for v in w])
        try:
            step = flint.acb_mat([[flint.acb(x.real.mid()) for x in row] for row in jac]).solve(
                flint.acb_mat([[flint.acb(p.real.mid())] for p in phi]))
        except (ZeroDivisionError, ValueError):
            return None
        w = [(v - step[j, 0].real).mid() for j, v in enumerate(w)]
    return w


def positive_fixed_points(F: WeightMap, digits: int = 50, x0=None) -> SPFixedPoints:
    """The certified positive fixed points found from the starts ``x0`` (default
    :func:`starts`); ``complete`` is False (a search, not a proof of completeness)."""
    x0 = starts(F.size) if x0 is None else x0
    candidates = newton_candidates(F, x0)
    old = flint.ctx.prec
    flint.ctx.prec = int(digits * 3.33) + 64
    try:
        points = []
        for x in candidates:
            c = _refine(F, numpy.exp(x))
            box = None if c is None else krawczyk(F, c, flint.arb(2) ** (-flint.ctx.prec // 2))
            if box is None:
                continue
            w = (flint.acb(1),) + tuple(flint.acb(v) for v in box)
            points.append(SPFixedPoint("positive", 0, w, F(list(w))[0], (), None, ()))
    finally:
        flint.ctx.prec = old
    reason = (f"incomplete: positive fixed points only, searched by Newton from {len(x0)} "
              f"starts in log coordinates (|ln w_j| <= 6); {len(candidates)} converged, "
              f"{len(points)} certified (Krawczyk, arb); other positive points may be missed")
    return SPFixedPoints(tuple(points), False, reason, ())
