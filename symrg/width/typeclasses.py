r"""Type-class reduction of a layer: exact transfer matrices at any width N.

Derivation
----------
Write a layer configuration h (N neurons, L data points) as N per-neuron L-tuples
``h_j = (h_j[1], ..., h_j[L])`` in ``V_h^L``; its **type** ``tau`` is their histogram,
``tau(a) = #{j : h_j = a}`` for ``a in V_h^L`` (``d = |V_h|^L`` tuple values).

*One output neuron.*  Row i of W and b_i are drawn independently, entry by entry,
from the prior (relative weights omega, :mod:`symrg.model.prior`).  The pre-activation of
output neuron i at data point l is ``z_l = sum_j W_ij h_j[l] + b_i``.  Grouping the
inputs by their tuple, ``z = sum_a a S_a + b (1,...,1)`` with ``S_a`` the sum of
``tau(a)`` independent weights: the law of z, hence the weight of the neuron's output
pattern ``x in Sigma^L``,

    c(x | tau) = sum_{W_i., b_i : sigma(z_l) = x_l for all l}  prod_j omega_W(W_ij) omega_b(b_i),

depends on h only through tau.  As a generating function in ``t = (t_1..t_L)``,
``sum_z P(z) t^z = prod_a (sum_w omega_W(w) t^{w a})^{tau(a)} * sum_b omega_b(b) t^{b 1}``:
powers of per-neuron sums (computed in :func:`pattern_weights` by flint polynomial
arithmetic, a Kronecker substitution packing the L exponents into one).

*Count matrix.*  The rows of W are independent, so (Eq. 21 of Lee, Lee & Yi)
``Omega[h, s] = prod_i c(s_i | tau(h)) = F[tau(h), s]``, i.e. ``Omega = V F`` with V the
(configurations x types) indicator.

*Transfer matrix.*  The DNA bond weight factorises over neurons,
``E[h', s] = prod_i e(h'_i, s_i)`` with ``e(a, x) = u^{-sum_l |a_l - x_l|^q}`` (Eq. 23), so
``T[h, h'] = sum_s Omega[h, s] E[h', s] = prod_i g(tau(h), h'_i)`` with the per-neuron sum

    g(tau, a) = sum_x c(x | tau) e(a, x)          (plain network: g(tau, a) = c(a | tau)).

Hence ``T = V Ftilde`` with ``Ftilde[tau, h'] = prod_a g(tau, a)^{tau(h')(a)}``, and the nonzero
spectrum of T (a configurations x configurations matrix) is that of the types x types
matrix ``R = Ftilde V``:

    R[tau, tau'] = multinomial(N; tau') * prod_a g(tau, a)^{tau'(a)}.                  (*)

``T V = V R``; right Perron vectors of T are ``V rho``, left ones pull back to
``pi = l V``.  Site observables averaged over neurons become type functions
``f_l(tau) = (1/N) sum_a tau(a) a_l``, and by exchangeability of the output neurons

    <h> = (1/L) sum_l pi F_l rho,  G_h(r) = (1/L) sum_l [pi F_l R^r F_l rho / lambda^r - (pi F_l rho)^2]

(r >= 1; r = 0 uses the type function of h^2), exactly the site-averaged G of
:mod:`symrg.lattice.transfer`.  There are ``C(N + d - 1, d - 1)`` types.

*Lumping.*  If several types have the same pattern weights c(. | tau), their rows
of R coincide.  With U the (types x classes) indicator, ``R = U Fhat`` and the nonzero
spectrum lives on the classes x classes matrix ``M[k, k'] = sum_{tau' in k'} R[k, tau']``
(:func:`pattern_classes`); e.g. sign activation with a symmetric weight prior has
one class at L = 1 (lambda_2 = 0) and N + 1 classes (the agreement count) at L = 2.
"""

import bisect
import itertools
import math
from fractions import Fraction
from functools import lru_cache

import flint
import sympy

from ..errors import ModelError
from ..model.network import Model
from ..model.prior import value_weights

__all__ = ["tuple_values", "type_count", "enumerate_types", "type_of", "sigma_patterns",
           "pattern_weights", "pattern_classes", "activation_at", "reduced_transfer_matrix",
           "type_observable", "multinomial"]


def tuple_values(model: Model) -> tuple:
    """The per-neuron L-tuples ``V_h^L`` in canonical (lexicographic) order."""
    return tuple(itertools.product(model.h_values, repeat=model.data))


