r"""Monte Carlo check of Fig. 7 of Lee, Lee & Yi (Sec. V): G_h(r) of DNA and plain network.

Two Markov-chain Monte Carlo samplers for a deep chain of ``depth`` = M weight
layers W^(0..M-1), b^(0..M-1) of any small discrete :class:`~symrg.model.network.Model`.
Depth convention: ``h^(0) = x`` (``model.inputs``), hidden neurons h^(1..M-1), and
the output ``sigma^(M-1) = sigma(W^(M-1) h^(M-1) + b^(M-1))`` is compared with the
label y (``model.labels``) in the cost ``exp(-beta sum |y - sigma^(M-1)|^q)`` (Eq. 2,
5-7).  A configuration of one layer covers all N neurons and L data points.

DNA (Eq. 13-15)
    Degrees of freedom (W^(m), b^(m)) of every layer and the dynamic neurons h^(m),
    m = 1..M-1, with Boltzmann weight

        exp(-beta_v sum_{m=0}^{M-2} sum |h^(m+1) - sigma(W^(m) h^(m) + b^(m))|^q
            - beta sum |y - sigma^(M-1)|^q).

    One sweep is a checkerboard of exact heat-bath moves: first every layer's
    (W^(m), b^(m)) (they are conditionally independent given the neurons), then the
    h^(m) of even m, then of odd m (each conditionally independent given the rest).
    The conditional law of (W^(m), b^(m)) depends on it only through the
    sigma-configuration ``s = sigma(W^(m) h^(m) + b^(m))``; the heat-bath over all
    ``|V_W|^(N^2) |V_b|^N`` choices is therefore done *lumped*: draw s with
    probability proportional to ``Omega[h^(m), s] exp(-beta_v |h^(m+1) - s|^q)``
    (Omega of :func:`symrg.lattice.counting.count_matrix`), then (W, b) uniformly among the
    Omega[h^(m), s] choices producing s.  This is the same distribution, drawn in
    O(#sigma-configurations) work.  The neuron move uses the stored (W, b): h^(m) = c
    with weight ``exp(-beta_v |c - sigma^(m-1)|^q) exp(-beta_v |h^(m+1) - sigma(W^(m) c
    + b^(m))|^q)`` (the label term for m = M-1).

Plain network (Eq. 1, 5-7)
    Degrees of freedom (W, b) only, neurons computed by Eq. 1, weight exp(-beta C).
    A single-W Metropolis move changes every downstream neuron, so we use a local
    *collapsed* move instead.  Summing out (W, b) given the neurons, the neuron chain
    has weight ``prod_m Omega~[h^(m), h^(m+1)] exp(-beta |y - h^(M)|^q)`` with
    ``z = h^(M)`` the output and Omega~ the count matrix with sigma-configurations
    read as h-configurations (hence a :class:`~symrg.errors.ModelError` unless every
    activation output is an h value).  The move at m picks h^(m) = c with weight
    ``Omega~[h^(m-1), c] Omega~[c, h^(m+1)]`` (``Omega~[h^(M-1), c] exp(-beta |y -
    c|^q)`` at m = M), and then redraws (W^(m-1), b^(m-1)) and (W^(m), b^(m))
    uniformly among those consistent with (h^(m-1), h^(m), h^(m+1)).

    Why this samples exp(-beta C) over (W, b) exactly: fix every layer except m-1
    and m, and also fix the statistic h^(m+1) = sigma(W^(m) sigma(W^(m-1) h^(m-1) +
    b^(m-1)) + b^(m)).  Then every downstream neuron and hence C is fixed, so the
    target conditioned on (other layers, h^(m+1)) is *uniform* over the pairs of
    layers producing h^(m+1) from h^(m-1).  The move samples exactly that uniform
    law (c is drawn with probability proportional to the number of pairs passing
    through the intermediate neuron c, then a pair uniformly among those).  A draw
    from the target conditioned on a function of the state is a heat-bath move: it
    leaves exp(-beta C) invariant and is reversible.  At m = M it is the ordinary
    heat-bath on the last layer.  Because (W, b) given the neurons stay uniform and
    independent across layers after every move, the neuron chain is itself a Markov
    chain with the moves above; the redrawn (W, b) never influence a neuron
    observable and are not stored.  The neuron checkerboard (even m, then odd m)
    vectorises it.

Observables: the time average ``G_h(r) = <h^(m) h^(m+r)> - <h^(m)><h^(m+r)>`` (Eq. 35)
over positions m at least ``boundary`` layers from both ends, averaged over the
neurons i and data points l (same i, l at both ends), compared with the exact bulk
value of :func:`symrg.lattice.transfer.correlation_function`.  In the bulk <h^(m)> does not
depend on m or on the site, so the product of means is estimated by the square of
the site's mean over all bulk positions and sweeps (unbiased up to O(1/(sweeps x
positions)), whereas per-position means would bias G by O(tau / sweeps)).  Error
bars: jackknife over ``bins`` consecutive blocks of sweeps.  The integrated
autocorrelation time of the bulk mean neuron value uses Sokal's automatic window.

numpy is used here (and only here in the numeric layer) because the samplers update
10^4-layer chains: each checkerboard half-sweep is a handful of vectorised gathers
over all layers at once, which is what makes the paper's run take seconds.  Bond
weights are computed once from the exact distances at ``digits`` precision in
mpmath and rounded to float64; the Monte Carlo estimate is numerical by nature.
"""

