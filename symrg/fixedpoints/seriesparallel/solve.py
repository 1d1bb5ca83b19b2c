"""Every fixed point of the projective series-parallel weight map, with a completeness proof.

A fixed point is a projective class w with F(w) = kappa w, kappa != 0
(:class:`symrg.rg.seriesparallel.WeightMap`, F homogeneous of degree p*m).  The projective
space is the disjoint union of the charts

    U_i = { w : w_0 = ... = w_{i-1} = 0, w_i = 1 }      (i = 0, ..., n-1),

(the first non-zero orbit value is normalised to 1, the convention of fixed-point
weights in symrg).  In U_i the fixed points are the solutions of the polynomial
system over Z

    F_j(w) = 0  (j < i),   F_j(w) - F_i(w) w_j = 0  (j > i),   t F_i(w) - 1 = 0,

where t forces kappa = F_i(w) != 0 (points with F(w) = 0 are base points of the
map, not fixed points).  msolve returns a rational parametrisation of each system
(:mod:`symrg.fixedpoints.seriesparallel.msolve`); when all n systems are zero-dimensional, the certified
roots of the eliminants (arb ball arithmetic) are all the fixed points, each once.
When a system is positive-dimensional the chart holds a continuum of fixed points
(the rank-one family of the chain, m = 1) and the list is declared incomplete.

Kinds: ``positive`` (every weight > 0: a physical fixed point), ``boundary`` (real,
non-negative, some weight exactly 0: infinite couplings), ``real`` (a negative weight,
fictitious) and ``complex`` (fictitious, Eq. 30 of Lee, Lee & Yi).  Zero weights are
decided exactly (a numerator divisible by the irreducible factor of the eliminant).
"""

from dataclasses import dataclass, field

import flint

from .msolve import parametrize
from ...rg.seriesparallel import WeightMap

__all__ = ["SPFixedPoint", "SPFixedPoints", "all_fixed_points", "map_polynomials",
           "KINDS"]

#: Kinds of fixed points, in the order they are listed.
KINDS = ("positive", "boundary", "real", "complex")


@dataclass(frozen=True)
class SPFixedPoint:
    """One fixed point w (orbit values, first non-zero = 1) with F(w) = kappa w.

    Attributes
    ----------
    kind : str
        One of :data:`KINDS`.
    chart : int
        Index of the first non-zero orbit value.
    weights : tuple of flint.acb
        Orbit values as certified balls.
    kappa : flint.acb
        F_i(w) at the chart coordinate i.
    zeros : tuple of int
        Orbits whose value is exactly 0.
    degree : int
        Degree over Q of the point (degree of its irreducible factor of the eliminant).
    minimal_polynomial : tuple of int
        That factor (coefficients, constant first) in the chart's separating variable.
    """

    kind: str
    chart: int
    weights: tuple
    kappa: object
    zeros: tuple
    degree: int
    minimal_polynomial: tuple = field(compare=False)


@dataclass(frozen=True)
class SPFixedPoints:
    """All fixed points found, and whether the list is proven complete (and why)."""

    points: tuple
    complete: bool
    reason: str
    charts: tuple           # per chart: (dimension, number of solutions)

    def of_kind(self, kind):
        """The points of one kind."""
        return [p for p in self.points if p.kind == kind]


def map_polynomials(F: WeightMap, names):
    """F as flint polynomials in variables ``names`` (one per orbit value), degree p*m."""
    ctx = flint.fmpz_mpoly_ctx.get(tuple(names), "degrevlex")
    return ctx, F(list(ctx.gens()))


def _chart_system(F: WeightMap, i: int):
    n = F.size
    names = tuple(f"w{j}" for j in range(i + 1, n)) + ("tk",)
    ctx = flint.fmpz_mpoly_ctx.get(names, "degrevlex")
    gens = ctx.gens()
    w = [0] * i + [1] + list(gens[:-1])
    image = [ctx.from_dict({(0,) * len(names): v}) if isinstance(v, int) else v
             for v in F(w)]
    eqs = [image[j] for j in range(i)]
    eqs += [image[j] - image[i] * w[j] for j in range(i + 1, n)]
    eqs.append(gens[-1] * image[i] - 1)
    return [str(e) for e in eqs if not e.is_zero()], names


