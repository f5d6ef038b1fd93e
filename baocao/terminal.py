"""What the command line does differently on a terminal: colour, wrapping, progress bars.

Output to a pipe or a file is left as the renderers made it (whole lines, ``[brackets]``, no
progress), so that ``grep`` and other tools see one sentence per line.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import threading
from collections.abc import Iterable
from typing import IO

__all__ = ["wants_colour", "wrap_lines", "Progress", "silence_stdout"]

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_INDENT = re.compile(r" *(?:\d+\. |\[\d+\] )?")


def wants_colour(stream: IO[str]) -> bool:
    """True when ``stream`` is a terminal that takes colour: not ``NO_COLOR``, not ``TERM=dumb``.

    ``NO_COLOR`` counts when set to anything but the empty string (https://no-color.org).
    """
    return (_is_terminal(stream) and not os.environ.get("NO_COLOR")
            and os.environ.get("TERM", "") != "dumb")


def _is_terminal(stream: IO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or fake stream
        return False


def wrap_lines(lines: Iterable[str], width: int | None = None) -> list[str]:
    """Break lines longer than ``width`` at spaces; the pieces keep the line's indentation.

    ``width`` defaults to the terminal's.  Colour codes take no width.  A word longer than the
    width stays whole (breaking a syllable makes it unreadable).

    >>> wrap_lines(["     Việc tiếp công dân còn chậm"], width=20)
    ['     Việc tiếp công', '     dân còn chậm']
    """
    width = width or shutil.get_terminal_size().columns
    out: list[str] = []
    for item in lines:
        for line in item.split("\n"):
            out.extend(_wrap_one(line, width))
    return out


def _wrap_one(line: str, width: int) -> list[str]:
    if _visible(line) <= width:
        return [line]
    indent = " " * len(_INDENT.match(line).group())
    pieces, current, used = [], [], 0
    for word in line.lstrip(" ").split(" "):
        size = _visible(word)
        start = len(line) - len(line.lstrip(" ")) if not pieces else len(indent)
        if current and start + used + 1 + size > width:
            pieces.append(current)
            current, used = [], 0
        used += size + (1 if current else 0)
        current.append(word)
    pieces.append(current)
    first = line[:len(line) - len(line.lstrip(" "))]
    return [(first if n == 0 else indent) + " ".join(words) for n, words in enumerate(pieces)]


def _visible(text: str) -> int:
    return len(_ANSI.sub("", text)) if "\x1b" in text else len(text)


class Progress:
    """A tqdm bar on standard error, only when that is a terminal; ``update(done, total)`` is
    the callback the library takes (``progress=``), and ``step(n)`` counts items.

    tqdm: maintained for a decade, no dependencies, redraws at most a few times a second (a bar
    costs nothing measurable) and stays hidden for runs shorter than ``delay`` seconds.  Without
    a total, ``Progress(..., ticking=True)`` shows the elapsed time of one long step (training).
    """

    def __init__(self, what: str, unit: str = "it", total: int | None = None,
                 ticking: bool = False) -> None:
        self._bar = None
        self._stop = threading.Event()
        if not _is_terminal(sys.stderr):
            return
        from tqdm import tqdm

        fmt = "{desc}: {elapsed}" if ticking else None
        self._bar = tqdm(total=total, desc=what, unit=unit, unit_scale=True, leave=False,
                         delay=1.0, file=sys.stderr, dynamic_ncols=True, bar_format=fmt)
        if ticking:
            threading.Thread(target=self._tick, daemon=True).start()

    @property
    def shown(self) -> bool:
        """True when the bar is drawn (standard error is a terminal)."""
        return self._bar is not None

    def _tick(self) -> None:
        if self._stop.wait(self._bar.delay):  # a step done within the delay shows nothing
            return
        while not self._stop.wait(0.5):
            self._bar.refresh()

    def update(self, done: int, total: int) -> None:
        """Set the bar to ``done`` of ``total``."""
        if self._bar is not None:
            self._bar.total = total
            self._bar.update(done - self._bar.n)

    def step(self, count: int = 1) -> None:
        """Advance the bar by ``count`` items."""
        if self._bar is not None:
            self._bar.update(count)

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._bar is not None:
            self._bar.close()


def silence_stdout() -> None:
    """After a closed pipe (``baocao read F | head``), send what is left of standard output
    to /dev/null, so that the flush at exit does not print "Exception ignored"."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (tests capture stdout)
        pass
