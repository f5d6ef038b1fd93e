"""Shared fixtures: the bundled report and the maintainers' data in ../shared (skipped if absent)."""

from __future__ import annotations

import os
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
    """Keep the classifier model of every test out of the user's cache: one per session; and
    the signing key (nlp.keys) out of the user's config."""
    patch = pytest.MonkeyPatch()
    patch.setenv("BAOCAO_MODEL_DIR", str(tmp_path_factory.getbasetemp() / "baocao-model"))
    patch.setenv("BAOCAO_CONFIG_DIR", str(tmp_path_factory.getbasetemp() / "baocao-config"))
    yield
    patch.undo()
