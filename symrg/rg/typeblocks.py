"""Isotypic blocks of a width-N layer on types, without configurations (L = 1, two values).

For one data point (L = 1) and two h-values and two activation outputs, a layer
configuration is a subset of the N neurons (those at the second value), and S_N acts on
subsets.  The space of h-configurations is the sum of the permutation modules M^k
(subsets of size k), and ``M^k = (+)_{j <= min(k, N-k)} S^(N-j, j)``, so the irreducible
``lambda_j = (N - j, j)`` occurs once in M^k for ``j <= k <= N - j``: multiplicity
``N - 2j + 1`` (the block size of :mod:`symrg.rg.symmetry`), for j = 0 .. floor(N/2).

Vectors of one copy
-------------------
Fix disjoint pairs (a_1, b_1) .. (a_j, b_j) of neurons.  In M^k put

    c^(k)[h] = prod_{i <= j} ([a_i in h] - [b_i in h]),            j <= k <= N - j,

the image of the Specht polytabloid of shape (N-j, j) under the inclusion (up) map
M^j -> M^k, so c^(k) lies in the lambda_j-isotypic part.  A G-invariant E (values
``w(k, l, t)`` on the pair orbits: |h| = k, |s| = l, |h n s| = t) maps c^(l) into the
span of the c^(k) (Schur), ``E c^(l) = sum_k E_j[k, l] c^(k)``, and evaluating at
``h0 = {a_1..a_j} u R`` (|R| = k - j outside the pairs, c^(k)[h0] = 1) gives

    E_j[k, l] = sum_t w(k, l, t) mu_j(k, l, t),
    mu_j(k, l, t) = sum_x (-1)^(j-x) C(j, x) C(k-j, t-x) C(N-j-k, l-j-t+x)          (*)

(x pairs contribute a_i, j - x contribute b_i; y = t - x elements of R).  Products of
invariant matrices multiply block by block, ``(E M)_j = E_j M_j``, so the RG map
``E' = E (M E)^(p-1)`` (Eq. 27-28 of Lee, Lee & Yi) is ``E'_j = E_j (M_j E_j)^(p-1)``
on matrices of size N - 2j + 1, and (*) is inverted orbit pair by orbit pair: for fixed
(k, l) the t-range and the j-range have the same length min(k, l, N-k, N-l) + 1.

The count matrix on types
-------------------------
The rows of W are independent and identically drawn, so
``Omega[h, s] = prod_i c(s_i | |h|) = F[k, l]`` (k = |h|, l = |s|) with ``c(x | k)`` the
one-neuron pattern weight (:func:`symrg.lattice.counting.row_counts` at one configuration
of each size).  So ``M = Omega^T`` depends on sizes only: M_j = 0 for every j > 0 (the
column sums of c^(l) vanish), and ``M_0 = F^T D`` with ``D = diag(C(N, k))``.

Everything here costs a polynomial in N: C(N + 3, 3) pair orbits, floor(N/2) + 1 blocks.
"""

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Tuple

import flint

from ..errors import ModelError, SymRGError
from ..lattice.counting import row_counts
from ..model.network import Model

__all__ = ["TypeBlock", "applies", "why_not", "hahn", "type_pair_orbits", "type_counts",
           "type_blocks", "blocks_from_orbits", "orbits_from_blocks", "irrep_dimension",
           "decimate_on_types", "renormalized_dna_on_types"]


def why_not(model: Model):
    """Why the type blocks do not apply to ``model`` (one line), or None when they do."""
    if model.data != 1:
        return f"type blocks need one data point (L = 1), got L = {model.data}"
    if len(model.h_values) != 2 or len(model.sigma_values) != 2:
        return (f"type blocks need two h-values and two activation outputs, got "
                f"{len(model.h_values)} and {len(model.sigma_values)}")
    if model.parallel != 1:
        return f"type blocks are for the chain (parallel = 1), got {model.parallel}"
    return None


def applies(model: Model) -> bool:
    """True when :func:`type_blocks` can describe ``model`` (L = 1, two values each side)."""
    return why_not(model) is None


def irrep_dimension(N: int, j: int) -> int:
    """Dimension C(N, j) - C(N, j - 1) of the S_N irreducible (N - j, j)."""
    return math.comb(N, j) - (math.comb(N, j - 1) if j else 0)


