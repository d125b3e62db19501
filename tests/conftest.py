from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "seeds"


@pytest.fixture(scope="session")
def seed_claims():
    """Claims of each seed article, by file stem prefix ("001")."""
    from extractor import extract_file

    return {p.name[:3]: extract_file(p) for p in sorted(SEEDS.glob("*.txt"))}
