"""Decimation along depth: the renormalized bond weights and the RG map (Eq. 21-27).

Summing out one layer's (h^(m), W^(m), b^(m)) (Eq. 21) turns two bonds into one:

    E'[h, sigma] = sum_{h_m, W, b} E[h, sigma(W h_m + b)] E[h_m, sigma]
                 = (E Omega^T E)[h, sigma],

and keeping one layer in p gives E' = E (Omega^T E)^(p-1).  Written in the
couplings of Eq. 26 this is the RG map K -> K' of Eq. 27, with the constant D
dropped (only the projective class of E matters, Eq. 28).
"""

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, List, Tuple

import sympy

from .counting import count_matrix
from .couplings import CouplingBasis, coupling_basis, site_symbols
from .model import Model
from .weights import U, dna_bond_weights

__all__ = [
    "decimate",
    "renormalized_weights",
    "renormalized_hamiltonian",
    "renormalized_constraints",
    "rg_map",
    "RGMap",
    "RenormalizedHamiltonian",
    "RenormalizedConstraints",
    "exp_to_monomials",
]


def decimate(weights, counts, scale: int = 2) -> sympy.ImmutableMatrix:
    """``E (Omega^T E)^(p-1)``: the bond weight after keeping one layer in ``scale``.

    Parameters
    ----------
    weights : Matrix (n_h x n_sigma)
        Bond weights E (numbers or expressions).
    counts : Matrix (n_h x n_sigma)
        Count matrix Omega of :func:`symrg.counting.count_matrix`.
    scale : int
        Depth ratio p >= 2 (Eq. 34).

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
    return sympy.ImmutableMatrix(result)


@lru_cache(maxsize=32)
def renormalized_weights(model: Model, u=U) -> sympy.ImmutableMatrix:
    """Renormalized DNA bond weights Z_m(h, sigma) of Eq. 22, as Laurent polynomials in u.

    Examples
    --------
    >>> from symrg.model import paper_model
    >>> renormalized_weights(paper_model())[1, 1]
    3 + 3/u + 2/u**2
    """
    E = dna_bond_weights(model, u)
    Ep = decimate(E, count_matrix(model), model.scale)
    return Ep.applyfunc(sympy.expand)


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


def renormalized_hamiltonian(model: Model, u=U) -> RenormalizedHamiltonian:
    """The renormalized Hamiltonian -beta H'_m = ln Z_m (Eq. 24-25) as a polynomial.

    Examples
    --------
    >>> from symrg.model import paper_model
    >>> H = renormalized_hamiltonian(paper_model())
    >>> H.coefficients["B"]
    -log(2*u**2 + 3*u + 3) + log(2*u**2 + 5*u + 1)
    """
    Ep = renormalized_weights(model, u)
    basis = coupling_basis(model)
    logs = [sympy.log(sympy.factor(v)) for v in basis.orbit_values(Ep)]
    polynomial, coeffs = _orbit_polynomial(basis, logs)
    names = ("D",) + basis.names
    coefficients = dict(zip(names, coeffs))
    entries = {(model.h_states[o[0][0]], model.sigma_states[o[0][1]]): lg
               for o, lg in zip(basis.pair_orbits, logs)}
    indicator = None
    if model.sites == 1:
        (hs,), (ss,) = site_symbols(model)
        indicator = sum(
            (sympy.log(sympy.factor(Ep[i, j]))
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
    polynomial : sympy.Expr
        Constraint polynomial H'_m, reduced modulo the value sets: zero exactly on the
        allowed pairs, and the decay exponent of Z_m (in units of beta_v) elsewhere.
    """

    allowed: tuple
    multiplicity: dict
    polynomial: sympy.Expr

    def __repr__(self):
        return (f"RenormalizedConstraints({len(self.allowed)} allowed pairs; "
                f"H'_m = {self.polynomial})")

    def _repr_latex_(self):
        return rf"$H'_m = {sympy.latex(self.polynomial)}$"


def _leading(expr, u):
    """(exponent, coefficient) of the highest power of u in a finite sum of powers."""
    terms = defaultdict(lambda: sympy.Integer(0))
    for term in sympy.Add.make_args(sympy.expand(expr)):
        coeff, exp = term.as_coeff_exponent(u)
        terms[exp] += coeff
    exps = [e for e, c in terms.items() if c != 0]
    top = max(exps)
    return top, terms[top]


def renormalized_constraints(model: Model, u=U) -> RenormalizedConstraints:
    """Renormalized constraints: which pairs survive beta_v -> infinity (Eq. 32).

    The bare constraint of Eq. 31 is H_m = |h - sigma|^q = 0; after decimation,
    Z_m ~ c u^{-d(h, sigma)} and the new constraint reads d(h, sigma) - min d = 0.

    Examples
    --------
    >>> from symrg.model import paper_model
    >>> renormalized_constraints(paper_model()).polynomial
    0
    """
    Ep = renormalized_weights(model, u)
    basis = coupling_basis(model)
    lead = {}
    for i, h in enumerate(model.h_states):
        for j, s in enumerate(model.sigma_states):
            lead[(i, j)] = _leading(Ep[i, j], u)
    top = max(e for e, _ in lead.values())
    allowed = tuple((model.h_states[i], model.sigma_states[j])
                    for (i, j), (e, _) in sorted(lead.items()) if e == top)
    mult = {(model.h_states[i], model.sigma_states[j]): c
            for (i, j), (e, c) in sorted(lead.items()) if e == top}
    decay = [top - lead[o[0]][0] for o in basis.pair_orbits]
    poly, _ = _orbit_polynomial(basis, decay)
    return RenormalizedConstraints(allowed, mult, sympy.expand(poly))


