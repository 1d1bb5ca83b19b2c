"""Transfer matrices along depth: bulk <h>, G_h(r) and the correlation length.

The DNA chain along depth (Eq. 14 of Lee, Lee & Yi) alternates a layer's weights
and a bond:

    h^(m) --(W^(m), b^(m): counts Omega)--> sigma^(m) --(bond E[h^(m+1), sigma^(m)])--> h^(m+1),

so summing the (W, b) and sigma of one layer gives the transfer matrix on
h-configurations

    T[h, h'] = sum_s Omega[h, s] E[h', s],   i.e.   T = Omega E^T.

The plain network (the beta_v -> infinity limit of Eq. 13, neurons computed by
Eq. 1, W and b uniform in the bulk) has ``E -> delta(h, s)`` and therefore
``T_plain[h, h'] = Omega[h, s = h']``.

Bulk (infinite-depth) expectations use the Perron eigenvalue lambda_1 of T with
left and right eigenvectors l, r normalised by ``l r = 1``.  With F_t the diagonal
matrix of the value of site t (neuron i, data point l, t = l N + i) and
``P = r l``, ``D = T / lambda_1 - P``:

    <h_t>      = l F_t r,
    G_t(0)     = l F_t^2 r - (l F_t r)^2,
    G_t(r)     = l F_t D^r F_t r            (r >= 1),

the connected correlation of Eq. 35, averaged over the sites t.  The correlation
length of Eq. 36 is ``xi = 1 / ln|lambda_1 / lambda_2|`` (0 when lambda_2 = 0: the
connected correlation then vanishes identically beyond a finite distance).

Numerics run in mpmath at the caller's ``digits`` (plus guard digits) inside
``mpmath.workdps``; every eigenvector is checked by its residual.
"""

from functools import lru_cache

import mpmath
import sympy

from ..errors import ConvergenceError, ModelError, SymRGError
from ..model.network import Model
from ..numerics import clean, decimal_string, is_nilpotent, json_number, noise_tolerance
from .chainstructure import bulk_vectors, chain_structure
from .counting import count_matrix
from .weights import U, distance, dna_bond_weights

__all__ = ["CorrelationFunction", "transfer_structure", "matrix_chain",
    "transfer_matrix",
    "plain_transfer_matrix",
    "plain_is_defined",
    "correlation_function",
    "mean_neuron",
    "correlation_length",
    "correlation_record",
]


# -- exact transfer matrices ---------------------------------------------------------
def _check_shape(model: Model, weights):
    n_h, n_s = len(model.h_states), len(model.sigma_states)
    if weights.shape != (n_h, n_s):
        raise ModelError(
            f"weights: expected an {n_h} x {n_s} matrix (h-configurations x "
            f"sigma-configurations), got shape {weights.shape[0]} x {weights.shape[1]}")


def transfer_matrix(model: Model, weights=None) -> sympy.ImmutableMatrix:
    """The DNA transfer matrix ``T = Omega E^T`` on h-configurations (Eq. 14, 18).

    Parameters
    ----------
    model : Model
    weights : matrix (n_h x n_sigma), optional
        Bond weights E; default the bare DNA weights ``u^(-sum|h - s|^q)`` at the
        symbol ``u = e^{beta_v}`` (Eq. 23).  Any numeric or symbolic matrix is
        accepted, e.g. ``coupling_basis(model).weights({...})`` (Eq. 26).

    Returns
    -------
    sympy.ImmutableMatrix
        ``T[h, h'] = sum_s Omega[h, s] E[h', s]``, rows and columns in the order of
        ``model.h_states``.

    Examples
    --------
    >>> from symrg.model.network import paper_model
    >>> transfer_matrix(paper_model())
    Matrix([
    [2 + 2/u, 2 + 2/u],
    [1 + 3/u, 3 + 1/u]])
    """
    E = dna_bond_weights(model, U) if weights is None else sympy.ImmutableMatrix(weights)
    _check_shape(model, E)
    return sympy.ImmutableMatrix(count_matrix(model) * E.T)


def plain_is_defined(model: Model) -> bool:
    """Whether every activation output is an h value (needed by the plain chain)."""
    return all(v in model.h_values for v in model.sigma_values)


