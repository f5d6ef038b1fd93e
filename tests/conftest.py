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
