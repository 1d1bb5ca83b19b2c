"""The one gate for every file symrg reads: bounded reading, strict decoding, bounded structure.

Every model file passes through :func:`symrg.model.files.load_model_file`, and every scan
spec through :func:`symrg.scan.spec.load_spec`, both by way of :func:`load_toml_file`, before any
work (a scan store's header is read through :func:`read_head`, with the same refusals):

1. **Reading.** The file is opened with ``O_NONBLOCK`` and checked with ``fstat``
   before a byte is read, so FIFOs, devices (``/dev/zero``), sockets and directories
   are refused at once instead of blocking or reading without end; at most
   :data:`MAX_BYTES` bytes are read.
2. **Decoding.** UTF-8 (an initial byte-order mark is allowed); an invalid byte is
   reported with the file name and its byte offset.
3. **Parsing.** TOML through :mod:`tomllib`; nesting deeper than Python's parser
   can follow and integer literals past Python's int-string limit become one-line
   errors with the line number.
4. **Structure.** Nesting depth, list lengths, string lengths and integer sizes are
   bounded (:data:`MAX_DEPTH`, :data:`MAX_LIST`, :data:`MAX_STRING`,
   :data:`symrg.model.loader.MAX_DIGITS`) before :meth:`symrg.model.network.Model.from_dict`
   checks the fields' types and meaning and estimates the size of the derivation.

Error messages quote user input through :func:`quote`, cut to :data:`QUOTE_LENGTH`
characters.
"""

import os
import re
import stat
import tomllib

from ..errors import ModelError

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_LIST", "MAX_STRING", "MAX_DIGITS", "QUOTE_LENGTH",
           "quote", "read_bytes", "read_head", "read_text", "decode_utf8", "read_model_text",
           "parse_model_text", "check_structure", "load_toml_file"]

#: Largest model file read (bytes).
MAX_BYTES = 1 << 20
#: Deepest nesting of tables and arrays accepted (the schema needs 3).
MAX_DEPTH = 8
#: Longest array or table accepted (entries).
MAX_LIST = 4096
#: Longest string accepted (characters).
MAX_STRING = 4096
#: Most digits of an integer, numerator, denominator or written-out decimal in a model.
MAX_DIGITS = 100
#: Characters of user input quoted in an error message.
QUOTE_LENGTH = 60

_KIND = {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFCHR: "a character device",
         stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket",
         stat.S_IFDIR: "a directory", stat.S_IFLNK: "a symbolic link"}
_LONG_DIGITS = re.compile(r"[0-9][0-9_]{%d,}" % 4000)


def quote(value, limit: int = QUOTE_LENGTH) -> str:
    """``repr(value)`` cut to about ``limit`` characters (with the full length noted).

    Examples
    --------
    >>> quote("abc")
    "'abc'"
    >>> quote("x" * 1000, limit=10)
    "'xxxxxxxx... (1002 characters)"
    """
    if isinstance(value, str) and len(value) > 4 * limit:
        text = repr(value[:2 * limit])
        total = f"{len(value) + 2}"
    else:
        text = repr(value)
        total = f"{len(text)}"
    if len(text) <= limit:
        return text
    return f"{text[:limit - 1]}... ({total} characters)"


def _describe(path) -> str:
    return quote(os.fspath(path), 120)


def _open_regular(path, what: str, hint: str, error=ModelError) -> int:
    """A file descriptor of ``path``, opened without blocking; only regular files.

    Raises ``error`` naming ``what`` (e.g. "model file") and the path the user gave.
    """
    name = _describe(path)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    if os.fspath(path) == "":
        raise error(f"{what}: empty path; give the path of {hint}")
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise error(f"{what} not found: {name}") from None
    except OSError as exc:
        raise error(f"cannot read {what} {name}: {exc.strerror}") from None
    try:
        mode = os.fstat(fd).st_mode
    except OSError as exc:
        os.close(fd)
        raise error(f"cannot read {what} {name}: {exc.strerror}") from None
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = _KIND.get(stat.S_IFMT(mode), "not a regular file")
        raise error(f"{what} {name} is {kind}; give {hint}")
    return fd


def read_bytes(path, what: str = "model file", hint: str = "a regular .toml file",
               limit: int = MAX_BYTES, error=ModelError) -> bytes:
    """At most ``limit`` bytes of a regular file, never blocking (step 1 of the gate).

    Parameters
    ----------
    path : path-like
    what : str
        What the file is, for messages ("model file", "scan spec", "scan store").
    hint : str
        What to give instead, for messages.
    limit : int
        Largest size accepted (bytes).
    error : type
        The :class:`~symrg.errors.SymRGError` subclass raised.

    Raises
    ------
    error
        Empty path, missing or unreadable file, not a regular file (FIFO, device,
        directory, socket), or larger than ``limit``.
    """
    name = _describe(path)
    fd = _open_regular(path, what, hint, error)
    try:
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise error(f"cannot read {what} {name}: {exc.strerror}") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise error(f"{what} {name} is larger than {limit:,} bytes; "
                    f"a {what} needs a few hundred")
    return data


