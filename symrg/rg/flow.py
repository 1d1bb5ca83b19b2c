"""RG trajectories and flow fields in the exponentiated couplings (Fig. 4-5 of Lee, Lee & Yi).

One RG step maps ``x = (exp(K_1), ...)`` to ``x'`` through the bond weights:
x -> E(x) -> E (M E)^(p-1) -> x' (Eq. 27 in the coordinates of Eq. 33), with
``x'_k = prod_o E'[o]^{Vinv[k+1, o]}`` (principal-branch powers).  Trajectories and
flow fields are numerical evaluations of this exact map at a stated precision
(mpmath, ``digits`` significant digits); :func:`rg_step` and :func:`rg_trajectory`
iterate it exactly (sympy numbers) only when asked with ``exact=True``.

Couplings follow one convention (shared by the whole API): a key ``exp_<name>``
carries e^K, a bare ``<name>`` carries K.  Results are keyed ``exp_<name>`` (e^K).
"""

from dataclasses import dataclass

import mpmath
import sympy

from ..errors import ConvergenceError, ModelError, ModelTooLargeError
from ..lattice.counting import count_matrix
from ..model.network import Model
from ..numerics import check_digits, clean
from .couplings import coupling_basis
from .decimation import decimate
from .design import exponent_table, inverse_design

__all__ = ["rg_step", "rg_trajectory", "Trajectory", "FlowField", "flow_field",
           "MAX_EXACT_DIGITS"]

#: Guard digits of the numerical map.
_GUARD = 10

#: Largest numerator or denominator (in decimal digits, estimated from the bit length)
#: an exact trajectory may reach before it stops with an error: heights grow about
#: p-fold per step, so an exact trajectory is only for a few steps.
MAX_EXACT_DIGITS = 10 ** 5


def _coupling_name(model, key, where):
    names = coupling_basis(model).names
    name = key[4:] if isinstance(key, str) and key.startswith("exp_") else key
    if name not in names:
        raise ModelError(f"{where}: unknown coupling {key!r}; expected one of "
                         f"{', '.join('exp_' + n for n in names)}")
    return name


def _normalise_point(model, values, where):
    """``{name: e^K}`` (sympy) from keys ``exp_<name>`` (e^K) or ``<name>`` (K)."""
    names = coupling_basis(model).names
    point = {}
    for key, v in values.items():
        name = _coupling_name(model, key, where)
        value = sympy.sympify(v)
        point[name] = value if str(key).startswith("exp_") else sympy.exp(value)
    missing = [n for n in names if n not in point]
    if missing:
        raise ModelError(f"{where}: missing value for exp_{missing[0]}")
    return {n: point[n] for n in names}


def _exact_step(model, x):
    """One exact step on ``{name: e^K}`` (sympy), principal-branch powers."""
    from .charts import couplings_from_weights, weights_from_couplings
    E = weights_from_couplings(model, x)
    F = decimate(E, count_matrix(model), model.scale, model.parallel)
    zero = next(((i, j) for i in range(F.rows) for j in range(F.cols)
                 if sympy.cancel(F[i, j]) == 0), None)
    if zero is not None:
        raise ConvergenceError(f"couplings {x}: renormalized weight E'[{zero[0]},{zero[1]}] "
                               "vanishes (infinite coupling); the map is undefined")
    return couplings_from_weights(model, F)