def _path_sums(model: Model, basis: CouplingBasis, i: int, j: int) -> Dict[tuple, int]:
    """E (Omega^T E)^(p-1) at (i, j) as {exponent vector: multiplicity} (exact)."""
    counts = count_matrix(model)
    n_h, n_s = counts.shape
    expvec = _exponent_vectors(model, basis)
    # state: per sigma-index, dict exponent -> count, for paths starting at h-row i
    state = [{expvec[i][s]: 1} for s in range(n_s)]
    for _ in range(model.scale - 1):
        on_h = []
        for hm in range(n_h):
            acc = defaultdict(int)
            for s in range(n_s):
                c = counts[hm, s]
                if c:
                    for e, n in state[s].items():
                        acc[e] += c * n
            on_h.append(acc)
        state = []
        for s in range(n_s):
            acc = defaultdict(int)
            for hm in range(n_h):
                shift = expvec[hm][s]
                for e, n in on_h[hm].items():
                    acc[tuple(a + b for a, b in zip(e, shift))] += n
            state.append(acc)
    return {e: n for e, n in state[j].items() if n}


@lru_cache(maxsize=32)
def _exponent_vectors(model: Model, basis: CouplingBasis):
    return [[tuple(basis.monomial_value(k + 1, i, j) for k in range(basis.size))
             for j in range(len(model.sigma_states))] for i in range(len(model.h_states))]


@dataclass(frozen=True)
class RGMap:
    """The RG map on the couplings of Eq. 26 (Eq. 27 for the paper's model).

    Attributes
    ----------
    model : Model
    basis : CouplingBasis
    renormalized : dict
        Pair-orbit representative (i, j) -> E'[i, j] as a sum of exponentials.
    expressions : dict
        Coupling name -> K' as an expression in the coupling symbols (``exp``/``log``).
    """

    model: Model
    basis: CouplingBasis
    renormalized: dict
    expressions: dict

    @property
    def names(self):
        return self.basis.names

    @property
    def symbols(self):
        return self.basis.symbols

    def exponential_form(self) -> dict:
        """Map on ``x_k = exp(K_k)``: name -> x'_k as a function of the symbols ``exp_<name>``.

        Returns rational functions (powers are integers when every value is an integer).
        """
        xs = {s: sympy.Symbol(f"exp_{s.name}") for s in self.symbols}
        out = {}
        inv = self.basis.inverse_design
        for k, name in enumerate(self.names):
            prod = sympy.Integer(1)
            for o, orbit in enumerate(self.basis.pair_orbits):
                c = inv[k + 1, o]
                if c:
                    prod *= exp_to_monomials(self.renormalized[orbit[0]], xs) ** c
            out[name] = prod
        return out

    def __call__(self, values: dict) -> dict:
        """Evaluate the map at numeric couplings ``{name: value}`` (exact where possible)."""
        subs = {sympy.Symbol(k): v for k, v in values.items()}
        return {n: e.subs(subs) for n, e in self.expressions.items()}

    def __repr__(self):
        return f"RGMap({self.model.name!r}: {self.basis.size} couplings, p={self.model.scale})"

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
    >>> from symrg.model import paper_model
    >>> m = rg_map(paper_model())
    >>> m.names
    ('A', 'B', 'C')
    """
    basis = coupling_basis(model, symmetric)
    syms = basis.symbols
    renormalized, prefactors, sums = {}, [], []
    for orbit in basis.pair_orbits:
        i, j = orbit[0]
        paths = _path_sums(model, basis, i, j)
        # factor out the exponential common to every path, as Eq. 27 does
        low = tuple(min(e[k] for e in paths) for k in range(basis.size))
        linear = sum((c * s for c, s in zip(low, syms)), sympy.Integer(0))
        rest = sympy.Add(*[
            n * sympy.exp(sum(((c - m) * s for c, m, s in zip(e, low, syms)), sympy.Integer(0)))
            for e, n in sorted(paths.items())])
        renormalized[(i, j)] = sympy.exp(linear) * rest
        prefactors.append(linear)
        sums.append(rest)
    inv = basis.inverse_design
    expressions = {}
    for k, name in enumerate(basis.names):
        row = [inv[k + 1, o] for o in range(len(sums))]
        linear = sympy.expand(sum((c * p for c, p in zip(row, prefactors)), sympy.Integer(0)))
        # log of a sum of exponentials never simplifies; skip sympy's assumption queries
        logs = sympy.Add(*[c * sympy.log(t, evaluate=False) for c, t in zip(row, sums) if c])
        expressions[name] = linear + logs
    return RGMap(model, basis, renormalized, expressions)
