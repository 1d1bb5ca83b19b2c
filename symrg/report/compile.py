"""Compile a generated .tex file to PDF with pdflatex, safely and reproducibly.

pdflatex runs directly, as

    pdflatex -interaction=nonstopmode -halt-on-error -no-shell-escape NAME.tex

inside the build directory, again and again until no run is asked for (at most
:data:`MAX_RUNS`): a run is needed while an auxiliary file (``.aux``, ``.out``,
``.toc``, ``.lof``, ``.lot``) changes or the log asks for one (``Rerun``, longtable's
``Table widths have changed``) -- latexmk's rule, without latexmk.  The environment
sets ``openin_any=p`` and ``openout_any=p`` (TeX may only read and write below the
build directory and the TeX tree), ``shell_escape=f``, ``SOURCE_DATE_EPOCH=0`` and
``FORCE_SOURCE_DATE=1`` (byte-identical PDFs).

Each pdflatex is a child of symrg only (no latexmk or shell in between), in its own
process group, and on Linux gets SIGKILL when symrg dies, even by ``kill -9``
(``prctl(PR_SET_PDEATHSIG)``); on a timeout, an error or a signal turned into an
exception its group is killed and reaped before the exception goes on, so the
build directory can be removed with nothing left writing into it.
"""

import contextlib
import ctypes
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from ..errors import ReportError

__all__ = ["latexmk_available", "tex_available", "compile_pdf", "first_latex_error",
           "overfull_boxes",
           "rerun_requested", "LATEXMK_HINT", "DEFAULT_TIMEOUT", "MAX_RUNS"]

#: Seconds before a compile (all its runs together) is abandoned.
DEFAULT_TIMEOUT = 180
#: Most pdflatex runs of one compile (latexmk's default ``max_repeat``).
MAX_RUNS = 5

#: What to tell a user without a TeX installation.
LATEXMK_HINT = ("install TeX Live (pdflatex; Debian: texlive-latex-recommended lmodern), "
                "then run the same symrg command again, or latexmk -pdf {name}")

_AUX_SUFFIXES = (".aux", ".out", ".toc", ".lof", ".lot")
_RERUN = re.compile(r"Rerun to get|Rerun LaTeX|Label\(s\) may have changed|"
                    r"Table widths have changed|\(rerunfilecheck\).*Rerun")


def tex_available() -> bool:
    """Whether ``pdflatex`` is on the PATH (all that :func:`compile_pdf` needs)."""
    return shutil.which("pdflatex") is not None


#: The name callers and tests know; latexmk itself is no longer needed.
latexmk_available = tex_available


def _environment() -> dict:
    env = dict(os.environ)
    env.update(openin_any="p", openout_any="p", shell_escape="f",
               SOURCE_DATE_EPOCH="0", FORCE_SOURCE_DATE="1")
    return env


def first_latex_error(log_text: str):
    """The first ``!`` error line of a TeX log and its ``l.<n>`` line (or None).

    Examples
    --------
    >>> first_latex_error("x\\n! Undefined control sequence.\\n<a>\\nl.12 \\\\foo\\n! Other")
    '! Undefined control sequence. (l.12 \\\\foo)'
    """
    lines = log_text.splitlines()
    for k, line in enumerate(lines):
        if line.startswith("!"):
            where = next((w.strip() for w in lines[k + 1:k + 30] if w.startswith("l.")), None)
            return f"{line.strip()} ({where})" if where else line.strip()
    return None


_OVERFULL = re.compile(r"^Overfull \\[hv]box \(([0-9.]+)pt too (?:wide|high)\)", re.M)


def overfull_boxes(log_text: str, threshold: float = 0.0) -> list:
    """Sizes (pt) of the overfull boxes a pdflatex log reports, those above ``threshold``.

    Examples
    --------
    >>> log = "Overfull \\\\hbox (64.6pt too wide) in paragraph\\nOverfull \\\\hbox (0.5pt too wide)"
    >>> overfull_boxes(log, 1)
    [64.6]
    """
    return [float(x) for x in _OVERFULL.findall(log_text) if float(x) > threshold]


