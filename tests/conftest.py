"""Shared fixtures: the bundled report, the maintainers' data in ../shared (skipped if absent),
and the two ways to run the command line: in-process (``cli``) and installed (``baocao_exe``)."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("BAOCAO_SHARED", REPO.parent / "shared"))
BUNDLED_REPORT = REPO / "corpus" / "kien-giang-2019-dan-van-chinh-quyen.txt"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared folder; tests that need it are skipped when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"no shared data at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def bundled_report_path() -> Path:
    return BUNDLED_REPORT


@pytest.fixture(scope="session")
def bundled_report():
    """The bundled report, read once per test session."""
    import nlp

    return nlp.read_report(BUNDLED_REPORT)


@pytest.fixture(scope="session")
def bundled_index(tmp_path_factory) -> Path:
    """An index of the bundled report, built once per session; tests must not write to it."""
    import index

    directory = tmp_path_factory.mktemp("bundled-index") / "index"
    index.add_reports(directory, [BUNDLED_REPORT], workers=1)
    return directory


@pytest.fixture(scope="session")
def baocao_exe() -> str:
    """The installed ``baocao`` script next to this Python (end-to-end tests run it)."""
    import shutil
    import sys

    exe = Path(sys.executable).parent / "baocao"
    return str(exe) if exe.exists() else shutil.which("baocao") or pytest.skip("no baocao")


@pytest.fixture(scope="session", autouse=True)
def _model_dir(tmp_path_factory):
    """Keep the classifier model of every test out of the user's cache: one per session."""
    patch = pytest.MonkeyPatch()
    patch.setenv("BAOCAO_MODEL_DIR", str(tmp_path_factory.getbasetemp() / "baocao-model"))
    patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))  # synonyms
    yield
    patch.undo()


@dataclass(frozen=True)
class CliResult:
    """What one run of the command line gave: exit code, standard output, standard error."""

    code: int
    stdout: str
    stderr: str


@pytest.fixture()
def cli(monkeypatch):
    """Run ``baocao ARGS...`` in this process (``baocao.cli.main``): the fast way to test the CLI.

    ``cli("search", "x", stdin=b"...", env={"BAOCAO_INDEX": ...})`` returns a :class:`CliResult`;
    usage errors (argparse's ``SystemExit``) give their exit code like the real command.
    """
    from baocao.cli import main

    def run(*args, stdin: bytes | str = b"", env: dict[str, str] | None = None) -> CliResult:
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main([str(arg) for arg in args])
            except SystemExit as exit:
                code = exit.code if isinstance(exit.code, int) else 1
        return CliResult(code, out.getvalue(), err.getvalue())

    return run
