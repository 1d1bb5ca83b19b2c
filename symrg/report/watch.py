"""A progress bar for the LaTeX stage: one step per pdflatex pass.

pdflatex gives no progress of its own; each pass rewrites ``NAME.log`` from
the start, so a watcher thread counts the times the log restarts (it shrinks or is
replaced) and advances a :func:`symrg.progress.progress_bar`.  The compile itself is
untouched (:mod:`symrg.report.compile`).
"""

import os
import threading
from contextlib import contextmanager
from pathlib import Path

from ..progress import progress_bar

__all__ = ["latex_progress", "new_pass", "POLL_SECONDS"]

#: How often the watcher looks at the log.
POLL_SECONDS = 0.2


def _signature(path: Path):
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_size


def new_pass(last, current) -> bool:
    """Whether the log signature ``(inode, size)`` went from ``last`` to a new pass.

    A pass starts when the log first appears, is replaced (new inode) or shrinks
    (rewritten from the start).

    Examples
    --------
    >>> [new_pass(a, b) for a, b in [(None, (1, 10)), ((1, 10), (1, 90)), ((1, 90), (1, 5)),
    ...                              ((1, 5), (2, 400)), ((2, 400), None)]]
    [True, False, True, True, False]
    """
    if current is None:
        return False
    return last is None or current[0] != last[0] or current[1] < last[1]


def _watch(path: Path, bar, stop: threading.Event):
    last = None
    while not stop.wait(POLL_SECONDS):
        sig = _signature(path)
        if new_pass(last, sig):
            bar.update(1)
        if sig is not None:
            last = sig


@contextmanager
def latex_progress(log_path, desc: str, *, quiet: bool = False):
    """Show a bar counting pdflatex passes (on a terminal only) while the body runs.

    Examples
    --------
    >>> with latex_progress("missing.log", "LaTeX", quiet=True):
    ...     pass
    """
    with progress_bar(None, desc, quiet=quiet, unit="pass") as bar:
        if type(bar).__name__ == "NullBar":
            yield bar
            return
        stop = threading.Event()
        thread = threading.Thread(target=_watch, args=(Path(log_path), bar, stop), daemon=True)
        thread.start()
        try:
            yield bar
        finally:
            stop.set()
            thread.join()
