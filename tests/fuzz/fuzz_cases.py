"""Generator of malformed and extreme model files, one generator per failure class.

Each class of issue 13 ("Every input answered in bounded time") has a generator
``gen_<class>(rng, n)`` returning ``n`` cases; the first cases of every class are the
issue's own examples, the rest are random variations drawn from ``rng`` (seeded).
A case is a :class:`Case`: the bytes of a model file (or a special path such as
``/dev/zero``), the command and the extra options.  :func:`run_case` runs the CLI
in-process with ``--timeout`` and classifies the outcome.
"""

import contextlib
import io
import json
import os
import random
import time
from collections import Counter
from dataclasses import dataclass, field

__all__ = ["Case", "CLASSES", "DEFAULT_COUNT", "cases", "run_case", "OUTCOMES", "COUNTS",
           "SLOWEST"]

BASE = '[values]\nW = [-1, 1]\nb = [-1, 1]\nh = [0, 1]\n'
PAPER = 'name = "paper"\n' + BASE

#: outcome -> acceptable?  (result, clean error, clean give-up and a partial record whose
#: sections not derived, e.g. skipped as over the budget, are each named on one line)
OUTCOMES = {"result": True, "error": True, "gave-up": True, "partial": True, "traceback": False,
            "multi-line": False, "bad-status": False, "too-slow": False}
#: class -> Counter of outcomes, filled by run_case (printed at the end of the session)
COUNTS = {}
#: class -> (CPU seconds, wall seconds, label) of its slowest case, filled by run_case
SLOWEST = {}


@dataclass
class Case:
    cls: str
    label: str
    content: bytes = b""
    special: str = ""            # "devzero", "fifo", "directory" instead of content
    command: str = "derive"
    options: list = field(default_factory=list)
    stem: str = "model"


def _toml(cls, label, text, **kw):
    return Case(cls, label, text.encode("utf-8") if isinstance(text, str) else text, **kw)


def _big(digits, rng):
    return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(digits - 1))


def gen_encoding(rng, n):
    out = [_toml("encoding", "binary garbage", bytes(rng.randrange(256) for _ in range(300))),
           _toml("encoding", "latin-1 name", 'name = "Schr\xf6dinger"\n'.encode("latin-1")
                 + BASE.encode()),
           _toml("encoding", "UTF-16 file", PAPER.encode("utf-16")),
           _toml("encoding", "invalid UTF-8 in name", b'name = "ab\xc3\x28cd"\n' + BASE.encode()),
           _toml("encoding", "NUL byte", b'name = "a\x00b"\n' + BASE.encode())]
    while len(out) < n:
        data = bytearray(PAPER.encode())
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.randrange(128, 256)
        out.append(_toml("encoding", "flipped bytes", bytes(data)))
    return out[:n]


def gen_literals(rng, n):
    out = [_toml("literals", "5000-digit width", f"width = {_big(5000, rng)}\n" + BASE),
           _toml("literals", "5000-digit value", BASE.replace("[0, 1]", f"[0, {_big(5000, rng)}]")),
           _toml("literals", "'1e5000'", BASE.replace("[0, 1]", '[0, "1e5000"]')),
           _toml("literals", "width = 10**400", f"width = {10 ** 400}\n" + BASE),
           _toml("literals", "'1/' + 10**400", BASE.replace("[0, 1]", f'[0, "1/{10 ** 400}"]')),
           _toml("literals", "'1e999999999'", BASE.replace("[0, 1]", '[0, "1e999999999"]')),
           _toml("literals", "float 1e-300", BASE.replace("[0, 1]", "[0, 1e-300]")),
           _toml("literals", "float 1e308", BASE.replace("[0, 1]", "[0, 1e308]"))]
    while len(out) < n:
        digits = rng.choice([99, 100, 101, 150, 4299, 4301])
        where = rng.choice(["width", "norm", "scale", "data"])
        out.append(_toml("literals", f"{digits}-digit {where}", f"{where} = {_big(digits, rng)}\n" + BASE))
    return out[:n]


