from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared beside the checkout (CI has it there)."""
    if not SHARED.is_dir():
        pytest.fail(f"../shared not found at {SHARED}: CI keeps it beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def seeds(shared: Path) -> Path:
    return shared / "seeds"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA
