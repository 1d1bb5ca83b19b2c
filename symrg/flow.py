"""RG trajectories and flow fields in the exponentiated couplings (Fig. 4-5 of Lee, Lee & Yi).

One RG step maps ``x = (exp(K_1), ...)`` to ``x'`` through the bond weights:
x -> E(x) -> E (M E)^(p-1) -> x' (Eq. 27 in the coordinates of Eq. 33).  Trajectories
iterate this exactly (sympy Rationals) or at mpmath precision; flow fields sample the
displacement ``R(K) - K`` on a grid of a coordinate plane (the arrows of Fig. 4-5).
"""

from dataclasses import dataclass


import mpmath
import sympy

from .counting import count_matrix
from .couplings import coupling_basis
from .decimation import decimate
from .errors import ConvergenceError, ModelError
from .fixedpoints import check_digits, couplings_from_weights, weights_from_couplings
from .model import Model

__all__ = ["rg_step", "rg_trajectory", "Trajectory", "FlowField", "flow_field"]


def _coupling_name(model, key, where):
    names = coupling_basis(model).names
    name = key[4:] if isinstance(key, str) and key.startswith("exp_") else key
    if name not in names:
        raise ModelError(f"{where}: unknown coupling {key!r}; expected one of "
                         f"{', '.join('exp_' + n for n in names)}")
    return name


def _normalise_point(model, values, where):
    names = coupling_basis(model).names
    point = {}
    for key, v in values.items():
        point[_coupling_name(model, key, where)] = sympy.sympify(v)
    missing = [n for n in names if n not in point]
    if missing:
        raise ModelError(f"{where}: missing value for exp_{missing[0]}")
    return {n: point[n] for n in names}


def rg_step(model: Model, couplings: dict) -> dict:
    """One exact RG step ``{name: exp(K)} -> {name: exp(K')}`` (Eq. 27).

    Raises
    ------
    ConvergenceError
        When a renormalized weight vanishes (the map is undefined there).

    Examples
    --------
    >>> from symrg.model import paper_model
    >>> rg_step(paper_model(), {"A": 2, "B": 1, "C": 1})
    {'A': 40/39, 'B': 13/8, 'C': 3/2}
    """
    E = weights_from_couplings(model, couplings)
    F = decimate(E, count_matrix(model), model.scale)
    zero = next(((i, j) for i in range(F.rows) for j in range(F.cols) if F[i, j] == 0), None)
    if zero is not None:
        raise ConvergenceError(f"couplings {couplings}: renormalized weight E'[{zero[0]},"
                               f"{zero[1]}] vanishes (infinite coupling); the map is undefined")
    return couplings_from_weights(model, F)


class Trajectory(list):
    """The points of :func:`rg_trajectory` (a list of ``{name: e^K}`` dicts) with ``.plot()``."""

    def plot(self, plane=None, *, title=None):
        """The trajectory in a coordinate plane (default: the first two couplings).

        Returns the matplotlib figure (shown inline in Jupyter).
        """
        from .plots.flows import plot_trajectory
        if plane is None:
            plane = tuple(f"exp_{k}" for k in list(self[0])[:2]) if self else ("exp_A", "exp_B")
        return plot_trajectory(list(self), plane, title=title)


def rg_trajectory(model: Model, start: dict, steps: int, *, digits=None,
                  physical: bool = False) -> list:
    """Iterate the RG map from ``start`` ({name or exp_name: exp value}).

    Parameters
    ----------
    steps : int
        Number of RG steps (the result has ``steps + 1`` points).
    digits : int, optional
        If given, iterate in mpmath at this precision; otherwise exactly.
    physical : bool
        Require all starting weights real and positive.

    Raises
    ------
    ModelError
        Unknown coupling names, a bad ``steps``, or non-positive weights with
        ``physical=True``.

    Examples
    --------
    >>> from symrg.model import paper_model
    >>> [p["A"] for p in rg_trajectory(paper_model(), {"A": 2, "B": 1, "C": 1}, 2)]
    [2, 40/39, 125549/125545]
    """
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 0:
        raise ModelError(f"steps: expected a non-negative integer, got {steps!r}")
    point = _normalise_point(model, start, "start")
    if physical:
        E = weights_from_couplings(model, point)
        bad = next((e for e in E if not (e.is_real and e.is_positive)), None)
        if bad is not None:
            raise ModelError(f"start: physical=True needs positive weights, got weight {bad} "
                             f"from {start}")
    if digits is not None:
        check_digits(digits)
        with mpmath.workdps(digits + 10):
            point = {k: sympy.Float(sympy.N(v, digits + 10), digits + 10) for k, v in point.items()}
    out = [point]
    for _ in range(steps):
        point = rg_step(model, point)
        if digits is not None:
            point = {k: sympy.N(v, digits + 10) for k, v in point.items()}
        out.append(point)
    if digits is not None:
        out = [{k: sympy.N(v, digits) for k, v in p.items()} for p in out]
    return Trajectory(out)


