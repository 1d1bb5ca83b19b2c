"""Coupling coordinates of a bond: the monomial basis of Eq. 26, reduced by symmetry.

A bond weight is ``E = exp K`` with K a function on (h-configurations) x
(sigma-configurations).  Every such function is a unique polynomial

    K(h, s) = sum_k K_k  prod_t h_t^{a_t} s_t^{b_t},   0 <= a_t < |V_h|, 0 <= b_t < |V_sigma|,

reduced modulo the value-set relations prod_{v in V}(h - v) = 0 (the paper's
h^2 = h).  For one neuron with two-valued h and sigma this is Eq. 26,
K = A h s + B h + C s + D.  The constant D is the non-singular part of the free
energy and is dropped, so fixed points are projective (Eq. 28).

Simultaneous permutations of neurons (and of data points) map Omega and the bare
weights to themselves, so the RG flow stays on functions invariant under them; the
basis then consists of orbit sums of monomials and its couplings are named after the
orbit's largest exponent pattern (weight on the first sites).

Coupling names
--------------
* one site (N = L = 1), two-valued h and sigma: ``A`` (h s), ``B`` (h), ``C`` (s);
* one site otherwise: ``K_`` followed by ``h`` repeated a times and ``s`` repeated b
  times, e.g. ``K_hhs`` for h^2 s;
* several sites: the same with site numbers (1-based, t = l N + i + 1), e.g.
  ``K_h1s1`` for the orbit of h_1 s_1 (which contains h_2 s_2 when N = 2).

Order: decreasing total degree, then decreasing degree in h, then the canonical
order of exponent patterns.
"""

import itertools
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Dict, List, Tuple

import sympy

from ..groundtypes import to_sympy
from ..model.network import Model

__all__ = ["CouplingBasis", "coupling_basis", "site_symbols"]


def site_symbols(model: Model):
    """Symbols ``(h_t, s_t)`` of the sites of one layer (``h``, ``sigma`` for one site)."""
    if model.sites == 1:
        return (sympy.Symbol("h"),), (sympy.Symbol("sigma"),)
    hs = tuple(sympy.Symbol(f"h{t + 1}") for t in range(model.sites))
    ss = tuple(sympy.Symbol(f"sigma{t + 1}") for t in range(model.sites))
    return hs, ss


