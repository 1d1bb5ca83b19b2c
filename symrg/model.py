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
import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Mapping

import sympy

from .activation import Activation, make_activation
from .errors import ModelError, ModelTooLargeError

__all__ = ["Model", "load_model", "parse_value", "DEFAULT_MAX_STATES", "paper_model"]

#: Refuse models whose bond-weight matrix has more entries than this (override with
#: ``max_states=`` or the CLI's ``--max-states``).
DEFAULT_MAX_STATES = 4096

_TOP_KEYS = {"name", "width", "data", "norm", "scale", "values", "activation",
             "inputs", "labels", "description", "prior"}
_VALUE_KEYS = {"W", "b", "h"}
_ACT_KEYS = {"name", "table"}
_RATIONAL = re.compile(r"^\s*[+-]?\d+(\s*/\s*\d+)?\s*$")
_DECIMAL = re.compile(r"^\s*[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?\s*$")


def parse_value(value, where: str) -> sympy.Rational:
    """Parse an integer, a rational string such as ``"1/2"`` or a decimal exactly.

    Parameters
    ----------
    value : int, float, str or sympy.Rational
    where : str
        Field name used in the error message.

    Raises
    ------
    ModelError
        When the value is not a finite number.

    Examples
    --------
    >>> parse_value("-3/4", "values.h")
    -3/4
    >>> parse_value(0.5, "values.h")
    1/2
    """
    if isinstance(value, bool):
        raise ModelError(f"{where}: expected a number, got {value!r}")
    if isinstance(value, (int, sympy.Integer, sympy.Rational)):
        return sympy.Rational(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ModelError(f"{where}: expected a finite number, got {value!r}")
        return sympy.Rational(repr(value))
    if isinstance(value, str):
        text = value.strip()
        if _RATIONAL.match(text):
            num, _, den = text.partition("/")
            if den and int(den) == 0:
                raise ModelError(f"{where}: division by zero in {value!r}")
            return sympy.Rational(int(num), int(den) if den else 1)
        if _DECIMAL.match(text):
            return sympy.Rational(text)
    raise ModelError(
        f"{where}: expected an integer or a rational such as \"1/2\", got {value!r}"
    )


def _parse_value_set(values, where):
    if not isinstance(values, (list, tuple)):
        raise ModelError(f"{where}: expected a list of values, got {values!r}")
    if len(values) == 0:
        raise ModelError(f"{where}: value set is empty; give at least one value")
    parsed = tuple(parse_value(v, where) for v in values)
    dupes = sorted({v for v in parsed if parsed.count(v) > 1})
    if dupes:
        raise ModelError(f"{where}: duplicated value {dupes[0]} in {list(values)!r}")
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
            f"{where}: unknown key {unknown[0]!r}; expected one of {', '.join(sorted(allowed))}"
        )


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
    prior: object = None  # symrg.prior.Prior, or None for the uniform (counting) measure

    # -- construction -------------------------------------------------------------
    @classmethod
    def from_dict(cls, d: Mapping, max_states: int = DEFAULT_MAX_STATES) -> "Model":
        """Validate a model description (the TOML schema of DESIGN.md) and build it.

        Raises
        ------
        ModelError
            Any malformed field, with the field named.
        ModelTooLargeError
            When the bond-weight matrix would exceed ``max_states`` entries.
        """
        if not isinstance(d, Mapping):
            raise ModelError(f"model: expected a table of fields, got {type(d).__name__}")
        _check_keys(d, _TOP_KEYS, "model")
        name = d.get("name", "unnamed model")
        if not isinstance(name, str):
            raise ModelError(f"name: expected a string, got {name!r}")
        width = _positive_int(d, "width", 1, 1)
        data = _positive_int(d, "data", 1, 1)
        scale = _positive_int(d, "scale", 2, 2)
        norm = parse_value(d.get("norm", 2), "norm")
        if norm <= 0:
            raise ModelError(f"norm: expected a positive exponent q, got {norm}")
        values = d.get("values")
        if not isinstance(values, Mapping):
            raise ModelError("values: missing [values] table with W, b and h")
        _check_keys(values, _VALUE_KEYS, "values")
        for key in ("W", "b", "h"):
            if key not in values:
                raise ModelError(f"values.{key}: missing value set")
        W = _parse_value_set(values["W"], "values.W")
        b = _parse_value_set(values["b"], "values.b")
        h = _parse_value_set(values["h"], "values.h")
        _check_size(len(h), width * data, max_states)
        inputs = _parse_vectors(d.get("inputs"), "inputs", width, data, default=h[-1])
        bad = [x for vec in inputs for x in vec if x not in h]
        if bad:
            raise ModelError(f"inputs: input value {bad[0]} is not one of values.h")
        labels = _parse_vectors(d.get("labels"), "labels", width, data, default=h[-1])
        act = d.get("activation", {"name": "heaviside"})
        if not isinstance(act, Mapping):
            raise ModelError(f"activation: expected a table with name or table, got {act!r}")
        _check_keys(act, _ACT_KEYS, "activation")
        pre = reachable_preactivations(W, b, h, width)
        table = act.get("table")
        if table is not None:
            if not isinstance(table, Mapping):
                raise ModelError("activation.table: expected a table pre-activation = output")
            table = {parse_value(k, "activation.table key"):
                     parse_value(v, f"activation.table[{k!r}]") for k, v in table.items()}
        activation = make_activation(act.get("name"), pre, table)
        model = cls(name, width, data, norm, scale, W, b, h, activation, inputs, labels,
                    str(d.get("description", "")),
                    prior=_parse_prior(d.get("prior"), W, b))
        _check_size(len(h), width * data, max_states, len(model.sigma_values))
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
        """Every h-configuration of one layer, in canonical (lexicographic) order."""
        return tuple(itertools.product(self.h_values, repeat=self.sites))

    @cached_property
    def sigma_states(self) -> tuple:
        """Every sigma-configuration of one layer, in canonical order."""
        return tuple(itertools.product(self.sigma_values, repeat=self.sites))

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
                           "table": {s(x): s(y) for x, y in self.activation.table}},
            "inputs": [[s(v) for v in vec] for vec in self.inputs],
            "labels": [[s(v) for v in vec] for vec in self.labels],
            **({} if self.prior is None else {"prior": self.prior.to_dict()}),
        }

    def __repr__(self):
        return (f"Model({self.name!r}, N={self.width}, L={self.data}, q={self.norm}, "
                f"p={self.scale}, W={_fmt(self.W_values)}, b={_fmt(self.b_values)}, "
                f"h={_fmt(self.h_values)}, activation={self.activation.name})")


