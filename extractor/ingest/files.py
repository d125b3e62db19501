"""Input files that are not plain files: what is read, and how a path is stored and shown.

- Only regular files are read. A named pipe (FIFO) blocks `open()` until a writer comes — forever, in a folder of
  scraped articles — and a device or a socket is not an article. `open_regular` opens with O_NONBLOCK (opening a
  FIFO then returns at once) and decides from `fstat` of the open descriptor, so nothing can be swapped in between
  the check and the read; anything but a regular file raises `NotRegularFile` (an `UnreadableInput`) naming what it
  is.
- A file name need not be UTF-8 (Linux names are bytes). Python carries the bytes it cannot decode as lone
  surrogates (PEP 383), which SQLite, JSON and a terminal refuse. `shown_path` writes such a name with each of those
  bytes as `\\xNN` (and, in such a name, each backslash doubled), which is printable, storable and lossless:
  `path_bytes` gives the bytes back, and no two names are shown the same (a valid name is shown unchanged unless it
  happens to contain text like `\\xff`, and is then escaped the same way).
"""
from __future__ import annotations

import errno
import os
import stat
from typing import BinaryIO

import regex

from ..errors import UnreadableInput

_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


class NotRegularFile(UnreadableInput):
    """A FIFO, a device, a socket or a directory where an article file was expected."""


def not_regular(mode: int) -> str | None:
    """Why a file of this `st_mode` is not read, or None when it is a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    return "not a regular file: " + _KINDS.get(stat.S_IFMT(mode), "an unknown kind of file")


def open_regular(path: str | os.PathLike, *, follow: bool = True) -> BinaryIO:
    """Open a regular file for reading, never blocking; raises `NotRegularFile`, or `OSError` as `open` does.
    `follow=False` refuses a symbolic link in the last component (OSError ELOOP)."""
    try:
        fd = os.open(path, _OPEN_FLAGS | (0 if follow else getattr(os, "O_NOFOLLOW", 0)))
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket (or a FIFO on some systems): say what it is
            try:
                why = not_regular(os.stat(path).st_mode)
            except OSError:
                why = None
            if why:
                raise NotRegularFile(why, shown_path(os.fspath(path))) from None
        raise
    try:
        why = not_regular(os.fstat(fd).st_mode)
        if why:
            raise NotRegularFile(why, shown_path(os.fspath(path)))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


# an escape as `shown_path` writes one: a byte 0x80-0xff that is not UTF-8, or another lone surrogate
_ESCAPE = regex.compile(r"\\x[89a-f][0-9a-f]|\\ud[89a-f][0-9a-f]{2}")
_SURROGATE = regex.compile(r"[\ud800-\udfff]")
_TOKEN = regex.compile(r"\\\\|\\x([89a-f][0-9a-f])|\\u(d[89a-f][0-9a-f]{2})|[^\\]+|\\")


def shown_path(path: str) -> str:
    """`path` as it is stored and printed (module docstring): unchanged for a valid name."""
    if not _SURROGATE.search(path) and not _ESCAPE.search(path):
        return path
    out = []
    for ch in path:
        if ch == "\\":
            out.append("\\\\")
        elif "\udc80" <= ch <= "\udcff":  # a byte that was not UTF-8
            out.append(f"\\x{ord(ch) - 0xdc00:02x}")
        elif "\ud800" <= ch <= "\udfff":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def path_bytes(shown: str) -> bytes:
    """The file name's bytes back from `shown_path(name)` (on this system's file system encoding)."""
    if not _ESCAPE.search(shown):
        return os.fsencode(shown)
    parts = []
    for m in _TOKEN.finditer(shown):
        tok = m.group()
        if tok == "\\\\":
            parts.append("\\")
        elif m.group(1):
            parts.append(chr(0xdc00 + int(m.group(1), 16)))
        elif m.group(2):
            parts.append(chr(int(m.group(2), 16)))
        else:
            parts.append(tok)
    return os.fsencode("".join(parts))
