"""Generator of hostile inputs for every entry point besides the model file (issue 22).

One generator ``gen_<class>(rng, n)`` per entry point: scan specs, scan stores,
exports, plot stems, ``--widths``, ``--from`` and ``--steps``.  As in
:mod:`fuzz_cases`, the first cases of a class are fixed examples (the issue's table
first) and the rest random variations drawn from the seeded ``rng``.

A case names the files to create in its temporary directory (``files``: name ->
bytes, or ``"fifo"`` / ``"dir"``) and the command line (``argv``, with ``{tmp}``
replaced by that directory).  :func:`run_entry_case` runs it in-process, classifies
the outcome like :func:`fuzz_cases.run_case`, and checks that no file that existed
before the run was changed (SHA-256 of every file) unless the run succeeded and the
file was one of its targets.  Scans run against an unreachable scheduler
(``--scheduler tcp://127.0.0.1:9``), so a spec that passes every check ends in one
error line, without starting a cluster or writing a store.
"""

import contextlib
import hashlib
import io
import os
import random
import signal
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from fuzz_cases import COUNTS, SLOWEST, _classify

__all__ = ["EntryCase", "ENTRY_CLASSES", "ENTRY_DEFAULT_COUNT", "entry_cases",
           "run_entry_case"]

PAPER = b'[values]\nW = [-1, 1]\nb = [-1, 1]\nh = [0, 1]\n'
SPEC = '[scan]\nsections = []\n[base.values]\nW = [-1, 1]\nb = [-1, 1]\nh = [0, 1]\n'
OK_SPEC = (SPEC + "[axes]\nwidths = [1]\n").encode()
START = "exp_A=2,exp_B=1,exp_C=1"
NO_CLUSTER = ["--scheduler", "tcp://127.0.0.1:9", "-q"]
#: Wall seconds after which a case counts as a hang (scans have no --timeout).
HANG = 60


@dataclass
class EntryCase:
    cls: str
    label: str
    argv: list
    files: dict = field(default_factory=dict)
    targets: tuple = ()          # files a successful run may write


def _scan(cls, label, spec, *extra, files=None, targets=()):
    files = dict(files or {})
    if isinstance(spec, (bytes, str)):
        files["spec.toml"] = spec.encode() if isinstance(spec, str) else spec
        spec = "{tmp}/spec.toml"
    store = [] if "--store" in extra else ["--store", "{tmp}/s.sqlite"]   # never in the cwd
    return EntryCase(cls, label, ["scan", spec, *extra, *store, *NO_CLUSTER], files,
                     ("s.sqlite",) + tuple(targets))


def _spec_axes(axes):
    return SPEC + "[axes]\n" + axes


def gen_scan_specs(rng, n):
    c = "scan-specs"
    out = [_scan(c, "10^12 points", _spec_axes("\n".join(
               f"{k} = {list(range(1, 1001))}" for k in ("widths", "data", "scales", "norms")))),
           _scan(c, "FIFO", "{tmp}/spec.toml", files={"spec.toml": "fifo"}),
           _scan(c, "/dev/zero", "/dev/zero"),
           _scan(c, "a directory", "{tmp}/d", files={"d": "dir"}),
           _scan(c, "arrays 5000 deep", "x = " + "[" * 5000 + "]" * 5000 + "\n"),
           _scan(c, "inline tables 5000 deep", "x = " + "{a = " * 5000 + "1" + "}" * 5000),
           _scan(c, "dotted header 5000 deep", "[" + ".".join(["a"] * 5000) + "]\n"),
           _scan(c, "latin-1 name", b'[scan]\nname = "Schr\xf6dinger"\n'),
           _scan(c, "UTF-16", OK_SPEC.decode().encode("utf-16")),
           _scan(c, "unknown key in [base]", SPEC + 'model = "m.toml"\n[axes]\nwidths = [1]\n'),
           _scan(c, "unknown key in [scan]", '[scan]\nnmae = "x"\n' + SPEC[7:]
                 + "[axes]\nwidths = [1]\n"),
           _scan(c, "unknown axis", _spec_axes("width = [1]\n")),
           _scan(c, "tables at width 10^9",
                 _spec_axes('tables = "all"\nwidths = [1, 1000000000]\n')),
           _scan(c, "every model fails", _spec_axes("widths = [0, -1]\n")),
           _scan(c, "5000-digit width", _spec_axes(f"widths = [{'9' * 5000}]\n")),
           _scan(c, "axis of 5000 values", _spec_axes(f"widths = {list(range(1, 5001))}\n")),
           _scan(c, "2 MiB comment", OK_SPEC + b"# " + b"x" * (2 << 20) + b"\n"),
           _scan(c, "axes = 5", SPEC + "axes = 5\n"),
           _scan(c, "tables = 'some'", _spec_axes('tables = "some"\n')),
           _scan(c, "activations = ['relu']", _spec_axes('activations = ["relu"]\n'))]
    base = OK_SPEC
    while len(out) < n:
        data = bytearray(base)
        for _ in range(rng.randint(1, 3)):
            data[rng.randrange(len(data))] = rng.choice(b"[]{}=\",0123456789-\n\xff")
        out.append(_scan(c, "flipped bytes", bytes(data)))
    return out[:n]


