"""Models: validated, immutable descriptions of a discrete deep network.

A :class:`Model` fixes everything Sec. II-IV of Lee, Lee & Yi need: width N,
number of data points L, finite value sets V_W, V_b, V_h, the activation as a
table on the reachable pre-activations, the norm exponent q of the cost
(Eq. 2 and the footnote to Eq. 14) and the depth ratio p of one RG step (Eq. 34).

Configurations of one layer cover all N neurons and all L data points; they are
tuples of ``N*L`` values ordered data point by data point (site ``t = l*N + i``
for neuron ``i`` and data point ``l``, both from 0), in lexicographic order of the
value order the user gave.
"""

import itertools
import math
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Mapping

import sympy

from ..errors import ModelError, ModelTooLargeError
from .activation import Activation, make_activation
from .loader import MAX_STRING, quote
from .values import parse_value

__all__ = ["Model", "DEFAULT_MAX_STATES", "MODEL_KEYS", "VALUE_KEYS", "ACTIVATION_KEYS",
           "SIZE_LIMITS", "CONFIGURATION_LIMITS", "TYPE_ROUTE_COUPLINGS", "derives_on_types",
           "estimate_size", "check_size", "paper_model", "coupling_count"]

#: Refuse models whose bond-weight matrix has more entries than this (override with
#: ``max_states=`` or the CLI's ``--max-states``).
DEFAULT_MAX_STATES = 4096

_TOP_KEYS = {"name", "width", "data", "norm", "scale", "values", "activation",
             "inputs", "labels", "description", "prior", "architecture"}
_VALUE_KEYS = {"W", "b", "h"}
_ACT_KEYS = {"name", "table"}
#: Keys of a model file, of its ``[values]`` and of its ``[activation]`` table.
MODEL_KEYS, VALUE_KEYS, ACTIVATION_KEYS = (frozenset(_TOP_KEYS), frozenset(_VALUE_KEYS),
                                           frozenset(_ACT_KEYS))


def _parse_value_set(values, where):
    if not isinstance(values, (list, tuple)):
        raise ModelError(f"{where}: expected a list of values, got {quote(values)}")
    if len(values) == 0:
        raise ModelError(f"{where}: value set is empty; give at least one value")
    parsed = tuple(parse_value(v, where) for v in values)
    seen = set()
    for v in parsed:                   # linear: one pass with a set
        if v in seen:
            raise ModelError(f"{where}: duplicated value {quote(v)} in a list of "
                             f"{len(values)} values")
        seen.add(v)
    return parsed


def _positive_int(d, key, default, minimum):
    value = d.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ModelError(f"{key}: expected an integer >= {minimum}, got {value!r}")
    if value < minimum:
        raise ModelError(f"{key}: expected an integer >= {minimum}, got {value}")
    return value


def _check_keys(d, allowed, where):
    unknown = sorted(set(d) - allowed)
    if unknown:
        raise ModelError(
            f"{where}: unknown key {quote(unknown[0])}; expected one of "
            f"{', '.join(sorted(allowed))}"
        )


def _string(d, key, default):
    value = d.get(key, default)
    if not isinstance(value, str):
        raise ModelError(f"{key}: expected a string, got {quote(value)}")
    if len(value) > MAX_STRING:
        raise ModelError(f"{key}: {len(value):,} characters; at most {MAX_STRING:,}")
    return value


def _parse_values(values):
    if not isinstance(values, Mapping):
        raise ModelError("values: missing [values] table with W, b and h")
    _check_keys(values, _VALUE_KEYS, "values")
    for key in ("W", "b", "h"):
        if key not in values:
            raise ModelError(f"values.{key}: missing value set")
    return tuple(_parse_value_set(values[key], f"values.{key}") for key in ("W", "b", "h"))


def _parse_activation(act, W, b, h, width):
    if not isinstance(act, Mapping):
        raise ModelError(f"activation: expected a table with name or table, got {quote(act)}")
    _check_keys(act, _ACT_KEYS, "activation")
    name = act.get("name")
    if name is not None and not isinstance(name, str):
        raise ModelError(f"activation.name: expected a string such as \"relu\", "
                         f"got {quote(name)}")
    if name is not None and len(name) > 64:
        raise ModelError(f"activation.name: unknown activation {quote(name)}")
    table = act.get("table")
    if table is not None:
        if not isinstance(table, Mapping):
            raise ModelError(f"activation.table: expected a table pre-activation = output, "
                             f"got {quote(table)}")
        table = {parse_value(k, "activation.table key"):
                 parse_value(v, f"activation.table[{quote(k)}]") for k, v in table.items()}
    pre = reachable_preactivations(W, b, h, width)
    return make_activation(name, pre, table)


