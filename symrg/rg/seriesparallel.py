"""The series-parallel step on bond weights: E' = (E (Omega^T E)^(p-1))^(o m).

The weights of a model with symmetric couplings are constant on the pair orbits of
:class:`symrg.couplings.CouplingBasis`, so the step is a map of the orbit values
``w_o = E[rep_o]`` (one per orbit; the couplings are their logarithms up to the
inverse design matrix, Eq. 26).  :class:`WeightMap` evaluates it over any ring whose
elements support ``+``, ``*`` and integer powers: Fractions, mpmath numbers, flint
polynomials (for exact elimination) or sympy expressions.

It is homogeneous of degree p*m in w, so the RG acts on the projective class of w
(Eq. 28 of Lee, Lee & Yi); a fixed point is ``F(w) = kappa w`` with kappa != 0.
"""

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from ..lattice.counting import count_matrix
from .couplings import coupling_basis
from ..model.network import Model

__all__ = ["WeightMap", "weight_map", "branch_weight", "series_parallel_weight"]


def branch_weight(E, counts, scale):
    """``E (Omega^T E)^(p-1)`` for list-of-lists matrices over any ring (Eq. 21, ratio p).

    Examples
    --------
    >>> branch_weight([[1, 2], [3, 4]], [[1, 0], [0, 1]], 2)
    [[7, 10], [15, 22]]
    """
    rows, cols = len(E), len(E[0])
    transfer = [[_dot([counts[h][s] for h in range(rows)], [E[h][t] for h in range(rows)])
                 for t in range(cols)] for s in range(cols)]
    result = E
    for _ in range(scale - 1):
        result = [[_dot(result[i], [transfer[s][t] for s in range(cols)]) for t in range(cols)]
                  for i in range(rows)]
    return result


def _dot(a, b):
    terms = [x * y for x, y in zip(a, b) if not _is_zero(x) and not _is_zero(y)]
    if not terms:
        return 0 * (a[0] if a else 0)
    out = terms[0]
    for t in terms[1:]:
        out = out + t
    return out


def _is_zero(x):
    return isinstance(x, (int, Fraction)) and x == 0


def series_parallel_weight(E, counts, scale, parallel):
    """``(E (Omega^T E)^(p-1))^(o m)``: one step with ``parallel`` branches of ``scale`` bonds.

    Examples
    --------
    >>> series_parallel_weight([[1, 2], [3, 4]], [[1, 0], [0, 1]], 2, 2)
    [[49, 100], [225, 484]]
    """
    return [[x ** parallel for x in row] for row in branch_weight(E, counts, scale)]


@dataclass(frozen=True)
class WeightMap:
    """The step on pair-orbit values w (one value per orbit of ``basis.pair_orbits``).

    Attributes
    ----------
    model : Model
    orbit_of : tuple of tuple of int
        ``orbit_of[i][j]``: the orbit of the pair (h_i, sigma_j).
    representatives : tuple of (int, int)
    counts : tuple of tuple of int
        Omega scaled to integers (a common positive factor; the map is projective).
    scale, parallel : int
        p and m.
    """

    model: Model
    orbit_of: tuple
    representatives: tuple
    counts: tuple
    scale: int
    parallel: int

    @property
    def size(self) -> int:
        """Number of orbit values (couplings + 1)."""
        return len(self.representatives)

    def matrix(self, w):
        """The bond-weight matrix E with ``E[i][j] = w[orbit_of[i][j]]``."""
        return [[w[o] for o in row] for row in self.orbit_of]

    def branch(self, w):
        """Orbit values of the branch weight E (Omega^T E)^(p-1) (no Hadamard power)."""
        Es = branch_weight(self.matrix(w), self.counts, self.scale)
        return [Es[i][j] for i, j in self.representatives]

    def __call__(self, w):
        """Orbit values of E' = (E (Omega^T E)^(p-1))^(o m)."""
        return [x ** self.parallel for x in self.branch(w)]


@lru_cache(maxsize=32)
def weight_map(model: Model) -> WeightMap:
    """The :class:`WeightMap` of ``model`` (``model.scale`` in series, ``model.parallel`` branches).

    Examples
    --------
    >>> from symrg.model.network import paper_model
    >>> F = weight_map(paper_model(architecture={"parallel": 2}))
    >>> F.size, F([1, 1, 1, 1])
    (4, [64, 64, 64, 64])
    """
    basis = coupling_basis(model)
    orbit_of = [[None] * len(model.sigma_states) for _ in model.h_states]
    for o, orbit in enumerate(basis.pair_orbits):
        for i, j in orbit:
            orbit_of[i][j] = o
    omega = count_matrix(model)
    values = [[Fraction(int(x.p), int(x.q)) for x in omega.row(i)] for i in range(omega.rows)]
    lcm = math.lcm(*(x.denominator for row in values for x in row))
    counts = tuple(tuple(int(x * lcm) for x in row) for row in values)
    return WeightMap(model, tuple(map(tuple, orbit_of)),
                     tuple(orbit[0] for orbit in basis.pair_orbits), counts, model.scale,
                     model.parallel)
