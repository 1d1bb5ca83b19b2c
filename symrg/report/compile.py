"""Compile a generated .tex file to PDF with latexmk, safely and reproducibly.

The command is

    latexmk -pdf -norc -no-shell-escape -interaction=nonstopmode -halt-on-error
            -outdir=. NAME.tex

run inside the build directory with ``openin_any=p`` and ``openout_any=p``
(TeX may only read and write below the build directory and the TeX tree),
``SOURCE_DATE_EPOCH=0`` and ``FORCE_SOURCE_DATE=1`` (byte-identical PDFs).
``-norc`` ignores any ``latexmkrc`` lying around; ``-pdf`` selects pdflatex.
"""

import contextlib
import ctypes
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from ..errors import ReportError

__all__ = ["latexmk_available", "compile_pdf", "first_latex_error", "LATEXMK_HINT",
           "DEFAULT_TIMEOUT"]

#: Seconds before a compile is abandoned.
DEFAULT_TIMEOUT = 180

#: What to tell a user without a TeX installation.
LATEXMK_HINT = "install latexmk and a TeX distribution, then run latexmk -pdf {name}"


def latexmk_available() -> bool:
    """Whether both ``latexmk`` and ``pdflatex`` are on the PATH."""
    return shutil.which("latexmk") is not None and shutil.which("pdflatex") is not None


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


_PR_SET_PDEATHSIG = 1


def _die_with_parent():
    """In the child before exec: get SIGKILL when symrg dies (Linux prctl), even by kill -9."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _kill_group(proc):
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)       # latexmk and the pdflatex it started
    with contextlib.suppress(Exception):
        proc.communicate(timeout=5)


def _run(command, cwd, timeout):
    """Run latexmk in its own process group, ended on timeout, error and signals."""
    preexec = _die_with_parent if sys.platform.startswith("linux") else None
    proc = subprocess.Popen(command, cwd=cwd, env=_environment(), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True, preexec_fn=preexec)
    try:
        output, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise ReportError(f"latexmk did not finish within {timeout} s") from None
    except BaseException:                       # KeyboardInterrupt, SIGTERM, --timeout
        _kill_group(proc)
        raise
    return proc.returncode, output.decode("utf-8", "replace")


def compile_pdf(tex_path, *, outdir, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Compile ``tex_path`` with pdflatex (through latexmk) inside ``outdir``.

    Parameters
    ----------
    tex_path : path-like
        The LaTeX source; copied into ``outdir`` first when it lives elsewhere.
    outdir : path-like
        Build directory; auxiliary files, the log and the PDF are written there.
    timeout : float
        Seconds before the compile is killed.

    Returns
    -------
    pathlib.Path
        ``outdir / (stem + ".pdf")``.

    Raises
    ------
    ReportError
        latexmk missing, a LaTeX error (the first ``!`` line of the log and its
        ``l.<n>`` line are quoted, with the log's path), or a timeout.
    """
    if not latexmk_available():
        raise ReportError("latexmk/pdflatex not found; " + LATEXMK_HINT.format(
            name=Path(tex_path).name))
    build = Path(outdir).resolve()
    build.mkdir(parents=True, exist_ok=True)
    tex = Path(tex_path).resolve()
    if tex.parent != build:
        shutil.copyfile(tex, build / tex.name)
    command = ["latexmk", "-pdf", "-norc", "-no-shell-escape", "-interaction=nonstopmode",
               "-halt-on-error", "-outdir=.", tex.name]
    code, output = _run(command, build, timeout)
    pdf, log = build / (tex.stem + ".pdf"), build / (tex.stem + ".log")
    if code != 0 or not pdf.is_file():
        text = log.read_text("utf-8", "replace") if log.is_file() else output
        error = first_latex_error(text) or (output.strip().splitlines() or ["no output"])[-1]
        raise ReportError(f"LaTeX failed on {tex.name}: {error[:300]}")
    return pdf