class _NumericMap:
    """The map x -> x' evaluated in mpmath (call inside a workdps context)."""

    def __init__(self, model):
        basis = coupling_basis(model)
        self.model, self.names = model, basis.names
        self.table = exponent_table(model, basis)
        self.inv = inverse_design(basis)
        self.reps = [orbit[0] for orbit in basis.pair_orbits]
        self.counts = [[int(c) for c in count_matrix(model).row(i)]
                       for i in range(len(model.h_states))]

    def weights(self, x):
        def entry(vec):
            w = mpmath.mpf(1)
            for xk, m in zip(x, vec):
                if m:
                    w *= xk ** m if isinstance(m, int) else mpmath.power(xk, mpmath.mpf(
                        m.numerator) / m.denominator)
            return w
        return [[entry(vec) for vec in row] for row in self.table]

    def decimate(self, E):
        """Rows ``{i: E'[i, :]}`` of Eq. 21 for the rows of the pair-orbit representatives.

        Each row is pushed through the chain on its own, ``r <- (r Omega^T) E`` p - 1 times
        (two vector-matrix products per step, Omega^T E never formed), so a step costs
        O(rows n_h n_sigma) instead of O(n_h n_sigma^2): the rows of one h-orbit
        representative are all the map needs.
        """
        n_h, n_s = len(E), len(E[0])
        out = {}
        for i in sorted({i for i, _ in self.reps}):
            r = E[i]
            for _ in range(self.model.scale - 1):
                u = [mpmath.fsum(r[s] * c for s, c in enumerate(self.counts[hm]) if c)
                     for hm in range(n_h)]
                r = [mpmath.fsum(u[hm] * E[hm][t] for hm in range(n_h)) for t in range(n_s)]
            if self.model.parallel != 1:           # m branches: entrywise m-th power
                r = [x ** self.model.parallel for x in r]
            out[i] = r
        return out

    def __call__(self, x, digits):
        E = self.weights(x)
        F = self.decimate(E)
        Fabs = self.decimate([[abs(w) for w in row] for row in E])
        tol = mpmath.mpf(10) ** (-digits)
        values = []
        for i, j in self.reps:
            if abs(F[i][j]) <= tol * Fabs[i][j]:
                raise ConvergenceError(
                    f"couplings {[mpmath.nstr(v, 8) for v in x]}: renormalized weight "
                    f"E'[{i},{j}] vanishes (infinite coupling); the map is undefined")
            values.append(F[i][j])
        out = []
        for k in range(len(self.names)):
            y = mpmath.mpf(1)
            for c, v in zip(self.inv[k + 1], values):
                if c:
                    y *= v ** c if isinstance(c, int) else mpmath.power(
                        v, mpmath.mpf(c.numerator) / c.denominator)
            out.append(y)
        return out


def _to_mp(value):
    """An exact sympy number as mpf/mpc at the current precision (no string round trip)."""
    from ..lattice.transfer import _exact_to_mp
    return _exact_to_mp(sympy.sympify(value))


def rg_step(model: Model, couplings: dict, *, digits: int = 15, exact: bool = False) -> dict:
    """One RG step (Eq. 27): ``{exp_<name>: e^{K'}}`` from the couplings K.

    Parameters
    ----------
    model : Model
    couplings : dict
        ``exp_<name>`` keys carry e^K, bare ``<name>`` keys carry K.
    digits : int
        Significant digits of the numerical step (mpmath, with guard digits).
    exact : bool
        Iterate exactly (sympy numbers; rational in, rational out) instead.

    Returns
    -------
    dict
        ``{"exp_<name>": e^{K'}}``: mpmath numbers (mpf, or mpc for fictitious
        couplings), or sympy numbers with ``exact=True``.

    Raises
    ------
    ConvergenceError
        When a renormalized weight vanishes (the map is undefined there).

    Examples
    --------
    >>> from symrg.model.network import paper_model
    >>> rg_step(paper_model(), {"exp_A": 2, "exp_B": 1, "exp_C": 1}, exact=True)
    {'exp_A': 40/39, 'exp_B': 13/8, 'exp_C': 3/2}
    >>> mpmath.nstr(rg_step(paper_model(), {"exp_A": 2, "exp_B": 1, "exp_C": 1})["exp_A"], 12)
    '1.02564102564'
    """
    x = _normalise_point(model, couplings, "couplings")
    if exact:
        return {f"exp_{k}": v for k, v in _exact_step(model, x).items()}
    check_digits(digits, low=5)
    with mpmath.workdps(digits + _GUARD):
        y = _NumericMap(model)([_to_mp(v) for v in x.values()], digits)
    return {f"exp_{k}": _round(v, digits) for k, v in zip(x, y)}


def _round(v, digits):
    with mpmath.workdps(digits):
        return +v


class Trajectory(list):
    """The points of :func:`rg_trajectory` (a list of ``{exp_<name>: e^K}`` dicts) with ``.plot()``."""

    def plot(self, plane=None, *, title=None):
        """The trajectory in a coordinate plane (default: the first two couplings).

        Returns the matplotlib figure (shown inline in Jupyter).
        """
        from ..plots.flows import plot_trajectory
        if plane is None:
            plane = tuple(list(self[0])[:2]) if self else ("exp_A", "exp_B")
        return plot_trajectory(list(self), plane, title=title)


def _exact_height(point) -> int:
    """Decimal digits (from bit lengths) of the largest numerator or denominator."""
    bits = 0
    for v in point.values():
        for r in sympy.sympify(v).atoms(sympy.Rational):
            bits = max(bits, int(r.p).bit_length(), int(r.q).bit_length())
    return int(bits * 0.30103) + 1


def _no_bar(total=None, desc="", unit="it"):
    from ..progress import progress_bar
    return progress_bar(total, desc, quiet=True)


