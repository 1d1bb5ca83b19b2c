"""Isotypic blocks of the bond weights under neuron and data-point permutations.

The group G = S_N x S_L permutes the sites of a layer (site ``t = l*N + i``, see
``couplings._site_permutations``) and hence the h- and sigma-configurations.  A
symmetric coupling vector is a G-invariant weight matrix E (``E[gh, gs] = E[h, s]``),
and the transposed count matrix ``M = Omega^T`` is G-equivariant.  By Schur's lemma
both are block diagonal in symmetry-adapted bases,

    E = (+)_lambda E_lambda (x) I_{d_lambda},     M = (+)_lambda M_lambda (x) I_{d_lambda},

over the irreducible representations lambda = (mu, nu) of G (mu a partition of N,
nu of L; real, as for every symmetric group).  E_lambda is m^h_lambda x m^sigma_lambda,
where m_lambda is the multiplicity of lambda in the permutation representation, and
the invariant E are exactly the tuples (E_lambda): sum_lambda m^h m^sigma equals the
number of pair orbits.  The fixed-point equation ``E (M E)^(p-1) = kappa E`` (Eq. 28
of Lee, Lee & Yi) then splits into ``E_lambda (M_lambda E_lambda)^(p-1) = kappa E_lambda``
with one common kappa.

Exact method
------------
* Characters of S_n by the Murnaghan-Nakayama rule (removing rim hooks on beta-sets);
  ``chi_(mu,nu)(pi, rho) = chi_mu(pi) chi_nu(rho)``.
* The isotypic projector ``P_lambda = d_lambda/|G| sum_g chi_lambda(g) rho(g)`` of the
  permutation representation, kept as the integer matrix ``sum_g chi_lambda(g) rho(g)``.
* One copy of each irreducible: the Young subgroup S_mu x S_nu fixes a one-dimensional
  subspace of the irreducible lambda (Kostka number K_lambda,lambda = 1), so the
  lambda-part of the Young-fixed space has dimension m_lambda.  It is spanned by
  ``P_lambda`` applied to the indicator vectors of the Young subgroup's orbits on
  configurations; independent columns are chosen by exact row reduction (python-flint).
  The resulting bases are integral; the duals are the exact left inverses
  ``(B^T B)^-1 B^T``.

An invariant E commutes with ``P_lambda`` and with the Young average, so it maps the
sigma-basis of block lambda into the span of the h-basis: ``E sigma_basis = h_basis E_lambda``.
The lambda-isotypic space is the G-span of its Young-fixed part, so E -> (E_lambda) is
injective on invariant matrices.
"""

import itertools
from dataclasses import dataclass
from functools import lru_cache
from typing import Tuple

import flint
import sympy

from ..errors import SymRGError
from ..lattice.counting import count_matrix
from ..model.network import Model
from .couplings import coupling_basis

__all__ = ["Block", "partitions", "character", "symmetry_blocks", "block_weights",
           "block_counts", "invariant_from_blocks", "orbit_values_from_blocks"]


def partitions(n: int) -> Tuple[Tuple[int, ...], ...]:
    """Partitions of n in decreasing lexicographic order (``(n,)`` first).

    Examples
    --------
    >>> partitions(3)
    ((3,), (2, 1), (1, 1, 1))
    """
    out = []

    def rec(rest, largest, prefix):
        if rest == 0:
            out.append(tuple(prefix))
            return
        for k in range(min(rest, largest), 0, -1):
            rec(rest - k, k, prefix + [k])

    rec(n, n, [])
    return tuple(out)


@lru_cache(maxsize=None)
def character(shape: tuple, cycle_type: tuple) -> int:
    """Character of the S_n irreducible ``shape`` at a permutation of ``cycle_type``.

    Murnaghan-Nakayama rule on beta-sets: removing a rim hook of length k moves a
    bead from b to b - k; the sign is (-1)^(beads strictly between).

    Examples
    --------
    >>> character((2, 1), (1, 1, 1)), character((2, 1), (2, 1)), character((2, 1), (3,))
    (2, 0, -1)
    """
    if not cycle_type:
        return 1 if sum(shape) == 0 else 0
    k, rest = cycle_type[0], cycle_type[1:]
    n = len(shape)
    beads = [shape[i] + (n - 1 - i) for i in range(n)]
    total = 0
    bead_set = set(beads)
    for b in beads:
        if b - k < 0 or (b - k) in bead_set:
            continue
        sign = (-1) ** sum(1 for c in beads if b - k < c < b)
        new = sorted((bead_set - {b}) | {b - k}, reverse=True)
        new_shape = tuple(x for x in (new[i] - (n - 1 - i) for i in range(n)) if x > 0)
        total += sign * character(new_shape, rest)
    return total


def _cycle_type(perm) -> tuple:
    seen, lengths = set(), []
    for start in range(len(perm)):
        if start in seen:
            continue
        length, x = 0, start
        while x not in seen:
            seen.add(x)
            x = perm[x]
            length += 1
        lengths.append(length)
    return tuple(sorted(lengths, reverse=True))


