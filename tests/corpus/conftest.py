"""Shared fixtures for the corpus tests: the hand-made fixture pages and the shared data folder."""
from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES_DIR = Path(__file__).parent / "fixtures"
REPO_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES_DIR


@pytest.fixture
def shared_dir() -> Path:
    """The project's read-only shared data (../shared next to the repository)."""
    shared = REPO_DIR.parent / "shared"
    if not shared.is_dir():
        pytest.skip("the shared data folder ../shared is not next to this checkout")
    return shared