def sigma_patterns(model: Model) -> tuple:
    """One output neuron's patterns ``Sigma^L`` in canonical order."""
    return tuple(itertools.product(model.sigma_values, repeat=model.data))


def type_count(width: int, d: int) -> int:
    """Number of types ``C(N + d - 1, d - 1)`` of N neurons over d tuple values."""
    return math.comb(width + d - 1, d - 1)


def enumerate_types(width: int, d: int) -> tuple:
    """All types (count vectors of length d summing to N), in canonical order.

    Order: sorted multisets of tuple indices, so for d = 2 the type with k neurons
    on the second tuple value is number k.

    Examples
    --------
    >>> enumerate_types(2, 2)
    ((2, 0), (1, 1), (0, 2))
    """
    out = []
    for combo in itertools.combinations_with_replacement(range(d), width):
        counts = [0] * d
        for a in combo:
            counts[a] += 1
        out.append(tuple(counts))
    return tuple(out)


def type_of(model: Model, config: tuple) -> tuple:
    """The type of a layer configuration (site ``t = l N + i``) of ``model``."""
    N, L = model.width, model.data
    index = {a: k for k, a in enumerate(tuple_values(model))}
    counts = [0] * len(index)
    for i in range(N):
        counts[index[tuple(config[l * N + i] for l in range(L))]] += 1
    return tuple(counts)


def multinomial(counts) -> int:
    """``N! / prod_a counts[a]!``."""
    out, total = 1, 0
    for n in counts:
        total += n
        out *= math.comb(total, n)
    return out


class _Sigma:
    """The activation at any rational pre-activation (built-ins extend to any width)."""

    def __init__(self, model):
        from ..model.activation import BUILTIN_ACTIVATIONS
        self.table = model.activation.as_dict()
        self.builtin = BUILTIN_ACTIVATIONS.get(model.activation.name)
        self.cache = {}
        self.by_numerator = {}          # {D: {e: sigma(e / D)}}
        self.codes, self.values, self.breaks = {}, {}, {}

    def __call__(self, z: Fraction):
        try:
            return self.cache[z]
        except KeyError:
            pass
        x = sympy.Rational(z.numerator, z.denominator)
        if x in self.table:
            y = self.table[x]
        elif self.builtin is not None:
            y = sympy.Rational(self.builtin(x))
        else:
            raise ModelError(
                f"activation.table: no value for pre-activation {x}, reached at this width; "
                f"extend the table or use a built-in activation")
        self.cache[z] = y
        return y

    def at(self, D, e):
        """sigma(e / D) for integers (cached)."""
        table = self.by_numerator.setdefault(D, {})
        y = table.get(e)
        if y is None:
            y = table[e] = self(Fraction(e, D))
        return y

    def code(self, D, e):
        """A small integer naming sigma(e / D) (equal outputs, equal codes)."""
        codes = self.codes.setdefault(D, {})
        c = codes.get(e)
        if c is None:
            try:
                y = self.at(D, e)
            except ModelError:          # not reached with nonzero weight, unless it is
                y = None                # (then pattern_weights raises)
            if y not in self.values:
                self.values[y] = len(self.values)
            c = codes[e] = self.values[y]
        return c

    def runs(self, D, shift, length):
        """Maximal runs ``((sigma,), start, stop)`` of equal sigma((k + shift) / D), k < length."""
        lo, hi = shift, shift + length
        known = self.breaks.get(D)
        if known is None or lo < known[0] or hi > known[1]:
            lo2, hi2 = (lo, hi) if known is None else (min(lo, known[0]), max(hi, known[1]))
            codes = [self.code(D, e) for e in range(lo2, hi2)]
            points = [lo2 + i + 1 for i in range(len(codes) - 1) if codes[i + 1] != codes[i]]
            known = self.breaks[D] = (lo2, hi2, points)
        points = known[2]
        cuts = [lo] + points[bisect.bisect_right(points, lo):bisect.bisect_left(points, hi)] + [hi]
        names = {v: y for y, v in self.values.items()}
        return [((names[self.code(D, a)],), a - shift, b - shift)
                for a, b in zip(cuts, cuts[1:]) if b > a]


@lru_cache(maxsize=16)
def activation_at(model: Model) -> _Sigma:
    """Callable ``sigma(z)`` on Fractions, cached (explicit tables must cover z)."""
    return _Sigma(model)


def _fmpq(x) -> flint.fmpq:
    x = sympy.Rational(x)
    return flint.fmpq(int(x.p), int(x.q))


