"""Fixed points of the weight map with zero weights: at infinity of the coupling chart.

The weight map ``E -> E (M E)^(p-1)`` (``M = Omega^T``, Eq. 21 kept over p layers)
is a polynomial map, and its projective fixed points ``E (M E)^(p-1) = kappa E``
(kappa != 0, Eq. 28) are classified completely, block by block, in
:mod:`symrg.fixedpoints.classify`.  The coupling chart ``K = ln E`` (Eq. 26) covers only the
points with every weight non-zero.  A component of the fixed-point set on which some
orbit weight vanishes identically lies entirely at infinity of that chart (a zero
weight is an infinite coupling, as beta_v -> oo or the Ising chain's K* = oo); it is
still a fixed point of the weight map.  The standard example is an invertible Omega
with a zero entry in ``Omega^{-T}``: ``E* = Omega^{-T}`` satisfies ``E M E = E``, and
at it ``E M = I`` so ``DF(dE) = p dE``: every eigenvalue is p.

This module reports such a component in the projective weight chart (orbit weights,
normalised so that the first non-zero one is 1):

* the orbit weights that vanish identically are found with the Schwartz-Zippel test of
  :mod:`symrg.fixedpoints.classify` (zero at three independent samples with entries up to 10^6;
  exact for an isolated point, which has one value);
* the sample point has exactly those zeros; it is checked exactly
  (``E (M E)^(p-1) = kappa E`` over Q(zeta_{p-1}));
* its eigenvalues are those of ``DF / kappa`` on the orbit weights with one p removed
  (:func:`symrg.fixedpoints.linearize.linearize_weights`, the projective weight chart).  Each lies
  in {0, 1, p}: with ``c^(p-1) = kappa``, ``X = E M / c`` and ``Y = M E / c`` satisfy
  ``X^p = X`` and ``Y^p = Y`` (diagonalisable, eigenvalues 0 and (p-1)-th roots of
  unity), and ``DF / kappa: dE -> sum_j X^j dE Y^(p-1-j)`` acts on a pair of
  eigenvalues (a, b) as ``sum_j a^j b^(p-1-j)``: p when a = b != 0, 1 when a != b,
  0 when a = b = 0.  Checked, exactly when the point is exact.

``complete`` in :class:`symrg.fixedpoints.points.FixedPointAnalysis` then means: the
isolated points, the families and these components together are every component of
the G-invariant projective fixed-point set of the weight map.
"""

import random
from dataclasses import dataclass, field

import flint
import mpmath
import sympy

from ..lattice.counting import count_matrix
from ..model.network import Model
from ..rg.couplings import coupling_basis
from .classify import _cyclotomic, _draw, cyclo_inverse, cyclo_to_sympy, verify_point
from .points import normalize_weights

__all__ = ["ZeroWeightPoint", "zero_weight_point", "inverse_point", "vanishing_orbits",
           "check_spectrum"]

#: Entry bound of the samples of the Schwartz-Zippel test (as in :mod:`symrg.fixedpoints.classify`).
_TEST_BOUND = 10 ** 6


@dataclass(frozen=True)
class ZeroWeightPoint:
    """A component of weight-map fixed points with identically vanishing weights.

    Attributes
    ----------
    weights : sympy.ImmutableMatrix
        Sample point in the projective weight chart (first non-zero entry 1), exact.
    zero_orbits : tuple of int
        Pair orbits whose weight vanishes on the whole component (infinite couplings).
    dimension : int
        Projective dimension of the component (0: an isolated point).
    rank : int
    multiplicities : tuple
        Multiplicities of the (p-1)-th roots of unity as eigenvalues of G = Y M X.
    block_ranks : dict
    physical : bool
        The sample's weights are real and non-negative (for a family: a non-negative
        point exists; False there means none was found, not that none exists).
    verified : str
    linearization : symrg.fixedpoints.linearize.Linearization
        Projective weight chart (``jacobian`` is None: the coupling chart is undefined).
    equations : list
        Homogeneous polynomials in the orbit weights ``w<o>`` vanishing on a family
        (empty for an isolated point).
    """

    weights: sympy.ImmutableMatrix
    zero_orbits: tuple
    dimension: int
    rank: int
    multiplicities: tuple
    block_ranks: dict
    physical: bool
    verified: str
    linearization: object = None
    equations: list = field(default_factory=list)

    @property
    def isolated(self) -> bool:
        return self.dimension == 0

    def __repr__(self):
        kind = "physical" if self.physical else "fictitious"
        what = "isolated" if self.isolated else f"family, dimension {self.dimension}"
        return (f"ZeroWeightPoint({what}, rank {self.rank}, {kind}; zero at pair orbits "
                f"{list(self.zero_orbits)})")


def vanishing_orbits(model: Model, comp, seed: int = 0):
    """Pair orbits whose weight vanishes identically on ``comp`` (Schwartz-Zippel).

    Returns ``(zeros, draws)``: the orbits zero at three independent samples with
    entries up to 10^6 (one sample for an isolated point, which is unique), and the
    generator state for further samples.
    """
    rng = random.Random(seed)
    zeros = None
    for _ in range(1 if comp.dimension == 0 else 3):
        got = None
        while got is None:
            got = _draw(model, comp, rng, _TEST_BOUND)
        found = {o for o, v in enumerate(got[1]) if v == 0}
        zeros = found if zeros is None else zeros & found
    return frozenset(zeros), rng