def hahn(N: int, j: int, k: int, l: int, t: int) -> int:
    """mu_j(k, l, t) of (*) in the module docstring (an integer; 0 outside the ranges).

    Examples
    --------
    >>> [hahn(2, 0, 1, 1, t) for t in (0, 1)], [hahn(2, 1, 1, 1, t) for t in (0, 1)]
    ([1, 1], [-1, 1])
    """
    out = 0
    for x in range(0, j + 1):
        y, z = t - x, l - j - t + x
        if y < 0 or z < 0 or y > k - j or z > N - j - k:
            continue
        out += (-1) ** (j - x) * math.comb(j, x) * math.comb(k - j, y) * math.comb(N - j - k, z)
    return out


def type_pair_orbits(N: int) -> Tuple[tuple, ...]:
    """The pair orbits (k, l, t) of S_N on (h, s): C(N + 3, 3) of them, lexicographic."""
    return tuple((k, l, t) for k in range(N + 1) for l in range(N + 1)
                 for t in range(max(0, k + l - N), min(k, l) + 1))


def _config(model: Model, k: int) -> tuple:
    a, b = model.h_values
    N = model.width
    return (a,) * (N - k) + (b,) * k


@lru_cache(maxsize=32)
def type_counts(model: Model) -> Tuple[Tuple[flint.fmpq, ...], ...]:
    """``F[k][l] = Omega[h, s]`` for |h| = k, |s| = l (exact fmpq; one row of W enumerated
    per size k, never a configuration space)."""
    why = why_not(model)
    if why:
        raise ModelError(why)
    N = model.width
    s0, s1 = model.sigma_values
    rows = []
    for k in range(N + 1):
        c = row_counts(model, _config(model, k))
        c0, c1 = (flint.fmpq(*_pq(c.get((x,), 0))) for x in (s0, s1))
        rows.append(tuple(c0 ** (N - l) * c1 ** l for l in range(N + 1)))
    return tuple(rows)


def _pq(x):
    num = getattr(x, "p", None)
    if num is not None:
        return int(x.p), int(x.q)
    return int(x), 1


@dataclass(frozen=True)
class TypeBlock:
    """The block of the irreducible (N - j, j) x (1) (label as :mod:`symrg.rg.symmetry`).

    ``sizes`` are the k (and l) of its rows (columns): j .. N - j; ``counts`` is M_j
    (sigma-sizes x h-sizes, exact).
    """

    label: str
    j: int
    dimension: int
    sizes: tuple
    counts: flint.fmpq_mat

    @property
    def size(self) -> int:
        return len(self.sizes)


def _label(N, j):
    parts = [N - j] + ([j] if j else [])
    return "[" + ",".join(map(str, parts)) + "]x[1]"


def _block_of(N, j, value):
    """Block j of an invariant matrix with orbit values ``value(k, l, t)``."""
    sizes = range(j, N - j + 1)
    n = len(sizes)
    out = flint.fmpq_mat(n, n)
    for a, k in enumerate(sizes):
        for b, l in enumerate(sizes):
            total = flint.fmpq(0)
            for t in range(max(0, k + l - N), min(k, l) + 1):
                mu = hahn(N, j, k, l, t)
                if mu:
                    v = value(k, l, t)
                    if v:
                        total += mu * v
            out[a, b] = total
    return out