def _parse_prior(table, W, b):
    from .prior import parse_prior
    return parse_prior(table, W, b)


def _fmt(values):
    return "{" + ", ".join(str(v) for v in values) + "}"


def _exact_str(v):
    return str(sympy.Rational(v))


def _parse_vectors(value, where, width, data, default):
    if value is None:
        return tuple(tuple([default] * width) for _ in range(data))
    if not isinstance(value, (list, tuple)) or len(value) != data:
        raise ModelError(f"{where}: expected {data} vector(s) (one per data point), got {value!r}")
    vecs = []
    for l, vec in enumerate(value):
        if not isinstance(vec, (list, tuple)) or len(vec) != width:
            raise ModelError(f"{where}[{l}]: expected {width} value(s), got {vec!r}")
        vecs.append(tuple(parse_value(x, f"{where}[{l}]") for x in vec))
    return tuple(vecs)


def _check_size(n_h, sites, max_states, n_sigma=None):
    n_sigma = n_h if n_sigma is None else n_sigma
    log_size = sites * (math.log2(n_h) + math.log2(max(n_sigma, 1)))
    if log_size > math.log2(max_states) + 1e-9:
        est = f"{n_h ** sites * n_sigma ** sites:,}" if log_size < 200 else f"2^{log_size:.0f}"
        raise ModelTooLargeError(
            f"model too large: the bond-weight matrix would have {est} entries "
            f"(limit {max_states:,}); reduce width, data or value sets, or raise the "
            f"limit with --max-states (max_states=) if the machine can take it"
        )


def reachable_preactivations(W_values, b_values, h_values, width) -> frozenset:
    """Every value of ``sum_j W_j h_j + b`` over the value sets (an iterated sumset)."""
    products = {w * h for w in W_values for h in h_values}
    sums = {sympy.Integer(0)}
    for _ in range(width):
        sums = {s + p for s in sums for p in products}
    return frozenset(s + b for s in sums for b in b_values)


def load_model(path, max_states: int = DEFAULT_MAX_STATES) -> Model:
    """Load and validate a model file (TOML, schema in DESIGN.md).

    Raises
    ------
    ModelError
        Unreadable file, malformed TOML or invalid fields.
    """
    try:
        with open(path, "rb") as fh:
            d = tomllib.load(fh)
    except FileNotFoundError:
        raise ModelError(f"model file not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(f"malformed TOML in {path}: {exc}") from None
    except OSError as exc:
        raise ModelError(f"cannot read model file {path}: {exc.strerror}") from None
    return Model.from_dict(d, max_states=max_states)


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
