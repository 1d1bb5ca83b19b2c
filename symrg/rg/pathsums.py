"""Exact path sums of the decimation (Eq. 21) on integer polynomial arithmetic.

Every entry of the bond weight is a monomial, ``E[h, s] = exp(K(h, s)) =
prod_k x_k^{m_k(h, s)}`` with ``x_k = exp(K_k)`` and ``m_k`` the value of the
k-th orbit-sum monomial at the pair (Eq. 26), so every entry of
``E' = E (Omega^T E)^(p-1)`` is a polynomial with non-negative integer
coefficients in the x_k.  This module computes those polynomials with
python-flint's ``fmpz_mpoly`` (C arithmetic; exponents scaled to integers by a
per-coupling denominator d_k, i.e. the variables are ``exp(K_k / d_k)``, and shifted
to be non-negative), one row of E' at a time and only at the entries asked for.

The bare DNA weights ``u^(-d(h, s))`` are handled the same way on dictionaries
``{exponent of u: count}``; their exponents may be irrational when the norm q is
not an integer (``|h - s|^q``), and are then compared exactly by
:func:`exact_sign`.

Nothing here builds a sympy expression tree; :mod:`symrg.rg.decimation` does that
lazily from these polynomials.
"""

import math
from collections import defaultdict
from fractions import Fraction
from functools import cmp_to_key, lru_cache

import sympy

from ..lattice.counting import count_matrix
from ..model.network import Model
from .couplings import CouplingBasis
from ..groundtypes import to_sympy
from .design import as_number, exponent_table

__all__ = ["PathEngine", "path_engine", "OrbitPathEngine", "orbit_path_engine",
           "u_path_sums", "exact_sign", "exact_max", "exact_min",
           "exact_equal"]


class PathEngine:
    """Path sums ``E (Omega^T E)^(p-1)`` at chosen entries as flint polynomials.

    Variables ``y_k = exp(K_k / d_k)``; the weight E[i, j] is the monomial
    ``y^(d m(i, j) + offset)``, so a p-fold product carries ``p * offset``.
    """

    def __init__(self, model: Model, basis: CouplingBasis):
        import flint
        self.model, self.basis = model, basis
        table = exponent_table(model, basis)
        size = basis.size
        self.size = size
        den = [1] * size
        for row in table:
            for vec in row:
                for k, v in enumerate(vec):
                    if isinstance(v, Fraction):
                        den[k] = math.lcm(den[k], v.denominator)
        scaled = [[tuple(int(v * d) for v, d in zip(vec, den)) for vec in row] for row in table]
        off = [max([0] + [-vec[k] for row in scaled for vec in row]) for k in range(size)]
        self.den, self.off = tuple(den), tuple(off)
        self.ctx = flint.fmpz_mpoly_ctx.get(("y", max(size, 1)), "lex")
        pad = (0,) if size == 0 else ()
        self.exps = [[tuple(e + o for e, o in zip(vec, off)) + pad for vec in row]
                     for row in scaled]
        self.counts = [[int(c) for c in count_matrix(model).row(i)]
                       for i in range(len(model.h_states))]

    def row(self, i: int, columns):
        """``{j: polynomial}`` of row i of E' at the given columns."""
        ctx, exps, counts = self.ctx, self.exps, self.counts
        n_h, n_s = len(exps), len(exps[0])
        state = [ctx.term(exp_vec=exps[i][s]) for s in range(n_s)]
        zero = ctx.from_dict({})
        for step in range(self.model.scale - 1):
            on_h = []
            for hm in range(n_h):
                acc = zero
                for s, c in enumerate(counts[hm]):
                    if c:
                        acc = acc + state[s] * c
                on_h.append(acc)
            targets = columns if step == self.model.scale - 2 else range(n_s)
            new = {}
            for s in targets:
                acc = zero
                for hm in range(n_h):
                    if not on_h[hm].is_zero():
                        acc = acc + on_h[hm] * ctx.term(exp_vec=exps[hm][s])
                new[s] = acc
            state = new
        return {j: state[j] for j in columns}

    def split(self, poly):
        """``(shift, reduced)``: the common monomial factor (exponents in K units) and the rest.

        ``shift`` is the componentwise minimum of the exponent vectors (Eq. 27 factors
        it out); ``reduced`` has that monomial divided out.
        """
        content = poly.term_content()
        mono = content.monoms()[0] if len(content) else (0,) * self.ctx.nvars()
        reduced = poly // self.ctx.term(exp_vec=mono)
        mono = [int(m) for m in mono]
        p = self.model.scale
        shift = tuple(_unscale(mono[k] - p * self.off[k], self.den[k]) for k in range(self.size))
        return shift, reduced

    def terms(self, reduced) -> dict:
        """``{exponent vector in K units: multiplicity}`` of a reduced polynomial."""
        den, size = self.den, self.size
        out = {}
        for mono, c in zip(reduced.monoms(), reduced.coeffs()):
            out[tuple(_unscale(int(mono[k]), den[k]) for k in range(size))] = int(c)
        return out