def _label(mu, nu) -> str:
    return "[" + ",".join(map(str, mu)) + "]x[" + ",".join(map(str, nu)) + "]"


@dataclass(frozen=True)
class Block:
    """One isotypic block lambda = (mu, nu) of G = S_N x S_L.

    Attributes
    ----------
    label : str
        ``"[mu]x[nu]"`` with the partitions' parts, e.g. ``"[2]x[1]"`` (trivial for N = 2).
    dimension : int
        Dimension d_lambda of the irreducible.
    h_basis, sigma_basis : sympy.ImmutableMatrix
        Integer n_h x m^h_lambda (n_sigma x m^sigma_lambda) bases of one copy per
        irreducible (the Young-fixed vectors of the lambda-isotypic part).
    h_dual, sigma_dual : sympy.ImmutableMatrix
        Exact left inverses of the bases.
    """

    label: str
    dimension: int
    h_basis: sympy.ImmutableMatrix
    sigma_basis: sympy.ImmutableMatrix
    h_dual: sympy.ImmutableMatrix
    sigma_dual: sympy.ImmutableMatrix

    @property
    def h_multiplicity(self) -> int:
        return self.h_basis.shape[1]

    @property
    def sigma_multiplicity(self) -> int:
        return self.sigma_basis.shape[1]

    @property
    def size(self) -> int:
        """Number of invariant couplings carried by the block (m^h m^sigma)."""
        return self.h_multiplicity * self.sigma_multiplicity

    def __repr__(self):
        return (f"Block({self.label}, d={self.dimension}, m_h={self.h_multiplicity}, "
                f"m_sigma={self.sigma_multiplicity})")


