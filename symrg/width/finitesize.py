r"""Finite-size exponents: local slopes and a power-law fit in the asymptotic window.

For a quantity that approaches its infinite-width value as
``d(N) = |v(N) - v_inf| ~ A N^(-a)`` (N -> infinity), the *local exponent* of two
consecutive widths N_k < N_{k+1} is

    a_k = -ln(d_{k+1} / d_k) / ln(N_{k+1} / N_k),

which equals a exactly for a pure power law and drifts towards a when corrections
(``A N^-a (1 + B N^-w + ...)``) are present.  A fit over all widths is not asymptotic
when v(N) is non-monotone at small N (chi(N) of the L = 2 chains), so
:func:`finite_size_fit` fits only the *asymptotic window*: the last ``window`` widths of
the longest tail on which ``v(N) - v_inf`` keeps one sign and ``d(N)`` strictly
decreases.  It reports that window, the excluded widths, every local exponent and the
exponents of successive windows across the tail (how stable the fitted exponent is).

This module is numerics on recorded values (mpmath, local precision); it derives nothing.
"""

from dataclasses import dataclass

import mpmath

from ..errors import ModelError

__all__ = ["FiniteSizeFit", "local_exponents", "asymptotic_tail", "finite_size_fit"]


def _points(widths, values, limit):
    """Sorted (N, v - limit) with distinct integer widths (ModelError otherwise)."""
    pairs = sorted(zip(widths, values), key=lambda p: p[0])
    if len({n for n, _ in pairs}) != len(pairs):
        raise ModelError("widths: expected distinct widths for a finite-size fit")
    return [(int(n), mpmath.mpf(v) - mpmath.mpf(limit)) for n, v in pairs]


def local_exponents(widths, values, limit=0, *, digits=30) -> list:
    """``[(N_k, N_{k+1}, a_k)]`` for consecutive widths (``a_k`` None where d vanishes).

    Examples
    --------
    >>> import mpmath
    >>> [(n, m, mpmath.nstr(a, 6)) for n, m, a in
    ...  local_exponents([2, 4, 8], [mpmath.mpf(1) / n for n in (2, 4, 8)])]
    [(2, 4, '1.0'), (4, 8, '1.0')]
    """
    with mpmath.workdps(digits):
        pts = _points(widths, values, limit)
        out = []
        for (n1, d1), (n2, d2) in zip(pts, pts[1:]):
            a = None
            if d1 != 0 and d2 != 0:
                a = -mpmath.log(abs(d2) / abs(d1)) / mpmath.log(mpmath.mpf(n2) / n1)
            out.append((n1, n2, a))
        return out


def asymptotic_tail(widths, values, limit=0, *, digits=30) -> list:
    """The widths of the longest tail where ``v - limit`` keeps one sign and ``|v - limit|``
    strictly decreases (ascending; one width when even the last pair fails)."""
    with mpmath.workdps(digits):
        pts = _points(widths, values, limit)
        if not pts:
            return []
        start = len(pts) - 1
        while start > 0:
            (_, d1), (_, d2) = pts[start - 1], pts[start]
            if d1 == 0 or d2 == 0 or (d1 > 0) != (d2 > 0) or not abs(d2) < abs(d1):
                break
            start -= 1
        return [n for n, _ in pts[start:]]


def _log_fit(pts):
    """Least squares of ln d = ln A - a ln N; returns (a, A)."""
    xs = [mpmath.log(n) for n, _ in pts]
    ys = [mpmath.log(abs(d)) for _, d in pts]
    mx, my = mpmath.fsum(xs) / len(xs), mpmath.fsum(ys) / len(ys)
    sxx = mpmath.fsum((x - mx) ** 2 for x in xs)
    slope = mpmath.fsum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    return -slope, mpmath.exp(my - slope * mx)


@dataclass(frozen=True)
class FiniteSizeFit:
    """``|v(N) - v_inf| ~ A N^-a`` fitted in the asymptotic window (module docstring).

    Attributes
    ----------
    exponent, amplitude : mpmath.mpf
        a and A from the window.
    window : tuple of int
        The widths fitted (the largest of the monotone tail).
    tail : tuple of int
        The monotone tail; widths before it are excluded as pre-asymptotic.
    excluded : tuple of int
    local : tuple of (int, int, mpf or None)
        Local exponents of all consecutive pairs (:func:`local_exponents`).
    windows : tuple of (tuple of int, mpf)
        Exponents of successive windows of the same size across the tail.
    """

    exponent: object
    amplitude: object
    window: tuple
    tail: tuple
    excluded: tuple
    local: tuple
    windows: tuple

    @property
    def drift(self):
        """Largest change of the exponent between successive windows (0 for one window)."""
        a = [w for _, w in self.windows]
        return max((abs(x - y) for x, y in zip(a, a[1:])), default=mpmath.mpf(0))

    @property
    def window_slopes(self):
        """Local exponents of the pairs inside the window."""
        return [a for n1, n2, a in self.local if n1 in self.window and n2 in self.window]


def finite_size_fit(widths, values, limit=0, *, window=3, digits=30) -> FiniteSizeFit:
    """Fit ``|v(N) - limit| ~ A N^-a`` over the asymptotic window only.

    Parameters
    ----------
    widths : iterable of int
    values : iterable of numbers
        v(N) at those widths.
    limit : number
        v_inf (e.g. chi_MF; 0 when v -> 0).
    window : int
        Number of the largest tail widths fitted (at least 2; fewer when the tail is
        shorter).
    digits : int

    Raises
    ------
    ModelError
        Fewer than two widths in the monotone tail (no asymptotic window).

    Examples
    --------
    >>> import mpmath
    >>> N = [1, 2, 4, 8, 16]
    >>> v = [1, mpmath.mpf("0.1")] + [3 * mpmath.mpf(n) ** -2 for n in N[2:]]   # rises at N=4
    >>> fit = finite_size_fit(N, v)
    >>> fit.window, fit.excluded, mpmath.nstr(fit.exponent, 8), mpmath.nstr(fit.amplitude, 8)
    ((4, 8, 16), (1, 2), '2.0', '3.0')
    """
    if window < 2:
        raise ModelError(f"window: expected at least 2 widths, got {window}")
    widths, values = list(widths), list(values)
    with mpmath.workdps(digits):
        pts = _points(widths, values, limit)
        tail = asymptotic_tail(widths, values, limit, digits=digits)
        if len(tail) < 2:
            raise ModelError(f"widths: |v(N) - v_inf| does not decrease monotonically over "
                             f"the largest widths ({', '.join(map(str, [n for n, _ in pts][-2:]))}); "
                             f"no asymptotic window to fit, add larger widths")
        tail_pts = pts[len(pts) - len(tail):]
        size = min(window, len(tail_pts))
        windows = tuple((tuple(n for n, _ in tail_pts[i:i + size]), _log_fit(tail_pts[i:i + size])[0])
                        for i in range(len(tail_pts) - size + 1))
        a, A = _log_fit(tail_pts[-size:])
        return FiniteSizeFit(a, A, tuple(n for n, _ in tail_pts[-size:]), tuple(tail),
                             tuple(n for n, _ in pts[:len(pts) - len(tail)]),
                             tuple(local_exponents(widths, values, limit, digits=digits)),
                             windows)
