"""Two charts of coupling space: weights E[h, s] and exponentiated couplings x_k = e^K_k.

``E[h, s] = prod_k x_k^{m_k(h, s)}`` (Eq. 26 with D = 0) and back through the inverse
design matrix.  The flow (:mod:`symrg.rg.flow`) and the fixed points
(:mod:`symrg.fixedpoints`) both move between the two charts.
"""

from fractions import Fraction
from functools import cmp_to_key, lru_cache
from typing import Tuple

import sympy

from ..errors import ModelError
from ..model.network import Model
from .couplings import coupling_basis
from .design import inverse_design

__all__ = ["exp_symbols", "weights_from_couplings", "couplings_from_weights",
           "point_couplings"]


def exp_symbols(model: Model, symmetric: bool = True) -> Tuple[sympy.Symbol, ...]:
    """Symbols ``exp_<name>`` of the exponentiated couplings (as in ``exponential_form``)."""
    return tuple(sympy.Symbol(f"exp_{n}") for n in coupling_basis(model, symmetric).names)


@lru_cache(maxsize=64)
def _monomial_table(model: Model, symmetric: bool = True):
    """Mon[o][k]: exponent of x_k in the weight at pair orbit o."""
    basis = coupling_basis(model, symmetric)
    return tuple(tuple(basis.monomial_value(k + 1, *orbit[0]) for k in range(basis.size))
                 for orbit in basis.pair_orbits)


def weights_from_couplings(model: Model, values, symmetric: bool = True) -> sympy.ImmutableMatrix:
    """Bond weights ``E[h, s] = prod_k x_k^{m_k(h, s)}`` from ``x_k = exp(K_k)`` (Eq. 26, D = 0).

    ``values`` maps names (``"A"`` or ``"exp_A"``) to the exponentiated couplings.
    """
    basis = coupling_basis(model, symmetric)
    xs = _resolve_values(basis.names, values, "couplings")
    table = _monomial_table(model, symmetric)
    E = sympy.zeros(len(model.h_states), len(model.sigma_states))
    for orbit, row in zip(basis.pair_orbits, table):
        w = sympy.Integer(1)
        for x, m in zip(xs, row):
            w *= x ** m
        for i, j in orbit:
            E[i, j] = w
    return sympy.ImmutableMatrix(E)


def _resolve_values(names, values, where):
    out = []
    for n in names:
        for key in (f"exp_{n}", n):
            if key in values:
                out.append(sympy.sympify(values[key]))
                break
        else:
            raise ModelError(f"{where}: missing value for exp_{n}; expected keys "
                             f"{', '.join('exp_' + m for m in names)}")
    extra = sorted(set(values) - {f"exp_{n}" for n in names} - set(names))
    if extra:
        raise ModelError(f"{where}: unknown coupling {extra[0]!r}; expected one of "
                         f"{', '.join('exp_' + m for m in names)}")
    return out


def couplings_from_weights(model: Model, weights, symmetric: bool = True) -> dict:
    """``{name: exp(K_name)}`` of a weight matrix (D dropped; principal branch powers)."""
    basis = coupling_basis(model, symmetric)
    vals = basis.orbit_values(sympy.Matrix(weights))
    inv = basis.inverse_design
    out = {}
    for k, name in enumerate(basis.names):
        x = sympy.Integer(1)
        for o, v in enumerate(vals):
            if inv[k + 1, o]:
                x *= sympy.sympify(v) ** inv[k + 1, o]
        out[name] = sympy.expand(x) if x.is_number else x
    return out


