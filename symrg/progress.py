"""Progress on stderr: stage lines and bars (tqdm), silent when quiet or off a terminal.

One library (tqdm) draws every progress bar of symrg: long derivation stages (fixed
points, Monte Carlo, LaTeX) and scans.  Bars are shown only when stderr is a terminal
and ``quiet`` is false; stage lines (``symrg: [2/5] decimation``) follow ``quiet`` only.
"""

import sys
from contextlib import contextmanager

__all__ = ["Progress", "progress_bar", "NullBar"]


class NullBar:
    """A bar that draws nothing (quiet runs, pipes, tests)."""

    total = None

    def update(self, n=1):
        pass

    def set_postfix_str(self, text):
        pass

    def close(self):
        pass


@contextmanager
def progress_bar(total=None, desc="", *, quiet=False, unit="it", stream=None):
    """A tqdm bar on stderr, or a :class:`NullBar` when quiet or stderr is not a TTY.

    Examples
    --------
    >>> with progress_bar(3, "steps", quiet=True) as bar:
    ...     for _ in range(3):
    ...         bar.update()
    """
    stream = stream or sys.stderr
    if quiet or not getattr(stream, "isatty", lambda: False)():
        yield NullBar()
        return
    from tqdm import tqdm
    bar = tqdm(total=total, desc=f"symrg: {desc}", unit=unit, file=stream, leave=False,
               dynamic_ncols=True)
    try:
        yield bar
    finally:
        bar.close()


class Progress:
    """Stage lines on stderr (``symrg: [2/5] decimation ...``), silent when ``quiet``."""

    def __init__(self, stages: int, quiet: bool = False, stream=None):
        self.stages, self.quiet, self.done = stages, quiet, 0
        self.stream = stream or sys.stderr

    def __call__(self, label: str):
        self.done += 1
        if not self.quiet:
            print(f"symrg: [{self.done}/{self.stages}] {label}", file=self.stream, flush=True)

    def bar(self, total=None, desc="", unit="it"):
        """A progress bar for the current stage (see :func:`progress_bar`)."""
        return progress_bar(total, desc, quiet=self.quiet, unit=unit, stream=self.stream)