def _check_not_trivial(model):
    """One h-value and one activation output: no coupling, nothing to renormalise."""
    if len(model.h_values) == 1 and len(model.sigma_values) == 1:
        raise ModelError(
            f"values.h: the model has a single h-value {model.h_values[0]} and a single "
            f"activation output {model.sigma_values[0]}, so a layer has one configuration "
            f"and there are no couplings to renormalise; give values.h (or the "
            f"activation's outputs) at least two values")


@dataclass(frozen=True)
class Model:
    """A discrete deep network, read as a lattice model along depth.

    Build with :meth:`from_dict` or :func:`load_model`; the constructor trusts its
    arguments.

    Attributes
    ----------
    name : str
    width, data : int
        N neurons per layer and L training points.
    norm : sympy.Rational
        Exponent q of the cost ``sum |y - z|^q`` (Eq. 2; q = 2 in the paper).
    scale : int
        Depth ratio p of one decimation step (Eq. 34).
    W_values, b_values, h_values : tuple of sympy.Rational
        Value sets in the user's order.
    activation : Activation
    inputs, labels : tuple of tuple
        The L input vectors x and labels y (each of length N) of Eq. 8 and 11.
    """

    name: str
    width: int
    data: int
    norm: sympy.Rational
    scale: int
    W_values: tuple
    b_values: tuple
    h_values: tuple
    activation: Activation
    inputs: tuple
    labels: tuple
    description: str = field(default="", compare=False)
    prior: object = None  # symrg.model.prior.Prior, or None for the uniform (counting) measure
    parallel: int = 1     # m branches in parallel per RG step ([architecture], 1 = the chain)
    #: Why configurations may not be enumerated (a wide model loaded past the configuration
    #: limits for the derivation on types; see :data:`CONFIGURATION_LIMITS`), or "".
    configurations_refused: str = field(default="", compare=False, repr=False)

    # -- construction -------------------------------------------------------------
    @classmethod
    def from_dict(cls, d: Mapping, max_states: int = DEFAULT_MAX_STATES) -> "Model":
        """Validate a model description (the model-file fields of docs/model_file.rst) and build it.

        The size of the derivation is estimated (:func:`estimate_size`) in two steps,
        both before any work that grows with it: from the numbers and value sets,
        then again once the activation's outputs are known.

        Raises
        ------
        ModelError
            Any malformed field, with the field named.
        ModelTooLargeError
            When an estimated dimension exceeds its limit (all limits scale with
            ``max_states``).
        """
        if not isinstance(d, Mapping):
            raise ModelError(f"model: expected a table of fields, got {type(d).__name__}")
        _check_keys(d, _TOP_KEYS, "model")
        name = _string(d, "name", "unnamed model")
        description = _string(d, "description", "")
        width = _positive_int(d, "width", 1, 1)
        data = _positive_int(d, "data", 1, 1)
        scale = _positive_int(d, "scale", 2, 2)
        norm = parse_value(d.get("norm", 2), "norm")
        if norm <= 0:
            raise ModelError(f"norm: expected a positive exponent q, got {norm}")
        W, b, h = _parse_values(d.get("values"))
        parallel = _parse_architecture(d.get("architecture"))
        # two outputs at most matter here: the check is repeated once they are known
        wide = derives_on_types(width, data, len(h), 2, parallel)
        deferred = _check_loading(estimate_size(width, data, W, b, h, scale=scale, norm=norm,
                                                parallel=parallel), max_states, wide)
        inputs = _parse_vectors(d.get("inputs"), "inputs", width, data, h)
        labels = _parse_vectors(d.get("labels"), "labels", width, data, h)
        activation = _parse_activation(d.get("activation", {"name": "heaviside"}),
                                       W, b, h, width)
        model = cls(name, width, data, norm, scale, W, b, h, activation, inputs, labels,
                    description, prior=_parse_prior(d.get("prior"), W, b),
                    parallel=parallel)
        wide = derives_on_types(width, data, len(h), len(model.sigma_values), parallel)
        deferred = _check_loading(estimate_size(width, data, W, b, h, scale=scale, norm=norm,
                                                parallel=parallel, sigma=model.sigma_values,
                                                preactivations=len(activation.table)),
                                  max_states, wide) or (deferred if wide else "")
        if deferred:
            object.__setattr__(model, "configurations_refused", deferred)
        _check_not_trivial(model)
        _warn_outputs_outside_h(model)
        return model

    # -- derived data -------------------------------------------------------------
    @property
    def sites(self) -> int:
        """Number of sites ``N*L`` of one layer configuration."""
        return self.width * self.data

    @cached_property
    def sigma_values(self) -> tuple:
        """Activation outputs: those in V_h in V_h's order, then the rest increasing."""
        outs = set(self.activation.outputs)
        first = [v for v in self.h_values if v in outs]
        return tuple(first + sorted(outs - set(first)))

    @cached_property
    def h_states(self) -> tuple:
        """Every h-configuration of one layer, in canonical (lexicographic) order.

        Raises
        ------
        ModelTooLargeError
            For a wide model loaded past :data:`CONFIGURATION_LIMITS` (it derives on types
            only: :attr:`configurations_refused`).
        """
        self.check_configurations()
        return tuple(itertools.product(self.h_values, repeat=self.sites))

    @cached_property
    def sigma_states(self) -> tuple:
        """Every sigma-configuration of one layer, in canonical order (see :attr:`h_states`)."""
        self.check_configurations()
        return tuple(itertools.product(self.sigma_values, repeat=self.sites))

    def check_configurations(self) -> None:
        """Refuse work over all configurations of a wide model loaded for the type route."""
        if self.configurations_refused:
            raise ModelTooLargeError(self.configurations_refused)

    def to_dict(self) -> dict:
        """Normalised, JSON-ready echo of the model (values as exact strings)."""
        s = _exact_str
        return {
            "name": self.name,
            "width": self.width,
            "data": self.data,
            "norm": s(self.norm),
            "scale": self.scale,
            "values": {"W": [s(v) for v in self.W_values], "b": [s(v) for v in self.b_values],
                       "h": [s(v) for v in self.h_values]},
            "activation": {"name": self.activation.name,
                           "table": {s(x): s(y) for x, y in self.activation.given()}},
            "inputs": [[s(v) for v in vec] for vec in self.inputs],
            "labels": [[s(v) for v in vec] for vec in self.labels],
            **({} if self.prior is None else {"prior": self.prior.to_dict()}),
            **({} if self.parallel == 1 else {"architecture": {"parallel": self.parallel}}),
        }

    def __repr__(self):
        return (f"Model({self.name!r}, N={self.width}, L={self.data}, q={self.norm}, "
                f"p={self.scale}, W={_fmt(self.W_values)}, b={_fmt(self.b_values)}, "
                f"h={_fmt(self.h_values)}, activation={self.activation.name}"
                f"{'' if self.parallel == 1 else f', m={self.parallel}'})")


