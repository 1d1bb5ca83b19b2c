"""Decimation along depth: the renormalized bond weights and the RG map (Eq. 21-27).

Summing out one layer's (h^(m), W^(m), b^(m)) (Eq. 21) turns two bonds into one:

    E'[h, sigma] = sum_{h_m, W, b} E[h, sigma(W h_m + b)] E[h_m, sigma]
                 = (E Omega^T E)[h, sigma],

and keeping one layer in p gives E' = E (Omega^T E)^(p-1).  Written in the
couplings of Eq. 26 this is the RG map K -> K' of Eq. 27, with the constant D
dropped (only the projective class of E matters, Eq. 28).

With m branches in parallel (``model.parallel``, :mod:`symrg.rg.seriesparallel`) the
branch weights multiply entrywise, E' = (E (Omega^T E)^(p-1))^(o m), and in couplings
K' = m K'_series.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property, lru_cache
from typing import List, Tuple

import sympy

from ..groundtypes import to_sympy
from ..lattice.weights import U
from ..model.network import Model
from .couplings import CouplingBasis, coupling_basis, site_symbols
from .design import inverse_design
from .pathsums import exact_min, exact_sign, orbit_path_engine, u_path_sums

__all__ = [
    "decimate",
    "renormalized_weights",
    "renormalized_hamiltonian",
    "renormalized_constraints",
    "rg_map",
    "RGMap",
    "PartialSum",
    "RenormalizedHamiltonian",
    "RenormalizedConstraints",
    "exp_to_monomials",
]


def decimate(weights, counts, scale: int = 2, parallel: int = 1) -> sympy.ImmutableMatrix:
    """``(E (Omega^T E)^(p-1))^(o m)``: the bond weight after keeping one layer in ``scale``.

    Parameters
    ----------
    weights : Matrix (n_h x n_sigma)
        Bond weights E (numbers or expressions).
    counts : Matrix (n_h x n_sigma)
        Count matrix Omega of :func:`symrg.lattice.counting.count_matrix`.
    scale : int
        Depth ratio p >= 2 (Eq. 34).
    parallel : int
        Branches m in parallel: the entrywise (Hadamard) m-th power of the branch weight.

    Examples
    --------
    >>> import sympy
    >>> decimate(sympy.eye(2), sympy.Matrix([[2, 2], [1, 3]]))
    Matrix([
    [2, 1],
    [2, 3]])
    """
    E = sympy.Matrix(weights)
    result = E
    transfer = sympy.Matrix(counts).T * E
    for _ in range(scale - 1):
        result = result * transfer
    if parallel != 1:
        result = result.applyfunc(lambda x: x ** parallel)
    return sympy.ImmutableMatrix(result)


@lru_cache(maxsize=32)
def renormalized_weights(model: Model, u=U) -> sympy.ImmutableMatrix:
    """Renormalized DNA bond weights Z_m(h, sigma) of Eq. 22, as Laurent polynomials in u.

    Built from the exact path sums ``{d: count}`` of :func:`symrg.rg.pathsums.u_path_sums`
    (``E'[h, s] = sum_d count u^(-d)``), never by expanding a product of matrices.

    Examples
    --------
    >>> from symrg.model.network import paper_model
    >>> renormalized_weights(paper_model())[1, 1]
    3 + 3/u + 2/u**2
    """
    sums = u_path_sums(model)
    m = model.parallel
    if m == 1:
        return sympy.ImmutableMatrix([[_u_polynomial(entry, u) for entry in row] for row in sums])
    return sympy.ImmutableMatrix([[sympy.expand(_u_polynomial(entry, u) ** m) for entry in row]
                                  for row in sums])


def _u_polynomial(entry, u):
    return sympy.Add(*[n * u ** (-to_sympy(d)) for d, n in entry.items()])


def _orbit_polynomial(basis: CouplingBasis, values) -> Tuple[sympy.Expr, List]:
    coeffs = [sympy.expand_log(c, force=True) for c in basis.coefficients(values)]
    return basis.polynomial(coeffs[1:], constant=coeffs[0]), coeffs


@dataclass(frozen=True)
class RenormalizedHamiltonian:
    """-beta H'_m = ln Z_m (Eq. 24) in indicator form and reduced monomial form (Eq. 25).

    Attributes
    ----------
    entries : dict
        ``(h-configuration, sigma-configuration) -> ln Z_m`` on pair-orbit representatives.
    indicator_form : sympy.Expr or None
        Eq. 25, first form: sum of ln Z_m times indicator polynomials (one site only).
    polynomial : sympy.Expr
        Eq. 25, second form: reduced modulo the value sets, constant included.
    coefficients : dict
        Coupling name -> coefficient (``"D"`` for the constant).
    """

    entries: dict
    indicator_form: object
    polynomial: sympy.Expr
    coefficients: dict

    def __repr__(self):
        terms = ", ".join(f"{n}: {v}" for n, v in self.coefficients.items())
        return f"RenormalizedHamiltonian(-beta H' coefficients {{{terms}}})"

    def _repr_latex_(self):
        return rf"$-\beta H'_m = {sympy.latex(self.polynomial)}$"


def _indicator(sym, value, values):
    """Lagrange polynomial equal to 1 at ``value`` and 0 at the other ``values``."""
    out = sympy.Integer(1)
    for v in values:
        if v != value:
            out *= (sym - v) / (value - v)
    return sympy.expand(out)


def _factor_weight(value, u=U):
    """``sympy.factor`` of a renormalized weight, as a polynomial in w = u^(1/D).

    The exponents of u are -sum |h - s|^q (Eq. 23); when they are rationals with
    common denominator D > 1, sympy would factor in several generators (u and its
    roots, multivariate and slow); substituting u = w^D makes it univariate.  With
    D = 1, or irrational exponents (non-integer q), this is ``sympy.factor(value)``.
    """
    exponents = {p.exp for p in value.atoms(sympy.Pow) if p.base == u}
    if not exponents or not all(e.is_Rational for e in exponents):
        return sympy.factor(value)
    root = math.lcm(*(int(e.q) for e in exponents))
    if root == 1:
        return sympy.factor(value)
    w = sympy.Dummy("w", positive=True)
    return sympy.factor(value.subs(u, w ** root)).subs(w, u ** sympy.Rational(1, root))


def _log_factored(f):
    """``log(f)`` for a factored non-zero renormalized weight Z_m (a Laurent polynomial in u).

    ``log``'s automatic evaluation only simplifies numbers, exponentials and imaginary
    multiples; for an expression in u it only asks whether the argument is zero, which
    sympy answers by a slow sign analysis of the factored polynomial.  Z_m is a sum of
    positive counts times powers of u (Eq. 22), never zero, so the unevaluated log is the
    same expression.  Numbers keep the evaluated log (``log(1/2) = -log(2)``).
    """
    if f.is_number:
        return sympy.log(f)
    return sympy.log(f, evaluate=False)


def _expand_log_factored(f):
    """``expand_log(log(f), force=True)`` for a factored renormalized weight ``f``.

    ``f = c u^k prod p_i^(e_i)`` (sympy's ``factor`` of Z_m, Eq. 22) expands to
    ``log c + k log u + sum e_i log p_i``; sympy's own expansion re-evaluates ``log p_i``
    and so runs its slow zero test on every irreducible factor p_i (a sum with terms
    of both signs).  Numbers, symbols and anything else go through ``expand_log`` itself,
    so the result is the same expression (tests/test_decimation.py compares the two).
    """
    if f.is_number:
        return sympy.expand_log(sympy.log(f), force=True)
    terms = []
    for x in sympy.Mul.make_args(f):
        base, exp = x.as_base_exp() if x.is_Pow else (x, sympy.Integer(1))
        if base.is_Add and not base.is_number and exp.is_Integer:
            terms.append(exp * sympy.log(base, evaluate=False))
        else:
            terms.append(sympy.expand_log(sympy.log(x), force=True))
    return sympy.Add(*terms)


def _combine(rows, values):
    """``[sum_o rows[k][o] values[o] for k]`` for sums of rational multiples of atoms.

    Equal to ``basis.coefficients(values)`` (a sympy matrix product); the terms are
    collected per atom (``log p``) in Python Fractions, and each output is built once,
    so sympy never re-analyses the sign of a product of a number and a sum of logs.
    """
    parts = []
    for v in values:
        part = {}
        for term in sympy.Add.make_args(v):
            c, atom = term.as_coeff_Mul()
            part[atom] = part.get(atom, 0) + Fraction(int(c.p), int(c.q))
        parts.append(part)
    out = []
    for row in rows:
        acc = {}
        for c, part in zip(row, parts):
            if c:
                for atom, a in part.items():
                    acc[atom] = acc.get(atom, 0) + c * a
        out.append(sympy.Add(*[to_sympy(c) * atom for atom, c in acc.items() if c]))
    return out


@lru_cache(maxsize=32)
def renormalized_hamiltonian(model: Model, u=U) -> RenormalizedHamiltonian:
    """The renormalized Hamiltonian -beta H'_m = ln Z_m (Eq. 24-25) as a polynomial.

    Examples
    --------
    >>> from symrg.model.network import paper_model
    >>> H = renormalized_hamiltonian(paper_model())
    >>> H.coefficients["B"]
    -log(2*u**2 + 3*u + 3) + log(2*u**2 + 5*u + 1)
    """
    Ep = renormalized_weights(model, u)
    basis = coupling_basis(model)
    factored = {}

    def log_entry(v):
        if v not in factored:
            factored[v] = _factor_weight(v, u)
        return _log_factored(factored[v])

    values = basis.orbit_values(Ep)
    logs = [log_entry(v) for v in values]
    expanded = [_expand_log_factored(factored[v]) for v in values]
    coeffs = _combine(inverse_design(basis), expanded)
    polynomial = basis.polynomial(coeffs[1:], constant=coeffs[0])
    names = ("D",) + basis.names
    coefficients = dict(zip(names, coeffs))
    entries = {(model.h_states[o[0][0]], model.sigma_states[o[0][1]]): lg
               for o, lg in zip(basis.pair_orbits, logs)}
    indicator = None
    if model.sites == 1:
        (hs,), (ss,) = site_symbols(model)
        indicator = sum(
            (log_entry(Ep[i, j])
             * _indicator(hs, h[0], model.h_values) * _indicator(ss, s[0], model.sigma_values)
             for i, h in enumerate(model.h_states) for j, s in enumerate(model.sigma_states)),
            sympy.Integer(0))
    return RenormalizedHamiltonian(entries, indicator, polynomial, coefficients)


@dataclass(frozen=True)
class RenormalizedConstraints:
    """The beta_v -> infinity limit of the renormalized bond (Eq. 31-32, Fig. 6).

    Attributes
    ----------
    allowed : tuple
        (h-configuration, sigma-configuration) pairs that survive beta_v -> infinity.
    multiplicity : dict
        Leading coefficient of Z_m on each allowed pair (number of surviving paths).
    polynomial : sympy.Expr or None
        Constraint polynomial H'_m, reduced modulo the value sets: zero exactly on the
        allowed pairs, and the decay exponent of Z_m (in units of beta_v) elsewhere
        (None when not asked for).
    """

    allowed: tuple
    multiplicity: dict
    polynomial: sympy.Expr

    def __repr__(self):
        return (f"RenormalizedConstraints({len(self.allowed)} allowed pairs; "
                f"H'_m = {self.polynomial})")

    def _repr_latex_(self):
        return rf"$H'_m = {sympy.latex(self.polynomial)}$"


def renormalized_constraints(model: Model, u=U, polynomial: bool = True
                             ) -> RenormalizedConstraints:
    """Renormalized constraints: which pairs survive beta_v -> infinity (Eq. 32).

    The bare constraint of Eq. 31 is H_m = |h - sigma|^q = 0; after decimation,
    Z_m ~ c u^{-d(h, sigma)} and the new constraint reads d(h, sigma) - min d = 0.
    For a non-integer norm q the decay exponents are sums of irrational powers
    ``|h - s|^q``; they are compared exactly (:func:`symrg.rg.pathsums.exact_sign`).
    With ``polynomial=False`` the constraint polynomial (a combination with the inverse
    design, large for hundreds of couplings) is not built and is None.

    Examples
    --------
    >>> from symrg.model.network import paper_model
    >>> renormalized_constraints(paper_model()).polynomial
    0
    """
    sums = u_path_sums(model)
    basis = coupling_basis(model)
    lead, m = {}, model.parallel
    for i in range(len(model.h_states)):
        for j in range(len(model.sigma_states)):
            entry = sums[i][j]
            d = exact_min(list(entry)) if entry else None
            lead[(i, j)] = (d, entry.get(d, 0))
            if m != 1 and d is not None:       # (c u^-d + ...)^m = c^m u^(-m d) + ...
                lead[(i, j)] = (to_sympy(d) * m, entry.get(d, 0) ** m)
    least = exact_min([d for d, _ in lead.values() if d is not None])
    allowed, mult = [], {}
    for (i, j), (d, c) in sorted(lead.items()):
        if d is not None and exact_sign(to_sympy(d) - to_sympy(least)) == 0:
            key = (model.h_states[i], model.sigma_states[j])
            allowed.append(key)
            mult[key] = sympy.Integer(c)
    if not polynomial:
        return RenormalizedConstraints(tuple(allowed), mult, None)
    decay = [_decay(lead[o[0]][0], least) for o in basis.pair_orbits]
    poly, _ = _orbit_polynomial(basis, decay)
    return RenormalizedConstraints(tuple(allowed), mult, sympy.expand(poly))


def _decay(d, least):
    if d is None:
        return sympy.oo
    return to_sympy(d) - to_sympy(least)


@dataclass(frozen=True)
class PartialSum:
    """One renormalized weight of Eq. 27 as an exact sum over decimation paths.

    ``E'[pair] = exp(shift . K) * Z`` with ``Z = sum_{e in terms} n_e exp(e . K)``: the
    common exponential factor ``shift`` is the componentwise minimum of the path
    exponents, as Eq. 27 factors it out.

    Attributes
    ----------
    index : int
        Pair-orbit index o (``basis.pair_orbits[o]``).
    pair : tuple
        Representative (i, j) of the orbit (h-index, sigma-index).
    h, sigma : tuple
        The configurations ``model.h_states[i]`` and ``model.sigma_states[j]``.
    shift : tuple
        Exponent vector c of the common factor (ints, or Fractions for rational values).
    terms : dict
        ``{exponent vector: multiplicity}`` (computed on first access from the flint
        polynomial; large for wide models).
    size : int
        Number of terms.
    """

    index: int
    pair: tuple
    h: tuple
    sigma: tuple
    _engine: object = field(repr=False, compare=False)
    _poly: object = field(repr=False, compare=False)

    @cached_property
    def shift(self) -> tuple:
        return self._engine.shift(*self.pair)

    @cached_property
    def terms(self) -> dict:
        return self._engine.terms(*self.pair)

    @property
    def size(self) -> int:
        return len(self._poly)

    def expression(self, symbols) -> sympy.Expr:
        """Z as a sympy sum of ``n exp(e . K)`` in the given coupling symbols."""
        return sympy.Add(*[
            n * sympy.exp(sympy.Add(*[to_sympy(c) * s for c, s in zip(e, symbols) if c]))
            for e, n in sorted(self.terms.items())])

    def monomials(self, xs) -> sympy.Expr:
        """Z as a polynomial in the symbols ``xs`` standing for exp(K_k)."""
        return sympy.Add(*[n * sympy.Mul(*[x ** to_sympy(c) for c, x in zip(e, xs) if c])
                           for e, n in self.terms.items()])


def _linear(coefficients, symbols):
    return sympy.Add(*[to_sympy(c) * s for c, s in zip(coefficients, symbols) if c])


@dataclass(frozen=True)
class RGMap:
    """The RG map on the couplings of Eq. 26 (Eq. 27 for the paper's model).

    K'_k = sum_o Vinv[k+1, o] (c_o . K + ln Z_o) with ``Vinv = basis.inverse_design``
    and ``E'[o] = exp(c_o . K) Z_o`` the :class:`PartialSum` of pair orbit o.

    Attributes
    ----------
    model : Model
    basis : CouplingBasis
    partial_sums : tuple of PartialSum
        One per pair orbit, in the order of ``basis.pair_orbits`` (the exact data).
    renormalized : dict
        Pair-orbit representative (i, j) -> E'[i, j] as a sum of exponentials
        (sympy, built on first access).
    expressions : dict
        Coupling name -> K' as an expression in the coupling symbols (``exp``/``log``;
        built on first access).
    """

    model: Model
    basis: CouplingBasis
    partial_sums: tuple

    @property
    def names(self):
        return self.basis.names

    @property
    def parallel(self) -> int:
        """Branches m in parallel: K' = m K'_series (the Hadamard power multiplies logs)."""
        return self.model.parallel

    @property
    def symbols(self):
        return self.basis.symbols

    @cached_property
    def renormalized(self) -> dict:
        syms, m = self.symbols, self.parallel
        return {ps.pair: (sympy.exp(_linear(ps.shift, syms)) * ps.expression(syms)) ** m
                for ps in self.partial_sums}

    @cached_property
    def linear_parts(self) -> dict:
        """Coupling name -> the exponent vector ``sum_o Vinv[k+1, o] c_o`` of K'_k's linear part."""
        inv = inverse_design(self.basis)
        out, m = {}, self.parallel
        for k, name in enumerate(self.names):
            row = inv[k + 1]
            out[name] = tuple(m * sum((row[o] * ps.shift[q] for o, ps in
                                       enumerate(self.partial_sums) if row[o]), 0)
                              for q in range(self.basis.size))
        return out

    @cached_property
    def expressions(self) -> dict:
        inv = inverse_design(self.basis)
        syms = self.symbols
        sums = [ps.expression(syms) for ps in self.partial_sums]
        out = {}
        for k, name in enumerate(self.names):
            row = inv[k + 1]
            # log of a sum of exponentials never simplifies; skip sympy's assumption queries
            logs = sympy.Add(*[to_sympy(c * self.parallel) * sympy.log(t, evaluate=False)
                               for c, t in zip(row, sums) if c])
            out[name] = _linear(self.linear_parts[name], syms) + logs
        return out

    def exponential_form(self) -> dict:
        """Map on ``x_k = exp(K_k)``: name -> x'_k as a function of the symbols ``exp_<name>``.

        Returns rational functions (powers are integers when every value is an integer).
        """
        xs = [sympy.Symbol(f"exp_{s.name}") for s in self.symbols]
        inv = inverse_design(self.basis)
        factors = [sympy.Mul(*[x ** to_sympy(c) for c, x in zip(ps.shift, xs) if c])
                   * ps.monomials(xs) for ps in self.partial_sums]
        out = {}
        for k, name in enumerate(self.names):
            prod = sympy.Integer(1)
            for c, f in zip(inv[k + 1], factors):
                if c:
                    prod *= f ** to_sympy(c * self.parallel)
            out[name] = prod
        return out

    def __call__(self, values: dict) -> dict:
        """Evaluate the map at numeric couplings ``{name: value}`` (exact where possible)."""
        subs = {sympy.Symbol(k): v for k, v in values.items()}
        return {n: e.subs(subs) for n, e in self.expressions.items()}

    def __repr__(self):
        m = "" if self.parallel == 1 else f", m={self.parallel}"
        return f"RGMap({self.model.name!r}: {self.basis.size} couplings, p={self.model.scale}{m})"

    def _repr_latex_(self):
        lines = [rf"{sympy.latex(sympy.Symbol(n))}' &= {sympy.latex(e)}"
                 for n, e in self.expressions.items()]
        return r"$\begin{aligned}" + r"\\ ".join(lines) + r"\end{aligned}$"


def exp_to_monomials(expr, xs):
    """Rewrite exp(linear combination of couplings) as products of ``exp_<name>`` symbols."""
    def rewrite(e):
        arg = sympy.expand(e.args[0])
        out = sympy.Integer(1)
        for sym, x in xs.items():
            out *= x ** arg.coeff(sym)
        return out
    return expr.replace(lambda e: isinstance(e, sympy.exp), rewrite)


@lru_cache(maxsize=32)
def rg_map(model: Model, symmetric: bool = True) -> RGMap:
    """The RG map K -> K' of one decimation step with ratio ``model.scale`` (Eq. 27).

    Parameters
    ----------
    model : Model
    symmetric : bool
        Restrict to couplings invariant under neuron/data permutations (default).

    Examples
    --------
    >>> from symrg.model.network import paper_model
    >>> m = rg_map(paper_model())
    >>> m.names
    ('A', 'B', 'C')
    """
    basis = coupling_basis(model, symmetric)
    engine = orbit_path_engine(model, basis)
    by_row = defaultdict(list)
    for o, orbit in enumerate(basis.pair_orbits):
        by_row[orbit[0][0]].append(o)
    sums = [None] * len(basis.pair_orbits)
    for i, orbits in sorted(by_row.items()):
        columns = [basis.pair_orbits[o][0][1] for o in orbits]
        polys = engine.row(i, columns)
        for o in orbits:
            j = basis.pair_orbits[o][0][1]
            sums[o] = PartialSum(o, (i, j), model.h_states[i], model.sigma_states[j],
                                 engine, polys[j])
    return RGMap(model, basis, tuple(sums))