def _symrg_store(spec_hash):
    """Bytes of an empty symrg scan store of another spec (made once per process)."""
    import tempfile
    from symrg.scan.store import ScanStore
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.sqlite"
        ScanStore(path, spec_hash).close()
        return path.read_bytes()


def _sqlite_not_symrg():
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.sqlite"
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE t (x)")
        con.commit()
        con.close()
        return path.read_bytes()


def gen_stores(rng, n):
    c = "stores"
    store = "{tmp}/s.sqlite"
    out = [_scan(c, "--store /proc/x", OK_SPEC, "--store", "/proc/symrg-x.sqlite"),
           _scan(c, "--store /dev/null", OK_SPEC, "--store", "/dev/null"),
           _scan(c, "--store ''", OK_SPEC, "--store", ""),
           _scan(c, "--store a directory", OK_SPEC, "--store", "{tmp}/d", files={"d": "dir"}),
           _scan(c, "--store a FIFO", OK_SPEC, "--store", "{tmp}/f", files={"f": "fifo"}),
           _scan(c, "--store not SQLite", OK_SPEC, "--store", store,
                 files={"s.sqlite": b"hello \x00\xff"}),
           _scan(c, "--store SQLite, not symrg", OK_SPEC, "--store", store,
                 files={"s.sqlite": _sqlite_not_symrg()}),
           _scan(c, "--store of another spec", OK_SPEC, "--store", store,
                 files={"s.sqlite": _symrg_store("f" * 64)}),
           _scan(c, "--store in a missing directory", OK_SPEC, "--store", "{tmp}/no/s.sqlite"),
           EntryCase(c, "report of a text file", ["report", "{tmp}/s.sqlite", "-o", "{tmp}/o",
                                                  "--no-pdf"], {"s.sqlite": b"hello"}),
           EntryCase(c, "report of a FIFO", ["report", "{tmp}/s.sqlite", "-o", "{tmp}/o"],
                     {"s.sqlite": "fifo"})]
    while len(out) < n:
        data = bytearray(_symrg_store("e" * 64))
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        out.append(_scan(c, "corrupted symrg store", OK_SPEC, "--store", store,
                         files={"s.sqlite": bytes(data)}))
    return out[:n]


def gen_exports(rng, n):
    c = "exports"
    files = {"out.csv": b"a,b\n1,2\n"}
    out = [_scan(c, "--export onto a directory", OK_SPEC, "--export", "{tmp}/d.csv",
                 files={"d.csv": "dir"}),
           _scan(c, "--export /dev/null", OK_SPEC, "--export", "/dev/null"),
           _scan(c, "--export ''", OK_SPEC, "--export", ""),
           _scan(c, "--export .txt", OK_SPEC, "--export", "{tmp}/out.txt", files=files),
           _scan(c, "--export /proc/x.csv", OK_SPEC, "--export", "/proc/x.csv"),
           _scan(c, "--export a FIFO", OK_SPEC, "--export", "{tmp}/f.csv",
                 files={"f.csv": "fifo"}),
           _scan(c, "--export in a missing directory", OK_SPEC, "--export", "{tmp}/no/x.csv"),
           _scan(c, "refused spec, existing export", _spec_axes("widths = [0]\n"),
                 "--export", "{tmp}/out.csv", files=files)]
    names = ["d.csv", "f.csv", "/dev/zero", "/proc/self/x.csv", "x.CSV", ".csv", "x.parquet.tmp"]
    while len(out) < n:
        name = rng.choice(names)
        path = name if name.startswith("/") else "{tmp}/" + name
        made = {"d.csv": "dir", "f.csv": "fifo"}.get(name)
        out.append(_scan(c, f"--export {name}", OK_SPEC, "--export", path,
                         files={name: made} if made else {}))
    return out[:n]


