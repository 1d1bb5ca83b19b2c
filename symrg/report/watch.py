"""A progress bar for the LaTeX stage: one step per pdflatex pass that latexmk runs.

latexmk gives no progress of its own; each pdflatex pass rewrites ``NAME.log`` from
the start, so a watcher thread counts the times the log restarts (it shrinks or is
replaced) and advances a :func:`symrg.progress.progress_bar`.  The compile itself is
untouched (:mod:`symrg.report.compile`).
"""

import os
import threading
from contextlib import contextmanager
from pathlib import Path

from ..progress import progress_bar

__all__ = ["latex_progress", "POLL_SECONDS"]

#: How often the watcher looks at the log.
POLL_SECONDS = 0.2


def _signature(path: Path):
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_size


def _watch(path: Path, bar, stop: threading.Event):
    last = None
    while not stop.wait(POLL_SECONDS):
        sig = _signature(path)
        if sig is None:
            continue
        if last is None or sig[0] != last[0] or sig[1] < last[1]:
            bar.update(1)
            bar.set_postfix_str("pdflatex pass")
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
