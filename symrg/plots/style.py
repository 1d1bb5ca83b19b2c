"""Run a plotting function inside the house style, so legends and titles use it too."""

import functools

from .core import _STYLE, pyplot

__all__ = ["styled"]


def styled(function):
    """Decorator: call ``function`` inside ``rc_context`` of the house style."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with pyplot().rc_context(_STYLE):
            return function(*args, **kwargs)
    return wrapper
