"""``baocao serve`` as a real process: where it listens and says so, a busy port, and searches
answered from the last commit while ``baocao index add`` runs in another process."""

from __future__ import annotations

import html
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

TEXT = ("BÁO CÁO\n1. Kết quả\nCông tác tiếp công dân số {n} được thực hiện thường xuyên.\n"
        "Việc cải cách hành chính lần {n} còn chậm, chưa đạt kế hoạch.\n")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(exe: str, index_dir, port: int) -> tuple[subprocess.Popen, str]:
    """Start ``baocao serve``; return the process and the line it printed on start."""
    process = subprocess.Popen([exe, "serve", "--index", str(index_dir), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline().strip()
    return process, line


def get(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
            return response.status, html.unescape(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        return error.code, html.unescape(error.read().decode("utf-8"))


@pytest.fixture()
def small_index(tmp_path):
    import index

    folder = tmp_path / "first"
    folder.mkdir()
    for n in range(2):
        (folder / f"r{n}.txt").write_text(TEXT.format(n=n), encoding="utf-8")
    index.add_reports(tmp_path / "ix", [folder], workers=1)
    return tmp_path / "ix"


def test_serve_binds_loopback_says_so_and_answers(baocao_exe, small_index):
    port = free_port()
    process, line = start(baocao_exe, small_index, port)
    try:
        assert line == (f"baocao serve: http://127.0.0.1:{port}/ — listening on 127.0.0.1, "
                        f"this computer only (--host changes it); Ctrl-C stops it")
        status, body = get(port, "/search?q=tiep+cong+dan")
        assert status == 200 and "<strong>2</strong> câu phù hợp" in body
        assert get(port, "/search?q=a+AND")[0] == 400
        try:
            host = socket.gethostbyname(socket.gethostname())
        except OSError:  # a container without a resolvable host name
            host = "127.0.0.1"
        if not host.startswith("127."):  # not on the machine's other addresses
            with socket.socket() as sock:
                assert sock.connect_ex((host, port)) != 0
    finally:
        process.terminate()
        process.communicate(timeout=30)


def test_busy_port_is_one_error_line(baocao_exe, small_index):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        result = subprocess.run([baocao_exe, "serve", "--index", str(small_index), "--port",
                                 str(port)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (f"Error: cannot listen on 127.0.0.1:{port} (Address already in "
                             f"use) — choose another --port\n")


def test_search_during_index_add_answers_from_the_last_commit(baocao_exe, small_index,
                                                              tmp_path):
    more = tmp_path / "more"
    more.mkdir()
    for n in range(10, 40):
        (more / f"r{n}.txt").write_text(TEXT.format(n=n), encoding="utf-8")
    port = free_port()
    process, _ = start(baocao_exe, small_index, port)
    try:
        writer = subprocess.Popen([baocao_exe, "index", "add", "--index", str(small_index),
                                   str(more)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        totals = []
        while writer.poll() is None:
            status, body = get(port, "/search?q=tiep+cong+dan")
            assert status == 200, body
            totals.append(int(re.search(r"<strong>(\d+)</strong> câu phù hợp", body).group(1)))
            time.sleep(0.05)
        writer.communicate()
        assert writer.returncode == 0
        status, body = get(port, "/search?q=tiep+cong+dan")
        assert status == 200 and "<strong>32</strong> câu phù hợp" in body
        assert totals and set(totals) <= {2, 32}  # one commit: before it or after it
    finally:
        process.terminate()
        process.communicate(timeout=30)