def _warn_outputs_outside_h(model: "Model") -> None:
    """Warn (:class:`~symrg.errors.SymRGWarning`) when activation outputs leave V_h.

    Such outputs are valid (sigma-configurations then include them), but a dynamic
    neuron can never equal them: the beta_v -> infinity limit keeps only networks
    whose hidden neurons stay in V_h, and plain-network correlations are undefined
    (see the model-file page of the docs).
    """
    outside = [v for v in model.sigma_values if v not in model.h_values]
    if outside:
        import warnings
        from ..errors import SymRGWarning
        warnings.warn(f"activation {model.activation.name}: outputs "
                      f"{', '.join(str(v) for v in outside)} are not in values.h "
                      f"({', '.join(str(v) for v in model.h_values)}): a dynamic neuron cannot "
                      f"take them, so beta_v -> infinity keeps only networks whose hidden "
                      f"neurons stay in values.h", SymRGWarning,
                      stacklevel=3)


def _parse_architecture(table) -> int:
    """The ``[architecture]`` table: ``parallel = m`` branches per step (default 1).

    See :mod:`symrg.model.architecture` for the meaning and the intended nested form.
    """
    from .architecture import parse_architecture
    return parse_architecture(table).parallel


def _parse_prior(table, W, b):
    from .prior import parse_prior
    return parse_prior(table, W, b)


