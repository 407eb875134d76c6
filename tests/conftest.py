import pytest
from django.contrib.auth import get_user_model

from frameworks.services import framework_authors_group_ensure

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def make_user(db):
    def make(username="reader", *, author=False, **fields):
        user = get_user_model().objects.create_user(username=username, password=PASSWORD, **fields)
        if author:
            user.groups.add(framework_authors_group_ensure())
        return user

    return make


@pytest.fixture
def reader(make_user):
    """Anyone signed in: may read published framework versions."""
    return make_user("reader", first_name="Rita", last_name="Reader")


@pytest.fixture
def author(make_user):
    """A framework author of the national team: may also see drafts."""
    return make_user("author", author=True)


@pytest.fixture
def world(db):
    """Regions, systems, organisations and a person in every role: see tests/assessments/world.py."""
    from tests.assessments.world import build_world

    return build_world(PASSWORD)