def _chart_points(F: WeightMap, i: int):
    """(dimension, [(irreducible factor g, parametrisation)]) of chart U_i (one msolve call)."""
    polys, names = _chart_system(F, i)
    par = parametrize(polys, names)
    if par.dimension != 0:
        return par.dimension, []
    f = flint.fmpz_poly(par.eliminant)
    if f.gcd(f.derivative()).degree() > 0:
        raise ValueError("msolve eliminant is not square-free")
    data = (flint.fmpz_poly(par.derivative),
            [(flint.fmpz_poly(p), c) for p, c in par.numerators], par.variables)
    return 0, [(g, data) for g, _ in f.factor()[1]]


def _kind(weights, zeros, real):
    if not real:
        return "complex"
    if all(k in zeros or w.real > 0 for k, w in enumerate(weights)):
        return "boundary" if zeros else "positive"
    return "real"


def all_fixed_points(F: WeightMap, digits: int = 50) -> SPFixedPoints:
    """Every fixed point of the projective map w -> F(w), chart by chart (module docstring).

    Parameters
    ----------
    F : WeightMap
        From :func:`symrg.rg.seriesparallel.weight_map` or a seed.
    digits : int
        Certified digits of the weights: the arb precision is doubled until every ball
        is that narrow.

    Returns
    -------
    SPFixedPoints
    """
    charts = [_chart_points(F, i) for i in range(F.size)]      # msolve once per chart
    bits = int(digits * 3.33) + 64
    for _ in range(12):
        points = _certify(F, charts, bits)
        if points is not None:
            break
        bits *= 2
    else:
        raise ValueError(f"fixed points not certified to {digits} digits")
    open_charts = [i for i, (dim, _) in enumerate(charts) if dim > 0]
    if open_charts:
        reason = (f"incomplete: chart(s) {open_charts} (first non-zero orbit value) hold a "
                  f"positive-dimensional family of fixed points; only isolated points of the "
                  f"other charts are listed")
    else:
        reason = ("complete: every projective class has one first non-zero orbit value; "
                  "each chart's system is zero-dimensional (msolve rational "
                  "parametrisation over Q) and every root of its eliminant was isolated "
                  "(arb, certified)")
    return SPFixedPoints(tuple(points), not open_charts, reason,
                         tuple((dim, len(found)) for dim, found in charts))


def _certify(F, charts, bits):
    """The fixed points at ``bits`` of arb precision, or None if a ball is too wide."""
    from .balls import digits_certified
    digits = int((bits - 64) / 3.33)
    old = flint.ctx.prec
    flint.ctx.prec = bits
    try:
        points = []
        for i, (_dim, found) in enumerate(charts):
            for g, par in found:
                for root, _mult in g.complex_roots():
                    w, zeros = _weights(i, par, g, root, F.size)
                    if not all(digits_certified(x, digits) for x in w):
                        return None
                    points.append(SPFixedPoint(_kind(w, zeros, root.imag == 0), i, tuple(w),
                                               F(w)[i], zeros, g.degree(),
                                               tuple(int(c) for c in g.coeffs())))
    finally:
        flint.ctx.prec = old
    return sorted(points, key=_sort_key)


def _weights(i, par, g, root, n):
    """Orbit values (acb) of the chart-i point at ``root`` of ``g``, and its exact zeros.

    msolve may reorder the variables: ``names`` gives its order, the last one being
    the separating variable t = root (an input variable, or one msolve added).
    """
    deriv, nums, names = par
    values, zero = {}, set()
    for (p, c), name in zip(nums, names[:-1]):
        values[name] = -(p(root)) / (c * deriv(root))
        if (p % g).is_zero():
            zero.add(name)
    values[names[-1]] = root
    if g.degree() == 1 and g.coeffs()[0] == 0:
        zero.add(names[-1])
    coords = [f"w{j}" for j in range(i + 1, n)]
    zeros = tuple(range(i)) + tuple(j for j in range(i + 1, n) if f"w{j}" in zero)
    w = [flint.acb(0)] * i + [flint.acb(1)] + [values[name] for name in coords]
    return [flint.acb(0) if k in zeros else x for k, x in enumerate(w)], zeros


def _sort_key(p):
    def num(x):
        return float(x.real.mid()), float(x.imag.mid())
    return (KINDS.index(p.kind), p.chart, [num(x) for x in p.weights])