def gen_nesting(rng, n):
    out = []
    for depth in (500, 100_000):
        out.append(_toml("nesting", f"arrays {depth} deep", "x = " + "[" * depth + "]" * depth + "\n" + BASE))
    out.append(_toml("nesting", "inline tables 2000 deep",
                     "x = " + "{a = " * 2000 + "1" + "}" * 2000 + "\n" + BASE))
    out.append(_toml("nesting", "dotted key 3000 deep", ".".join(["a"] * 3000) + " = 1\n" + BASE))
    while len(out) < n:
        depth = rng.choice([9, 50, 999, 1001, 5000])
        out.append(_toml("nesting", f"W nested {depth}",
                         BASE.replace("W = [-1, 1]", "W = " + "[" * depth + "1" + "]" * depth)))
    return out[:n]


_TYPE_CASES = [
    ('[activation]\nname = ["relu"]\n', "activation.name = [\"relu\"]"),
    ('name = 5\n', "name = 5"), ('width = "2"\n', 'width = "2"'), ("width = 2.5\n", "width = 2.5"),
    ("width = true\n", "width = true"), ('description = [1]\n', "description = [1]"),
    ('[activation]\ntable = [1, 2]\n', "table = [1, 2]"),
    ('[activation]\ntable = {"-2" = "x"}\n', 'table value "x"'),
    ('[activation]\nname = 3\n', "activation.name = 3"),
    ('inputs = "x"\n', 'inputs = "x"'), ('inputs = [[{a = 1}]]\n', "inputs = [[{a=1}]]"),
    ('labels = [[true]]\n', "labels = [[true]]"),
    ('activation = "relu"\n', 'activation = "relu"'),
    ("norm = [2]\n", "norm = [2]"), ("scale = 2.0\n", "scale = 2.0"),
    ("norm = 1979-05-27T07:32:00Z\n", "norm = a date"),
]


def gen_types(rng, n):
    out = []
    for text, label in _TYPE_CASES:
        head, _, tail = text.partition("[activation]\n")
        body = (head + BASE + "[activation]\n" + tail) if tail else (text + BASE)
        out.append(_toml("types", label, body))
    out.append(_toml("types", "values = [1, 2]", "values = [1, 2]\n"))
    out.append(_toml("types", "values.W = {a = 1}", BASE.replace("W = [-1, 1]", "W = {a = 1}")))
    out.append(_toml("types", "values.h = [[0], [1]]", BASE.replace("h = [0, 1]", "h = [[0], [1]]")))
    rng.shuffle(out)
    return out[:n]


def gen_bypass(rng, n):
    one = BASE.replace("h = [0, 1]", "h = [1]")
    out = [_toml("bypass", "h = [1], width = 10**7", "width = 10000000\n" + one),
           _toml("bypass", "h = [1], width = 10**9", "width = 1000000000\n" + one),
           _toml("bypass", "data = 10**9", "data = 1000000000\n" + BASE),
           _toml("bypass", "h = [1], data = 10**9", "data = 1000000000\n" + one),
           _toml("bypass", "W = [0], h = [1], width = 5000", "width = 5000\n"
                 + one.replace("W = [-1, 1]", "W = [0]"))]
    while len(out) < n:
        w, d = rng.choice([(10 ** 6, 1), (1, 10 ** 6), (4097, 1), (64, 64), (13, 1)])
        out.append(_toml("bypass", f"width {w} data {d}", f"width = {w}\ndata = {d}\n" + one))
    return out[:n]


def gen_unbounded(rng, n):
    out = [_toml("unbounded", "scale = 10**9", "scale = 1000000000\n" + BASE),
           _toml("unbounded", "scale = 2**63-1", f"scale = {2 ** 63 - 1}\n" + BASE),
           _toml("unbounded", "norm = 10**6", "norm = 1000000\n" + BASE),
           _toml("unbounded", "values.h = [0, 10**400]", BASE.replace("[0, 1]", f"[0, {10 ** 400}]")),
           _toml("unbounded", "values.h = [0, 10**50]", BASE.replace("[0, 1]", f"[0, {10 ** 50}]")),
           _toml("unbounded", "W with 3000 values", BASE.replace("[-1, 1]", str(list(range(3000))), 1)),
           _toml("unbounded", "W with 20000 values", BASE.replace("[-1, 1]", str(list(range(20000))), 1)),
           Case("unbounded", "/dev/zero", special="devzero"),
           Case("unbounded", "FIFO without writer", special="fifo"),
           Case("unbounded", "a directory", special="directory"),
           _toml("unbounded", "2 MiB file", PAPER + "# " + "x" * (2 << 20) + "\n")]
    while len(out) < n:
        k = rng.choice(["scale", "norm"])
        v = rng.choice([17, 65, 10 ** 5, "\"1000/3\""])
        out.append(_toml("unbounded", f"{k} = {v}", f"{k} = {v}\n" + BASE))
    return out[:n]


