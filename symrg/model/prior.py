"""Weight priors: exact probabilities on the values of W and b (the ``[prior]`` table).

The decimation sum of Eq. 21 of Lee, Lee & Yi weighs every (W, b) of a layer equally:
the count matrix Omega counts networks.  A prior replaces the count by a measure,

    Omega[h, s] = sum_{W, b : sigma(W h + b) = s}  prod_{ij} omega_W(W_ij) prod_i omega_b(b_i),

with *relative* weights ``omega(v) = P(v) |V|``.  The uniform prior gives omega = 1 for
every value, so Omega is exactly today's integer count matrix and every existing
result is unchanged; a non-uniform prior gives a rational Omega (the total mass of
one layer stays ``(|V_W|^N |V_b|)^N``).

Model file::

    [prior]
    W = { "-1" = "1/4", "0" = "1/2", "1" = "1/4" }   # exact rationals; values not named get 0
    b = { "-1" = "1/2", "1" = "1/2" }                # omitted: uniform

A :class:`Prior` equal to the uniform one is normalised to ``None`` on the model, so
models (and their JSON echoes) without a prior, or with an explicitly uniform one,
are identical.
"""

from dataclasses import dataclass
from typing import Mapping, Optional

import sympy

from ..errors import ModelError

__all__ = ["Prior", "parse_prior", "value_weights", "prior_probabilities", "is_uniform"]

_PRIOR_KEYS = ("W", "b")


@dataclass(frozen=True)
class Prior:
    """Probabilities of the W and b values, aligned with the model's value sets.

    Attributes
    ----------
    W, b : tuple of sympy.Rational
        ``P(v)`` for each value of ``model.W_values`` (resp. ``b_values``), in order.
    W_values, b_values : tuple of sympy.Rational
        The value sets the probabilities refer to.
    """

    W: tuple
    b: tuple
    W_values: tuple
    b_values: tuple

    def relative(self, key: str) -> tuple:
        """Relative weights ``omega(v) = P(v) |V|`` (all 1 for the uniform prior)."""
        probs = getattr(self, key)
        return tuple(p * len(probs) for p in probs)

    def to_dict(self) -> dict:
        """JSON echo ``{"W": {value: "p/q"}, "b": {...}}`` (exact strings)."""
        return {key: {str(v): str(p) for v, p in zip(getattr(self, key + "_values"),
                                                     getattr(self, key))}
                for key in _PRIOR_KEYS}

    def __repr__(self):
        parts = ", ".join(f"{k}={{{', '.join(f'{v}: {p}' for v, p in d.items())}}}"
                          for k, d in self.to_dict().items())
        return f"Prior({parts})"


def _uniform(values):
    return tuple(sympy.Rational(1, len(values)) for _ in values)


def _parse_table(table, values, where) -> tuple:
    """Probabilities aligned with ``values`` from a ``{value: probability}`` table."""
    from .values import parse_value
    if not isinstance(table, Mapping):
        raise ModelError(f"{where}: expected a table value = probability, got {table!r}")
    probs = {}
    for key, raw in table.items():
        value = parse_value(key, f"{where} key")
        if value not in values:
            raise ModelError(f"{where}: value {value} is not one of "
                             f"{[str(v) for v in values]}")
        if value in probs:
            raise ModelError(f"{where}: value {value} is given twice")
        p = parse_value(raw, f"{where}[{key!r}]")
        if p < 0:
            raise ModelError(f"{where}[{key!r}]: expected a probability >= 0, got {p}")
        probs[value] = p
    total = sum(probs.values(), sympy.Integer(0))
    if total != 1:
        raise ModelError(f"{where}: probabilities must sum to 1, got {total}")
    return tuple(probs.get(v, sympy.Integer(0)) for v in values)


def parse_prior(table, W_values, b_values) -> Optional[Prior]:
    """Validate a ``[prior]`` table; ``None`` for the uniform prior (absent or explicit).

    Raises
    ------
    ModelError
        Unknown key, a value outside the value set, a negative probability or
        probabilities not summing to 1, with the field named.

    Examples
    --------
    >>> import sympy
    >>> V = tuple(map(sympy.Integer, (-1, 0, 1)))
    >>> parse_prior({"W": {"-1": "1/4", "0": "1/2", "1": "1/4"}}, V, V)
    Prior(W={-1: 1/4, 0: 1/2, 1: 1/4}, b={-1: 1/3, 0: 1/3, 1: 1/3})
    >>> parse_prior({"W": {"-1": "1/3", "0": "1/3", "1": "1/3"}}, V, V) is None
    True
    """
    if table is None:
        return None
    if not isinstance(table, Mapping):
        raise ModelError(f"prior: expected a table with W and/or b, got {table!r}")
    unknown = sorted(set(table) - set(_PRIOR_KEYS))
    if unknown:
        raise ModelError(f"prior: unknown key {unknown[0]!r}; expected one of W, b")
    probs = {key: (_parse_table(table[key], values, f"prior.{key}") if key in table
                   else _uniform(values))
             for key, values in (("W", W_values), ("b", b_values))}
    prior = Prior(probs["W"], probs["b"], tuple(W_values), tuple(b_values))
    return None if is_uniform(prior) else prior


def is_uniform(prior: Optional[Prior]) -> bool:
    """Whether a prior (``None`` counts as uniform) gives every value the same probability."""
    if prior is None:
        return True
    return prior.W == _uniform(prior.W) and prior.b == _uniform(prior.b)


def value_weights(model, key: str) -> tuple:
    """Relative weights omega(v) = P(v) |V| of ``model``'s W or b values (1 if uniform).

    Parameters
    ----------
    model : Model
    key : {"W", "b"}
    """
    prior = getattr(model, "prior", None)
    values = model.W_values if key == "W" else model.b_values
    if prior is None:
        return tuple(sympy.Integer(1) for _ in values)
    return prior.relative(key)


def prior_probabilities(model, key: str) -> tuple:
    """Probabilities P(v) of ``model``'s W or b values (uniform when no prior is set)."""
    prior = getattr(model, "prior", None)
    values = model.W_values if key == "W" else model.b_values
    return _uniform(values) if prior is None else getattr(prior, key)