def plain_transfer_matrix(model: Model) -> sympy.ImmutableMatrix:
    """The plain-network transfer matrix ``T_plain[h, h'] = Omega[h, s = h']``.

    This is the beta_v -> infinity limit of :func:`transfer_matrix` (Eq. 13): the
    bond weight tends to ``delta(h, s)``.

    Raises
    ------
    ModelError
        When some activation output is not an h value (the computed neuron could
        not be the next layer's input).

    Examples
    --------
    >>> from symrg.model.network import paper_model
    >>> plain_transfer_matrix(paper_model())
    Matrix([
    [2, 2],
    [1, 3]])
    """
    if not plain_is_defined(model):
        bad = [v for v in model.sigma_values if v not in model.h_values]
        raise ModelError(
            f"activation: output {bad[0]} is not one of values.h "
            f"{[str(v) for v in model.h_values]}; the plain chain is undefined")
    omega = count_matrix(model)
    column = {s: j for j, s in enumerate(model.sigma_states)}
    rows = [[omega[i, column[h2]] if h2 in column else 0 for h2 in model.h_states]
            for i in range(len(model.h_states))]
    return sympy.ImmutableMatrix(rows)


# -- numeric input normalisation -----------------------------------------------------
def _exact_to_mp(expr):
    """An exact sympy number as an mpf/mpc at the current precision (no string round trip).

    sympy's ``evalf`` hands over its binary mantissa (``_mpf_``), so any precision
    works (a decimal string would hit Python's int-string limit above ~4300 digits).
    """
    value = sympy.N(expr, mpmath.mp.dps + 5)
    re_part, im_part = value.as_real_imag()
    re_mp = mpmath.mpmathify(sympy.Float(re_part, mpmath.mp.dps + 5))
    if im_part == 0:
        return re_mp
    return mpmath.mpc(re_mp, mpmath.mpmathify(sympy.Float(im_part, mpmath.mp.dps + 5)))


def _to_mpf(value, where):
    """A positive real mpf from a number (sympy, mpmath or Python), else ModelError."""
    if isinstance(value, (mpmath.mpf, mpmath.mpc)) or hasattr(value, "_mpf_"):
        x = mpmath.mpmathify(value)
    else:
        expr = sympy.sympify(value)
        if expr.free_symbols:
            raise ModelError(f"{where}: expected a number, got the expression {expr}")
        x = _exact_to_mp(expr)
    if isinstance(x, mpmath.mpc):
        if abs(x.imag) > mpmath.eps * max(1, abs(x.real)) * 10:
            raise ModelError(f"{where}: expected a positive number, got {x}")
        x = x.real
    if not x > 0:
        raise ModelError(f"{where}: expected a positive number, got {mpmath.nstr(x, 15)}")
    return x


def _rational(x):
    """An exact number (rational, or irrational such as ``2**(1/2)``) as an mpf."""
    x = sympy.sympify(x)
    if x.is_Rational:
        return mpmath.mpf(int(x.p)) / int(x.q)
    return _exact_to_mp(x)


def _numeric_weights(model: Model, weights, u):
    """Bond weights as an mpmath matrix (positive entries checked)."""
    if u is not None:
        uu = _to_mpf(u, "u")
        return mpmath.matrix([[uu ** (-_rational(distance(model, h, s)))
                               for s in model.sigma_states] for h in model.h_states])
    if isinstance(weights, mpmath.matrix):
        rows = [[weights[i, j] for j in range(weights.cols)] for i in range(weights.rows)]
    else:
        rows = sympy.Matrix(weights).tolist()
    _check_shape(model, sympy.ImmutableMatrix(len(rows), len(rows[0]) if rows else 0,
                                              lambda i, j: 0))
    return mpmath.matrix([[_to_mpf(x, f"weights[{i}, {j}]") for j, x in enumerate(row)]
                          for i, row in enumerate(rows)])


def _numeric_transfer(model: Model, weights, u, plain):
    """The transfer matrix as an mpmath matrix at the current precision."""
    given = [name for name, v in (("weights", weights), ("u", u)) if v is not None]
    if plain:
        if given:
            raise ModelError(f"{given[0]}: not used with plain=True; drop it")
        return mpmath.matrix(plain_transfer_matrix(model).tolist())
    if len(given) != 1:
        raise ModelError("weights/u: give exactly one of weights= (numeric bond weights) "
                         f"or u= (DNA weights at u = e^beta_v), got {given or 'neither'}")
    E = _numeric_weights(model, weights, u)
    return mpmath.matrix(count_matrix(model).tolist()) * E.T


# -- Perron data ---------------------------------------------------------------------
def _perron(T, digits):
    """(lambda_1, |lambda_2|, l, r) of T, verified; call inside a workdps context.

    The spectrum comes from ``mpmath.eig`` (eigenvalues only); the Perron vectors
    from inverse iteration at the Perron eigenvalue, checked by their residuals.
    """
    n = T.rows
    ev = _eigenvalues(T) if n > 1 else [T[0, 0]]
    k = max(range(n), key=lambda j: abs(ev[j]))
    lam = ev[k]
    tol = mpmath.mpf(10) ** (-digits - 5)
    if abs(mpmath.im(lam)) > tol * abs(lam) or mpmath.re(lam) <= 0:
        raise ConvergenceError(f"transfer matrix: Perron eigenvalue is not real positive: {lam}")
    lam = mpmath.re(lam)
    lam2 = max((abs(ev[j]) for j in range(n) if j != k), default=mpmath.mpf(0))
    if lam2 >= lam * (1 - mpmath.mpf(10) ** (-(digits // 2))):
        raise ModelError(
            "transfer matrix: expected a simple dominant Perron eigenvalue (a unique bulk "
            f"state), got |lambda_2| / lambda_1 = {mpmath.nstr(lam2 / lam, 15)}")
    r = _null_vector(T, lam, tol)
    l = _null_vector(T.T, lam, tol)
    r = [x / mpmath.fsum(r) for x in r]
    l_r = mpmath.fsum(a * b for a, b in zip(l, r))
    l = [x / l_r for x in l]
    if min(r) < -tol or min(l) < -tol * max(abs(x) for x in l):
        raise ConvergenceError("transfer matrix: Perron eigenvectors are not non-negative")
    if n > 1 and _rest_is_nilpotent(_deflated(T, lam, l, r)):
        lam2 = mpmath.mpf(0)
    return lam, lam2, l, r


def _eigenvalues(T):
    """Eigenvalues of T by ``mpmath.eig``; when its QR iteration does not converge (a
    defective, e.g. nilpotent, part), again at twice then four times the working precision.

    Raises
    ------
    ConvergenceError
        When no precision converges (the section then fails alone).
    """
    for factor in (1, 2, 4):
        try:
            with mpmath.workdps(mpmath.mp.dps * factor):
                ev = mpmath.eig(T, left=False, right=False)
            return [+x for x in ev]                 # rounded back to the working precision
        except RuntimeError as exc:                 # mpmath: "qr: failed to converge"
            reason = exc
    raise ConvergenceError(f"transfer matrix ({T.rows} x {T.rows}): eigenvalues did not "
                           f"converge at {4 * mpmath.mp.dps} digits ({reason})")


def _null_vector(A, lam, tol):
    """Eigenvector of A at the simple eigenvalue lam by inverse iteration (residual checked)."""
    n = A.rows
    shift = lam * (1 + mpmath.mpf(10) ** (-(mpmath.mp.dps // 2)))
    M = A - shift * mpmath.eye(n)
    v = mpmath.matrix([1] * n)
    for _ in range(8):
        v = mpmath.lu_solve(M, v)
        v = v / mpmath.fsum(v)
        residual = mpmath.norm(A * v - lam * v, mpmath.inf)
        if residual <= tol * lam * mpmath.norm(v, mpmath.inf):
            return [v[i] for i in range(n)]
    raise ConvergenceError(
        f"transfer matrix: Perron eigenvector residual {mpmath.nstr(residual, 5)} exceeds "
        f"the tolerance {mpmath.nstr(tol, 3)}; raise digits")


def _deflated(T, lam, l, r):
    n = T.rows
    return mpmath.matrix([[T[i, j] / lam - r[i] * l[j] for j in range(n)] for i in range(n)])


def _rest_is_nilpotent(D):
    """Whether ``D = T / lambda_1 - r l`` is nilpotent, i.e. lambda_2 = 0 exactly
    (:func:`symrg.numerics.is_nilpotent`; xi < 2 / dps is misread as 0)."""
    n = D.rows
    norm_d = max(mpmath.norm(D, mpmath.inf), mpmath.mpf(1))
    return is_nilpotent(lambda v: D * v / norm_d,
                        mpmath.matrix([1 / (i + mpmath.sqrt(2)) for i in range(n)]),
                        lambda v: mpmath.norm(v, mpmath.inf), n, mpmath.mp.dps)


def _freeze(weights):
    """A hashable copy of a weight matrix (for the Perron-data cache)."""
    if weights is None:
        return None
    if isinstance(weights, mpmath.matrix):
        return ("mp",) + tuple(tuple(weights[i, j] for j in range(weights.cols))
                               for i in range(weights.rows))
    return sympy.ImmutableMatrix(weights)


def _thaw(frozen):
    if isinstance(frozen, tuple):
        return mpmath.matrix([list(row) for row in frozen[1:]])
    return frozen


def _chain(model, weights, u, plain, digits):
    """Cached, verified Perron data (one eigen-decomposition per distinct input)."""
    try:
        return _chain_cached(model, _freeze(weights), u, plain, digits)
    except TypeError:                     # unhashable u: compute without the cache
        return _Chain(model, weights, u, plain, digits)


@lru_cache(maxsize=32)
def _chain_cached(model, frozen, u, plain, digits):
    return _Chain(model, _thaw(frozen), u, plain, digits)


class _Chain:
    """Verified Perron data of a numeric transfer matrix."""

    def __init__(self, model, weights, u, plain, digits):
        self.digits = digits
        self.wp = _guard(digits)
        with mpmath.workdps(self.wp):
            self._setup(model, weights, u, plain, digits)

    def _setup(self, model, weights, u, plain, digits):
        site_values = [[_rational(h[t]) for h in model.h_states] for t in range(model.sites)]
        self._analyse(_numeric_transfer(model, weights, u, plain), site_values, digits,
                      "plain-network" if plain else "DNA")

    @classmethod
    def from_matrix(cls, T, site_values, digits, label="transfer-matrix"):
        """The chain of a nonnegative matrix with site observables ``site_values[t][i]``."""
        self = cls.__new__(cls)
        self.digits = digits
        self.wp = _guard(digits)
        with mpmath.workdps(self.wp):
            self._analyse(mpmath.matrix(T), [[_rational(x) for x in f] for f in site_values],
                          digits, label)
        return self

    def _analyse(self, T, site_values, digits, label):
        self.T, self.site_values, self.label = T, site_values, label
        self.structure = chain_structure(T, digits, _perron)
        kind = self.structure.kind
        if kind in ("nilpotent", "nested"):
            raise ModelError(self.structure.sentence(self.label))
        if kind == "primitive":
            top = self.structure.classes[self.structure.basic[0]]
            whole = len(top.states) == T.rows and top.period == 1
            self.lam, self.lam2, self.l, self.r = top.perron if whole else _perron(T, digits)
            self.bulk = None
        else:
            self.lam = self.structure.top
            self.bulk = bulk_vectors(T, self.structure, _null_vector)

    def mean(self):
        if self.bulk is not None:
            return self._bulk_mean()
        l, r = self.l, self.r
        per_site = [mpmath.fsum(l[i] * f[i] * r[i] for i in range(len(r)))
                    for f in self.site_values]
        return mpmath.fsum(per_site) / len(per_site)

    def correlations(self, distances):
        distances = list(distances)
        bad = [d for d in distances if not isinstance(d, int) or isinstance(d, bool) or d < 0]
        if bad:
            raise ModelError(f"distances: expected integers >= 0, got {bad[0]!r}")
        if self.bulk is not None:
            return self._bulk_correlations(distances)
        top = max(distances, default=0)
        D = _deflated(self.T, self.lam, self.l, self.r)
        n, l, r = self.T.rows, self.l, self.r
        table = [mpmath.mpf(0)] * (top + 1)
        for f in self.site_values:
            mean = mpmath.fsum(l[i] * f[i] * r[i] for i in range(n))
            table[0] += mpmath.fsum(l[i] * f[i] ** 2 * r[i] for i in range(n)) - mean ** 2
            vec = mpmath.matrix([f[i] * r[i] for i in range(n)])
            for dist in range(1, top + 1):
                vec = D * vec
                table[dist] += mpmath.fsum(l[i] * f[i] * vec[i] for i in range(n))
        sites = len(self.site_values)
        return [table[d] / sites for d in distances]

    def xi(self):
        """Eq. 36 ``1 / ln|lambda_1 / lambda_2|`` over the whole spectrum: inf for several top
        classes or a period (|lambda_2| = lambda_1); for a primitive chain lambda_2 may be
        the root of a transient class (how fast the chain forgets its input), while each
        class's own xi is in :attr:`structure`."""
        if self.bulk is not None:
            return mpmath.inf
        if self.lam2 == 0:
            return mpmath.mpf(0)
        return 1 / mpmath.log(self.lam / self.lam2)

    def _bulk_mean(self):
        a, b, Z = self.bulk
        per_site = [mpmath.fsum(a[i] * f[i] * b[i] for i in range(len(b))) / Z
                    for f in self.site_values]
        return mpmath.fsum(per_site) / len(per_site)

    def _bulk_correlations(self, distances):
        """Site-averaged ``a F_t (T / rho)^r F_t b / Z - <F_t>^2`` (see :func:`bulk_vectors`)."""
        a, b, Z = self.bulk
        n, top = self.T.rows, max(distances, default=0)
        Tn = self.T / self.lam
        table = [mpmath.mpf(0)] * (top + 1)
        for f in self.site_values:
            mean = mpmath.fsum(a[i] * f[i] * b[i] for i in range(n)) / Z
            vec = mpmath.matrix([f[i] * b[i] for i in range(n)])
            for dist in range(top + 1):
                if dist:
                    vec = Tn * vec
                table[dist] += mpmath.fsum(a[i] * f[i] * vec[i] for i in range(n)) / Z - mean ** 2
        sites = len(self.site_values)
        return [table[d] / sites for d in distances]


def matrix_chain(matrix, site_values, distances, *, digits=50):
    """Bulk G(r), xi, mean and class structure of any nonnegative transfer matrix.

    The matrix-level form of :func:`correlation_function`, :func:`correlation_length`
    and :func:`mean_neuron`: ``site_values[t][i]`` is the observable of site t in state
    i (each site's G is averaged, Eq. 35).  Chains that are periodic or have several top
    classes use the phase-averaged free-boundary bulk of
    :func:`symrg.lattice.chainstructure.bulk_vectors`.

    Returns
    -------
    tuple
        ``(G, xi, mean, structure)``: G a list of mpf (one per distance), xi and mean
        mpf, structure a :class:`~symrg.lattice.chainstructure.ChainStructure`.

    Raises
    ------
    ModelError
        A nilpotent chain, or one whose top classes lead into one another (no bulk).

    Examples
    --------
    >>> import mpmath
    >>> G, xi, mean, s = matrix_chain([[0, 4], [4, 0]], [[0, 1]], [0, 1, 2], digits=15)
    >>> [mpmath.nstr(g, 5) for g in G], xi, s.kind
    (['0.25', '-0.25', '0.25'], mpf('+inf'), 'periodic')
    """
    distances = list(distances)
    chain = _Chain.from_matrix(matrix, site_values, digits)
    with mpmath.workdps(chain.wp):
        values = chain.correlations(distances)
        xi, mean = chain.xi(), chain.mean()
    return ([_round(x, digits) for x in values], _round(xi, digits), _round(mean, digits),
            chain.structure)


def _guard(digits):
    if isinstance(digits, bool) or not isinstance(digits, int) or digits < 5:
        raise ModelError(f"digits: expected an integer >= 5, got {digits!r}")
    return digits + 20


def _round(x, digits):
    """Round an mpf to ``digits`` significant digits (a fresh mpf at that precision)."""
    with mpmath.workdps(digits):
        return +x


# -- public observables --------------------------------------------------------------
class CorrelationFunction(list):
    """Values of G_h(r) (a list of mpmath numbers) with their ``distances`` and ``.plot()``."""

    def __init__(self, values, distances, label="G_h"):
        super().__init__(values)
        self.distances = list(distances)
        self.label = label

    def plot(self):
        """Semilog plot of G_h(r) (zero values are listed, not drawn); returns the figure."""
        from ..plots.correlations import plot_correlations
        return plot_correlations({"r": self.distances, "G_dna": [str(v) for v in self],
                                  "G_plain": None}, max_r=max(self.distances + [0]),
                                 labels={"G_dna": self.label})


def correlation_function(model: Model, distances, *, weights=None, u=None, plain=False,
                         digits=50) -> list:
    """Connected bulk correlation ``G_h(r) = <h(m) h(m+r)> - <h>^2`` (Eq. 35).

    Averaged over neurons i and data points l (the same i, l at both ends), in an
    infinitely deep chain, from the Perron eigenvectors of the transfer matrix.

    Parameters
    ----------
    model : Model
    distances : iterable of int
        Depth separations r >= 0.
    weights : matrix (n_h x n_sigma), optional
        Positive numeric bond weights E.
    u : number, optional
        Use the DNA weights at this u = e^{beta_v} (e.g. ``mpmath.e`` for beta_v = 1).
    plain : bool
        Use the plain network (beta_v -> infinity, :func:`plain_transfer_matrix`).
    digits : int
        Significant digits of the result.

    Returns
    -------
    CorrelationFunction
        A list of mpmath.mpf (one per distance) with ``.plot()``.

    Raises
    ------
    ModelError
        Non-positive weights, a wrong shape, not exactly one of weights/u (or any
        with plain), or no unique bulk state.
    ConvergenceError
        When the eigenvectors fail their residual check.

    Examples
    --------
    >>> import mpmath
    >>> from symrg.model.network import paper_model
    >>> [mpmath.nstr(g, 10) for g in correlation_function(paper_model(), [0, 1], plain=True)]
    ['0.2222222222', '0.05555555556']
    """
    distances = list(distances)
    chain = _chain(model, weights, u, plain, digits)
    with mpmath.workdps(chain.wp):
        values = chain.correlations(distances)
    return CorrelationFunction([_round(x, digits) for x in values], distances,
                               "plain network" if plain else "DNA")


def mean_neuron(model: Model, *, weights=None, u=None, plain=False, digits=50):
    """Bulk mean neuron value ``<h>`` averaged over neurons and data points.

    Parameters as in :func:`correlation_function`.

    Examples
    --------
    >>> import mpmath
    >>> from symrg.model.network import paper_model
    >>> mpmath.nstr(mean_neuron(paper_model(), plain=True), 10)
    '0.6666666667'
    """
    chain = _chain(model, weights, u, plain, digits)
    with mpmath.workdps(chain.wp):
        value = chain.mean()
    return _round(value, digits)


def correlation_length(model: Model, *, weights=None, u=None, plain=False, digits=50):
    """Correlation length ``xi = 1 / ln|lambda_1 / lambda_2|`` (Eq. 36).

    lambda_1 is the Perron eigenvalue and lambda_2 the next largest in modulus;
    ``xi = 0`` when lambda_2 = 0 (correlations vanish beyond a finite distance).
    Parameters as in :func:`correlation_function`.

    Examples
    --------
    >>> import mpmath
    >>> from symrg.model.network import paper_model
    >>> mpmath.nstr(correlation_length(paper_model(), plain=True), 12)   # 1 / ln 4
    '0.721347520444'
    """
    chain = _chain(model, weights, u, plain, digits)
    with mpmath.workdps(chain.wp):
        value = chain.xi()
    return _round(value, digits)


def _num_str(x, digits):
    return mpmath.nstr(x, digits)


def _num_latex(x, shown=8):
    return sympy.latex(sympy.Float(mpmath.nstr(x, shown), shown))


def _beta_v(u, digits):
    """(string, latex) of beta_v = ln u."""
    if not isinstance(u, (mpmath.mpf, mpmath.mpc)) and not hasattr(u, "_mpf_"):
        expr = sympy.sympify(u)
        if expr.is_number and not expr.free_symbols:
            beta = sympy.expand_log(sympy.log(expr), force=True)
            if beta.is_Rational or beta.is_Atom or beta.is_Mul:
                return str(beta), sympy.latex(beta)
    with mpmath.workdps(digits + 10):
        beta = mpmath.log(_to_mpf(u, "u"))
    return _num_str(beta, digits), _num_latex(beta)


def _json_values(values, digits, dropped):
    """JSON numbers (:func:`symrg.numerics.json_number`) under the noise rule.

    ``dropped`` (a one-element list) keeps the largest magnitude that the noise rule
    removed, the residual recorded beside the values.
    """
    out = []
    with mpmath.workdps(digits + 10):
        for x in values:
            kept = clean(x, digits)
            kept_value = 0 if isinstance(kept, sympy.Integer) else kept
            dropped[0] = max(dropped[0], abs(mpmath.mpmathify(x) - kept_value))
            out.append(json_number(kept, digits))
    return out


def transfer_structure(model: Model, *, weights=None, u=None, plain=False, digits=50):
    """The class decomposition of the transfer matrix (:mod:`symrg.lattice.chainstructure`).

    Parameters as in :func:`correlation_function`.

    Examples
    --------
    >>> from symrg.model.network import paper_model
    >>> transfer_structure(paper_model(), plain=True).kind
    'primitive'
    """
    wp = _guard(digits)
    with mpmath.workdps(wp):
        return chain_structure(_numeric_transfer(model, weights, u, plain), digits, _perron)


def _chain_values(model, distances, digits, **chain):
    """(G, xi, <h>, structure) of one chain; a chain without a bulk raises its reason."""
    g = correlation_function(model, distances, digits=digits, **chain)
    xi = correlation_length(model, digits=digits, **chain)
    mean = mean_neuron(model, digits=digits, **chain)
    return g, xi, mean, _chain(model, chain.get("weights"), chain.get("u"),
                               chain.get("plain", False), digits).structure


def _chain_failure(model, digits, label, exc, **chain):
    """The ``chain_structure`` entry of a chain whose bulk could not be analysed."""
    try:
        entry = transfer_structure(model, digits=digits, **chain).record(label, digits)
    except SymRGError:
        entry = {"kind": "failed", "classes": [], "transient_states": []}
    entry["statement"] = f"The {label} chain could not be analysed: {exc}"
    if entry["kind"] in ("nilpotent", "nested"):
        entry["statement"] = str(exc)
    return entry


def correlation_record(model: Model, *, u, distances=range(0, 31), digits=50) -> dict:
    """The JSON record section ``"correlations"``: bulk G_h(r), xi and <h>.

    DNA values at ``u = e^{beta_v}``; plain-network values (beta_v -> infinity)
    when every activation output is an h value, else ``None``.  The two chains are
    analysed independently: a chain that is not primitive (several top classes, a
    period, nilpotent; :mod:`symrg.lattice.chainstructure`) or that fails gets an entry in
    ``chain_structure`` with a one-sentence statement, and the other chain is kept.

    Returns
    -------
    dict
        Keys ``r``, ``G_dna``, ``G_plain``, ``xi_dna``, ``xi_plain``, ``mean_h_dna``,
        ``mean_h_plain``, ``beta_v``, ``digits``, ``noise``, ``chain_structure`` (only
        when some chain is not primitive) and ``latex`` (display strings).  Values are
        JSON numbers of :mod:`symrg.numerics` (decimal strings with ``digits`` digits,
        exact 0); values within the noise tolerance of 0 are stored as 0 and ``noise`` =
        {``tolerance``, ``dropped``} records the tolerance and the largest magnitude so
        removed.
    """
    distances = list(distances)
    beta, beta_latex = _beta_v(u, digits)
    dropped = [mpmath.mpf(0)]
    num = lambda x: _json_values([x], digits, dropped)[0]
    section = {"r": distances, "G_dna": None, "G_plain": None, "xi_dna": None,
               "xi_plain": None, "mean_h_dna": None, "mean_h_plain": None,
               "beta_v": _beta_json(beta), "digits": digits}
    latex = {
        "transfer_dna": sympy.latex(transfer_matrix(model)),
        "definition": r"G_h(r) = \langle h^{(m)} h^{(m+r)} \rangle - \langle h \rangle^{2}",
        "xi_dna": None, "mean_h_dna": None,
        "beta_v": beta_latex, "transfer_plain": None, "xi_plain": None, "mean_h_plain": None,
    }
    chains = [("dna", "DNA", {"u": u})]
    if plain_is_defined(model):
        chains.append(("plain", "plain-network", {"plain": True}))
        latex["transfer_plain"] = sympy.latex(plain_transfer_matrix(model))
    structures = {}
    for key, label, chain in chains:
        try:
            g, xi, mean, structure = _chain_values(model, distances, digits, **chain)
        except SymRGError as exc:
            structures[key] = _chain_failure(model, digits, label, exc, **chain)
            continue
        section.update({f"G_{key}": _json_values(g, digits, dropped), f"xi_{key}": num(xi),
                        f"mean_h_{key}": num(mean)})
        latex.update({f"xi_{key}": _num_latex(xi), f"mean_h_{key}": _num_latex(mean)})
        if structure.kind != "primitive":
            structures[key] = structure.record(label, digits)
    section["noise"] = {"tolerance": decimal_string(noise_tolerance(digits), 3),
                        "dropped": decimal_string(dropped[0], 3) if dropped[0] else 0}
    if structures:
        section["chain_structure"] = structures
    section["latex"] = latex
    return section


def _beta_json(text):
    """beta_v as a JSON number when it is an exact rational, else its text (e.g. ``log(2)``)."""
    try:
        return json_number(sympy.Rational(text))
    except (TypeError, ValueError):
        return text