def gen_degenerate(rng, n):
    out = [_toml("degenerate", "W = [0], b = [1], h = [1]", "[values]\nW = [0]\nb = [1]\nh = [1]\n"),
           _toml("degenerate", "N = 2, L = 1, q = 1, a table",
                 'width = 2\nnorm = 1\n[values]\nW = [0]\nb = [0]\nh = [0, 1]\n'
                 '[activation]\ntable = {"0" = 1, "1" = 0}\n'),
           _toml("degenerate", "all-zero weights", "[values]\nW = [0]\nb = [-1, 1]\nh = [0, 1]\n"),
           _toml("degenerate", "constant activation",
                 '[values]\nW = [-1, 1]\nb = [0]\nh = [0, 1]\n[activation]\n'
                 'table = {"-1" = 0, "0" = 0, "1" = 0}\n')]
    values = ([0], [1], [-1, 1], [0, 1], ["1/2"], [0, "1/2"])
    while len(out) < n:
        W, b, h = (rng.choice(values) for _ in range(3))
        N, L = rng.choice([(1, 1), (2, 1), (1, 2)])
        text = f"width = {N}\ndata = {L}\nnorm = {rng.choice([1, 2, 3])}\n[values]\n" \
               f"W = {json.dumps(W)}\nb = {json.dumps(b)}\nh = {json.dumps(h)}\n" \
               f"[activation]\nname = \"{rng.choice(['heaviside', 'relu', 'sign', 'identity'])}\"\n"
        out.append(_toml("degenerate", f"random N={N} L={L}", text))
    return out[:n]


def gen_slow_valid(rng, n):
    """Small valid models (N L <= 4, value sets of 2) that the fuzz suite found running
    for minutes: many couplings, a huge RG map, u^(1/D) with a large D."""
    out = [_toml("slow-valid", "N=2 identity, 170 couplings",
                 'width = 2\nnorm = 3\n[values]\nW = [0, "1/2"]\nb = [-1, 1]\nh = [-1, 1]\n'
                 '[activation]\nname = "identity"\n'),
           _toml("slow-valid", "N=1 L=2 identity, 77 couplings",
                 'data = 2\nnorm = 1\n[values]\nW = [0, 1]\nb = [0, "1/2"]\nh = [-1, 1]\n'
                 '[activation]\nname = "identity"\n'),
           _toml("slow-valid", "N=2 L=2 binary, 75 couplings",
                 'width = 2\ndata = 2\n[values]\nW = [-1, 1]\nb = [-1, 1]\nh = [0, 1]\n'),
           _toml("slow-valid", "N=2 hardtanh p=3, 37773-term map",
                 'width = 2\nscale = 3\n[values]\nW = [-1, "1/2"]\nb = [-1, "1/2"]\n'
                 'h = [-1, "1/2"]\n[activation]\nname = "hardtanh"\n'),
           _toml("slow-valid", "N=2 hardtanh p=3, 103806-term map",
                 'width = 2\nscale = 3\n[values]\nW = [-1, 0, 1]\nb = [-1, 0, 1]\n'
                 'h = [-1, 0, 1]\n[activation]\nname = "hardtanh"\n'),
           _toml("slow-valid", "L=2 sign, halves: 20 couplings in u^(1/4)",
                 'data = 2\n[values]\nW = ["1/2", "-1/2"]\nb = ["2/3", 1]\nh = [2, "-1/2"]\n'
                 '[activation]\nname = "sign"\n'),
           _toml("slow-valid", "q=3, thirds: u^(1/27)",
                 'norm = 3\n[values]\nW = ["-1/3", 2]\nb = [0]\nh = ["-1/3", 2]\n'
                 '[activation]\nname = "identity"\n'),
           _toml("slow-valid", "q=3, h up to 4: degree 4913",
                 'norm = 3\n[values]\nW = [-1, 4]\nb = [0]\nh = [-1, 4]\n'
                 '[activation]\nname = "identity"\n')]
    values = [-1, 0, 1, 2, 3, "1/2", "-1/2", "1/3", "-1/3", "2/3"]
    while len(out) < n:
        N, L = rng.choice([(1, 1), (2, 1), (1, 2), (2, 2)])
        W, b, h = (rng.sample(values, 2) for _ in range(3))
        act = rng.choice(["identity", "hardtanh", "relu", "sign", "heaviside"])
        text = f"width = {N}\ndata = {L}\nnorm = {rng.choice([1, 2, 3])}\n" \
               f"scale = {rng.choice([2, 3])}\n[values]\nW = {json.dumps(W)}\n" \
               f"b = {json.dumps(b)}\nh = {json.dumps(h)}\n[activation]\nname = \"{act}\"\n"
        out.append(_toml("slow-valid", f"random N={N} L={L} {act}", text))
    return out[:n]