def rerun_requested(log_text: str) -> bool:
    """Whether a pdflatex log asks for another run (cross-references, longtable widths).

    Examples
    --------
    >>> rerun_requested("LaTeX Warning: Label(s) may have changed. Rerun to get "
    ...                 "cross-references right.")
    True
    >>> rerun_requested("Package longtable Warning: Table widths have changed. Rerun LaTeX.")
    True
    >>> rerun_requested("Output written on x.pdf (3 pages, 1234 bytes).")
    False
    """
    return _RERUN.search(log_text) is not None


# -- child processes that die with symrg ---------------------------------------------
_PR_SET_PDEATHSIG = 1
_LIBC = None


def _libc():
    global _LIBC
    if _LIBC is None and sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl                              # noqa: B018 - raises if missing
            _LIBC = libc
    return _LIBC


def _die_with_parent(libc, parent: int):
    """``preexec_fn``: in the child, before exec, ask for SIGKILL when ``parent`` dies.

    The death signal follows the thread that forked (the main thread of symrg).  A
    parent that died before the call is caught by comparing ``getppid()``.
    """
    def preexec():
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)
    return preexec


def _kill_group(proc):
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)       # pdflatex and anything it started
    with contextlib.suppress(Exception):
        proc.communicate(timeout=5)


def _run(command, cwd, timeout):
    """Run one command in its own process group, ended on timeout, error and signals."""
    libc = _libc()
    preexec = _die_with_parent(libc, os.getpid()) if libc is not None else None
    try:
        proc = subprocess.Popen(command, cwd=cwd, env=_environment(), stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                start_new_session=True, preexec_fn=preexec)
    except OSError as exc:
        raise ReportError(f"cannot run {command[0]}: {exc.strerror or exc}") from None
    try:
        output, _ = proc.communicate(timeout=max(timeout, 0.001))
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise
    except BaseException:                       # KeyboardInterrupt, SIGTERM, --timeout
        _kill_group(proc)
        raise
    return proc.returncode, output.decode("utf-8", "replace")


def _aux_digest(build: Path, stem: str) -> str:
    digest = hashlib.sha256()
    for suffix in _AUX_SUFFIXES:
        path = build / (stem + suffix)
        digest.update(suffix.encode() + (path.read_bytes() if path.is_file() else b"-"))
    return digest.hexdigest()


def compile_pdf(tex_path, *, outdir, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Compile ``tex_path`` with pdflatex inside ``outdir``, rerunning until stable.

    Parameters
    ----------
    tex_path : path-like
        The LaTeX source; copied into ``outdir`` first when it lives elsewhere.
    outdir : path-like
        Build directory; auxiliary files, the log and the PDF are written there.
    timeout : float
        Seconds for all runs together before the compile is killed.

    Returns
    -------
    pathlib.Path
        ``outdir / (stem + ".pdf")``.

    Raises
    ------
    ReportError
        pdflatex missing, a LaTeX error (the first ``!`` line of the log and its
        ``l.<n>`` line are quoted), no stable result after :data:`MAX_RUNS` runs,
        or a timeout.
    """
    if not tex_available():
        raise ReportError("pdflatex not found; " + LATEXMK_HINT.format(name=Path(tex_path).name))
    build = Path(outdir).resolve()
    build.mkdir(parents=True, exist_ok=True)
    tex = Path(tex_path).resolve()
    if tex.parent != build:
        shutil.copyfile(tex, build / tex.name)
    command = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
               tex.name]
    pdf, log = build / (tex.stem + ".pdf"), build / (tex.stem + ".log")
    deadline = time.monotonic() + timeout
    before = _aux_digest(build, tex.stem)
    for _ in range(MAX_RUNS):
        try:
            code, output = _run(command, build, deadline - time.monotonic())
        except subprocess.TimeoutExpired:
            raise ReportError(f"pdflatex did not finish within {timeout:g} s") from None
        text = log.read_text("utf-8", "replace") if log.is_file() else output
        if code != 0 or not pdf.is_file():
            error = first_latex_error(text) or (output.strip().splitlines() or ["no output"])[-1]
            raise ReportError(f"LaTeX failed on {tex.name}: {error[:300]}")
        after = _aux_digest(build, tex.stem)
        if after == before and not rerun_requested(text):
            return pdf
        before = after
    raise ReportError(f"LaTeX on {tex.name} did not settle after {MAX_RUNS} runs "
                      f"(cross-references keep changing)")
