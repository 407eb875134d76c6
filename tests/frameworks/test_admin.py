"""The admin lets framework authors edit drafts; published versions are read-only there too."""

import pytest

from frameworks.models import FrameworkVersion, Question
from frameworks.services import version_create_draft, version_import

from .documents import document, dump

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    return version_import(source=dump(document()), filename="t.yaml", publish=True)


@pytest.fixture
def staff_author(make_user):
    return make_user("staffauthor", author=True, is_staff=True)


def test_a_published_question_is_shown_read_only(client, staff_author, published):
    client.force_login(staff_author)
    question = Question.objects.get(version=published, key="wl-board")
    url = f"/admin/frameworks/question/{question.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="text"' not in html  # no editable field
    assert "How mature is wl-board?" in html

    response = client.post(url, {"text": "Rewritten", "guidance": "x", "key": "wl-board"})
    assert response.status_code == 403
    assert Question.objects.get(pk=question.pk).text == "How mature is wl-board?"


def test_a_published_version_cannot_be_deleted_in_the_admin(client, staff_author, published):
    client.force_login(staff_author)
    response = client.post(
        f"/admin/frameworks/frameworkversion/{published.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert FrameworkVersion.objects.filter(pk=published.pk).exists()


def test_a_draft_question_can_be_edited_in_the_admin(client, staff_author, published):
    draft = version_create_draft(from_version=published, version="1.1.0")
    client.force_login(staff_author)
    question = Question.objects.get(version=draft, key="wl-board")
    url = f"/admin/frameworks/question/{question.pk}/change/"
    assert 'name="text"' in client.get(url).content.decode()


def test_the_publish_action_freezes_a_draft(client, staff_author, published):
    draft = version_create_draft(from_version=published, version="1.1.0")
    client.force_login(staff_author)
    response = client.post(
        "/admin/frameworks/frameworkversion/",
        {"action": "publish", "_selected_action": [draft.pk, published.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "Published Test framework 1.1.0." in html
    assert "Test framework 1.0.0 is already published." in html
    draft.refresh_from_db()
    assert draft.status == "published"


def test_someone_without_author_rights_cannot_open_the_framework_admin(
    client, make_user, published
):
    client.force_login(make_user("staffer", is_staff=True))
    assert client.get("/admin/frameworks/question/").status_code == 403