def gen_digits(rng, n):
    out = [_toml("digits", f"--digits {d}", PAPER, options=["--digits", str(d)])
           for d in (4276, 100000, 14, 100001, "x")]
    while len(out) < n:
        d = rng.choice([15, 4300, 5000, 20000])
        out.append(_toml("digits", f"--digits {d}", PAPER, options=["--digits", str(d)]))
    return out[:n]


def gen_error_lines(rng, n):
    out = [_toml("error-lines", "1 MB activation name",
                 BASE + '[activation]\nname = "' + "r" * 1_000_000 + '"\n'),
           _toml("error-lines", "100000 equal b values",
                 BASE.replace("b = [-1, 1]", "b = [" + ", ".join(["1"] * 100_000) + "]")),
           _toml("error-lines", "4000 equal b values",
                 BASE.replace("b = [-1, 1]", "b = [" + ", ".join(["1"] * 4000) + "]")),
           _toml("error-lines", "long unknown key", "k" * 5000 + " = 1\n" + BASE),
           _toml("error-lines", "long bad value", BASE.replace("[0, 1]", '[0, "' + "z" * 3000 + '"]')),
           _toml("error-lines", "long garbage line", "x" * 500_000 + "\n")]
    while len(out) < n:
        k = rng.randint(100, 4000)
        out.append(_toml("error-lines", f"{k}-char activation name",
                         BASE + '[activation]\nname = "' + "q" * k + '"\n'))
    return out[:n]


def gen_output_paths(rng, n):
    out = [_toml("output-paths", "--json /dev/null", PAPER, options=["--json", "/dev/null"]),
           _toml("output-paths", "--json ''", PAPER, options=["--json", ""]),
           _toml("output-paths", "--json into a directory", PAPER, options=["--json", "{tmp}"]),
           _toml("output-paths", "--json in a missing directory", PAPER,
                 options=["--json", "{tmp}/missing/x.json"]),
           _toml("output-paths", "-o /dev/null", PAPER, command="report",
                 options=["-o", "/dev/null", "--no-pdf"]),
           _toml("output-paths", "-o ''", PAPER, command="report", options=["-o", "", "--no-pdf"]),
           _toml("output-paths", "-o onto a file", PAPER, command="report",
                 options=["-o", "{tmp}/in/model.toml", "--no-pdf"]),
           _toml("output-paths", "--json onto a FIFO", PAPER, options=["--json", "{fifo}"])]
    return out[:n]


def gen_names(rng, n):
    out = []
    for stem in ("%", "..", "", "a\x01b", "ϜϟϛϡͱϳΥ", "x" * 200):
        out.append(_toml("names", f"stem {stem[:12]!r}", 'name = "n"\n' + BASE, command="report",
                         options=["--no-pdf"], stem=stem))
    for name in ("ϜϟϛϡͱϳΥ", "😀🎉", "x" * 200, "a\\u0001b\\u202e", "\\\\input{/etc/passwd}"):
        out.append(_toml("names", f"name {name[:12]!r}", f'name = "{name}"\n' + BASE,
                         command="report", options=["--no-pdf"]))
    return out[:n]


