r"""The infinite-width (N -> infinity) maps, their fixed points, chi and xi_MF.

Derivation
----------
A pre-activation ``z = sum_j W_j h_j + b`` is a sum of N independent terms of O(1) (the
values of W and b are fixed discrete numbers, not scaled with N), plus an O(1) bias.
Let ``mu_W`` and ``s_W^2`` be the prior mean and variance of W.

*L = 1, the map of a neuron's value distribution rho.*  With ``m = sum_a rho(a) a``:
if ``mu_W m != 0``, ``z / N -> mu_W m`` and every output is ``sigma(sign(mu_W m) inf)``;
if ``mu_W m = 0`` and ``sum_a rho(a) a^2 > 0``, ``z / sqrt(N)`` tends to a centred Gaussian
and the output is ``sigma(+inf)`` or ``sigma(-inf)`` with probability 1/2 each (the bias
and the activation's finite thresholds drop out).  The map is piecewise constant,
so ``chi = 0`` at every fixed point off its discontinuities and ``xi_MF = 0``: no prior
on W or b can move chi to 1.  (Finite N: ``chi(N) = |lambda_2/lambda_1| -> 0``.)

*L = 2, the overlap map.*  For ``mu_W = 0`` and h in {-v, v}, ``(z_1, z_2) / sqrt(N)`` tends
to a centred Gaussian pair with correlation equal to the input overlap q, so (Sheppard)
``P(sign z_1 = sign z_2) = 1/2 + arcsin(q) / pi`` and the outputs agree with that
probability.  Through the DNA channel K (module :mod:`symrg.width.overlap`),

    q' = f(q) = alpha + gamma (2/pi) arcsin q,
    gamma = (s_same - s_diff),  alpha = s_same + s_diff - 1,

with ``s_same = (sum_a K(a|x+)^2 + sum_a K(a|x-)^2) / 2`` and ``s_diff = sum_a K(a|x+) K(a|x-)``
(x+- = sigma(+-inf)); the plain network has alpha = 0, gamma = 1, i.e. the classical
``f(q) = (2/pi) arcsin q``.  Slope ``chi(q) = gamma (2/pi) / sqrt(1 - q^2)``.  Since
``(2/pi) arcsin q <= q`` on [0, 1] and gamma <= 1, the fixed point q* = 0 (alpha = 0)
has ``chi = 2 gamma / pi <= 2/pi < 1`` whatever the prior: the W prior only rescales
s_W, which the sign of z ignores, and the O(1) bias is negligible against O(sqrt N).
The plain fixed point q* = 1 has chi = infinity (nearby inputs decorrelate).  The
order-chaos edge chi = 1 is therefore out of reach at N = infinity; at finite N the
slope of the exact map at q = 1 is finite and a prior parameter (e.g. the sparsity of
ternary weights) moves it through 1 (:func:`order_chaos_boundary`).
"""

from dataclasses import dataclass

import mpmath
import sympy

from ..errors import ConvergenceError, ModelError
from ..model.activation import BUILTIN_ACTIVATIONS
from ..model.network import Model
from ..model.prior import prior_probabilities
from ..numerics import latex_decimal

__all__ = ["MeanFieldOverlap", "infinite_width_overlap_map", "infinite_width_value_map",
           "weight_mean", "fit_power_law", "order_chaos_boundary", "sparse_ternary_model", "sparsity_slope"]


def weight_mean(model: Model) -> sympy.Rational:
    """Prior mean of W."""
    return sum((p * w for p, w in zip(prior_probabilities(model, "W"), model.W_values)),
               sympy.Integer(0))


def _limits(model: Model):
    """(sigma(-inf), sigma(+inf)) of a built-in activation."""
    f = BUILTIN_ACTIVATIONS.get(model.activation.name)
    if f is None:
        raise ModelError("activation: the infinite-width map needs a built-in activation "
                         "(an explicit table has no values at +-infinity)")
    big = sympy.Integer(10) ** 30
    lo, hi = sympy.Rational(f(-big)), sympy.Rational(f(big))
    if abs(lo) > 10 ** 20 or abs(hi) > 10 ** 20:
        raise ModelError(f"activation: {model.activation.name} is unbounded; the "
                         f"infinite-width map needs a bounded activation")
    return lo, hi


