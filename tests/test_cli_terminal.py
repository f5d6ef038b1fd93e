"""What the command line does on a terminal and at the end of a pipe: colour only where wanted,
lines wrapped at spaces, a quiet exit when the reader of a pipe stops, ``--version``."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from baocao.terminal import wants_colour, wrap_lines


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("env, colour", [
    ({"TERM": "xterm-256color"}, True),
    ({"TERM": "xterm-256color", "NO_COLOR": "1"}, False),
    ({"TERM": "xterm-256color", "NO_COLOR": ""}, True),   # no-color.org: empty means unset
    ({"TERM": "dumb"}, False),
], ids=["xterm", "no-color", "empty-no-color", "dumb"])
def test_colour_follows_no_color_and_term(monkeypatch, env, colour):
    monkeypatch.delenv("NO_COLOR", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert wants_colour(FakeTerminal()) is colour
    assert wants_colour(io.StringIO()) is False  # a pipe or a file: never


def test_wrapping_breaks_at_spaces_and_keeps_the_indentation():
    line = "     Việc tiếp công dân, giải quyết khiếu nại, tố cáo còn chậm, chưa đạt yêu cầu."
    wrapped = wrap_lines([line], width=30)
    assert all(len(piece) <= 30 for piece in wrapped) and len(wrapped) > 1
    assert all(piece.startswith("     ") and not piece.startswith("      ")
               for piece in wrapped)
    assert " ".join(piece.strip() for piece in wrapped) == line.strip()  # no syllable broken


def test_wrapping_counts_no_width_for_colour_and_keeps_long_words_whole():
    coloured = "  \x1b[1;33mtiếp công dân\x1b[0m định kỳ"
    assert wrap_lines([coloured], width=24) == [coloured]
    assert wrap_lines(["  ab 401-BC/BDV-BCSDUBND"], width=10) == ["  ab", "  401-BC/BDV-BCSDUBND"]


def test_hit_continuation_lines_align_under_the_text():
    hit = " 12. [limitation] 3.10  report.txt — 2. Hạn chế dài dòng ở đây"
    wrapped = wrap_lines([hit], width=40)
    assert wrapped[0].startswith(" 12. [limitation]")
    assert all(piece.startswith("     ") for piece in wrapped[1:])


def _on_a_terminal(command: list[str], env: dict[str, str]) -> str:
    """Run ``command`` with its standard output on a pseudo-terminal; return what it printed."""
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen(command, stdout=follower, stderr=subprocess.DEVNULL,
                               env={**os.environ, **env})
    os.close(follower)
    output = _read_until_closed(leader)
    process.wait(timeout=120)
    return output.decode("utf-8").replace("\r\n", "\n")


def _read_until_closed(leader: int) -> bytes:
    """Everything written to a pseudo-terminal until its other side closes; closes ``leader``."""
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # Linux says EIO once the child has closed its side
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return b"".join(chunks)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_search_on_a_terminal_wraps_and_colours_unless_told_not_to(baocao_exe, bundled_index):
    command = [baocao_exe, "search", "--index", str(bundled_index), "tiếp công dân"]
    env = {"COLUMNS": "60", "TERM": "xterm"}
    plain = _on_a_terminal(command, {**env, "NO_COLOR": "1"})
    coloured = _on_a_terminal(command, {**env, "NO_COLOR": ""})
    assert "\x1b[" not in plain and "[tiếp công dân]" in plain
    assert "\x1b[1;33m" in coloured
    assert max(len(line) for line in plain.splitlines()) <= 60
    assert "\x1b[" not in _on_a_terminal(command, {"COLUMNS": "60", "TERM": "dumb"})


@pytest.mark.parametrize("reader", ["head -3", "true"], ids=["head", "gone-before-output"])
def test_read_into_a_closed_pipe_exits_quietly(baocao_exe, bundled_report_path, reader):
    # "true" exits before baocao writes: the output sits in Python's buffer until the exit.
    shell = (f"'{baocao_exe}' read --format json '{bundled_report_path}' | {reader}; "
             'echo "status ${PIPESTATUS[0]}"')
    result = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, timeout=120)
    assert result.stdout.splitlines()[-1] == "status 0"
    assert result.stderr == ""


def test_version(baocao_exe):
    from importlib.metadata import version

    result = subprocess.run([baocao_exe, "--version"], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout) == (0, f"baocao {version('baocao')}\n")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_progress_shows_on_a_terminal_and_never_in_a_pipe(baocao_exe, tmp_path):
    import pty

    line = "Tỉnh đã thực hiện tinh giản biên chế theo kế hoạch của Trung ương năm 2019.\n"
    big = tmp_path / "big.txt"
    big.write_text("BÁO CÁO\n" + line * 3000, encoding="utf-8")  # ~5 s of segmentation
    command = [baocao_exe, "read", "--format", "json", str(big)]
    import fcntl
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a real size
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    shown = _read_until_closed(leader).decode("utf-8", "replace")
    assert process.wait(timeout=300) == 0
    assert "reading big.txt" in shown and "char" in shown
    piped = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert piped.returncode == 0 and piped.stderr == ""