@lru_cache(maxsize=16)
def _setup(model: Model):
    """Common denominator D of every w*a and b, and the prior weights as fmpq."""
    values = [w * a for w in model.W_values for a in model.h_values] + list(model.b_values)
    D = math.lcm(*(int(sympy.Rational(v).q) for v in values))
    Wn = [(w, _fmpq(om)) for w, om in zip(model.W_values, value_weights(model, "W"))]
    B = [(int(b * D), _fmpq(om)) for b, om in zip(model.b_values, value_weights(model, "b"))]
    return D, Wn, B


def _factor(points, radix):
    """Kronecker-packed polynomial of ``sum omega t^{e}`` for integer exponent vectors.

    Returns ``(poly, shift, span)`` with shift/span per coordinate (exponents >= 0).
    """
    L = len(points[0][0])
    shift = [min(e[l] for e, _ in points) for l in range(L)]
    span = [max(e[l] for e, _ in points) - shift[l] for l in range(L)]
    coeffs = {}
    for e, om in points:
        k = sum((e[l] - shift[l]) * radix[l] for l in range(L))
        coeffs[k] = coeffs.get(k, flint.fmpq(0)) + om
    top = max(coeffs)
    poly = flint.fmpq_poly([coeffs.get(k, 0) for k in range(top + 1)])
    return poly, shift, span


_POWERS = {}


def _power(f, n):
    """``f ** n``, cached per (f, n) (a width-N layer asks for every n <= N of a few f),
    built from ``f ** (n - 1)`` when that is cached."""
    key = str(f)
    out = _POWERS.get((key, n))
    if out is None:
        last = _POWERS.get((key, n - 1))
        out = last * f if last is not None else f ** n
        if len(_POWERS) > 4096:
            _POWERS.clear()
        _POWERS[(key, n)] = out
    return out


def _preactivation_poly(model: Model, counts):
    """Generating polynomial of z (Kronecker-packed), shifts and radices."""
    D, Wn, B = _setup(model)
    L, tuples = model.data, tuple_values(model)
    groups = [([tuple(int(w * a[l] * D) for l in range(L)) for w, _ in Wn], n, a)
              for a, n in zip(tuples, counts) if n]
    span = [0] * L
    for exps, n, _ in groups:
        for l in range(L):
            span[l] += n * (max(e[l] for e in exps) - min(e[l] for e in exps))
    bias = [b for b, _ in B]
    for l in range(L):
        span[l] += max(bias) - min(bias)
    radix = [1] * L
    for l in range(1, L):
        radix[l] = radix[l - 1] * (span[l - 1] + 1)
    poly, shift = flint.fmpq_poly([1]), [0] * L
    for exps, n, _ in groups:
        f, s, _ = _factor([(e, om) for e, (_, om) in zip(exps, Wn)], radix)
        poly *= _power(f, n)
        shift = [shift[l] + n * s[l] for l in range(L)]
    f, s, _ = _factor([((b,) * L, om) for b, om in B], radix)
    poly *= f
    shift = [shift[l] + s[l] for l in range(L)]
    return poly, shift, radix, D


def pattern_weights(model: Model, counts) -> dict:
    """Weights ``c(x | tau)`` of one output neuron's patterns, for a type (exact fmpq).

    Parameters
    ----------
    model : Model
        Value sets, activation and prior; its own width is not used.
    counts : tuple of int
        The type: one count per tuple value of :func:`tuple_values`; N = sum(counts).

    Returns
    -------
    dict
        ``{x: c(x | tau)}`` over the patterns x reached, as ``flint.fmpq``.  The values
        sum to ``(sum omega_W)^N sum omega_b`` (``(|V_W|^N |V_b|)`` for any prior).
    """
    poly, shift, radix, D = _preactivation_poly(model, counts)
    sigma, L = activation_at(model), model.data
    coeffs = poly.coeffs()
    if L == 1:
        out = {}
        for code, start, stop in sigma.runs(D, shift[0], len(coeffs)):
            total = sum(coeffs[start:stop], flint.fmpq(0))
            if code == (None,) and any(coeffs[start:stop]):
                sigma.at(D, start + shift[0] + [bool(c) for c in coeffs[start:stop]].index(True))
            if total:
                out[code] = out.get(code, 0) + total
        return out
    if L == 2:
        return _pattern_blocks(sigma, D, shift, radix[1], coeffs)
    out = {}
    for k, c in enumerate(coeffs):
        if not c:
            continue
        x, rest = [], k
        for l in reversed(range(L)):
            e, rest = divmod(rest, radix[l])
            x.append(sigma.at(D, e + shift[l]))
        key = tuple(reversed(x))
        out[key] = out.get(key, 0) + c
    return out


