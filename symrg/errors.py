"""Exception hierarchy of symrg.

Every error a user can cause derives from :class:`SymRGError` and also from the
builtin exception it refines, so ``except ValueError`` keeps working.  Messages
name the offending field, what was expected and the value received.
"""

__all__ = [
    "SymRGError",
    "ModelError",
    "ModelTooLargeError",
    "ConvergenceError",
    "ReportError",
    "SymRGWarning",
]


class SymRGError(Exception):
    """Base class of every error raised by symrg."""


class ModelError(SymRGError, ValueError):
    """A model description is malformed or inconsistent."""


class ModelTooLargeError(SymRGError, MemoryError):
    """A model's state space exceeds the configured limit (refused before any work)."""


class ConvergenceError(SymRGError, ArithmeticError):
    """A numerical result could not be verified at the requested precision."""


class ReportError(SymRGError, RuntimeError):
    """Rendering, writing or compiling a report failed."""


class SymRGWarning(UserWarning):
    """A model or option that is valid but probably not what was meant.

    Example: an activation whose outputs leave V_h, so the plain network's hidden
    neurons take values the dynamic neurons cannot (see the model-file docs).
    """