@lru_cache(maxsize=32)
def type_blocks(model: Model) -> Tuple[TypeBlock, ...]:
    """The isotypic blocks j = 0 .. floor(N/2) with their count blocks M_j (cached).

    M_j is computed from (*) with the orbit values of M = Omega^T (sigma x h:
    ``M[s, h] = F[|h|][|s|]``), not assumed zero for j > 0.
    """
    N = model.width
    F = type_counts(model)
    return tuple(TypeBlock(_label(N, j), j, irrep_dimension(N, j), tuple(range(j, N - j + 1)),
                           _block_of(N, j, lambda l, k, t: F[k][l]))
                 for j in range(N // 2 + 1))


def blocks_from_orbits(N: int, values) -> list:
    """Blocks E_j (fmpq_mat) of the invariant h x sigma matrix with orbit values
    ``values[(k, l, t)]`` (a dict; missing orbits are 0)."""
    return [_block_of(N, j, lambda k, l, t: values.get((k, l, t), 0))
            for j in range(N // 2 + 1)]


def orbits_from_blocks(N: int, blocks) -> dict:
    """Inverse of :func:`blocks_from_orbits`: orbit values ``{(k, l, t): fmpq}``.

    For each (k, l) the square system ``sum_t mu_j(k, l, t) w_t = E_j[k, l]`` over
    j <= min(k, l, N-k, N-l) is solved exactly.
    """
    out = {}
    for k in range(N + 1):
        for l in range(N + 1):
            ts = list(range(max(0, k + l - N), min(k, l) + 1))
            js = list(range(min(k, l, N - k, N - l) + 1))
            if len(ts) != len(js):
                raise SymRGError(f"type blocks: {len(ts)} overlaps but {len(js)} blocks at "
                                 f"sizes ({k}, {l})")
            A = flint.fmpq_mat(len(js), len(ts), [hahn(N, j, k, l, t) for j in js for t in ts])
            rhs = flint.fmpq_mat(len(js), 1, [blocks[j][k - j, l - j] for j in js])
            sol = A.solve(rhs)
            for i, t in enumerate(ts):
                out[(k, l, t)] = sol[i, 0]
    return out


def decimate_on_types(model: Model, values) -> dict:
    """One RG step on the symmetric weights, block by block (Eq. 27 without the constant):
    ``{(k, l, t): w}`` -> the weights of ``E' = E (M E)^(p-1)``, exact (fmpq), at a cost
    polynomial in N (:func:`blocks_from_orbits`, ``E'_j = E_j (M_j E_j)^(p-1)``,
    :func:`orbits_from_blocks`)."""
    N = model.width
    blocks = blocks_from_orbits(N, values)
    out = []
    for E, b in zip(blocks, type_blocks(model)):
        F = E
        for _ in range(model.scale - 1):
            F = F * b.counts * E
        out.append(F)
    return orbits_from_blocks(N, out)


def _distance_exponents(model: Model):
    """``(d11, d10, d01, d00)`` = |h - s|^q for (h, s) = (second, second), (second, first),
    (first, second), (first, first) values, as integers, or None when one is not."""
    (a, b), (c, d) = model.h_values, model.sigma_values
    out = []
    for h, s in ((b, d), (b, c), (a, d), (a, c)):
        x = abs(h - s) ** model.norm
        if not x.is_Integer:
            return None
        out.append(int(x))
    return tuple(out)


def renormalized_dna_on_types(model: Model):
    """The renormalized DNA bond weights (Eq. 22) on types, or None (non-integral |h-s|^q).

    The bare weight ``E[h, s] = u^(-d(k, l, t))`` depends on the overlap t, with
    ``d = t d11 + (k-t) d10 + (l-t) d01 + (N-k-l+t) d00``.  Summing the intermediate
    configurations by their sizes (M[s, h'] = F[|h'|][|s|]),

        E'[h, sigma] = (A Phi (D A Phi)^(p-2) B)[|h|, |sigma|],

    ``A[k, l'] = sum_{|s| = l'} E[h, s]``, ``B[k', l] = sum_{|h'| = k'} E[h', sigma]``,
    ``Phi[l', k'] = F[k'][l']``, ``D = diag(C(N, k))``: E' depends on the sizes only
    (every block j > 0 of E M vanishes).  Returns the (N+1) x (N+1) rows of
    ``flint.fmpq_poly`` in x = 1/u.
    """
    d = _distance_exponents(model)
    if d is None:
        return None
    N, p = model.width, model.scale
    F = type_counts(model)
    x = flint.fmpq_poly([0, 1])

    def dist(k, l, t):
        return t * d[0] + (k - t) * d[1] + (l - t) * d[2] + (N - k - l + t) * d[3]

    def ts(k, l):
        return range(max(0, k + l - N), min(k, l) + 1)
    A = [[sum((math.comb(k, t) * math.comb(N - k, l - t) * x ** dist(k, l, t) for t in ts(k, l)),
              flint.fmpq_poly(0)) for l in range(N + 1)] for k in range(N + 1)]
    B = [[sum((math.comb(l, t) * math.comb(N - l, k - t) * x ** dist(k, l, t) for t in ts(k, l)),
              flint.fmpq_poly(0)) for l in range(N + 1)] for k in range(N + 1)]
    rng = range(N + 1)

    def times_phi(X, scale):         # X Phi, then each column k' times C(N, k') if scale
        return [[sum((X[i][l] * F[k][l] for l in rng), flint.fmpq_poly(0))
                 * (math.comb(N, k) if scale else 1) for k in rng] for i in rng]

    def mul(X, Y):
        return [[sum((X[i][m] * Y[m][j] for m in rng), flint.fmpq_poly(0)) for j in rng]
                for i in rng]
    out = times_phi(A, False)
    for _ in range(p - 2):
        out = mul(out, times_phi([[math.comb(N, i) * v for v in row] for i, row in
                                  enumerate(A)], False))
    return mul(out, B)