def _fmt(values):
    return "{" + ", ".join(str(v) for v in values) + "}"


def _exact_str(v):
    return str(sympy.Rational(v))


def _parse_vectors(value, where, width, data, h_values):
    if value is None:
        return tuple(tuple([h_values[-1]] * width) for _ in range(data))
    if not isinstance(value, (list, tuple)) or len(value) != data:
        raise ModelError(f"{where}: expected {data} vector(s) (one per data point), "
                         f"got {quote(value)}")
    allowed = set(h_values)
    vecs = []
    for l, vec in enumerate(value):
        if not isinstance(vec, (list, tuple)) or len(vec) != width:
            raise ModelError(f"{where}[{l}]: expected {width} value(s), got {quote(vec)}")
        vecs.append(tuple(parse_value(x, f"{where}[{l}]") for x in vec))
        bad = [x for x in vecs[-1] if x not in allowed]
        if bad and where == "inputs":
            raise ModelError(f"{where}[{l}]: value {bad[0]} is not one of values.h")
    return tuple(vecs)


# -- size estimate -----------------------------------------------------------------
#: Limit of each estimated dimension at ``max_states = DEFAULT_MAX_STATES``; every
#: limit scales in proportion to ``max_states`` (the one override, ``--max-states``).
SIZE_LIMITS = {
    "bond-weight matrix entries (h-configurations x sigma-configurations)": DEFAULT_MAX_STATES,
    "sites N*L of one layer configuration": DEFAULT_MAX_STATES,
    "largest value set (|V_W|, |V_b|, |V_h|)": 64,
    "pre-activation sums to enumerate (N x sums x products)": 10 ** 6,
    "activation table and sigma values": 4096,
    "count-matrix work (h-configurations x N x |V_W| x sums^L)": 10 ** 7,
    "digits of the (W, b) count |V_W|^(N^2) |V_b|^N": 2000,
    "depth ratio p": 16,
    "norm exponent q": 64,
    "largest exponent of u in a bond weight, in steps u^(1/D) (N*L*max|h-s|^q*D)": 128,
    "parallel branches m of one series-parallel step": 64,
    "degree of a renormalized weight in u^(1/D) (p*m*N*L*max|h-s|^q*D)": 10 ** 5,
}
_KEYS = tuple(SIZE_LIMITS)


def _log10_binomial(n, k):
    return (math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)) / math.log(10)


def _log10(x):
    return math.log10(x) if x > 0 else float("-inf")


def _exponent_denominator(h_values, outputs, norm) -> int:
    """D: the lcm of the denominators of the exponents |h - s|^q of u (Eq. 23).

    A bond weight is a polynomial in u^(1/D), of degree D times its largest exponent;
    D = 1 when q is not an integer (irrational exponents) or for more than 10^5 pairs.
    """
    if norm.q != 1 or len(h_values) * len(outputs) > 10 ** 5:
        return 1
    q = int(norm.p)
    denominators = {abs(Fraction(int(x.p), int(x.q)) - Fraction(int(y.p), int(y.q))).denominator
                    for x in h_values for y in outputs}
    return math.lcm(*denominators) ** q