def infinite_width_value_map(model: Model) -> dict:
    """The N -> infinity map of a neuron's value distribution (L = 1), in closed form.

    Returns
    -------
    dict
        ``{"mean_W", "outputs", "fixed_point", "chi", "xi", "statement"}`` with the
        fixed-point distribution over ``(sigma(-inf), sigma(+inf))``.
    """
    lo, hi = _limits(model)
    mu = weight_mean(model)
    if mu == 0:
        fixed = {str(lo): "1/2", str(hi): "1/2"} if lo != hi else {str(lo): "1"}
        statement = ("zero-mean W: z/sqrt(N) is Gaussian, every output is sigma(+-inf) "
                     "with probability 1/2 whatever the input; the map is constant")
    else:
        return _signed_mean_map(mu, lo, hi)
    return {"mean_W": str(mu), "outputs": [str(lo), str(hi)], "fixed_point": fixed,
            "chi": 0, "xi": 0, "ordered": False, "statement": statement}


def _signed_mean_map(mu, lo, hi) -> dict:
    """W mean mu != 0: z/N -> mu m, so a layer of mean m != 0 outputs sigma(sign(mu m) inf).

    On the two values (lo, hi) = (sigma(-inf), sigma(+inf)) the map is
    ``v -> hi if mu v > 0 else lo``; its attractors decide the N -> infinity chain:

    * one fixed point reached from both values: slope chi = 0, xi_MF = 0;
    * two fixed points (lo -> lo, hi -> hi) or the period-2 orbit lo <-> hi: two phases
      that never mix at N = infinity, so chi(N) = |lambda_2/lambda_1| -> 1 and
      xi(N) -> infinity (``"ordered": True``, chi 1, xi infinity);
    * a value 0 reached: at m = 0 the O(1) bias decides, which this closed form does not
      follow (chi and xi None).
    """
    def step(v):
        return None if v == 0 else (hi if mu * v > 0 else lo)

    head = "W mean %s: z/N -> mean * m, outputs are sigma(sign(mean m) inf); " % mu
    base = {"mean_W": str(mu), "outputs": [str(lo), str(hi)]}
    if lo == hi:
        return {**base, "fixed_point": {str(lo): "1"}, "chi": 0, "xi": 0, "ordered": False,
                "statement": head + "the map is constant"}
    a, b = step(lo), step(hi)
    if a is None or b is None or step(a) is None or step(b) is None:
        return {**base, "fixed_point": None, "chi": None, "xi": None, "ordered": False,
                "statement": head + "an output 0 makes m = 0, where the O(1) bias decides; "
                             "no closed form"}
    if (a, b) == (lo, hi):
        return {**base, "fixed_point": {str(lo): "1", str(hi): "1"}, "chi": 1, "xi": "inf",
                "ordered": True,
                "statement": head + "both sigma(-inf) and sigma(+inf) are stable fixed points "
                                    "(slope 0): two phases that never mix, so chi(N) -> 1 and "
                                    "xi(N) -> infinity (ordered)"}
    if (a, b) == (hi, lo):
        return {**base, "fixed_point": None, "chi": 1, "xi": "inf", "ordered": True,
                "statement": head + "no fixed point but the period-2 orbit sigma(-inf) -> "
                                    "sigma(+inf) -> sigma(-inf): the layers alternate in two "
                                    "phases that never mix, so chi(N) -> 1 and xi(N) -> "
                                    "infinity (ordered)"}
    top = a                     # (lo, hi) and (hi, lo) are handled above, so a == b
    return {**base, "fixed_point": {str(top): "1"}, "chi": 0, "xi": 0, "ordered": False,
            "statement": head + "the map is piecewise constant with the one attractor "
                                "sigma(%s inf)" % ("+" if top == hi else "-")}