def _group(width, data):
    """Elements of G as (site permutation, character function arguments)."""
    out = []
    for pi in itertools.permutations(range(width)):
        for rho in itertools.permutations(range(data)):
            perm = tuple(rho[t // width] * width + pi[t % width] for t in range(width * data))
            out.append((perm, _cycle_type(pi), _cycle_type(rho)))
    return out


def _young(shape):
    """Permutations of range(sum(shape)) preserving the consecutive rows of ``shape``."""
    rows, start = [], 0
    for k in shape:
        rows.append(list(range(start, start + k)))
        start += k
    out = []
    for parts in itertools.product(*(itertools.permutations(r) for r in rows)):
        perm = [0] * start
        for row, img in zip(rows, parts):
            for a, b in zip(row, img):
                perm[a] = b
        out.append(tuple(perm))
    return out


def _act(states, perm):
    """Index map of configurations under a site permutation."""
    index = {s: k for k, s in enumerate(states)}
    return [index[tuple(s[perm[t]] for t in range(len(s)))] for s in states]


def _space_basis(states, group, chis, young_perms):
    """Integer basis (list of columns) of the Young-fixed part of one isotypic component."""
    n = len(states)
    acts = [_act(states, g) for g, _, _ in group]
    seen, orbits = set(), []
    young_acts = [_act(states, y) for y in young_perms]
    for k in range(n):
        if k in seen:
            continue
        orb = sorted({a[k] for a in young_acts})
        seen.update(orb)
        orbits.append(orb)
    cols = []
    for orb in orbits:
        v = [0] * n
        for chi, act in zip(chis, acts):
            if chi:
                for k in orb:
                    v[act[k]] += chi
        cols.append(v)
    if not cols:
        return []
    A = flint.fmpz_mat([[cols[c][r] for c in range(len(cols))] for r in range(n)])
    R, rank = flint.fmpq_mat(A).rref()
    pivots, row = [], 0
    for c in range(len(cols)):
        if row < rank and R[row, c] != 0:
            pivots.append(c)
            row += 1
    basis = []
    for c in pivots:
        v = cols[c]
        g = 0
        for x in v:
            g = _gcd(g, x)
        basis.append([x // g for x in v] if g else v)
    return basis


def _gcd(a, b):
    a, b = abs(a), abs(b)
    while b:
        a, b = b, a % b
    return a


def _matrix_and_dual(columns, n):
    if not columns:
        return sympy.ImmutableMatrix(n, 0, []), sympy.ImmutableMatrix(0, n, [])
    B = flint.fmpq_mat([[columns[c][r] for c in range(len(columns))] for r in range(n)])
    D = (B.transpose() * B).inv() * B.transpose()
    return _to_sympy(B), _to_sympy(D)


def _to_sympy(A) -> sympy.ImmutableMatrix:
    return sympy.ImmutableMatrix(A.nrows(), A.ncols(),
                                 [sympy.Rational(int(x.p), int(x.q)) for x in A.entries()])


@lru_cache(maxsize=64)
def symmetry_blocks(model: Model) -> Tuple[Block, ...]:
    """The isotypic blocks of ``model`` (cached), trivial irreducible first.

    Blocks are listed for every irreducible occurring in the h- or the
    sigma-configuration space; a block with m^h m^sigma = 0 carries no coupling.

    Examples
    --------
    >>> from symrg.model.network import paper_model
    >>> [(b.label, b.dimension, b.h_multiplicity, b.sigma_multiplicity)
    ...  for b in symmetry_blocks(paper_model(width=2))]
    [('[2]x[1]', 1, 3, 3), ('[1,1]x[1]', 1, 1, 1)]
    """
    N, L = model.width, model.data
    group = _group(N, L)
    blocks = []
    for mu in partitions(N):
        for nu in partitions(L):
            chis = [character(mu, a) * character(nu, b) for _, a, b in group]
            dim = chis[0]
            young = [tuple(y_nu[t // N] * N + y_mu[t % N] for t in range(N * L))
                     for y_mu in _young(mu) for y_nu in _young(nu)]
            hcols = _space_basis(model.h_states, group, chis, young)
            scols = _space_basis(model.sigma_states, group, chis, young)
            if not hcols and not scols:
                continue
            hb, hd = _matrix_and_dual(hcols, len(model.h_states))
            sb, sd = _matrix_and_dual(scols, len(model.sigma_states))
            blocks.append(Block(_label(mu, nu), dim, hb, sb, hd, sd))
    return tuple(blocks)


@lru_cache(maxsize=64)
def _flint_blocks(model: Model):
    """The bases and duals of every block as python-flint ``fmpq_mat`` (h, hd, s, sd)."""
    def conv(A):
        return flint.fmpq_mat(A.shape[0], A.shape[1], [flint.fmpq(int(x.p), int(x.q)) for x in A])
    return tuple((conv(b.h_basis), conv(b.h_dual), conv(b.sigma_basis), conv(b.sigma_dual))
                 for b in symmetry_blocks(model))


def _fmpq(E):
    E = sympy.Matrix(E)
    return flint.fmpq_mat(E.rows, E.cols, [flint.fmpq(int(sympy.Rational(x).p),
                                                      int(sympy.Rational(x).q)) for x in E])


def _is_rational(E) -> bool:
    return all(sympy.sympify(x).is_Rational for x in E)


def block_weights(model: Model, E) -> list:
    """Blocks ``E_lambda = h_dual E sigma_basis`` of a G-invariant weight matrix.

    Exact; rational matrices go through python-flint, others through sympy.
    """
    if _is_rational(E):
        Ef = _fmpq(E)
        return [_to_sympy(hd * Ef * sb) for _, hd, sb, _ in _flint_blocks(model)]
    E = sympy.Matrix(E)
    return [sympy.ImmutableMatrix((b.h_dual * E * b.sigma_basis).applyfunc(sympy.expand))
            for b in symmetry_blocks(model)]


@lru_cache(maxsize=64)
def block_counts(model: Model) -> tuple:
    """Blocks ``M_lambda = sigma_dual M h_basis`` of ``M = Omega^T`` (cached)."""
    M = _fmpq(count_matrix(model).T)
    return tuple(_to_sympy(sd * M * hb) for hb, _, _, sd in _flint_blocks(model))


@lru_cache(maxsize=64)
def _reconstruction(model: Model):
    """Inverse of the linear map orbit values -> concatenated block entries (flint)."""
    basis = coupling_basis(model)
    n_o = len(basis.pair_orbits)
    n_h, n_s = len(model.h_states), len(model.sigma_states)
    fb = _flint_blocks(model)
    cols = []
    for orbit in basis.pair_orbits:
        E = flint.fmpq_mat(n_h, n_s)
        for i, j in orbit:
            E[i, j] = 1
        cols.append([x for _, hd, sb, _ in fb for x in (hd * E * sb).entries()])
    if len(cols[0]) != n_o:
        raise SymRGError(f"symmetry blocks of {model.name!r}: expected {n_o} block entries "
                         f"(one per pair orbit), got {len(cols[0])}")
    A = flint.fmpq_mat(n_o, n_o, [cols[o][e] for e in range(n_o) for o in range(n_o)])
    if A.rank() != n_o:
        raise SymRGError(f"symmetry blocks of {model.name!r}: expected {n_o} independent "
                         f"block entries, got rank {A.rank()}")
    return _to_sympy(A.inv())


def orbit_values_from_blocks(model: Model, blocks) -> list:
    """Values on the pair orbits (``coupling_basis(model).pair_orbits``) of the invariant
    matrix with blocks ``blocks``."""
    entries = [x for b in blocks for x in sympy.Matrix(b)]
    R = _reconstruction(model)
    return [sympy.expand(sum((R[o, e] * x for e, x in enumerate(entries) if R[o, e]),
                             sympy.Integer(0))) for o in range(R.rows)]


def invariant_from_blocks(model: Model, blocks) -> sympy.ImmutableMatrix:
    """The G-invariant weight matrix E with the given blocks E_lambda (inverse of
    :func:`block_weights`)."""
    basis = coupling_basis(model)
    w = orbit_values_from_blocks(model, blocks)
    E = sympy.zeros(len(model.h_states), len(model.sigma_states))
    for o, orbit in enumerate(basis.pair_orbits):
        for i, j in orbit:
            E[i, j] = w[o]
    return sympy.ImmutableMatrix(E)
