"""The one gate for model files: bounded reading, strict decoding, bounded structure.

Every model file passes through :func:`load_model_file` before any work:

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
           "quote", "read_model_text", "parse_model_text", "check_structure"]

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


def read_model_text(path) -> str:
    """Read a model file: regular files only, at most :data:`MAX_BYTES`, UTF-8.

    Raises
    ------
    ModelError
        Missing or unreadable file, not a regular file, too large, or not UTF-8
        (the message names the byte offset).
    """
    name = _describe(path)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    if os.fspath(path) == "":
        raise ModelError("model file: empty path; give the path of a .toml model file")
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise ModelError(f"model file not found: {name}") from None
    except OSError as exc:
        raise ModelError(f"cannot read model file {name}: {exc.strerror}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = _KIND.get(stat.S_IFMT(mode), "not a regular file")
            raise ModelError(f"model file {name} is {kind}; give a regular .toml file")
        chunks, size = [], 0
        while size <= MAX_BYTES:
            chunk = os.read(fd, MAX_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise ModelError(f"cannot read model file {name}: {exc.strerror}") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > MAX_BYTES:
        raise ModelError(f"model file {name} is larger than {MAX_BYTES:,} bytes; "
                         f"a model file needs a few hundred")
    return _decode(data, name)


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        hint = " (looks like UTF-16)" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise ModelError(f"model file {name} is not UTF-8{hint}: invalid byte "
                         f"0x{data[exc.start]:02x} at byte offset {exc.start}; "
                         f"save it as UTF-8") from None


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def parse_model_text(text: str, source: str = "<model>") -> dict:
    """Parse TOML text into a dict, turning every parser failure into a ModelError.

    Raises
    ------
    ModelError
        Malformed TOML, nesting too deep for the parser, or an integer literal past
        Python's int-string limit (the line is named).
    """
    name = _describe(source)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(f"malformed TOML in {name}: {quote(str(exc), 200)[1:-1]}") from None
    except RecursionError:
        raise ModelError(f"{name}: arrays or tables nested too deeply "
                         f"(the schema needs at most {MAX_DEPTH} levels)") from None
    except ValueError as exc:                     # int(...) past sys.get_int_max_str_digits
        match = _LONG_DIGITS.search(text)
        where = f" at line {_line_of(text, match.start())}" if match else ""
        raise ModelError(f"{name}: number literal{where} too long "
                         f"({quote(str(exc), 80)[1:-1]}); numbers may have at most "
                         f"{_max_digits()} digits") from None


def _max_digits() -> int:
    return MAX_DIGITS


def _int_too_long(value: int, limit: int) -> bool:
    # bit_length is O(1): rule out small values before comparing with 10**limit
    return value.bit_length() > 3 * limit and abs(value) >= 10 ** limit


def check_structure(data, source: str = "model") -> None:
    """Bound nesting depth, list and table lengths, string lengths and integer sizes.

    Walks ``data`` iteratively (no recursion), so any parsed structure is checked
    in time linear in its size.

    Raises
    ------
    ModelError
        Naming the field (dotted path) and the limit.
    """
    limit = _max_digits()
    stack = [(data, "", 1)]
    while stack:
        value, where, depth = stack.pop()
        field = where or source
        if isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                raise ModelError(f"{field}: nested deeper than {MAX_DEPTH} levels")
            if len(value) > MAX_LIST:
                raise ModelError(f"{field}: {len(value):,} entries; at most {MAX_LIST:,} "
                                 f"are accepted")
            items = (value.items() if isinstance(value, dict)
                     else ((f"[{k}]", v) for k, v in enumerate(value)))
            for key, item in items:
                if isinstance(value, dict):
                    if len(key) > MAX_STRING:
                        raise ModelError(f"{field}: key {quote(key)} longer than "
                                         f"{MAX_STRING} characters")
                    sub = f"{where}.{key}" if where else key
                else:
                    sub = f"{field}{key}"
                stack.append((item, quote(sub, 120) if len(sub) > 120 else sub, depth + 1))
        elif isinstance(value, str) and len(value) > MAX_STRING:
            raise ModelError(f"{field}: string of {len(value):,} characters; at most "
                             f"{MAX_STRING:,} are accepted")
        elif isinstance(value, int) and not isinstance(value, bool) \
                and _int_too_long(value, limit):
            raise ModelError(f"{field}: integer with more than {limit} digits; numbers may "
                             f"have at most {limit} digits")