def _unscale(value, den):
    return value if den == 1 else (Fraction(value, den) if value % den else value // den)


@lru_cache(maxsize=32)
def path_engine(model: Model, basis: CouplingBasis) -> PathEngine:
    """The (cached) :class:`PathEngine` of a model and coupling basis."""
    return PathEngine(model, basis)


class OrbitPathEngine:
    """Path sums ``E (Omega^T E)^(p-1)`` in the chart of the orbit weights: sparse and exact.

    Every bond weight E[h, s] is the weight w_o of its pair orbit, so the product along a
    path (p bond weights) is a monomial of degree p in the w's, stored as the sorted
    tuple of its p orbit indices, and a partial sum is ``{tuple: multiplicity}``.  The
    design V (``log w_o = D + sum_k V[o, k] K_k``, Eq. 26) is invertible and every
    monomial has degree p, so distinct tuples are distinct exponentials of Eq. 24: the
    number of terms is T exactly, whatever the number C of couplings.  The sums in the
    couplings (:meth:`shift`, :meth:`terms`: dense exponent vectors) come from
    :class:`PathEngine` one row of E' at a time, only when asked for.  Random model 17 of
    the benchmarks (665 couplings, p = 3, T = 2 976 738) takes 2.6 CPU s and 0.21 GB here;
    :class:`PathEngine` takes 115 s and 14 GB for the whole map
    (``benchmarks/bench_map_engine.py``).
    """

    def __init__(self, model: Model, basis: CouplingBasis):
        self.model, self.basis = model, basis
        self.orbit_of = {pair: o for o, orbit in enumerate(basis.pair_orbits) for pair in orbit}
        self.columns = defaultdict(list)           # row i -> columns of the sums it holds
        for orbit in basis.pair_orbits:
            self.columns[orbit[0][0]].append(orbit[0][1])
        counts = [[int(c) for c in count_matrix(model).row(i)]
                  for i in range(len(model.h_states))]
        n_h, n_s = len(model.h_states), len(model.sigma_states)
        # Y = Omega^T E, sparse: Y[s][t] = {o: count} with sum_hm Omega[hm, s] E[hm, t]
        self.Y = [{} for _ in range(n_s)]
        for hm in range(n_h):
            for s, c in enumerate(counts[hm]):
                if c:
                    for t in range(n_s):
                        entry = self.Y[s].setdefault(t, {})
                        o = self.orbit_of[(hm, t)]
                        entry[o] = entry.get(o, 0) + c
        self._exact = {}

    def row(self, i: int, columns) -> dict:
        """``{j: {monomial: multiplicity}}`` of row i of E' at the given columns."""
        n_s, p = len(self.Y), self.model.scale
        state = {s: {(self.orbit_of[(i, s)],): 1} for s in range(n_s)}
        for step in range(p - 1):
            targets = list(columns) if step == p - 2 else range(n_s)
            new = {t: defaultdict(int) for t in targets}
            for s, poly in state.items():
                ys = self.Y[s]
                for t in targets:
                    y = ys.get(t)
                    if not y:
                        continue
                    acc = new[t]
                    for mono, c in poly.items():
                        for w, d in y.items():
                            acc[tuple(sorted(mono + (w,)))] += c * d
            state = new
        return {j: dict(state[j]) for j in columns}

    def _in_couplings(self, i: int, j: int):
        """``(shift, reduced)`` of the sum at (i, j) from :class:`PathEngine` (the row's
        sums are made together, once)."""
        if (i, j) not in self._exact:
            dense = path_engine(self.model, self.basis)
            polys = dense.row(i, self.columns[i])
            for col, poly in polys.items():
                self._exact[(i, col)] = dense.split(poly)
        return self._exact[(i, j)]

    def shift(self, i: int, j: int) -> tuple:
        """The common factor of the sum at (i, j) (K units, Eq. 27): the componentwise
        minimum of its exponent vectors."""
        return self._in_couplings(i, j)[0]

    def terms(self, i: int, j: int) -> dict:
        """``{exponent vector in K units: multiplicity}`` of the sum at (i, j) divided by
        its common factor (:meth:`shift`)."""
        return path_engine(self.model, self.basis).terms(self._in_couplings(i, j)[1])


@lru_cache(maxsize=32)
def orbit_path_engine(model: Model, basis: CouplingBasis) -> OrbitPathEngine:
    """The (cached) :class:`OrbitPathEngine` of a model and coupling basis."""
    return OrbitPathEngine(model, basis)


# -- bare DNA weights u^(-d) -----------------------------------------------------------
def _distance_value(model: Model, h, s):
    """``sum_t |h_t - s_t|^q`` as an int/Fraction when rational, else a sympy number."""
    q = model.norm
    total = sympy.Integer(0)
    rational = True
    acc = 0
    for a, b in zip(h, s):
        d = abs(a - b) ** q
        if d.is_Rational:
            acc += as_number(d)
        else:
            rational = False
            total += d
    if rational:
        return acc
    return total + to_sympy(acc)


@lru_cache(maxsize=32)
def u_path_sums(model: Model):
    """Every entry of ``E' = E (Omega^T E)^(p-1)`` for ``E = u^(-d)`` as ``{d: count}``.

    Exponents d (total distance along the path) are ints/Fractions, or sympy
    numbers when the norm makes them irrational.
    """
    dist = [[_distance_value(model, h, s) for s in model.sigma_states] for h in model.h_states]
    counts = [[int(c) for c in count_matrix(model).row(i)] for i in range(len(model.h_states))]
    n_h, n_s = len(dist), len(dist[0])
    out = []
    for i in range(n_h):
        state = [{dist[i][s]: 1} for s in range(n_s)]
        for _ in range(model.scale - 1):
            on_h = []
            for hm in range(n_h):
                acc = defaultdict(int)
                for s, c in enumerate(counts[hm]):
                    if c:
                        for d, n in state[s].items():
                            acc[d] += c * n
                on_h.append(acc)
            state = []
            for s in range(n_s):
                acc = defaultdict(int)
                for hm in range(n_h):
                    shift = dist[hm][s]
                    for d, n in on_h[hm].items():
                        acc[d + shift] += n
                state.append({d: n for d, n in acc.items() if n})
        out.append(tuple(state))
    return tuple(out)


# -- exact comparison of (possibly irrational) exponents ------------------------------
def exact_sign(value) -> int:
    """The sign of a real algebraic number given exactly (int, Fraction or sympy).

    Rationals are compared directly.  Otherwise sympy's ``evalf`` evaluates the
    number with its own error control at growing precision (``strict=True`` raises
    rather than return digits it cannot guarantee); a value that stays below every
    tested precision is decided by its minimal polynomial (``x`` iff it is 0).
    """
    if isinstance(value, (int, Fraction)):
        return (value > 0) - (value < 0)
    value = sympy.sympify(value)
    if value.is_Rational:
        return int(sympy.sign(value))
    for prec in (30, 120, 500):
        try:
            approx = value.evalf(prec, strict=True)
        except sympy.core.evalf.PrecisionExhausted:
            continue
        if approx != 0:
            return 1 if approx > 0 else -1
    x = sympy.Dummy("x")
    if sympy.minimal_polynomial(value, x) == x:
        return 0
    raise ArithmeticError(f"could not decide the sign of {value}")  # pragma: no cover


def _compare(a, b):
    if isinstance(a, (int, Fraction)) and isinstance(b, (int, Fraction)):
        return (a > b) - (a < b)
    return exact_sign(sympy.sympify(a) - sympy.sympify(b))


def exact_max(values):
    """Largest of exactly given real numbers (ties keep the first)."""
    return max(values, key=cmp_to_key(_compare))


def exact_min(values):
    """Smallest of exactly given real numbers (ties keep the first)."""
    return min(values, key=cmp_to_key(_compare))


def exact_equal(a, b) -> bool:
    """Exact equality of two real algebraic numbers."""
    return _compare(a, b) == 0