def _sample(model, comp, zeros, rng):
    """Orbit values with exactly ``zeros`` vanishing (small entries first), and how."""
    bounds = (1,) if comp.dimension == 0 else (1, 2, 3, 5, 9, 30, _TEST_BOUND)
    for bound in bounds:
        for _ in range(6):
            got = _draw(model, comp, rng, bound)
            if got is not None and {o for o, v in enumerate(got[1]) if v == 0} == zeros:
                how = ("exact: E_lambda = zeta^k M_lambda^-1 per block" if comp.dimension == 0
                       else f"exact: rational X, C, Y with entries in [-{bound}, {bound}]")
                return got[1], how
    return None, None


def _weights(model, values):
    """Weight matrix of orbit values in Q(zeta), divided by the first non-zero one."""
    n = model.scale - 1
    first = next(v for v in values if v != 0)
    inv = cyclo_inverse(n, first)
    E = sympy.zeros(len(model.h_states), len(model.sigma_states))
    for v, orbit in zip(values, coupling_basis(model).pair_orbits):
        x = cyclo_to_sympy(n, (v * inv) % _cyclotomic(n))
        for i, j in orbit:
            E[i, j] = x
    return sympy.ImmutableMatrix(E)


def check_spectrum(eigenvalues, scale: int, digits: int) -> None:
    """Raise ArithmeticError unless every eigenvalue lies in {0, 1, p} (module docstring).

    Exact eigenvalues are compared exactly; numeric ones within ``10^(-digits/2)``.
    """
    targets = (0, 1, scale)
    for lam in eigenvalues:
        if isinstance(lam, (mpmath.mpf, mpmath.mpc)):
            with mpmath.workdps(digits + 10):
                ok = any(abs(lam - t) <= mpmath.mpf(10) ** (-(digits // 2)) for t in targets)
        else:
            ok = any(sympy.expand(sympy.sympify(lam) - t) == 0 for t in targets)
        if not ok:
            raise ArithmeticError(f"zero-weight fixed point: eigenvalue {lam} is not in "
                                  f"{{0, 1, {scale}}}")


def zero_weight_point(model: Model, comp, *, digits: int = 50, seed: int = 0,
                      equations: bool = True):
    """The zero-weight fixed points of a component, or None (module docstring).

    Parameters
    ----------
    model : Model
    comp : symrg.fixedpoints.classify.Component
        A component that the coupling chart rejects (some weight vanishes on it).
    digits : int
        Precision of eigenvalues that are not exact.
    seed : int
    equations : bool
        Whether to write the component's implicit equations (False past the equation
        budget of :func:`symrg.fixedpoints.budget.equations_omitted`, as for families:
        they took minutes at 665 couplings); the point's ``equations`` are then empty.

    Returns
    -------
    ZeroWeightPoint or None
        None when no orbit weight vanishes identically (the component is not at
        infinity) or no sample with exactly the vanishing weights zero was drawn.

    Raises
    ------
    ArithmeticError
        The exact check of Eq. 28 or the spectrum check fails (a bug, never input).
    """
    from .linearize import linearize_weights
    zeros, rng = vanishing_orbits(model, comp, seed)
    if not zeros:
        return None
    values, how = _sample(model, comp, zeros, rng)
    if values is None:
        return None
    if not verify_point(model, values):
        raise ArithmeticError(f"zero-weight component {comp.block_ranks}: exact check of "
                              f"E (M E)^(p-1) = kappa E failed")
    E = _weights(model, values)
    lin = linearize_weights(model, E, digits=digits)
    check_spectrum(lin.eigenvalues, model.scale, digits)
    physical = all(sympy.sympify(x).is_real and sympy.sympify(x) >= 0 for x in E)
    return ZeroWeightPoint(E, tuple(sorted(zeros)), comp.dimension, comp.rank,
                           comp.multiplicities, comp.block_ranks, bool(physical),
                           how + "; E (M E)^(p-1) = kappa E checked exactly",
                           lin, _equations(model, comp) if equations else [])


def _equations(model, comp):
    if comp.dimension == 0:
        return []
    from .equations import component_equations, to_weight_exprs
    return to_weight_exprs(model, component_equations(model, comp))


def inverse_point(model: Model, *, digits: int = 50):
    """``E* = Omega^{-T}`` as a :class:`ZeroWeightPoint` when it has a zero weight, else None.

    For a square invertible ``M = Omega^T``, ``E M E = E`` at ``E = M^{-1}`` (and
    ``E (M E)^(p-1) = E`` for every p); it is G-invariant because M is.  Used by the
    numeric search, which has no block classification.
    """
    from .linearize import linearize_weights
    M = sympy.Matrix(count_matrix(model).T)
    if M.rows != M.cols or M.rank() < M.rows:
        return None
    E = normalize_weights(M.inv())
    orbits = coupling_basis(model).pair_orbits
    zeros = tuple(o for o, orbit in enumerate(orbits) if E[orbit[0]] == 0)
    if not zeros:
        return None
    lin = linearize_weights(model, E, digits=digits)
    check_spectrum(lin.eigenvalues, model.scale, digits)
    physical = all(x >= 0 for x in E)
    return ZeroWeightPoint(E, zeros, 0, M.rows, (M.rows,) + (0,) * (model.scale - 2), {},
                           bool(physical), "exact: E = Omega^-T (rational), E (M E)^(p-1) = E "
                           "checked by linearize_weights", lin, [])
