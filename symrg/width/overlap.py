r"""The exact finite-width overlap map of an L = 2 model.

Two inputs h[1], h[2] (the L = 2 data points) pass through one random layer
(W, b drawn from the prior) and, in the DNA chain at finite beta_v, through the
per-site bond channel ``K(a | x) = u^{-|a - x|^q} / sum_a' u^{-|a' - x|^q}`` (Eq. 23; the
plain network has ``K(a | x) = delta(a, x)``).  The overlap of a layer is the
agreement overlap

    q = (2/N) #{i : h_i[1] = h_i[2]} - 1     (= (1/N) sum_i h_i[1] h_i[2] for h in {-1, 1}).

Output neurons are exchangeable, so the exact expected output overlap is one
neuron's: ``E q' = 2 A - 1`` with ``A = sum_{x1,x2} P(x1, x2 | tau) sum_a K(a|x1) K(a|x2)``
and ``P(x | tau) = c(x | tau) / sum_x c(x | tau)`` from :func:`symrg.width.typeclasses.pattern_weights`.

The input pair is taken on the family ``h[1] = (v, ..., v)``, ``h[2]`` equal to v on k
neurons and to w elsewhere (v the last and w the first h value), so ``q = 2k/N - 1``.
For a symmetric W prior and an odd activation on h in {-v, v}, the substitution
``W_ij -> W_ij h_j[1]`` shows that E q' depends on the input pair only through k: the
family then gives the overlap map of every input pair (tested against all types).
"""

from dataclasses import dataclass

import mpmath
import sympy

from ..errors import ModelError
from ..model.network import Model
from ..numerics import decimal_string, latex_decimal
from .typeclasses import pattern_weights, tuple_values

__all__ = ["OverlapMap", "overlap_map", "pair_type", "expected_overlap"]


def _check_pairs(model: Model):
    if model.data != 2:
        raise ModelError(f"data: the overlap map needs L = 2 data points, got {model.data}")


def pair_type(model: Model, width: int, agree: int) -> tuple:
    """The type of the family pair with ``agree`` agreeing neurons (module docstring)."""
    _check_pairs(model)
    if not 0 <= agree <= width:
        raise ModelError(f"agree: expected 0 <= agree <= {width}, got {agree}")
    v, w = model.h_values[-1], model.h_values[0]
    index = {a: i for i, a in enumerate(tuple_values(model))}
    counts = [0] * len(index)
    counts[index[(v, v)]] += agree
    counts[index[(v, w)]] += width - agree
    return tuple(counts)


def _channel(model: Model, u, outputs):
    """K(a | x) as {(a, x): value} for the activation outputs x (exact when u is exact).

    The bond weight ``u^(-|a - x|^q)`` (Eq. 23) is defined for every real x, so an
    output reached only at this width (``sign(0) = 0`` once two inputs can cancel) gets
    its channel like any other.
    """
    out = {}
    for x in outputs:
        weights = {a: u ** (-abs(a - x) ** model.norm) for a in model.h_values}
        total = sum(weights.values())
        for a, wt in weights.items():
            out[(a, x)] = wt / total
    return out


def expected_overlap(model: Model, counts, *, u=None, plain=False):
    """Exact ``E q'`` of the outputs for an input pair of type ``counts``.

    Plain network: an exact Rational.  DNA: a sympy expression in ``u`` (or a number
    when ``u`` is a number).

    Raises
    ------
    ModelError
        ``plain=True`` when an activation output reached at this width is not an h
        value (the plain network is undefined there; the DNA channel is not).
    """
    _check_pairs(model)
    weights = {x: sympy.Rational(int(c.p), int(c.q))
               for x, c in pattern_weights(model, counts).items()}
    total = sum(weights.values())
    outputs = sorted({v for x in weights for v in x})
    if plain:
        bad = [v for v in outputs if v not in model.h_values]
        if bad:
            raise ModelError(
                f"activation: output {bad[0]} (reached at this width) is not one of values.h "
                f"{[str(v) for v in model.h_values]}; the plain overlap map is undefined")
        agree = sum((c for x, c in weights.items() if x[0] == x[1]), sympy.Integer(0))
        return 2 * agree / total - 1
    from ..lattice.weights import U
    u = U if u is None else u
    K = _channel(model, u, outputs)
    agree = sum((c * sum((K[(a, x[0])] * K[(a, x[1])] for a in model.h_values),
                         sympy.Integer(0)) for x, c in weights.items()), sympy.Integer(0))
    return 2 * agree / total - 1