@dataclass(frozen=True)
class FlowField:
    """Arrows ``(x, y, dx, dy)`` of the displacement R(K) - K in a coordinate plane.

    Attributes
    ----------
    plane : tuple of str
        The two ``exp_`` coordinates.
    fixed : dict
        Values of the other exponentiated couplings.
    arrows : list of tuple
        ``(x, y, dx, dy)`` as exact sympy numbers; grid points where the map is
        undefined are left out (listed in ``skipped``).
    skipped : list of tuple
    """

    plane: tuple
    fixed: dict
    arrows: list
    skipped: list

    def plot(self, *, title=None):
        """The field as arrows in its plane; returns the matplotlib figure.

        Arrows are scaled so the longest is 0.9 grid spacings (as in the reports).
        """
        from .plots.flows import plot_flow
        with mpmath.workdps(20):
            rows = [[mpmath.nstr(mpmath.mpf(sympy.N(v, 20)), 8) for v in arrow]
                    for arrow in self.arrows]
            xs = sorted({sympy.N(a[0], 20) for a in self.arrows})
            spacing = (xs[1] - xs[0]) if len(xs) > 1 else 1
            longest = self.longest()
            scale = None if longest == 0 else mpmath.nstr(0.9 * mpmath.mpf(spacing) / longest, 6)
        entry = {"plane": list(self.plane), "rows": rows, "arrow_scale": scale,
                 "fixed": {k: str(v) for k, v in self.fixed.items()}}
        return plot_flow(entry, title=title)

    def longest(self):
        """Largest arrow length (mpmath, 15 digits), 0 for an empty field."""
        with mpmath.workdps(15):
            return max([mpmath.sqrt(mpmath.mpf(sympy.N(dx ** 2 + dy ** 2, 20)))
                        for _, _, dx, dy in self.arrows] + [mpmath.mpf(0)])


def flow_field(model: Model, plane=("exp_A", "exp_B"), fixed=None,
               ranges=((0, 2), (0, 2)), grid=(11, 11)) -> FlowField:
    """The RG displacement field R(K) - K on a grid of one coordinate plane (Fig. 4-5).

    Parameters
    ----------
    plane : pair of str
        Two coupling names (``"exp_A"`` or ``"A"``).
    fixed : dict
        Values of every other exponentiated coupling.
    ranges : pair of (lo, hi)
        Exact (rational) ranges of the two plane coordinates.
    grid : pair of int
        Number of grid points along each axis (>= 2).

    Raises
    ------
    ModelError
        Unknown or repeated coupling names, missing fixed values, bad grid.

    Examples
    --------
    >>> from symrg.model import paper_model
    >>> f = flow_field(paper_model(), ("exp_A", "exp_B"), {"exp_C": 1}, ((1, 2), (1, 2)), (2, 2))
    >>> f.arrows[0]
    (1, 1, 0, 0)
    """
    a, b = (_coupling_name(model, k, "plane") for k in plane)
    if a == b:
        raise ModelError(f"plane: expected two different couplings, got {plane!r}")
    if (not isinstance(grid, (tuple, list)) or len(grid) != 2
            or any(isinstance(n, bool) or not isinstance(n, int) or n < 2 for n in grid)):
        raise ModelError(f"grid: expected two integers >= 2, got {grid!r}")
    rest = {k: v for k, v in (fixed or {}).items()}
    (xlo, xhi), (ylo, yhi) = [(sympy.nsimplify(lo), sympy.nsimplify(hi)) for lo, hi in ranges]
    arrows, skipped = [], []
    for i in range(grid[0]):
        x = xlo + (xhi - xlo) * sympy.Rational(i, grid[0] - 1)
        for j in range(grid[1]):
            y = ylo + (yhi - ylo) * sympy.Rational(j, grid[1] - 1)
            point = _normalise_point(model, {**rest, a: x, b: y}, "fixed")
            try:
                image = rg_step(model, point)
            except ConvergenceError:
                skipped.append((x, y))
                continue
            arrows.append((x, y, sympy.cancel(image[a] - x), sympy.cancel(image[b] - y)))
    fixed_named = {f"exp_{k}": v for k, v in _normalise_point(
        model, {**rest, a: 0, b: 0}, "fixed").items() if k not in (a, b)}
    return FlowField((f"exp_{a}", f"exp_{b}"), fixed_named, arrows, skipped)