import itertools
import math
import os
import time
from dataclasses import dataclass

import mpmath
import numpy as np
import sympy

from ..errors import ModelError, ModelTooLargeError
from ..lattice import transfer
from ..lattice.weights import distance
from ..model.network import Model, paper_model
from ..numerics import json_number
from ..progress import progress_bar

__all__ = [
    "DEFAULT_DISTANCES",
    "MonteCarloResult",
    "run_monte_carlo",
    "memory_estimate",
    "integrated_autocorrelation_time",
    "layer_output_table",
    "montecarlo_record",
    "PAPER_FIG7",
]

#: Distances r of Fig. 7 (0 to 30 layers).
DEFAULT_DISTANCES = tuple(range(31))


# -- exact tables, rounded once to float64 ------------------------------------------
def layer_output_table(model: Model) -> np.ndarray:
    """``F[k, c]``: index (in ``model.sigma_states``) of ``sigma(W h_c + b)``.

    ``k`` runs over every (W, b) of one layer (``(|V_W|^N |V_b|)^N`` choices, row
    by row) and ``c`` over ``model.h_states``.  Counting the k with ``F[k, c] = s``
    gives ``count_matrix(model)[c, s]`` (the (W, b) sum of Eq. 21).

    Examples
    --------
    >>> from symrg.model.network import paper_model
    >>> layer_output_table(paper_model()).T.tolist()
    [[0, 1, 0, 1], [0, 1, 1, 1]]
    """
    N, L, sites = model.width, model.data, model.sites
    act = model.activation.as_dict()
    position = {v: j for j, v in enumerate(model.sigma_values)}
    rows = list(itertools.product(itertools.product(model.W_values, repeat=N),
                                  model.b_values))
    R = np.empty((len(rows), len(model.h_states), L), dtype=np.int64)
    for kr, (w, b) in enumerate(rows):
        for c, h in enumerate(model.h_states):
            for l in range(L):
                pre = sum((w[j] * h[l * N + j] for j in range(N)), sympy.Integer(0)) + b
                R[kr, c, l] = position[act[pre]]
    n_rows, n_sig = len(rows), len(model.sigma_values)
    k = np.arange(n_rows ** N)
    F = np.zeros((n_rows ** N, len(model.h_states)), dtype=np.int64)
    for i in range(N):
        kr_i = (k // n_rows ** (N - 1 - i)) % n_rows
        for l in range(L):
            F += R[kr_i, :, l] * n_sig ** (sites - 1 - (l * N + i))
    return F


def _boltzmann(model, beta, rows, cols, digits):
    """``exp(-beta sum |a - b|^q)`` for configurations a in rows, b in cols (float64)."""
    with mpmath.workdps(digits):
        b = mpmath.mpf(str(sympy.N(beta, digits + 5)))
        out = [[float(mpmath.exp(-b * mpmath.mpf(str(sympy.N(distance(model, a, c),
                                                                  digits + 5)))))
                for c in cols] for a in rows]
    return np.array(out, dtype=np.float64)


def _cumulative(weights):
    """Normalised cumulative sums over the last axis, last column dropped (it is 1)."""
    cum = np.cumsum(weights, axis=-1)
    total = cum[..., -1:]
    cum = cum / np.where(total > 0, total, 1.0)
    return np.ascontiguousarray(cum[..., :-1])


def _draw(cum_rows, u):
    """Index j with ``cum[j-1] < u <= cum[j]`` per row; u in (0, 1] (exact zeros skipped)."""
    if cum_rows.shape[1] == 1:
        return (u > cum_rows[:, 0]).astype(np.intp)
    return np.count_nonzero(cum_rows < u[:, None], axis=1)


def _config(model, vectors):
    """The configuration tuple (site t = l N + i) of L vectors of length N."""
    return tuple(v for vec in vectors for v in vec)


@dataclass
class _Tables:
    """Sampling tables of one model at given beta, beta_v (float64, read-only)."""

    n_h: int
    values: np.ndarray          # (n_h, sites) neuron values of each h-configuration
    x: int                      # index of the input configuration
    F: np.ndarray = None        # (n_k, n_h) DNA: sigma index of sigma(W h + b)
    order: np.ndarray = None    # (n_h, n_k) k sorted by F[:, c]
    start: np.ndarray = None    # (n_h, n_s) first position of s in order[c]
    omega: np.ndarray = None    # (n_h, n_s) counts
    cum_k: np.ndarray = None    # (n_h, n_h + 1, n_s - 1) DNA (W, b) move given (h_m, h_m+1)
    cum_h: np.ndarray = None    # (n_s, n_k, n_h + 1, n_h - 1) DNA neuron move
    cum_p: np.ndarray = None    # (n_h, n_h + 1, n_h - 1) plain neuron move
    forward: np.ndarray = None  # (n_h, n_h - 1) plain: h^(m+1) given h^(m), no cost


def _base_tables(model):
    values = np.array([[float(v) for v in h] for h in model.h_states], dtype=np.float64)
    x = model.h_states.index(_config(model, model.inputs))
    return _Tables(len(model.h_states), values, x)


def _dna_tables(model, beta, beta_v, digits):
    """Tables of the DNA sampler (Eq. 13-15); label row n_h uses beta."""
    tab = _base_tables(model)
    F = layer_output_table(model)
    n_s = len(model.sigma_states)
    E = _boltzmann(model, beta_v, model.h_states, model.sigma_states, digits)
    y = _config(model, model.labels)
    ext = np.vstack([E, _boltzmann(model, beta, [y], model.sigma_states, digits)])
    omega = np.stack([np.bincount(F[:, c], minlength=n_s) for c in range(tab.n_h)])
    tab.F, tab.omega = F, omega
    tab.order = np.argsort(F.T, axis=1, kind="stable")
    tab.start = np.concatenate([np.zeros((tab.n_h, 1), np.int64),
                                np.cumsum(omega, axis=1)[:, :-1]], axis=1)
    tab.cum_k = _cumulative(omega[:, None, :] * ext[None, :, :])
    nxt = np.transpose(ext[:, F], (1, 0, 2))             # [k, b, c] = ext[b, F[k, c]]
    tab.cum_h = _cumulative(E.T[:, None, None, :] * nxt[None])
    return tab


def _plain_omega(model):
    """Omega~[c, c']: count matrix with sigma-configurations read as h-configurations.

    The plain chain's transfer matrix (:func:`symrg.lattice.transfer.plain_transfer_matrix`,
    which refuses models whose activation leaves the h values) as floats.
    """
    return np.array(transfer.plain_transfer_matrix(model).tolist(), dtype=np.float64)


def _plain_tables(model, beta, digits):
    """Tables of the collapsed plain-network sampler; row n_h is the label term."""
    tab = _base_tables(model)
    omega = _plain_omega(model)
    y = _config(model, model.labels)
    nxt = np.vstack([omega.T, _boltzmann(model, beta, [y], model.h_states, digits)])
    tab.cum_p = _cumulative(omega[:, None, :] * nxt[None, :, :])
    tab.forward = _cumulative(omega)
    return tab


# -- samplers -------------------------------------------------------------------------
class _DnaSampler:
    """Checkerboard heat-bath on (W^(m), b^(m)) and h^(m); state h[0..M], k[0..M-1].

    ``h[M]`` is a sentinel (index n_h) that selects the label row of the tables.
    """

    def __init__(self, tab, depth, rng):
        self.tab, self.M = tab, depth
        self.h = rng.integers(0, tab.n_h, size=depth + 1)
        self.h[0], self.h[depth] = tab.x, tab.n_h
        self.k = np.zeros(depth, dtype=np.int64)
        self.parities = [np.arange(1, depth, 2), np.arange(2, depth, 2)][::-1]
        self.updates_per_sweep = 2 * depth - 1
        self._update_layers(rng)

    def _update_layers(self, rng):
        tab, h, M = self.tab, self.h, self.M
        a = h[:M]
        s = _draw(tab.cum_k[a, h[1:]], 1.0 - rng.random(M))
        offset = (rng.random(M) * tab.omega[a, s]).astype(np.int64)
        self.k = tab.order[a, tab.start[a, s] + offset]

    def sweep(self, rng):
        self._update_layers(rng)
        tab, h, k = self.tab, self.h, self.k
        for m in self.parities:
            s_prev = tab.F[k[m - 1], h[m - 1]]
            h[m] = _draw(tab.cum_h[s_prev, k[m], h[m + 1]], 1.0 - rng.random(m.size))

    def neurons(self):
        """Neuron configuration indices h^(0..M-1)."""
        return self.h[:self.M]


class _PlainSampler:
    """Collapsed checkerboard heat-bath on h^(1..M) (z = h^(M)); sentinel h[M+1] = n_h."""

    def __init__(self, tab, depth, rng):
        self.tab, self.M = tab, depth
        # start from a forward pass with random (W, b): a network of non-zero weight
        self.h = np.empty(depth + 2, dtype=np.int64)
        self.h[0], self.h[depth + 1] = tab.x, tab.n_h
        u = 1.0 - rng.random(depth)
        for m in range(depth):
            self.h[m + 1] = int(np.count_nonzero(tab.forward[self.h[m]] < u[m]))
        self.parities = [np.arange(2, depth + 1, 2), np.arange(1, depth + 1, 2)]
        self.updates_per_sweep = depth

    def sweep(self, rng):
        tab, h = self.tab, self.h
        for m in self.parities:
            h[m] = _draw(tab.cum_p[h[m - 1], h[m + 1]], 1.0 - rng.random(m.size))

    def neurons(self):
        """Neuron configuration indices h^(0..M) (h^(M) is the output z)."""
        return self.h[:self.M + 1]


# -- input checks and the memory estimate ---------------------------------------------
def _integer(value, name, minimum):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ModelError(f"{name}: expected an integer >= {minimum}, got {value!r}")
    return int(value)


def _positive(value, name):
    """A positive real number as an exact sympy number (floats read as decimals)."""
    try:
        if isinstance(value, bool):
            raise TypeError
        if isinstance(value, float):
            x = sympy.Rational(repr(value)) if math.isfinite(value) else sympy.nan
        else:
            x = sympy.sympify(value, strict=True) if not isinstance(value, str) \
                else sympy.Rational(value)
    except (TypeError, ValueError, sympy.SympifyError):
        raise ModelError(f"{name}: expected a positive number, got {value!r}") from None
    if not (x.is_number and x.is_extended_real and x.is_positive and x.is_finite):
        raise ModelError(f"{name}: expected a positive number, got {value!r}")
    return x


def _distances(distances):
    try:
        items = tuple(distances)
    except TypeError:
        raise ModelError(f"distances: expected a list of integers >= 0, got {distances!r}") \
            from None
    bad = [d for d in items if isinstance(d, bool) or not isinstance(d, (int, np.integer))
           or d < 0]
    if not items or bad:
        raise ModelError(f"distances: expected a non-empty list of integers >= 0, got "
                         f"{(bad[0] if bad else list(items))!r}")
    return tuple(int(d) for d in items)


def _sizes(model, plain):
    """(n_h, n_sigma, n_k): configurations of one layer and (W, b) choices of one layer."""
    n_h = len(model.h_values) ** model.sites
    n_s = len(model.sigma_values) ** model.sites
    n_k = (len(model.W_values) ** model.width * len(model.b_values)) ** model.width
    return n_h, n_s, (0 if plain else n_k)


def memory_estimate(model: Model, *, depth, sweeps, distances=DEFAULT_DISTANCES,
                    plain=False, bins=100) -> int:
    """Bytes :func:`run_monte_carlo` would allocate (tables, chain state, time series).

    An upper estimate used to refuse a run before anything is allocated.

    Examples
    --------
    >>> from symrg.model.network import paper_model
    >>> memory_estimate(paper_model(), depth=10_000, sweeps=1000) < 10**8
    True
    """
    n_h, n_s, n_k = _sizes(model, plain)
    if plain:
        tables = 3 * 8 * n_h * (n_h + 1) * n_h
    else:
        tables = 8 * (2 * n_k * n_h + n_h * (n_h + 1) * n_s
                      + 3 * n_s * n_k * (n_h + 1) * n_h)
    per_layer = 8 * (8 + 3 * max(n_s, n_h) + 2 * model.sites + bins)
    series = 8 * sweeps * (len(tuple(distances)) + model.sites + 2)
    return tables + (depth + 2) * per_layer + series


def _available_memory():
    """Bytes of available physical memory, or 2 GiB when the system does not say."""
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return 2 ** 31


def _check_memory(model, depth, sweeps, distances, plain, bins, max_bytes):
    need = memory_estimate(model, depth=depth, sweeps=sweeps, distances=distances,
                           plain=plain, bins=bins)
    limit = _available_memory() // 2 if max_bytes is None else max_bytes
    if need > limit:
        raise ModelTooLargeError(
            f"depth {depth}: the Monte Carlo arrays would need about {need:,} bytes, more "
            f"than the limit of {limit:,} bytes (half the available memory unless "
            f"max_bytes= is given); reduce depth, sweeps or the model")
    return need


def _window(depth, plain, boundary, distances):
    """(first position, number of positions) of the bulk window of the neuron chain."""
    last = depth if plain else depth - 1
    boundary = depth // 8 if boundary is None else _integer(boundary, "boundary", 0)
    n = last - 2 * boundary - max(distances) + 1
    if n < 1:
        raise ModelError(
            f"distances: the largest distance {max(distances)} leaves no bulk position at "
            f"depth {depth} with boundary {boundary}; expected depth > 2*boundary + "
            f"{max(distances)}")
    return boundary, n


# -- measurement and error analysis ----------------------------------------------------
class _Series:
    """Per-sweep bulk averages a_t (per site), b_t(r), and a binned profile <h^(m)>."""

    def __init__(self, values, positions, window, distances, sweeps, bins):
        self.values, (self.lo, self.n), self.distances = values, window, distances
        sites = values.shape[1]
        self.a, self.b = np.empty((sweeps, sites)), np.empty((sweeps, len(distances)))
        self.bin_of = (np.arange(sweeps) * bins) // sweeps
        self.profile = np.zeros((bins, positions))
        self.norm = 1.0 / (self.n * sites)

    def record(self, t, neurons):
        X = self.values[neurons]
        self.profile[self.bin_of[t]] += X.mean(axis=1)
        lo, n = self.lo, self.n
        head = X[lo:lo + n]
        self.a[t] = head.mean(axis=0)
        flat = head.ravel()
        for j, r in enumerate(self.distances):
            self.b[t, j] = np.dot(flat, X[lo + r:lo + r + n].ravel()) * self.norm


def _jackknife(sums, counts, estimator):
    """Estimate and jackknife error of ``estimator(means)`` from per-bin sums."""
    total, n_total = sums.sum(axis=0), counts.sum()
    value = estimator(total / n_total)
    leave_out = [estimator((total - s) / (n_total - c)) for s, c in zip(sums, counts)]
    leave_out = np.array(leave_out)
    nb = len(counts)
    err = np.sqrt((nb - 1) / nb * ((leave_out - leave_out.mean(axis=0)) ** 2).sum(axis=0))
    return value, err


def integrated_autocorrelation_time(series, window_factor=5.0):
    """Integrated autocorrelation time with Sokal's automatic window.

    ``tau = 1/2 + sum_{t=1}^{W} rho(t)`` with the smallest W such that
    ``W >= window_factor * tau(W)``.  A constant series gives ``(0.5, 0)``.

    Returns
    -------
    (float, int)
        tau_int (in sweeps) and the window W.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.Generator(np.random.PCG64(1))
    >>> tau, _ = integrated_autocorrelation_time(rng.random(20000))
    >>> abs(tau - 0.5) < 0.05
    True
    """
    x = np.asarray(series, dtype=np.float64)
    x = x - x.mean()
    n = len(x)
    spectrum = np.fft.rfft(x, 2 * n)
    acf = np.fft.irfft(spectrum * np.conj(spectrum))[:n]
    if n < 2 or acf[0] <= 0:
        return 0.5, 0
    rho = acf / acf[0]
    tau = 0.5
    for w in range(1, n):
        tau += rho[w]
        if w >= window_factor * tau:
            return float(tau), w
    return float(tau), n - 1


@dataclass(frozen=True)
class MonteCarloResult:
    """Time-averaged bulk observables of one Monte Carlo run (see the module notes).

    Attributes
    ----------
    G, G_err : numpy.ndarray
        Connected correlation G_h(r) (Eq. 35) at ``distances`` and its jackknife error.
    mean_h, mean_h_err : float
        Bulk mean neuron value.
    profile, profile_err : numpy.ndarray
        Time average <h^(m)> at every neuron position m = 0.. (site-averaged).
    window : (int, int)
        First bulk position and number of positions averaged over.
    bins, bin_size, tau_int, tau_window
        Jackknife blocks, sweeps per block (smallest), integrated autocorrelation
        time (sweeps) of the bulk mean neuron value and its Sokal window.
    site_updates, update_seconds, elapsed
        Heat-bath updates of one layer block (an h^(m) or a (W^(m), b^(m))), time in
        the sweeps alone and in the whole run (sweeps + measurements).
    """

    model_name: str
    plain: bool
    depth: int
    sweeps: int
    thermalize: int
    seed: int
    beta: str
    beta_v: str
    distances: tuple
    G: np.ndarray
    G_err: np.ndarray
    mean_h: float
    mean_h_err: float
    profile: np.ndarray
    profile_err: np.ndarray
    window: tuple
    bins: int
    bin_size: int
    tau_int: float
    tau_window: int
    site_updates: int
    update_seconds: float
    elapsed: float

    @property
    def rate(self) -> float:
        """Site updates per second of the sweeps alone."""
        return self.site_updates / self.update_seconds if self.update_seconds > 0 else 0.0

    def __repr__(self):
        kind = "plain network" if self.plain else "DNA"
        head = ", ".join(f"G({r}) = {g:.4g} +- {e:.1g}"
                         for r, g, e in zip(self.distances[:3], self.G[:3], self.G_err[:3]))
        return (f"MonteCarloResult({self.model_name!r}, {kind}, depth {self.depth}, "
                f"{self.sweeps} sweeps, seed {self.seed}: {head}, ...; tau_int = "
                f"{self.tau_int:.2f} sweeps)")


def _analyse(series, sweeps, bins):
    counts = np.bincount(series.bin_of, minlength=bins).astype(np.float64)
    sums_a = np.stack([series.a[series.bin_of == j].sum(axis=0) for j in range(bins)])
    sums_b = np.stack([series.b[series.bin_of == j].sum(axis=0) for j in range(bins)])
    n_r = series.b.shape[1]
    joined = np.concatenate([sums_b, sums_a], axis=1)
    G, G_err = _jackknife(joined, counts,
                          lambda m: m[:n_r] - np.mean(m[n_r:] ** 2))
    mean, mean_err = _jackknife(sums_a, counts, lambda m: np.array([m.mean()]))
    profile, profile_err = _jackknife(series.profile, counts, lambda m: m)
    tau, window = integrated_autocorrelation_time(series.a.mean(axis=1))
    return dict(G=G, G_err=G_err, mean_h=float(mean[0]), mean_h_err=float(mean_err[0]),
                profile=profile, profile_err=profile_err, tau_int=tau, tau_window=window,
                bin_size=int(counts.min()))


# -- the run ------------------------------------------------------------------------------
def _sample(sampler, series, rng, thermalize, sweeps, label, progress):
    """Thermalise, then sweep and measure; returns (updates, update seconds).

    With ``progress`` a :func:`symrg.progress.progress_bar` counts the sweeps on stderr
    (drawn only on a terminal, like every symrg bar) and shows the update rate.
    """
    total = thermalize + sweeps
    updates, seconds = 0, 0.0
    with progress_bar(total, f"Monte Carlo ({label})", quiet=not progress,
                      unit="sweep") as bar:
        for t in range(total):
            start = time.perf_counter()
            sampler.sweep(rng)
            seconds += time.perf_counter() - start
            updates += sampler.updates_per_sweep
            if t >= thermalize:
                series.record(t - thermalize, sampler.neurons())
            bar.update()
            if (t + 1) % max(1, total // 10) == 0 and seconds > 0:
                bar.set_postfix_str(f"{updates / seconds:.3g} site updates/s")
    return updates, seconds


def run_monte_carlo(model: Model, *, depth, sweeps, beta=1, beta_v=1, seed, thermalize=None,
                    distances=DEFAULT_DISTANCES, plain=False, boundary=None, bins=None,
                    progress=True, digits=50, max_bytes=None) -> MonteCarloResult:
    """Monte Carlo estimate of the bulk G_h(r) of the DNA or the plain network (Fig. 7).

    Parameters
    ----------
    model : Model
    depth : int
        Number M >= 3 of weight layers (the paper's run: 10^4).
    sweeps : int
        Measured sweeps (one sweep updates every layer once).
    beta, beta_v : positive number
        Inverse temperatures of the label term and of the DNA constraints (Eq. 13);
        beta_v is not used with ``plain=True``.
    seed : int
        Seed of ``numpy.random.Generator(PCG64(seed))``; same inputs, same result.
    thermalize : int, optional
        Sweeps discarded first; default ``max(10, sweeps // 10)``.
    distances : iterable of int
        Separations r of G_h(r).
    plain : bool
        Sample the plain network (collapsed move) instead of the DNA.
    boundary : int, optional
        Layers skipped at each end before averaging; default ``depth // 8``.
    bins : int, optional
        Number of jackknife blocks (2 <= bins <= sweeps); default
        ``min(100, max(2, sweeps // 20))`` (many blocks keep the error of the error
        small; blocks must stay much longer than tau_int).
    progress : bool
        Draw a progress bar of the sweeps on stderr (only when stderr is a terminal).
    digits : int
        mpmath precision of the bond weights before rounding to float64.
    max_bytes : int, optional
        Memory limit; default half the available memory.

    Returns
    -------
    MonteCarloResult

    Raises
    ------
    ModelError
        beta or beta_v <= 0, sweeps <= 0, depth < 3, bad distances or bins, or a plain
        network whose activation outputs are not all h values.
    ModelTooLargeError
        When the arrays would exceed the memory limit (checked before allocating).
    """
    depth, sweeps, seed = (_integer(v, name, low) for v, name, low in
                           ((depth, "depth", 3), (sweeps, "sweeps", 1), (seed, "seed", 0)))
    thermalize = max(10, sweeps // 10) if thermalize is None \
        else _integer(thermalize, "thermalize", 0)
    beta, beta_v = _positive(beta, "beta"), _positive(beta_v, "beta_v")
    distances = _distances(distances)
    bins = min(100, max(2, sweeps // 20)) if bins is None else _integer(bins, "bins", 2)
    if bins > sweeps:
        raise ModelError(f"bins: expected at most sweeps = {sweeps} blocks, got {bins}")
    window = _window(depth, plain, boundary, distances)
    if plain:
        _plain_omega(model)
    _check_memory(model, depth, sweeps, distances, plain, bins, max_bytes)
    tab = _plain_tables(model, beta, digits) if plain \
        else _dna_tables(model, beta, beta_v, digits)
    rng = np.random.Generator(np.random.PCG64(seed))
    sampler = (_PlainSampler if plain else _DnaSampler)(tab, depth, rng)
    series = _Series(tab.values, len(sampler.neurons()), window, distances, sweeps, bins)
    start = time.perf_counter()
    updates, seconds = _sample(sampler, series, rng, thermalize, sweeps,
                               "plain" if plain else "DNA", progress)
    elapsed, stats = time.perf_counter() - start, _analyse(series, sweeps, bins)
    return MonteCarloResult(
        model_name=model.name, plain=bool(plain), depth=depth, sweeps=sweeps,
        thermalize=thermalize, seed=seed, beta=str(beta), beta_v=str(beta_v),
        distances=distances, window=window, bins=bins, site_updates=updates,
        update_seconds=seconds, elapsed=elapsed, **stats)


# -- the record section "montecarlo" ----------------------------------------------------
#: What Fig. 7 of Lee, Lee & Yi shows (read off the figure; Sec. V text).
PAPER_FIG7 = {"G0_plain": 0.18, "G0_dna": 0.08, "plateau_plain": 0.03}


def _mc_str(x):
    """A double-precision measurement rounded to 8 significant digits (a JSON number)."""
    return float(mpmath.nstr(mpmath.mpf(float(x)), 8))


def _z_scores(mc, exact):
    """|MC - exact| / error per distance (inf where the error is 0 and they differ)."""
    diff = np.abs(mc.G - np.array([float(x) for x in exact]))
    return [d / e if e > 0 else (0.0 if d == 0 else math.inf) for d, e in zip(diff, mc.G_err)]


def _exact(model, distances, u, plain, digits):
    kwargs = {"plain": True} if plain else {"u": u}
    G = transfer.correlation_function(model, distances, digits=digits, **kwargs)
    xi = transfer.correlation_length(model, digits=digits, **kwargs)
    mean = transfer.mean_neuron(model, digits=digits, **kwargs)
    return G, xi, mean


def _is_paper_model(model):
    keep = lambda d: {k: v for k, v in d.items() if k not in ("name", "inputs", "labels")}
    return keep(model.to_dict()) == keep(paper_model().to_dict())


def _parameter(text):
    """beta or beta_v (stored as text) as a JSON number when exact rational, else the text."""
    try:
        return json_number(sympy.Rational(text))
    except (TypeError, ValueError):
        return text


def _rounded(x, n):
    """A float rounded to ``n`` significant digits (a JSON number; inf stays "inf")."""
    x = float(x)
    return float(f"{x:.{n}g}") if math.isfinite(x) else json_number(x)


def _fmt(x, n=3):
    return mpmath.nstr(mpmath.mpf(x), n)


def _verdict(section, suffix):
    z, t = section[f"max_abs_z{suffix}"], section["z_familywise"]
    if section[f"agrees{suffix}"]:
        return f"agrees with the exact bulk G_h(r) within 3 standard errors at every r " \
               f"(largest |z| = {z})"
    ok = "consistent" if section[f"consistent{suffix}"] else "INCONSISTENT"
    return f"has some |z| > 3 against the exact bulk G_h(r) (largest {z}; at the family-wise " \
           f"1% threshold |z| <= {t} it is {ok})"


def _comparison_text(model, section, exact, exact_plain, settings):
    """Plain-language comparison with the description of Fig. 7 (Sec. V)."""
    (G, xi, _), fig = exact, PAPER_FIG7
    lines = []
    if not (_is_paper_model(model) and str(settings["beta"]) == "1"
            and str(settings["beta_v"]) == "1"):
        lines.append("Fig. 7 of the paper concerns the toy model of Sec. IV at beta = "
                     "beta_v = 1; this record's model or temperatures differ, so its numbers "
                     "are not directly comparable with the figure.")
    lines.append(f"DNA: the Monte Carlo {_verdict(section, '')}. Exact G_h(0) = {_fmt(G[0])}, "
                 f"correlation length xi = {_fmt(xi)} (G falls by a factor "
                 f"{_fmt(mpmath.exp(-1 / xi) if xi > 0 else 0)} per layer); Fig. 7 shows "
                 f"G_h(0) of about {fig['G0_dna']} for the DNA and a slow decay.")
    if exact_plain is not None:
        (Gp, xip, _), n_k = exact_plain, _sizes(model, False)[2]
        lines.append(
            f"Plain network: the Monte Carlo {_verdict(section, '_plain')}. In the bulk its "
            f"neurons form a Markov chain with transition matrix (count matrix) / {n_k}, so "
            f"G_h(r) decays geometrically: exact G_h(0) = {_fmt(Gp[0])}, xi = {_fmt(xip)}, "
            f"G_h(5) = {_fmt(Gp[min(5, len(Gp) - 1)])}. It cannot plateau: Fig. 7's G_h(0) "
            f"of about {fig['G0_plain']} and plateau at about {fig['plateau_plain']} are not "
            f"reproduced by the equilibrium of the stated system (a plateau would point to an "
            f"unequilibrated run or a different estimator; the paper does not say which).")
        lines.append(
            f"'Close resemblance': at beta_v = {settings['beta_v']} both systems are "
            f"short-ranged with G_h(0) differing by {_fmt(100 * abs(G[0] - Gp[0]) / Gp[0], 2)}"
            f"%, but the DNA correlations decay {'faster' if xi < xip else 'more slowly'} than "
            f"the plain network's, whereas Fig. 7 shows the DNA curve well below the plain one "
            f"at r = 0 and decaying more slowly.")
    return " ".join(lines)


def _system_fields(model, mc, exact, suffix, digits):
    G, xi, mean = exact
    z = _z_scores(mc, G)
    return {
        f"G_exact{suffix}": [json_number(g, digits) for g in G],
        f"G_mc{suffix}": [_mc_str(g) for g in mc.G],
        f"G_mc{suffix}_err": [_mc_str(e) for e in mc.G_err],
        f"xi_exact{suffix}": json_number(xi, digits),
        f"mean_h_exact{suffix}": json_number(mean, digits),
        f"mean_h_mc{suffix}": _mc_str(mc.mean_h),
        f"mean_h_mc{suffix}_err": _mc_str(mc.mean_h_err),
        f"max_abs_z{suffix}": _rounded(max(z), 3),
        f"agrees{suffix}": bool(max(z) <= 3),
        f"consistent{suffix}": bool(max(z) <= _familywise_z(len(z))),
    }


def _familywise_z(n, level=0.01):
    """Bonferroni threshold: P(some |z| > t among n standard normals) <= level."""
    with mpmath.workdps(30):
        return float(mpmath.sqrt(2) * mpmath.erfinv(1 - mpmath.mpf(level) / n))


def montecarlo_record(model: Model, *, depth=10_000, sweeps=4000, seed=20241017, beta=1,
                      beta_v=1, distances=DEFAULT_DISTANCES, bins=None, digits=50,
                      progress=True) -> dict:
    """The record section ``"montecarlo"``: Fig. 7 redone, Monte Carlo beside exact G_h(r).

    Runs :func:`run_monte_carlo` for the DNA and (when every activation output is
    an h value) the plain network, and compares both with the exact bulk values of
    :func:`symrg.lattice.transfer.correlation_function` (Eq. 35) at ``u = e^{beta_v}``.

    Returns
    -------
    dict
        Keys ``r``, ``G_exact``, ``G_mc``, ``G_mc_err``, ``G_exact_plain``,
        ``G_mc_plain``, ``G_mc_plain_err`` (lists of numeric strings; plain ones
        ``None`` when undefined), ``xi_exact[_plain]``, ``mean_h_exact[_plain]``,
        ``mean_h_mc[_plain][_err]``, ``max_abs_z[_plain]``, ``agrees[_plain]`` (every
        |z| <= 3), ``consistent[_plain]`` (every |z| <= ``z_familywise``, the Bonferroni
        threshold of family-wise level 1 %; with 31 distances a correct run has some
        |z| > 3 in roughly 10-20 % of seeds), ``tau_int`` {dna, plain}, ``bins``,
        ``bin_size``,
        ``window`` {first, positions}, ``site_updates`` {dna, plain}, ``settings``,
        ``comparison_with_paper`` and ``latex``.
    """
    distances = _distances(distances)
    beta_x, beta_v_x = _positive(beta, "beta"), _positive(beta_v, "beta_v")
    run = dict(depth=depth, sweeps=sweeps, beta=beta_x, beta_v=beta_v_x, seed=seed,
               distances=distances, bins=bins, progress=progress)
    dna = run_monte_carlo(model, **run)
    exact = _exact(model, distances, sympy.exp(beta_v_x), False, digits)
    section = {"r": list(distances)}
    section.update(_system_fields(model, dna, exact, "", digits))
    plain, exact_plain = None, None
    if all(v in model.h_values for v in model.sigma_values):
        plain = run_monte_carlo(model, plain=True, **run)
        exact_plain = _exact(model, distances, None, True, digits)
        section.update(_system_fields(model, plain, exact_plain, "_plain", digits))
    else:
        section.update({k: None for k in _system_fields(model, dna, exact, "_plain", digits)})
    settings = {"depth": dna.depth, "sweeps": dna.sweeps, "thermalize": dna.thermalize,
                "seed": dna.seed, "beta": _parameter(dna.beta),
                "beta_v": _parameter(dna.beta_v),
                "boundary": dna.window[0], "bins": dna.bins}
    section.update(
        tau_int={"dna": _rounded(dna.tau_int, 4), "plain": None if plain is None
                 else _rounded(plain.tau_int, 4)},
        bins=dna.bins, bin_size=dna.bin_size,
        window={"first": dna.window[0], "positions": dna.window[1]},
        site_updates={"dna": dna.site_updates,
                      "plain": None if plain is None else plain.site_updates},
        settings=settings)
    section["z_familywise"] = _rounded(_familywise_z(len(distances)), 4)
    section["paper_fig7"] = dict(PAPER_FIG7)
    section["comparison_with_paper"] = _comparison_text(model, section, exact, exact_plain,
                                                        settings)
    section["latex"] = _record_latex(section, beta_x, beta_v_x)
    return section


def _record_latex(section, beta, beta_v):
    xi = [None if x is None else sympy.latex(sympy.Float(x, 4))
          for x in (section["xi_exact"], section["xi_exact_plain"])]
    return {
        "definition": r"G_h(r) = \langle h^{(m)} h^{(m+r)} \rangle"
                      r" - \langle h^{(m)} \rangle \langle h^{(m+r)} \rangle",
        "settings": rf"M = {section['settings']['depth']},\quad \beta = "
                    rf"{sympy.latex(beta)},\quad \beta_v = {sympy.latex(beta_v)}",
        "u": sympy.latex(sympy.exp(beta_v)), "xi_exact": xi[0], "xi_exact_plain": xi[1],
    }