def _site_permutations(width, data):
    """Simultaneous neuron and data-point permutations as permutations of sites."""
    perms = set()
    for pi in itertools.permutations(range(width)):
        for rho in itertools.permutations(range(data)):
            perms.add(tuple(rho[t // width] * width + pi[t % width]
                            for t in range(width * data)))
    return sorted(perms)


def _canonical(pattern, perms):
    """Smallest image of a per-site pattern under the site permutations."""
    return min(tuple(pattern[p[t]] for t in range(len(pattern))) for p in perms)


@dataclass(frozen=True)
class CouplingBasis:
    """Coupling coordinates for the bond weights of one model.

    Attributes
    ----------
    names : tuple of str
        Coupling names in the documented order (constant D excluded).
    symbols : tuple of sympy.Symbol
        One symbol per name.
    symmetric : bool
        Whether the neuron/data permutation symmetry was used.
    full_size : int
        Number of couplings without symmetry (``n_h n_sigma - 1``).
    """

    model: Model
    symmetric: bool = True

    @cached_property
    def _perms(self):
        if not self.symmetric:
            return [tuple(range(self.model.sites))]
        return _site_permutations(self.model.width, self.model.data)

    @cached_property
    def _site_types(self):
        kh, ks = len(self.model.h_values), len(self.model.sigma_values)
        return [(a, b) for a in range(kh) for b in range(ks)]

    @cached_property
    def monomial_orbits(self) -> List[Tuple[tuple, ...]]:
        """Orbits of exponent patterns (per site ``(a_t, b_t)``), constant first."""
        self.model.check_configurations()          # one pattern per configuration pair
        orbits: Dict[tuple, set] = {}
        for pattern in itertools.product(self._site_types, repeat=self.model.sites):
            orbits.setdefault(_canonical(pattern, self._perms), set()).add(pattern)
        def key(rep):
            return (-sum(a + b for a, b in rep), -sum(a for a, _ in rep), rep)
        reps = sorted(orbits, key=key)
        const = tuple((0, 0) for _ in range(self.model.sites))
        reps.remove(const)
        return [tuple(sorted(orbits[r])) for r in [const] + reps]

    @cached_property
    def pair_orbits(self) -> List[Tuple[Tuple[int, int], ...]]:
        """Orbits of (h-index, sigma-index) pairs; each orbit's first pair represents it."""
        model = self.model
        hidx = {h: i for i, h in enumerate(model.h_states)}
        sidx = {s: j for j, s in enumerate(model.sigma_states)}
        seen, orbits = set(), []
        for i, h in enumerate(model.h_states):
            for j, s in enumerate(model.sigma_states):
                if (i, j) in seen:
                    continue
                orbit = sorted({(hidx[tuple(h[p[t]] for t in range(len(h)))],
                                 sidx[tuple(s[p[t]] for t in range(len(s)))])
                                for p in self._perms})
                seen.update(orbit)
                orbits.append(tuple(orbit))
        return orbits

    @cached_property
    def names(self) -> Tuple[str, ...]:
        model = self.model
        reps = [orbit[-1] for orbit in self.monomial_orbits[1:]]
        if model.sites == 1 and len(model.h_values) == 2 and len(model.sigma_values) == 2:
            paper = {((1, 1),): "A", ((1, 0),): "B", ((0, 1),): "C"}
            return tuple(paper[r] for r in reps)
        return tuple(_monomial_name(r) for r in reps)

    @cached_property
    def symbols(self) -> Tuple[sympy.Symbol, ...]:
        return tuple(sympy.Symbol(n) for n in self.names)

    @property
    def size(self) -> int:
        """Number of couplings (constant excluded)."""
        return len(self.names)

    @property
    def full_size(self) -> int:
        return len(self.model.h_states) * len(self.model.sigma_states) - 1

    def monomial_value(self, orbit_index: int, i: int, j: int):
        """Value of the orbit sum ``orbit_index`` at the pair (h_states[i], sigma_states[j])."""
        h, s = self.model.h_states[i], self.model.sigma_states[j]
        total = sympy.Integer(0)
        for pattern in self.monomial_orbits[orbit_index]:
            term = sympy.Integer(1)
            for (a, b), hv, sv in zip(pattern, h, s):
                term *= hv ** a * sv ** b
            total += term
        return total

    @cached_property
    def design_matrix(self) -> sympy.ImmutableMatrix:
        """V[o, k]: orbit-sum monomial k evaluated at the representative of pair orbit o.

        Read from :func:`symrg.rg.design.exponent_table` (Python numbers, one pass over the
        non-zero site monomials) instead of :meth:`monomial_value` entry by entry.
        """
        from .design import exponent_table
        table = exponent_table(self.model, self)
        return sympy.ImmutableMatrix([[1] + [to_sympy(v) for v in table[i][j]]
                                      for (i, j), *_ in self.pair_orbits])

    @cached_property
    def inverse_design(self) -> sympy.ImmutableMatrix:
        """V^{-1}: maps values on pair orbits to monomial coefficients (exact).

        Inverted with python-flint's ``fmpq_mat`` (:func:`symrg.rg.design.inverse_design`);
        sympy's inverse of a 430 x 430 design matrix takes minutes.
        """
        from .design import inverse_design
        return sympy.ImmutableMatrix([[to_sympy(v) for v in row]
                                      for row in inverse_design(self)])

    def polynomial(self, coefficients, constant=0):
        """The polynomial ``sum_k c_k M_k(h, s)`` in the site symbols of :func:`site_symbols`."""
        hs, ss = site_symbols(self.model)
        total = sympy.Integer(0)
        for c, orbit in zip([constant] + list(coefficients), self.monomial_orbits):
            for pattern in orbit:
                term = sympy.Integer(1)
                for (a, b), hsym, ssym in zip(pattern, hs, ss):
                    term *= hsym ** a * ssym ** b
                total += c * term
        return total

    def exponent(self, i: int, j: int, couplings=None):
        """``K(h, s) - D`` at the pair (i, j), linear in the couplings."""
        couplings = self.symbols if couplings is None else couplings
        return sum((c * self.monomial_value(k + 1, i, j) for k, c in enumerate(couplings)),
                   sympy.Integer(0))

    def weights(self, couplings=None) -> sympy.ImmutableMatrix:
        """Bond weights ``E[h, s] = exp(K(h, s))`` with D = 0 (Eq. 26)."""
        model = self.model
        return sympy.ImmutableMatrix(
            [[sympy.exp(self.exponent(i, j, couplings)) for j in range(len(model.sigma_states))]
             for i in range(len(model.h_states))])

    def coefficients(self, values_on_orbits) -> List:
        """Monomial coefficients ``[D, K_1, ...]`` of a function given on pair orbits."""
        vals = sympy.Matrix(list(values_on_orbits))
        return list(self.inverse_design * vals)

    def orbit_values(self, matrix) -> List:
        """Entries of an (h x sigma) matrix at the representatives of the pair orbits."""
        return [matrix[orbit[0][0], orbit[0][1]] for orbit in self.pair_orbits]

    def __repr__(self):
        return (f"CouplingBasis({self.size} couplings: {', '.join(self.names[:8])}"
                f"{', ...' if self.size > 8 else ''}; {self.full_size} without symmetry)")


def _monomial_name(pattern) -> str:
    if len(pattern) == 1:
        a, b = pattern[0]
        return "K_" + "h" * a + "s" * b
    parts = []
    for t, (a, b) in enumerate(pattern):
        parts.append(f"h{t + 1}" * a + f"s{t + 1}" * b)
    return "K_" + "".join(parts)


@lru_cache(maxsize=64)
def coupling_basis(model: Model, symmetric: bool = True) -> CouplingBasis:
    """The (cached) :class:`CouplingBasis` of a model."""
    return CouplingBasis(model, symmetric)