def read_head(path, size: int, what: str, hint: str, error=ModelError) -> bytes:
    """The first ``size`` bytes of a regular file (e.g. a scan store's header), never
    blocking; the same refusals as :func:`read_bytes` but no size limit."""
    name = _describe(path)
    fd = _open_regular(path, what, hint, error)
    try:
        return os.read(fd, size)
    except OSError as exc:
        raise error(f"cannot read {what} {name}: {exc.strerror}") from None
    finally:
        os.close(fd)


def read_text(path, what: str = "model file", error=ModelError) -> str:
    """Read a TOML input (model file, scan spec): regular file, bounded, UTF-8.

    Raises
    ------
    error
        As :func:`read_bytes`, or not UTF-8 (the message names the byte offset).
    """
    data = read_bytes(path, what, "a regular .toml file", MAX_BYTES, error)
    return decode_utf8(data, _describe(path), what, error)


def read_model_text(path) -> str:
    """Read a model file: regular files only, at most :data:`MAX_BYTES`, UTF-8.

    Raises
    ------
    ModelError
        Missing or unreadable file, not a regular file, too large, or not UTF-8
        (the message names the byte offset).
    """
    return read_text(path, "model file", ModelError)


def decode_utf8(data: bytes, name: str, what: str = "model file", error=ModelError) -> str:
    """``data`` decoded as UTF-8 (a leading byte-order mark allowed).

    Raises
    ------
    error
        Naming the file, the first invalid byte and its byte offset.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        hint = " (looks like UTF-16)" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise error(f"{what} {name} is not UTF-8{hint}: invalid byte "
                    f"0x{data[exc.start]:02x} at byte offset {exc.start}; "
                    f"save it as UTF-8") from None


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def parse_model_text(text: str, source: str = "<model>", error=ModelError) -> dict:
    """Parse TOML text into a dict, turning every parser failure into a ModelError.

    Raises
    ------
    ModelError (or ``error``)
        Malformed TOML, nesting too deep for the parser, or an integer literal past
        Python's int-string limit (the line is named).
    """
    name = _describe(source)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"malformed TOML in {name}: {quote(str(exc), 200)[1:-1]}") from None
    except RecursionError:
        raise error(f"{name}: arrays or tables nested too deeply "
                         f"(the schema needs at most {MAX_DEPTH} levels)") from None
    except ValueError as exc:                     # int(...) past sys.get_int_max_str_digits
        match = _LONG_DIGITS.search(text)
        where = f" at line {_line_of(text, match.start())}" if match else ""
        raise error(f"{name}: number literal{where} too long "
                         f"({quote(str(exc), 80)[1:-1]}); numbers may have at most "
                         f"{_max_digits()} digits") from None


def _max_digits() -> int:
    return MAX_DIGITS


def _int_too_long(value: int, limit: int) -> bool:
    # bit_length is O(1): rule out small values before comparing with 10**limit
    return value.bit_length() > 3 * limit and abs(value) >= 10 ** limit


def check_structure(data, source: str = "model", error=ModelError) -> None:
    """Bound nesting depth, list and table lengths, string lengths and integer sizes.

    Walks ``data`` iteratively (no recursion), so any parsed structure is checked
    in time linear in its size.

    Raises
    ------
    ModelError (or ``error``)
        Naming the field (dotted path) and the limit.
    """
    limit = _max_digits()
    stack = [(data, "", 1)]
    while stack:
        value, where, depth = stack.pop()
        field = where or source
        if isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                raise error(f"{field}: nested deeper than {MAX_DEPTH} levels")
            if len(value) > MAX_LIST:
                raise error(f"{field}: {len(value):,} entries; at most {MAX_LIST:,} "
                                 f"are accepted")
            items = (value.items() if isinstance(value, dict)
                     else ((f"[{k}]", v) for k, v in enumerate(value)))
            for key, item in items:
                if isinstance(value, dict):
                    if len(key) > MAX_STRING:
                        raise error(f"{field}: key {quote(key)} longer than "
                                         f"{MAX_STRING} characters")
                    sub = f"{where}.{key}" if where else key
                else:
                    sub = f"{field}{key}"
                stack.append((item, quote(sub, 120) if len(sub) > 120 else sub, depth + 1))
        elif isinstance(value, str) and len(value) > MAX_STRING:
            raise error(f"{field}: string of {len(value):,} characters; at most "
                             f"{MAX_STRING:,} are accepted")
        elif isinstance(value, int) and not isinstance(value, bool) \
                and _int_too_long(value, limit):
            raise error(f"{field}: integer with more than {limit} digits; numbers may "
                             f"have at most {limit} digits")


def load_toml_file(path, what: str = "model file", error=ModelError) -> dict:
    """Steps 1-4 of the gate for any TOML input: read, decode, parse, bound.

    Model files and scan specs both pass here; ``what`` and ``error`` name the kind
    of file in messages and the exception raised.

    Raises
    ------
    error
        See :func:`read_text`, :func:`parse_model_text` and :func:`check_structure`.
    """
    text = read_text(path, what, error)
    data = parse_model_text(text, os.fspath(path), error)
    check_structure(data, "model" if what == "model file" else what, error)
    return data