@dataclass(frozen=True)
class MeanFieldOverlap:
    """``f(q) = alpha + gamma (2/pi) arcsin q`` with its fixed points (module docstring)."""

    alpha: object
    gamma: object
    digits: int = 50

    def __call__(self, q):
        with mpmath.workdps(self.digits + 10):
            return self.alpha + self.gamma * 2 / mpmath.pi * mpmath.asin(q)

    def slope(self, q):
        """chi(q) = gamma (2/pi) / sqrt(1 - q^2) (inf at |q| = 1)."""
        with mpmath.workdps(self.digits + 10):
            if abs(q) >= 1:
                return mpmath.inf
            return self.gamma * 2 / mpmath.pi / mpmath.sqrt(1 - q ** 2)

    def fixed_points(self):
        """[(q*, chi, xi_MF)] on [-1, 1], found by bracketing and bisection (verified)."""
        with mpmath.workdps(self.digits + 10):
            g = lambda q: self(q) - q
            grid = [mpmath.mpf(i) / 200 - 1 for i in range(401)]
            out = []
            for a, b in zip(grid, grid[1:]):
                ga, gb = g(a), g(b)
                if abs(ga) < mpmath.mpf(10) ** (-self.digits):
                    out.append(a)
                elif ga * gb < 0:
                    out.append(mpmath.findroot(g, (a, b), solver="anderson"))
            if abs(g(grid[-1])) < mpmath.mpf(10) ** (-self.digits):
                out.append(grid[-1])
            result = []
            for q in out:
                if abs(g(q)) > mpmath.mpf(10) ** (-self.digits + 5):
                    raise ConvergenceError(f"mean-field overlap map: fixed point {q} not verified")
                chi = self.slope(q)
                xi = 0 if chi == 0 else (mpmath.inf if abs(chi) >= 1 else -1 / mpmath.log(abs(chi)))
                result.append((q, chi, xi))
            return result

    def __repr__(self):
        return (f"MeanFieldOverlap(f(q) = {mpmath.nstr(self.alpha, 10)} + "
                f"{mpmath.nstr(self.gamma, 10)} (2/pi) asin q)")

    def _repr_latex_(self):
        pts = ", ".join(rf"q^*={latex_decimal(q, 8)}\ (\chi={latex_decimal(c, 8)})"
                        for q, c, _ in self.fixed_points())
        return (rf"$f(q) = {latex_decimal(self.alpha, 10)} + {latex_decimal(self.gamma, 10)}"
                rf"\,\tfrac{{2}}{{\pi}}\arcsin q;\ {pts}$")

    def plot(self, stem):
        """Plot f(q) on [-1, 1] with the diagonal; writes ``<stem>.pdf|png``, returns the paths."""
        from ..plots import save_figure
        from ..plots.width import plot_overlap_maps
        from ..numerics import decimal_string
        with mpmath.workdps(20):
            curve = [[decimal_string(mpmath.mpf(i) / 20 - 1, 8),
                      decimal_string(self(mpmath.mpf(i) / 20 - 1), 12)] for i in range(41)]
        return save_figure(plot_overlap_maps({"overlap_maps": [], "mean_field": {"curve": curve}}),
                           stem)


def infinite_width_overlap_map(model: Model, *, u=None, plain=False,
                               digits=50) -> MeanFieldOverlap:
    """The N -> infinity overlap map of an L = 2 model in closed form (module docstring).

    Raises
    ------
    ModelError
        W prior mean not 0 (the map degenerates to a step), h values not {-v, v}, or
        an activation without distinct bounded limits sigma(+-inf).
    """
    if weight_mean(model) != 0:
        raise ModelError(f"prior.W: the overlap map has a closed form for zero-mean W; "
                         f"mean is {weight_mean(model)} (then z/N -> mean m: a step map)")
    h = model.h_values
    if len(h) != 2 or h[0] != -h[1]:
        raise ModelError(f"values.h: the closed-form overlap map needs h in {{-v, v}}, got "
                         f"{[str(v) for v in h]}")
    lo, hi = _limits(model)
    if lo == hi:
        raise ModelError("activation: sigma(+inf) = sigma(-inf); outputs are constant")
    with mpmath.workdps(digits + 10):
        if plain:
            if lo not in h or hi not in h:
                raise ModelError("activation: sigma(+-inf) must be h values for the plain chain")
            return MeanFieldOverlap(mpmath.mpf(0), mpmath.mpf(1), digits)
        uu = mpmath.e if u is None else mpmath.mpf(sympy.N(sympy.sympify(u), digits + 10))

        def K(a, x):
            ws = {b: uu ** (-mpmath.mpf(sympy.N(abs(b - x) ** model.norm, digits + 10)))
                  for b in h}
            return ws[a] / mpmath.fsum(ws.values())
        same = (mpmath.fsum(K(a, hi) ** 2 for a in h) + mpmath.fsum(K(a, lo) ** 2 for a in h)) / 2
        diff = mpmath.fsum(K(a, hi) * K(a, lo) for a in h)
        return MeanFieldOverlap(same + diff - 1, same - diff, digits)


