"""Activation functions as exact tables on finite sets of pre-activations.

An activation in symrg is a map from the finite set of reachable pre-activations
``W.h + b`` to output values (Eq. 1 and assumption (ii) of Lee, Lee & Yi).  Built-ins
are evaluated exactly on sympy Rationals; an explicit table may be given instead.
"""

from dataclasses import dataclass
from typing import Callable, Dict, Mapping

import sympy

from ..errors import ModelError

__all__ = ["Activation", "BUILTIN_ACTIVATIONS", "make_activation"]


def _heaviside(x):
    """Heaviside step with H(0) = 1 (Eq. 17)."""
    return sympy.Integer(1) if x >= 0 else sympy.Integer(0)


def _heaviside_zero(x):
    """Heaviside step with H(0) = 0."""
    return sympy.Integer(1) if x > 0 else sympy.Integer(0)


def _sign(x):
    """Sign function with sign(0) = 0."""
    return sympy.sign(x)


def _sign_binary(x):
    """Binary sign with sign(0) = +1 (outputs only -1 and +1)."""
    return sympy.Integer(1) if x >= 0 else sympy.Integer(-1)


def _relu(x):
    """Rectified linear unit max(x, 0)."""
    return max(x, sympy.Integer(0))


def _identity(x):
    """Linear activation."""
    return x


def _hardtanh(x):
    """Clip to [-1, 1]."""
    return min(max(x, sympy.Integer(-1)), sympy.Integer(1))


def _hard_sigmoid(x):
    """Clip((x + 1) / 2, 0, 1): a rational stand-in for the sigmoid."""
    return min(max((x + 1) / sympy.Integer(2), sympy.Integer(0)), sympy.Integer(1))


BUILTIN_ACTIVATIONS: Dict[str, Callable] = {
    "heaviside": _heaviside,
    "heaviside0": _heaviside_zero,
    "sign": _sign,
    "binary_sign": _sign_binary,
    "relu": _relu,
    "identity": _identity,
    "hardtanh": _hardtanh,
    "hard_sigmoid": _hard_sigmoid,
}


@dataclass(frozen=True)
class Activation:
    """An activation restricted to a finite set of pre-activations.

    Parameters
    ----------
    name : str
        Built-in name, or ``"table"`` for an explicit table.
    table : tuple of (Rational, Rational)
        Sorted pairs ``(pre-activation, output)`` covering every reachable
        pre-activation of the model.
    extra : tuple of (Rational, Rational)
        Sorted pairs of an explicit table at pre-activations the model's V_h does
        not reach.  They are kept (every key the user gives is), and used where
        values outside V_h are fed forward: the plain network when outputs leave
        V_h, and wider layers.  They never change :attr:`outputs`.
    """

    name: str
    table: tuple
    extra: tuple = ()

    def __call__(self, x):
        try:
            return self.as_dict()[sympy.Rational(x)]
        except KeyError:
            raise ModelError(
                f"activation table has no value for pre-activation {x}; "
                f'add "{x}" = ... to [activation] table'
            ) from None

    def as_dict(self) -> Dict[sympy.Rational, sympy.Rational]:
        """Every known value: the reachable pre-activations and the :attr:`extra` keys."""
        return dict(self.table + self.extra)

    def given(self) -> tuple:
        """Every pair of the activation as given, sorted (``table`` and ``extra``)."""
        return tuple(sorted(self.table + self.extra))

    @property
    def outputs(self) -> tuple:
        """Distinct output values in order of first appearance (sorted inputs)."""
        seen = []
        for _, y in self.table:
            if y not in seen:
                seen.append(y)
        return tuple(seen)


def make_activation(name, preactivations, table: Mapping = None) -> Activation:
    """Build the :class:`Activation` of a model on its reachable pre-activations.

    Parameters
    ----------
    name : str or None
        A key of :data:`BUILTIN_ACTIVATIONS`; ignored when ``table`` is given.
    preactivations : iterable of Rational
        Every pre-activation the model can reach.
    table : mapping Rational -> Rational, optional
        Explicit table; must cover every reachable pre-activation.  Its other keys
        are kept as :attr:`Activation.extra`.

    Raises
    ------
    ModelError
        Unknown name, or a table missing a reachable pre-activation.
    """
    pre = sorted(set(preactivations))
    if table is not None:
        missing = [x for x in pre if x not in table]
        if missing:
            x = missing[0]
            raise ModelError(
                f"activation table has no value for pre-activation {x}; "
                f'add "{x}" = ... to [activation] table'
            )
        reached = set(pre)
        extra = tuple(sorted((x, y) for x, y in table.items() if x not in reached))
        return Activation("table", tuple((x, table[x]) for x in pre), extra)
    if name not in BUILTIN_ACTIVATIONS:
        known = ", ".join(sorted(BUILTIN_ACTIVATIONS))
        raise ModelError(
            f"activation name: unknown activation {name!r}; expected one of {known} "
            f"or an explicit table"
        )
    f = BUILTIN_ACTIVATIONS[name]
    return Activation(name, tuple((x, sympy.Rational(f(x))) for x in pre))