def _exact_trajectory(model, point, steps, progress):
    out = [point]
    for k in range(steps):
        try:
            out.append(_exact_step(model, out[-1]))
        except OverflowError:  # sympy's root extraction of a rational beyond float range
            raise ModelTooLargeError(
                f"exact trajectory: step {k + 1} takes a root of a rational too large for "
                f"exact root extraction; iterate numerically instead (without --exact; "
                f"exact=False in the API)") from None
        height = _exact_height(out[-1])
        if height > MAX_EXACT_DIGITS:
            raise ModelTooLargeError(
                f"exact trajectory: e^K at step {k + 1} has about {height} digits (limit "
                f"{MAX_EXACT_DIGITS}); iterate numerically instead (without --exact; "
                f"exact=False in the API)")
        progress.update()
    return out


def rg_trajectory(model: Model, start: dict, steps: int, *, digits: int = 15,
                  exact: bool = False, physical: bool = False, bar=None) -> list:
    """Iterate the RG map from ``start``: ``steps + 1`` points ``{exp_<name>: e^K}``.

    Parameters
    ----------
    start : dict
        ``exp_<name>`` keys carry e^K, bare ``<name>`` keys carry K.
    steps : int
        Number of RG steps (the result has ``steps + 1`` points).
    digits : int
        Working precision of the numerical iteration (mpmath significant digits);
        each point is returned rounded to ``digits``.
    exact : bool
        Iterate exactly (sympy numbers) instead; only when asked, since the heights
        of exact values grow about p-fold per step (stops with ModelTooLargeError
        beyond :data:`MAX_EXACT_DIGITS` digits).
    physical : bool
        Require all starting weights real and positive.
    bar : callable, optional
        Progress-bar factory ``bar(total, desc, unit)`` (:meth:`symrg.progress.Progress.bar`),
        advanced once per step.

    Returns
    -------
    list of dict
        ``{"exp_<name>": e^K}`` per point (mpmath numbers, sympy with ``exact=True``).

    Raises
    ------
    ModelError
        Unknown coupling names, a bad ``steps`` or ``digits``, or non-positive
        weights with ``physical=True``.
    ModelTooLargeError
        An exact trajectory whose values outgrow :data:`MAX_EXACT_DIGITS`.

    Examples
    --------
    >>> from symrg.model.network import paper_model
    >>> start = {"exp_A": 2, "exp_B": 1, "exp_C": 1}
    >>> [p["exp_A"] for p in rg_trajectory(paper_model(), start, 2, exact=True)]
    [2, 40/39, 125549/125545]
    >>> rg_trajectory(paper_model(), {"A": 0, "B": 0, "C": 0}, 1)[-1]["exp_A"]   # K = 0 is fixed
    mpf('1.0')
    """
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 0:
        raise ModelError(f"steps: expected a non-negative integer, got {steps!r}")
    point = _normalise_point(model, start, "start")
    if physical:
        from .charts import weights_from_couplings
        E = weights_from_couplings(model, point)
        bad = next((e for e in E if not (e.is_real and e.is_positive)), None)
        if bad is not None:
            raise ModelError(f"start: physical=True needs positive weights, got weight {bad} "
                             f"from {start}")
    if not exact:
        check_digits(digits, low=5)
    with (bar or _no_bar)(steps, "RG steps", "step") as progress:
        if exact:
            out = _exact_trajectory(model, point, steps, progress)
            return Trajectory({f"exp_{k}": v for k, v in p.items()} for p in out)
        with mpmath.workdps(digits + _GUARD):
            step = _NumericMap(model)
            xs = [[_to_mp(v) for v in point.values()]]
            for _ in range(steps):
                xs.append(step(xs[-1], digits))
                progress.update()
    return Trajectory({f"exp_{k}": _round(v, digits) for k, v in zip(point, x)} for x in xs)