def _flow(cls, label, *extra, files=None, targets=()):
    files = dict(files or {}, **{"paper.toml": PAPER})
    return EntryCase(cls, label, ["flow", "{tmp}/paper.toml", *extra, "--timeout", "{timeout}"],
                     files, tuple(targets))


def gen_plot_stems(rng, n):
    c = "plot-stems"
    old = {"p.pdf": b"%PDF old", "p.png": b"\x89PNG old"}
    out = [_flow(c, "--plot /dev/null", "--from", START, "--plot", "/dev/null"),
           _flow(c, "--plot /dev/null.pdf", "--from", START, "--plot", "/dev/null.pdf"),
           _flow(c, "--plot ''", "--from", START, "--plot", ""),
           _flow(c, "--plot a directory", "--from", START, "--plot", "{tmp}/d", files={"d": "dir"}),
           _flow(c, "--plot x.pdf a directory", "--from", START, "--plot", "{tmp}/x.pdf",
                 files={"x.pdf": "dir"}),
           _flow(c, "--plot x, x.png a FIFO", "--from", START, "--plot", "{tmp}/x",
                 files={"x.png": "fifo"}),
           _flow(c, "--plot /proc/x", "--from", START, "--plot", "/proc/x"),
           _flow(c, "--plot in a missing directory", "--from", START, "--plot", "{tmp}/no/x"),
           _flow(c, "refused steps, existing plot", "--from", START, "--steps", "50",
                 "--exact", "--plot", "{tmp}/p", files=old),
           _flow(c, "existing plot replaced", "--from", START, "--steps", "2", "--plot",
                 "{tmp}/p.pdf", files=old, targets=("p.pdf", "p.png")),
           EntryCase(c, "width --figures /dev/null", ["width", "{tmp}/paper.toml", "--widths",
                     "1,2", "--figures", "/dev/null", "--timeout", "{timeout}"],
                     {"paper.toml": PAPER})]
    stems = ["/dev/null", "/dev/zero", "/proc/self/x", "/", "{tmp}/d", "{tmp}/d/", "{tmp}/x.PDF",
             "{tmp}/f", "{tmp}/no/x.png"]
    while len(out) < n:
        stem = rng.choice(stems)
        out.append(_flow(c, f"--plot {stem}", "--from", START, "--plot", stem,
                         files={"d": "dir", "f": "fifo"}))
    return out[:n]


def gen_widths(rng, n):
    c = "widths"

    def case(label, text, **kw):
        return EntryCase(c, label, ["width", "{tmp}/paper.toml", "--widths", text,
                                    "--timeout", "{timeout}"], {"paper.toml": PAPER}, **kw)
    out = [case("1..3000 as a list", ",".join(str(k) for k in range(1, 3001))),
           case("'1..3000'", "1..3000"), case("''", ""), case("1,,2", "1,,2"),
           case("superscript two", "1,²"), case("0", "0"), case("-1", "-1"),
           case("13 digits", "9" * 13), case("5000 digits", "9" * 5000),
           case("4097 entries", ",".join(["1"] * 4097)), case("repeated", "1,1"),
           case("10^9", "1000000000")]
    while len(out) < n:
        k = rng.randint(1, 60)
        widths = sorted(rng.sample(range(1, 400), k))
        out.append(case(f"{k} random widths", ",".join(map(str, widths))))
    return out[:n]


def gen_from(rng, n):
    c = "from"

    def case(label, text):
        return _flow(c, label, "--from", text, "--steps", "2")
    out = [case("1e999999999", "A=1e999999999,B=0,C=0"),
           case("exp 1e99999", "exp_A=1e99999,B=0,C=0"), case("1/0", "A=1/0,B=0,C=0"),
           case("5000 digits", "A=" + "9" * 5000 + ",B=0,C=0"), case("''", ""),
           case("commas", ",,,"), case("A==1", "A==1,B=0,C=0"), case("nan", "A=nan,B=0,C=0"),
           case("unknown D", "A=0,B=0,C=0,D=1"), case("twice", "A=0,A=1,B=0,C=0"),
           case("exp_A = 0", "exp_A=0,B=0,C=0"), case("exp_A = -1", "exp_A=-1,B=0,C=0"),
           case("100000 items", ",".join(["A=1"] * 100_000)),
           case("unicode digits", "A=٣,B=0,C=0")]
    atoms = ["0", "1", "-1", "1/2", "0.25", "1e3", "1e-3", "-0", "x", "", "1/0", "9" * 120]
    while len(out) < n:
        parts = [f"{rng.choice(['', 'exp_'])}{k}={rng.choice(atoms)}" for k in "ABC"]
        rng.shuffle(parts)
        out.append(case("random start", ",".join(parts)))
    return out[:n]


