from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "seeds"


@pytest.fixture(scope="session")
def seed_claims():
    """Claims of each seed article, by file stem prefix ("001")."""
    from extractor import extract_file

    return {p.name[:3]: extract_file(p) for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def review_template(tmp_path_factory):
    """The review-queue database of tests/review_fixtures.py, built once per run; tests take copies (`fx`)."""
    from review_fixtures import build_review_db

    return build_review_db(tmp_path_factory.mktemp("review") / "template.db")


@pytest.fixture
def fx(review_template, tmp_path):
    """A fresh copy of the review template (database and credentials file) for one test."""
    return review_template.copy_to(tmp_path / "claims.db")


@pytest.fixture
def app(fx):
    """The review app over `fx`."""
    from review_fixtures import SECRET

    from extractor.review.app import create_app

    return create_app(fx.path, secret=SECRET)


@pytest.fixture
def client(app):
    """A test client signed in as the reviewer "asha"."""
    from review_fixtures import sign_in
    from starlette.testclient import TestClient

    with TestClient(app) as c:
        sign_in(c, "asha")
        yield c


@pytest.fixture
def anon(app):
    """A test client that has not signed in."""
    from starlette.testclient import TestClient

    with TestClient(app) as c:
        yield c