def _pattern_blocks(sigma, D, shift, radix, coeffs) -> dict:
    """L = 2: sum the packed coefficients (k = e0 + radix e1) over the rectangles on which
    sigma is constant in each coordinate (runs of :meth:`_Sigma.runs`), not one by one."""
    rows = -(-len(coeffs) // radix)
    runs0, runs1 = sigma.runs(D, shift[0], radix), sigma.runs(D, shift[1], rows)
    zero, out = flint.fmpq(0), {}
    for (y1,), s1, t1 in runs1:
        for (y0,), s0, t0 in runs0:
            total = zero
            for e1 in range(s1, t1):
                total += sum(coeffs[e1 * radix + s0:e1 * radix + t0], zero)
            if not total:
                continue
            if y0 is None or y1 is None:       # reached with nonzero weight: the table's error
                k = next(e1 * radix + e0 for e1 in range(s1, t1) for e0 in range(s0, t0)
                         if e1 * radix + e0 < len(coeffs) and coeffs[e1 * radix + e0])
                sigma.at(D, k % radix + shift[0]), sigma.at(D, k // radix + shift[1])
            out[(y0, y1)] = out.get((y0, y1), 0) + total
    return out


def pattern_classes(model: Model, width: int):
    """Types grouped by identical pattern weights (the exact lumping of R).

    Returns
    -------
    types : tuple of type tuples
    classes : list of dict
        One per distinct ``c(. | tau)`` in order of first appearance, as
        ``{"weights": {x: fmpq}, "members": [type indices]}``.
    """
    d = len(tuple_values(model))
    types = enumerate_types(width, d)
    classes, seen = [], {}
    for k, t in enumerate(types):
        w = pattern_weights(model, t)
        key = tuple(sorted((x, (int(c.p), int(c.q))) for x, c in w.items()))
        if key not in seen:
            seen[key] = len(classes)
            classes.append({"weights": w, "members": []})
        classes[seen[key]]["members"].append(k)
    return types, classes


def _bond(model: Model, a, x, u):
    dist = sum((abs(p - q) ** model.norm for p, q in zip(a, x)), sympy.Integer(0))
    return u ** (-dist)


def reduced_transfer_matrix(model: Model, width: int = None, *, u=None, plain=False):
    """The exact types x types matrix R of (*) (module docstring); sympy.

    Parameters
    ----------
    model : Model
    width : int, optional
        N (default ``model.width``).
    u : sympy expression, optional
        ``u = e^{beta_v}`` of the DNA bond (a symbol or an exact number); default the
        symbol ``u`` of :mod:`symrg.lattice.weights`.
    plain : bool
        The plain network (beta_v -> infinity): ``g(tau, a) = c(a | tau)``.

    Returns
    -------
    types : tuple
    R : sympy.Matrix
        Its nonzero spectrum is that of :func:`symrg.lattice.transfer.transfer_matrix` (or the
        plain one) at width N.
    """
    from ..lattice.weights import U
    N = model.width if width is None else width
    tuples = tuple_values(model)
    types = enumerate_types(N, len(tuples))
    u = U if u is None else u
    if plain and not all(v in model.h_values for v in model.sigma_values):
        raise ModelError("activation: an output is not one of values.h; the plain chain "
                         "is undefined")
    rows = []
    for t in types:
        c = {x: sympy.Rational(int(v.p), int(v.q)) for x, v in pattern_weights(model, t).items()}
        if plain:
            g = [c.get(a, sympy.Integer(0)) for a in tuples]
        else:
            g = [sum((n * _bond(model, a, x, u) for x, n in c.items()), sympy.Integer(0))
                 for a in tuples]
        rows.append([multinomial(t2) * sympy.Mul(*[g[a] ** n for a, n in enumerate(t2)])
                     for t2 in types])
    return types, sympy.Matrix(rows)


def type_observable(model: Model, types, data_point: int, power: int = 1) -> list:
    """``f_l(tau) = (1/N) sum_a tau(a) a_l^power`` for each type (exact Rationals)."""
    tuples = tuple_values(model)
    out = []
    for t in types:
        N = sum(t)
        out.append(sum((n * tuples[a][data_point] ** power for a, n in enumerate(t)),
                       sympy.Integer(0)) / N)
    return out
