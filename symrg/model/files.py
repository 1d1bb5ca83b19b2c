"""Model files in: read through the gate of :mod:`symrg.model.loader`, then validated.

:func:`load_model` (public as ``symrg.load_model``) and :func:`load_model_file` sit
above :mod:`symrg.model.network`, so the gate itself never imports the model.
"""

from ..errors import ModelError
from .loader import load_toml_file
from .network import DEFAULT_MAX_STATES, Model

__all__ = ["load_model", "load_model_file"]


def load_model_file(path, max_states=None):
    """Read, decode, parse, bound and validate a model file.

    Parameters
    ----------
    path : path-like
    max_states : int, optional
        Passed to :meth:`symrg.model.network.Model.from_dict` (default
        :data:`symrg.model.network.DEFAULT_MAX_STATES`).

    Returns
    -------
    symrg.model.network.Model

    Raises
    ------
    ModelError, ModelTooLargeError
    """
    data = load_toml_file(path, "model file", ModelError)
    return Model.from_dict(data, max_states=DEFAULT_MAX_STATES if max_states is None
                           else max_states)


def load_model(path, max_states: int = DEFAULT_MAX_STATES) -> Model:
    """Load and validate a model file through the gate of :mod:`symrg.model.loader`.

    Raises
    ------
    ModelError
        Unreadable or non-regular file, not UTF-8, malformed TOML, out-of-bounds
        structure or invalid fields.
    ModelTooLargeError
        When the size estimate exceeds a limit.
    """
    return load_model_file(path, max_states=max_states)