def estimate_size(width, data, W_values, b_values, h_values, *, scale, norm, sigma=None,
                  preactivations=None, parallel=1) -> dict:
    """log10 of every dimension of a derivation that grows with the model.

    Cheap (a few float operations) and computed before any work: configurations
    ``|V_h|^(NL) |sigma|^(NL)`` (Eq. 21's matrices), sites, value sets, the
    pre-activation sumset, the count matrix Omega (one row of W at a time), the
    magnitude of Omega's entries ``|V_W|^(N^2) |V_b|^N``, the ratio p, the exponent q
    and the degree ``N L max|h - s|^q D`` of E = u^(-sum |h-s|^q) (Eq. 23) as a
    polynomial in u^(1/D), D the common denominator of the exponents (factoring the
    renormalized weights costs steeply in this degree).

    Parameters
    ----------
    width, data : int
    W_values, b_values, h_values : tuple of sympy.Rational
    scale : int
    norm : sympy.Rational
    sigma : tuple, optional
        Activation outputs when known (otherwise a lower bound of one value is used).
    preactivations : int, optional
        Number of reachable pre-activations when known (otherwise an upper bound).
    parallel : int
        Branches m in parallel (``[architecture] parallel``); the renormalized weight
        ``(E (Omega^T E)^(p-1))^(o m)`` has p*m times the bare degree in u^(1/D).

    Returns
    -------
    dict
        ``{dimension: log10 of its estimate}``, keyed like :data:`SIZE_LIMITS`.
    """
    sites = width * data
    n_W, n_b, n_h = len(W_values), len(b_values), len(h_values)
    n_s = len(sigma) if sigma is not None else 1
    products = len({w * x for w in W_values for x in h_values}) if n_W * n_h <= 10 ** 5 \
        else n_W * n_h
    log_sums = min(_log10_binomial(width + products - 1, products - 1), width * _log10(products))
    log_pre = (_log10(preactivations) if preactivations is not None
               else min(log_sums + _log10(n_b), 300.0))
    outputs = set(sigma or ()) | set(h_values)
    spread = max(abs(x - y) for x in h_values for y in outputs) if n_h * len(outputs) <= 10 ** 5 \
        else max(abs(x) for x in h_values) + max(abs(y) for y in outputs)
    log_exp = (_log10(sites) + float(norm) * _log10(spread) if spread else 0.0) \
        + _log10(_exponent_denominator(h_values, outputs, norm))
    values = (sites * (_log10(n_h) + _log10(n_s)), _log10(sites), _log10(max(n_W, n_b, n_h)),
              _log10(width) + log_sums + _log10(products), log_pre,
              sites * _log10(n_h) + _log10(width) + _log10(n_W) + data * log_pre,
              _log10(width * width * _log10(n_W) + width * _log10(n_b) + 1),
              _log10(scale), _log10(float(norm)), log_exp, _log10(parallel),
              log_exp + _log10(scale * parallel))
    return dict(zip(_KEYS, values))


#: Largest number of symmetric couplings derived on configurations when a model could be
#: derived on types; beyond, :mod:`symrg.records.typerecord`.  Measured (CPU s, whole derive,
#: binary heaviside W, b in {+-1}): N = 5 (55 couplings) 23.6 s on configurations; N = 6
#: (83 couplings) 147 s with the cap raised, of which transfer-matrix checks 28 %, the sympy
#: renormalized Hamiltonian 25 % and flow fields 13 %, with a 7.5 MB record (partial sums
#: 2.8 MB); on types 0.8 s and 0.03 MB.
TYPE_ROUTE_COUPLINGS = 55


def derives_on_types(width: int, data: int, n_h: int, n_sigma: int, parallel: int) -> bool:
    """Whether a derivation runs on types (:mod:`symrg.records.typerecord`): one data point,
    two h-values, two activation outputs, the chain (``parallel = 1``), and more than
    :data:`TYPE_ROUTE_COUPLINGS` symmetric couplings (binary width N >= 6).

    >>> derives_on_types(5, 1, 2, 2, 1), derives_on_types(6, 1, 2, 2, 1)
    (False, True)
    """
    # one data point, four (h, sigma) pairs per neuron: C(N + 3, 3) orbits, the constant dropped
    return (data == 1 and n_h == 2 and n_sigma == 2 and parallel == 1
            and math.comb(width + 3, 3) - 1 > TYPE_ROUTE_COUPLINGS)


#: Limits that grow with the configurations of a layer (|V_h|^(N L) |sigma|^(N L)).  A model
#: that derives on types (:func:`derives_on_types`; no configuration is built there) is
#: loaded past these limits; they are checked again when its configurations are first
#: enumerated (:meth:`Model.check_configurations`), and its derivation is planned by the
#: budget on types (:func:`symrg.model.budget.plan_types`).
CONFIGURATION_LIMITS = (
    "bond-weight matrix entries (h-configurations x sigma-configurations)",
    "count-matrix work (h-configurations x N x |V_W| x sums^L)",
)


def _check_loading(estimate: Mapping, max_states: int, wide: bool) -> str:
    """:func:`check_size` at loading; for a ``wide`` model (it may derive on types) a
    refusal by :data:`CONFIGURATION_LIMITS` alone is returned as the message to raise when
    configurations are enumerated, instead of raised ("" when nothing is over)."""
    try:
        check_size(estimate, max_states)
        return ""
    except ModelTooLargeError as exc:
        if not wide:
            raise
        check_size({k: v for k, v in estimate.items() if k not in CONFIGURATION_LIMITS},
                   max_states)
        return (f"{exc}; this width derives on types only (symrg derive and report; the "
                f"configurations are never built there)")


