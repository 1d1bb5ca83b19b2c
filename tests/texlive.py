"""Tests that need pdflatex: skip with the reason, but FAIL under CI.

Under CI (environment ``CI`` set and not ``false``/``0``; ``.ci/run`` sets it and
installs TeX Live) a missing pdflatex is a failure, so no TeX check passes or skips
silently there.  Run pytest with ``-rs`` to see the skip reasons.
"""

import os
import shutil

import pytest


def require_pdflatex():
    """Skip the calling test without pdflatex (TeX Live); fail instead under CI."""
    if shutil.which("pdflatex") is None:
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail("CI is set but pdflatex (TeX Live) is missing; install TeX Live")
        pytest.skip("pdflatex (TeX Live) not installed")
