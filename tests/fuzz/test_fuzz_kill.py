"""Issue 13: ``kill -9`` during ``symrg report`` leaves the complete old report or the
complete new one, never a mix, and the next run leaves no debris.

Half of the kills land at a uniformly random moment of the run, half at a random
moment after the build directory appeared (the writing and swapping phase); a few
land while LaTeX runs, after which no TeX process of the build may survive.  The default
run makes 3 kills (2 without PDF, 1 during LaTeX); ``pytest -m fuzz`` makes 20 + 3.
A kill while pdflatex runs must end pdflatex with symrg (issue 13: "Child processes
are ended with their parent").
"""

import os
import pathlib
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest

from symrg.cli import main
from texlive import require_pdflatex

pytestmark = pytest.mark.fuzz

ROOT = pathlib.Path(__file__).parent.parent.parent
PAPER = 'name = "{tag}"\n[values]\nW = [-1, 1]\nb = [-1, 1]\nh = [0, 1]\n'


def _state(directory):
    """Every file of a report (figures/ included) but the PDFs, by relative path."""
    return {str(p.relative_to(directory)): p.read_bytes() for p in directory.rglob("*")
            if p.is_file() and p.suffix != ".pdf"}


def _wait_for_build(out, proc, limit=120.0):
    start = time.perf_counter()
    while time.perf_counter() - start < limit and proc.poll() is None:
        if any(p.name.startswith(".symrg-build-") for p in out.iterdir()):
            return True
        time.sleep(0.005)
    return False


def _tex_in(out, names=(b"latexmk", b"pdflatex")):
    """Pids of latexmk or pdflatex processes working below ``out``."""
    found = []
    for proc in pathlib.Path("/proc").glob("[0-9]*"):
        try:
            cmd = (proc / "cmdline").read_bytes()
            cwd = os.readlink(proc / "cwd")
        except OSError:
            continue
        if any(name in cmd for name in names) and str(out) in cwd:
            found.append(proc.name)
    return found


def _wait_until(condition, limit):
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if condition():
            return True
        time.sleep(0.01)
    return False


SLOW_PDFLATEX = """#!{python}
import time
time.sleep(120)       # a pdflatex run that stays quiet for long (a large report)
"""


@pytest.mark.skipif(not pathlib.Path("/proc/self/cwd").exists(), reason="needs /proc")
@pytest.mark.parametrize("tex", ["pdflatex", "slow stand-in"])
def test_kill_9_while_pdflatex_runs_ends_pdflatex(tmp_path, tex):
    """Wait until a pdflatex of the build runs, kill -9 symrg: within 3 s no TeX process
    of the build is left, the old report is intact and the next run leaves no debris.
    The stand-in never writes, so only a death signal (not SIGPIPE) can end it."""
    env = dict(os.environ)
    if tex == "pdflatex" and shutil.which("pdflatex") is None:
        pytest.skip("pdflatex not installed")
    if tex != "pdflatex":
        fake = tmp_path / "bin" / "pdflatex"
        fake.parent.mkdir()
        fake.write_text(SLOW_PDFLATEX.format(python=sys.executable))
        fake.chmod(0o755)
        env["PATH"] = f"{fake.parent}{os.pathsep}{env.get('PATH', '')}"
    model, out = tmp_path / "m.toml", tmp_path / "out"
    model.write_text(PAPER.format(tag="first"))
    assert main(["report", str(model), "-o", str(out), "-q", "--no-pdf"]) == 0
    before = _state(out / "m")
    model.write_text(PAPER.format(tag="second"))
    proc = subprocess.Popen([sys.executable, "-m", "symrg.cli", "report", str(model), "-o",
                             str(out), "-q"], cwd=ROOT, env=env)
    assert _wait_until(lambda: _tex_in(out, [b"pdflatex"]) or proc.poll() is not None, 300)
    assert proc.poll() is None, "the report ended before pdflatex could be seen"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _wait_until(lambda: not _tex_in(out), 3.0), f"pdflatex outlived symrg: {_tex_in(out)}"
    assert _state(out / "m") == before
    assert main(["report", str(model), "-o", str(out), "-q", "--no-pdf"]) == 0   # next run
    assert sorted(p.name for p in out.iterdir()) == ["m"]                       # no debris
    assert "second" in (out / "m" / "m.json").read_text()


def test_kill_9_during_symrg_report(tmp_path, fuzz_budget):
    model, out = tmp_path / "m.toml", tmp_path / "out"
    versions = {}
    for tag in ("old", "new"):           # beside out/: the same recorded model_file
        model.write_text(PAPER.format(tag=tag))
        ref = tmp_path / f"ref-{tag}"
        assert main(["report", str(model), "-o", str(ref), "--no-pdf", "-q"]) == 0
        versions[tag] = _state(ref / "m")
    assert versions["old"] != versions["new"]
    shutil.copytree(tmp_path / "ref-old", out)
    rng = random.Random(1313)
    plain = 20 if fuzz_budget else 2
    kills = [False] * plain + [True] * (3 if fuzz_budget else 1)
    have_latex = shutil.which("pdflatex") is not None     # symrg runs pdflatex itself
    for k, latex in enumerate(kills):
        if latex and not have_latex:
            continue
        model.write_text(PAPER.format(tag=("new", "old")[k % 2]))
        args = [sys.executable, "-m", "symrg.cli", "report", str(model), "-o", str(out), "-q"]
        start = time.perf_counter()
        proc = subprocess.Popen(args + ([] if latex else ["--no-pdf"]), cwd=ROOT)
        if latex or k % 2:
            _wait_for_build(out, proc)
            time.sleep(rng.random() * (3.0 if latex else 0.05))
        else:
            time.sleep(rng.random() * 6.0)
        if proc.poll() is None:                # else the run ended first: also a moment
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert _state(out / "m") in (versions["old"], versions["new"]), \
            f"kill {k} after {time.perf_counter() - start:.2f} s left a mix"
    time.sleep(0.5)
    assert _wait_until(lambda: not _tex_in(out), 3.0), "pdflatex or latexmk survived symrg"
    model.write_text(PAPER.format(tag="new"))
    assert main(["report", str(model), "-o", str(out), "--no-pdf", "-q"]) == 0   # next run
    assert sorted(p.name for p in out.iterdir()) == ["m"]                       # no debris
    assert _state(out / "m") == versions["new"]
    if not have_latex:                 # the kills during pdflatex did not run: say so
        require_pdflatex()