def point_couplings(model: Model, weights) -> dict:
    """Couplings of a fixed point's weights, in the shared key convention.

    ``K_k = sum_o Vinv[k+1, o] log w_o`` (Vinv = ``basis.inverse_design``, w_o the
    weight at pair orbit o).  When row k+1 of Vinv is integral, ``e^K_k`` is the
    product of integer powers ``prod_o w_o^Vinv[k+1, o]`` and is returned under
    ``exp_<name>``; otherwise the exact K under ``<name>`` with the principal logarithm
    (for display only: nothing computes with it).

    Examples
    --------
    >>> from symrg.model.network import paper_model
    >>> point_couplings(paper_model(), [[1, -sympy.Rational(1, 3)], [-sympy.Rational(2, 3), sympy.Rational(2, 3)]])
    {'exp_A': 3, 'exp_B': -2/3, 'exp_C': -1/3}
    """
    basis = coupling_basis(model)
    vals = [sympy.sympify(v) for v in basis.orbit_values(sympy.Matrix(weights))]
    inv = inverse_design(basis)  # rows of basis.inverse_design as ints / Fractions
    out, logs = {}, None
    for k, name in enumerate(basis.names):
        row = inv[k + 1]
        if all(isinstance(c, int) for c in row):
            x = sympy.Integer(1)
            for c, v in zip(row, vals):
                if c:
                    x *= v ** c
            out[f"exp_{name}"] = sympy.radsimp(sympy.expand(x)) if x.is_number else x
        else:
            logs = _signed_logs(vals) if logs is None else logs
            out[name] = _log_combination(row, vals, logs)
    return out


def _log_combination(row, vals, logs):
    """``sum_o c_o log(v_o)`` as sympy builds it, from the coefficients of equal values
    added first (a sample point has few distinct weights, a large model hundreds of
    orbits) and ``logs`` (:func:`_signed_logs`): ``log(v) = f log(b) + s i pi`` as sympy
    evaluates it (``log(-v) = log(v) + i pi``, ``log(1/q) = -log(q)``), the coefficients
    of each ``log(b)`` and of ``i pi`` collected before one ``Add`` is formed;
    distributing ``c (log|v| + i pi)`` term by term took 15 s per point at 594 couplings."""
    collected = {}
    for c, v in zip(row, vals):
        if c:
            collected[v] = collected.get(v, 0) + c
    if any(logs[v] is None for v in collected):
        return sympy.Add(*[c * sympy.log(v) for v, c in collected.items() if c])
    coeff, pi_i = {}, 0
    for v, c in collected.items():
        negative, base, factor = logs[v]
        if negative:
            pi_i += c
        if base is not None:
            coeff[base] = coeff.get(base, 0) + factor * c
    terms = []
    for base, c in coeff.items():
        if c:
            c = sympy.Rational(c.numerator, c.denominator)
            terms.append(base if c == 1 else sympy.Mul._from_args((c, base)))
    if pi_i:
        terms.append(sympy.Rational(pi_i.numerator, pi_i.denominator) * sympy.I * sympy.pi)
    if len(terms) < 2:
        return sympy.Add(*terms)
    # distinct c log(b) and c i pi terms, as Add's flatten would rebuild them; sorted with
    # its key they form the same expression (test against sympy.Add)
    terms.sort(key=_SORT_KEY)
    return sympy.Add._from_args(terms)


def _signed_logs(vals) -> dict:
    """``{v: (v < 0, b, f)}`` with ``log(v) = f log(b) (+ i pi when v < 0)`` as sympy
    evaluates it, f a Python Fraction (b None when log|v| = 0); None for a value that is
    not a non-zero rational (its log is left to sympy)."""
    out = {}
    for v in dict.fromkeys(vals):
        if not v.is_Rational or v == 0:
            out[v] = None
            continue
        negative = bool(v < 0)
        lv = sympy.log(-v if negative else v)
        if lv == 0:
            out[v] = (negative, None, 0)
            continue
        f, base = lv.as_coeff_Mul()
        if not isinstance(base, sympy.log) or not f.is_Rational:
            out[v] = None
            continue
        out[v] = (negative, base, Fraction(int(f.p), int(f.q)))
    return out


_SORT_KEY = cmp_to_key(sympy.Basic.compare)  # the order of sympy's Add (core.add._addsort)