def fit_power_law(widths, values, limit=0, digits=30):
    """Fit ``|value(N) - limit| ~ A N^(-a)`` by least squares on logarithms.

    Returns
    -------
    (a, A) : mpmath numbers (the exponent and the amplitude).
    """
    with mpmath.workdps(digits):
        pts = [(mpmath.log(n), mpmath.log(abs(mpmath.mpf(v) - limit))) for n, v in
               zip(widths, values) if abs(mpmath.mpf(v) - limit) > 0]
        if len(pts) < 2:
            raise ModelError("widths: need at least two widths with value != limit to fit")
        mx = mpmath.fsum(x for x, _ in pts) / len(pts)
        my = mpmath.fsum(y for _, y in pts) / len(pts)
        sxx = mpmath.fsum((x - mx) ** 2 for x, _ in pts)
        sxy = mpmath.fsum((x - mx) * (y - my) for x, y in pts)
        slope = sxy / sxx
        return -slope, mpmath.exp(my - slope * mx)


def sparse_ternary_model(base: Model, sparsity) -> Model:
    """``base`` with W in {-1, 0, 1}, P(0) = sparsity, P(+-1) = (1 - sparsity)/2."""
    s = sympy.Rational(sparsity)
    d = base.to_dict()
    d["values"]["W"] = ["-1", "0", "1"]
    d["prior"] = {"W": {"-1": str((1 - s) / 2), "0": str(s), "1": str((1 - s) / 2)}}
    if base.prior is not None:
        d["prior"]["b"] = base.prior.to_dict()["b"]
    d.pop("inputs"), d.pop("labels")
    d["activation"] = {"name": base.activation.name}
    return Model.from_dict(d)


def sparsity_slope(base: Model, width: int, sparsity):
    """Exact slope of the plain width-N overlap map at q = 1 with ternary W of ``sparsity``.

    The map is exact on q = 2k/N - 1, so the slope at the fixed point q = 1 is the
    difference quotient ``(f(1) - f(1 - 2/N)) N / 2`` with ``f(1) = 1`` (identical
    inputs stay identical in the plain network).  Returns a sympy Rational.
    """
    from .overlap import expected_overlap, pair_type
    m = sparse_ternary_model(base, sparsity)
    f = expected_overlap(m, pair_type(m, width, width - 1), plain=True)
    return (1 - f) * sympy.Rational(width, 2)


def order_chaos_boundary(base: Model, width: int, *, steps=30):
    """Sparsity s_c of ternary weights where the exact plain map's slope at q = 1 is 1.

    The slope (:func:`sparsity_slope`) falls with s (sparser weights leave the common
    bias to dominate: order).  Bisection on s in [0, 1) with exact slopes.

    Returns
    -------
    (s_c, interval) : the midpoint and the final bracket (Rationals), or ``None``
    when the slope does not cross 1 on [0, 1 - 2^-12].
    """
    def slope(s):
        return sparsity_slope(base, width, s)
    lo, hi = sympy.Integer(0), 1 - sympy.Rational(1, 2 ** 12)
    if (slope(lo) - 1) * (slope(hi) - 1) > 0:
        return None
    for _ in range(steps):
        mid = (lo + hi) / 2
        if (slope(mid) - 1) * (slope(lo) - 1) > 0:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2, (lo, hi)