def check_size(estimate: Mapping, max_states: int = DEFAULT_MAX_STATES,
               limits: Mapping = SIZE_LIMITS) -> None:
    """Refuse a model whose estimate exceeds a limit of ``limits`` (:data:`SIZE_LIMITS`).

    Raises
    ------
    ModelTooLargeError
        Naming the dimension, its estimate, the limit and the option that raises it.
    """
    ratio = max_states / DEFAULT_MAX_STATES
    for key, log_value in estimate.items():
        limit = limits[key] * ratio
        if log_value > math.log10(limit) + 1e-9:
            shown = (f"{round(10 ** log_value):,}" if log_value < 15
                     else f"10^{log_value:.1f}")
            raise ModelTooLargeError(
                f"model too large: {key} would be {shown} (limit {limit:,.0f}); reduce "
                f"width, data, value sets, p or q, or raise every limit in proportion "
                f"with --max-states (max_states=, now {max_states:,}) if the machine can "
                f"take it")


def _cycle_types(n):
    """Cycle types of S_n as (cycle lengths, number of permutations of that type)."""
    def partitions(rest, largest):
        if rest == 0:
            yield ()
        for k in range(min(rest, largest), 0, -1):
            for tail in partitions(rest - k, k):
                yield (k,) + tail
    for lengths in partitions(n, n):
        size = math.factorial(n)
        for k in set(lengths):
            size //= k ** lengths.count(k) * math.factorial(lengths.count(k))
        yield lengths, size


def coupling_count(width: int, data: int, h_size: int, sigma_size: int) -> int:
    """Number of couplings of the symmetric basis of :mod:`symrg.rg.couplings`.

    The basis is the orbit sums of the monomials prod_t h_t^a_t s_t^b_t (one of
    ``h_size * sigma_size`` exponent pairs per site, Eq. 26) under simultaneous
    permutations of the N neurons and the L data points, without the constant.
    Burnside's lemma counts the orbits: a pair (pi, rho) of S_N x S_L permutes the
    N L sites in sum over cycle pairs of gcd(|cycle of pi|, |cycle of rho|) cycles.

    Examples
    --------
    >>> coupling_count(1, 1, 2, 2)          # A, B, C of Eq. 26
    3
    >>> coupling_count(2, 1, 2, 9)          # 18 pairs per site, unordered pairs of sites
    170
    """
    pairs, total = h_size * sigma_size, 0
    for neuron_cycles, n_count in _cycle_types(width):
        for data_cycles, d_count in _cycle_types(data):
            cycles = sum(math.gcd(a, b) for a in neuron_cycles for b in data_cycles)
            total += n_count * d_count * pairs ** cycles
    return total // (math.factorial(width) * math.factorial(data)) - 1


def reachable_preactivations(W_values, b_values, h_values, width) -> frozenset:
    """Every value of ``sum_j W_j h_j + b`` over the value sets (an iterated sumset)."""
    products = {w * h for w in W_values for h in h_values}
    sums = {sympy.Integer(0)}
    for _ in range(width):
        sums = {s + p for s in sums for p in products}
    return frozenset(s + b for s in sums for b in b_values)


PAPER_MODEL = {
    "name": "Lee-Lee-Yi toy model (Sec. IV)",
    "width": 1, "data": 1, "norm": 2, "scale": 2,
    "values": {"W": [-1, 1], "b": [-1, 1], "h": [0, 1]},
    "activation": {"name": "heaviside"},
}


def paper_model(**overrides) -> Model:
    """The toy model of Sec. IV of Lee, Lee & Yi (N = L = 1, W, b in {-1,1}, h in {0,1}).

    Examples
    --------
    >>> paper_model()
    Model('Lee-Lee-Yi toy model (Sec. IV)', N=1, L=1, q=2, p=2, W={-1, 1}, b={-1, 1}, h={0, 1}, activation=heaviside)
    """
    d = dict(PAPER_MODEL)
    d.update(overrides)
    return Model.from_dict(d)
