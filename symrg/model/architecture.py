"""The ``[architecture]`` table of a model file: series length and parallel branches.

A model file may carry::

    scale = 2            # p: bonds in series in one branch (the depth ratio, Eq. 34)
    [architecture]
    parallel = 2         # m: branches in parallel between the same two layers

``parallel`` is an integer >= 1; 1 (the default) is the chain of Lee, Lee & Yi and
changes nothing.  One RG step then maps E to ``(E (Omega^T E)^(p-1))^(o m)``.

Intended nested form (not implemented yet; documented so that the table can grow
without breaking files)::

    [architecture]
    parallel = 2
    [architecture.branch]     # a branch is itself a series-parallel block
    series = 2
    parallel = 3

Only the flat ``parallel`` key is accepted today; any other key is refused with a
one-line error naming it.
"""

from dataclasses import dataclass
from typing import Mapping

from ..errors import ModelError
from .loader import quote

__all__ = ["Architecture", "parse_architecture", "MAX_PARALLEL"]

#: Largest number of parallel branches accepted.
MAX_PARALLEL = 64
_KEYS = {"parallel"}


@dataclass(frozen=True)
class Architecture:
    """A flat series-parallel block: ``parallel`` branches (the series length is ``scale``)."""

    parallel: int = 1


def parse_architecture(table) -> Architecture:
    """Validate the ``[architecture]`` table of a model file.

    Parameters
    ----------
    table : Mapping or None
        The parsed TOML table (None when the file has none).

    Raises
    ------
    ModelError
        Not a table, an unknown key, or ``parallel`` not an integer in 1..64.

    Examples
    --------
    >>> parse_architecture(None)
    Architecture(parallel=1)
    >>> parse_architecture({"parallel": 3})
    Architecture(parallel=3)
    """
    if table is None:
        return Architecture()
    if not isinstance(table, Mapping):
        raise ModelError(f"architecture: expected a table with parallel = m, got {quote(table)}")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ModelError(f"architecture: unknown key {quote(unknown[0])}; expected parallel "
                         f"(nested [architecture.branch] blocks are not supported yet)")
    m = table.get("parallel", 1)
    if isinstance(m, bool) or not isinstance(m, int) or not 1 <= m <= MAX_PARALLEL:
        raise ModelError(f"architecture.parallel: expected an integer from 1 to {MAX_PARALLEL} "
                         f"(branches in parallel), got {quote(m)}")
    return Architecture(m)