@dataclass(frozen=True)
class OverlapMap:
    """The exact expected output overlap at width N on the input grid q = 2k/N - 1.

    Attributes
    ----------
    width : int
    q_in : tuple of sympy.Rational
    q_out : tuple
        Exact (Rationals for the plain network, numbers at ``u`` for the DNA chain).
    plain : bool
    beta_v : str
    """

    width: int
    q_in: tuple
    q_out: tuple
    plain: bool
    beta_v: str

    def values(self, digits=30):
        """q_out as mpmath numbers."""
        with mpmath.workdps(digits):
            return [mpmath.mpf(sympy.N(q, digits + 5)) for q in self.q_out]

    def slope_at_one(self):
        """``(f(1) - f(1 - 2/N)) / (2/N)``: the exact map's slope at q = 1 (order if < 1)."""
        return (self.q_out[-1] - self.q_out[-2]) * sympy.Rational(self.width, 2)

    def fixed_points(self, digits=30):
        """Fixed points of the piecewise-linear interpolant, with their slopes chi.

        Returns a list of ``(q*, chi)`` (mpmath numbers), q* where ``f(q) - q`` changes
        sign on a grid interval or vanishes at a grid point.
        """
        f = self.values(digits)
        with mpmath.workdps(digits):
            q = [mpmath.mpf(sympy.Rational(x).p) / sympy.Rational(x).q for x in self.q_in]
            out = []
            for i in range(len(q) - 1):
                a, b = f[i] - q[i], f[i + 1] - q[i + 1]
                slope = (f[i + 1] - f[i]) / (q[i + 1] - q[i])
                if a == 0:
                    out.append((q[i], slope))
                elif a * b < 0:
                    t = a / (a - b)
                    out.append((q[i] + t * (q[i + 1] - q[i]), slope))
            if f[-1] - q[-1] == 0:
                out.append((q[-1], (f[-1] - f[-2]) / (q[-1] - q[-2])))
        return out

    def __repr__(self):
        where = "plain" if self.plain else f"beta_v={self.beta_v}"
        return (f"OverlapMap(N={self.width}, {where}, q_out(-1)={mpmath.nstr(self.values()[0], 8)}, "
                f"q_out(0)~{mpmath.nstr(self.values()[self.width // 2], 8)}, "
                f"slope at q=1: {mpmath.nstr(mpmath.mpf(sympy.N(self.slope_at_one(), 20)), 8)})")

    def _repr_latex_(self):
        pts = ", ".join(f"({sympy.latex(a)}, {latex_decimal(b, 6)})"
                        for a, b in list(zip(self.q_in, self.values()))[:: max(1, self.width // 8)])
        return rf"$\mathbb{{E}}\,q' \text{{ at }} N={self.width}: {pts}, \ldots$"

    def plot(self, stem):
        """Plot this map against q (:func:`symrg.plots.width.plot_overlap_maps`).

        Writes ``<stem>.pdf`` and ``<stem>.png``; returns ``{format: path}``.
        """
        from ..plots import save_figure
        from ..plots.width import plot_overlap_maps
        entry = {"N": self.width, "plain": self.plain, "q_in": [str(q) for q in self.q_in],
                 "q_out": [decimal_string(v, 12) for v in self.values(20)]}
        return save_figure(plot_overlap_maps({"overlap_maps": [entry], "mean_field": {}}), stem)


def overlap_map(model: Model, width: int, *, u=None, plain=False, agreements=None) -> OverlapMap:
    """The exact overlap map at width N (module docstring).

    Parameters
    ----------
    model : Model
        An L = 2 model (its own width is not used).
    width : int
    u : number, optional
        ``u = e^{beta_v}`` of the DNA channel (exact numbers stay exact); default e.
    plain : bool
        The plain network.
    agreements : iterable of int, optional
        Agreement counts k to evaluate (default all 0..N).

    Returns
    -------
    OverlapMap

    Examples
    --------
    >>> from symrg.model.network import Model
    >>> m = Model.from_dict({"data": 2, "values": {"W": [-1, 1], "b": [-1, 1], "h": [-1, 1]},
    ...                      "activation": {"name": "binary_sign"}})
    >>> overlap_map(m, 2, plain=True).q_out      # exact at q = -1, 0, 1
    (0, 0, 1)
    """
    _check_pairs(model)
    if isinstance(width, bool) or not isinstance(width, int) or width < 1:
        raise ModelError(f"width: expected an integer >= 1, got {width!r}")
    u = None if plain else (sympy.E if u is None else sympy.sympify(u))
    ks = range(width + 1) if agreements is None else list(agreements)
    q_in = tuple(sympy.Rational(2 * k, width) - 1 for k in ks)
    q_out = tuple(expected_overlap(model, pair_type(model, width, k), u=u, plain=plain)
                  for k in ks)
    beta_v = "inf" if plain else str(sympy.log(u))
    return OverlapMap(width, q_in, q_out, bool(plain), beta_v)