def gen_steps(rng, n):
    c = "steps"

    def case(label, steps, *extra):
        return _flow(c, label, "--from", START, "--steps", steps, *extra)
    out = [case("10^7 numeric", "10000000", "--digits", "20"), case("40 exact", "40", "--exact"),
           case("2^63", str(2 ** 63)), case("10^30 numeric", str(10 ** 30), "--digits", "15"),
           case("0", "0"), case("-1", "-1"), case("''", ""), case("1e3", "1e3"),
           case("5000 digits", "9" * 5000), case("16 exact", "16", "--exact")]
    while len(out) < n:
        steps = rng.choice([1, 3, 10, 17, 100, 10 ** 5, 10 ** 6])
        extra = rng.choice([(), ("--exact",), ("--digits", "15"), ("--digits", "60")])
        out.append(case(f"{steps} steps {' '.join(extra)}", str(steps), *extra))
    return out[:n]


ENTRY_CLASSES = {"scan-specs": gen_scan_specs, "stores": gen_stores, "exports": gen_exports,
                 "plot-stems": gen_plot_stems, "widths": gen_widths, "from": gen_from,
                 "steps": gen_steps}
#: Cases per class in the default (CI) run: every fixed example (each refused in
#: milliseconds, or a flow of a few steps on the paper's model).
ENTRY_DEFAULT_COUNT = {"scan-specs": 20, "stores": 11, "exports": 8, "plot-stems": 11,
                       "widths": 12, "from": 14, "steps": 10}


def entry_cases(cls, n, seed=0):
    """The first ``n`` cases of entry-point class ``cls`` (fixed examples first)."""
    return ENTRY_CLASSES[cls](random.Random(f"{cls}-{seed}"), n)


def _make(tmp: Path, files: dict):
    for name, content in files.items():
        if name.startswith("/"):
            continue
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if content == "fifo":
            os.mkfifo(path)
        elif content == "dir":
            path.mkdir(exist_ok=True)
        elif content is not None:
            path.write_bytes(content)


def snapshot(tmp: Path) -> dict:
    """{relative path: SHA-256, or the kind for FIFOs and directories} under ``tmp``."""
    out = {}
    for path in sorted(tmp.rglob("*")):
        key = str(path.relative_to(tmp))
        if path.is_fifo():
            out[key] = "fifo"
        elif path.is_dir():
            out[key] = "dir"
        else:
            out[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


class _Hang(BaseException):
    pass


def _on_alarm(signum, frame):
    raise _Hang()


def run_entry_case(case, tmp: Path, timeout=None):
    """Run one case in-process; return (outcome, stderr, damaged files).

    ``damaged`` lists files that existed before the run and changed (or vanished),
    except targets of a successful run.
    """
    timeout = timeout or float(os.environ.get("SYMRG_FUZZ_TIMEOUT", 10))
    from symrg import cli
    tmp.mkdir(parents=True, exist_ok=True)
    _make(tmp, case.files)
    before = snapshot(tmp)
    argv = [a.replace("{tmp}", str(tmp)).replace("{timeout}", str(timeout)) for a in case.argv]
    err, out = io.StringIO(), io.StringIO()
    guard = "--timeout" not in argv
    start, cpu = time.perf_counter(), time.process_time()
    if guard:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, HANG)
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            status = cli.main(argv)
        except SystemExit as exc:
            status = exc.code
        except _Hang:
            status = "hang"
        except BaseException:                      # noqa: BLE001 - a crash is an outcome
            import traceback
            traceback.print_exc()
            status = "raised"
        finally:
            if guard:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    text = err.getvalue()
    outcome = "too-slow" if status == "hang" else _classify(status, text)
    COUNTS.setdefault(case.cls, Counter())[outcome] += 1
    if cpu > SLOWEST.get(case.cls, (-1,))[0]:
        SLOWEST[case.cls] = (cpu, seconds, case.label)
    after = snapshot(tmp)
    allowed = set(case.targets) if outcome == "result" else set()
    damaged = [k for k, v in before.items() if k not in allowed and after.get(k) != v]
    return outcome, text, damaged