def _plot_number(v):
    """An mpmath number of an arrow coordinate (mpmath or exact sympy), 20 digits."""
    return mpmath.mpf(v) if isinstance(v, mpmath.mpf) else mpmath.mpf(sympy.N(v, 20))


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
        ``(x, y, dx, dy)``: the grid point (exact sympy numbers) and the displacement
        (mpmath numbers at ``digits``, exact 0 under the noise rule of
        :func:`symrg.numerics.clean`); grid points where the map is undefined, or
        where the image is not real (principal roots of negative weights when the
        inverse design has fractional entries), are left out (listed in ``skipped``).
    skipped : list of tuple
    digits : int
        Precision of the displacements.
    """

    plane: tuple
    fixed: dict
    arrows: list
    skipped: list
    digits: int = 30

    def plot(self, *, title=None):
        """The field as arrows in its plane; returns the matplotlib figure.

        Arrows are scaled so the longest is 0.9 grid spacings (as in the reports).
        """
        from ..plots.flows import plot_flow
        with mpmath.workdps(20):
            rows = [[mpmath.nstr(_plot_number(v), 8) for v in arrow] for arrow in self.arrows]
            xs = sorted({_plot_number(a[0]) for a in self.arrows})
            spacing = (xs[1] - xs[0]) if len(xs) > 1 else 1
            longest = self.longest()
            scale = None if longest == 0 else mpmath.nstr(0.9 * mpmath.mpf(spacing) / longest, 6)
        entry = {"plane": list(self.plane), "rows": rows, "arrow_scale": scale,
                 "fixed": {k: str(v) for k, v in self.fixed.items()}}
        return plot_flow(entry, title=title)

    def longest(self):
        """Largest arrow length (mpmath, 15 digits), 0 for an empty field."""
        with mpmath.workdps(15):
            return max([mpmath.sqrt(abs(mpmath.mpmathify(dx)) ** 2
                                    + abs(mpmath.mpmathify(dy)) ** 2)
                        for _, _, dx, dy in self.arrows] + [mpmath.mpf(0)])


def _grid(lo, hi, n):
    lo, hi = sympy.nsimplify(lo), sympy.nsimplify(hi)
    return [lo + (hi - lo) * sympy.Rational(i, n - 1) for i in range(n)]


def flow_field(model: Model, plane=("exp_A", "exp_B"), fixed=None,
               ranges=((0, 2), (0, 2)), grid=(11, 11), *, digits: int = 30) -> FlowField:
    """The RG displacement field R(K) - K on a grid of one coordinate plane (Fig. 4-5).

    Evaluates the exact map numerically (mpmath at ``digits``), never with exact
    rational powers.

    Parameters
    ----------
    plane : pair of str
        Two coupling names (``"exp_A"`` or ``"A"``); the plane's coordinates are
        the exponentiated couplings e^K.
    fixed : dict
        Values of every other coupling (``exp_<name>``: e^K, or ``<name>``: K).
    ranges : pair of (lo, hi)
        Exact (rational) ranges of the two plane coordinates.
    grid : pair of int
        Number of grid points along each axis (>= 2).
    digits : int
        Precision of the displacements (mpmath significant digits).

    Raises
    ------
    ModelError
        Unknown or repeated coupling names, missing fixed values, bad grid.

    Examples
    --------
    >>> from symrg.model.network import paper_model
    >>> f = flow_field(paper_model(), ("exp_A", "exp_B"), {"exp_C": 1}, ((1, 2), (1, 2)), (2, 2))
    >>> f.arrows[0]
    (1, 1, 0, 0)
    >>> f.arrows[2][:2], [mpmath.nstr(v, 10) for v in f.arrows[2][2:]]   # 40/39 - 2, 13/8 - 1
    ((2, 1), ['-0.9743589744', '0.625'])
    """
    a, b = (_coupling_name(model, k, "plane") for k in plane)
    if a == b:
        raise ModelError(f"plane: expected two different couplings, got {plane!r}")
    if (not isinstance(grid, (tuple, list)) or len(grid) != 2
            or any(isinstance(n, bool) or not isinstance(n, int) or n < 2 for n in grid)):
        raise ModelError(f"grid: expected two integers >= 2, got {grid!r}")
    check_digits(digits, low=5)
    rest = {k: v for k, v in (fixed or {}).items()}
    base = _normalise_point(model, {**rest, f"exp_{a}": 1, f"exp_{b}": 1}, "fixed")
    names = list(base)
    xs, ys = _grid(*ranges[0], grid[0]), _grid(*ranges[1], grid[1])
    arrows, skipped = [], []
    with mpmath.workdps(digits + _GUARD):
        step = _NumericMap(model)
        point = {n: _to_mp(v) for n, v in base.items()}
        for x in xs:
            for y in ys:
                point[a], point[b] = _to_mp(x), _to_mp(y)
                try:
                    image = step([point[n] for n in names], digits)
                except ConvergenceError:
                    skipped.append((x, y))
                    continue
                dx = clean(image[names.index(a)] - point[a], digits)
                dy = clean(image[names.index(b)] - point[b], digits)
                if isinstance(dx, mpmath.mpc) or isinstance(dy, mpmath.mpc):
                    skipped.append((x, y))   # the image leaves the real plane
                    continue
                arrows.append((x, y, dx, dy))
    fixed_named = {f"exp_{k}": v for k, v in base.items() if k not in (a, b)}
    return FlowField((f"exp_{a}", f"exp_{b}"), fixed_named, arrows, skipped, digits)