CLASSES = {"encoding": gen_encoding, "literals": gen_literals, "nesting": gen_nesting,
           "types": gen_types, "bypass": gen_bypass, "unbounded": gen_unbounded,
           "degenerate": gen_degenerate, "slow-valid": gen_slow_valid, "digits": gen_digits,
           "error-lines": gen_error_lines,
           "output-paths": gen_output_paths, "names": gen_names}


#: Cases per class in the default (CI) run: every fixed example of the issue for the
#: classes refused by the gate (milliseconds each), two for the classes that derive.
DEFAULT_COUNT = {"encoding": 5, "literals": 8, "nesting": 4, "types": 19, "bypass": 5,
                 "unbounded": 11, "error-lines": 6, "output-paths": 8, "degenerate": 2,
                 "slow-valid": 8,
                 "digits": 2, "names": 2}


def cases(cls, n, seed=0):
    """The first ``n`` cases of class ``cls`` (the issue's examples come first)."""
    return CLASSES[cls](random.Random(f"{cls}-{seed}"), n)


def _materialise(case, tmp):
    tmp.mkdir(parents=True, exist_ok=True)
    if case.special == "devzero":
        return "/dev/zero"
    if case.special == "directory":
        return str(tmp)
    if case.special == "fifo":
        path = tmp / "pipe.toml"
        os.mkfifo(path)
        return str(path)
    name = case.stem + ".toml" if case.stem not in ("", "..") else (case.stem or "") + ".toml"
    path = tmp / "in" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(case.content)
    return str(path)


def run_case(case, tmp, timeout=None):
    """Run one case through ``symrg.cli.main`` in-process; return (outcome, stderr, seconds).

    ``--timeout`` is ``timeout``, else SYMRG_FUZZ_TIMEOUT, else 10 s (the issue's bound).
    """
    timeout = timeout or float(os.environ.get("SYMRG_FUZZ_TIMEOUT", 10))
    from symrg import cli
    model = _materialise(case, tmp)
    fifo = tmp / "out.fifo"
    if "{fifo}" in " ".join(case.options) and not fifo.exists():
        os.mkfifo(fifo)
    options = [o.replace("{tmp}", str(tmp)).replace("{fifo}", str(fifo)) for o in case.options]
    if case.command == "report" and "-o" not in options:
        options += ["-o", str(tmp / "out")]
    argv = [case.command, model, "-q", "--timeout", str(timeout), *options]
    err, out = io.StringIO(), io.StringIO()
    start, cpu = time.perf_counter(), time.process_time()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            status = cli.main(argv)
        except SystemExit as exc:              # argparse errors
            status = exc.code
        except BaseException as exc:           # noqa: BLE001 - a crash is an outcome
            import traceback
            traceback.print_exc()
            status = f"raised {type(exc).__name__}"
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    text = err.getvalue()
    outcome = _classify(status, text)
    COUNTS.setdefault(case.cls, Counter())[outcome] += 1
    if cpu > SLOWEST.get(case.cls, (-1,))[0]:
        SLOWEST[case.cls] = (cpu, seconds, case.label)
    return outcome, text, seconds


def _classify(status, stderr):
    if "Traceback" in stderr or not isinstance(status, int):
        return "traceback"
    errors = [line for line in stderr.splitlines() if line.startswith("symrg: error:")]
    if status == 0:
        return "result"
    if status == 3:
        return "gave-up"
    others = [line for line in stderr.splitlines()
              if not line.startswith(("symrg: error:", "symrg: warning:"))]
    if status == 2:                     # one error line (warning lines may precede it)
        return "error" if len(errors) == 1 and len(errors[0]) < 3000 and not others \
            else "multi-line"
    if status == 4:                     # record written; one line per section not derived
        sections = [line for line in others if line.startswith("symrg: section ")]
        return "partial" if sections and sections == others and not errors else "multi-line"
    return "bad-status"
