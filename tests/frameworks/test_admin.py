"""The admin lets framework authors edit drafts; published versions are read-only there too."""

import pytest

from frameworks.models import (
    Framework,
    FrameworkVersion,
    FrozenVersionError,
    Level,
    Measure,
    Question,
    Theme,
)
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


def test_the_admin_edits_no_framework_content_not_even_a_draft(client, staff_author, published):
    draft = version_create_draft(from_version=published, version="1.1.0")
    client.force_login(staff_author)
    question = Question.objects.get(version=draft, key="wl-board")
    url = f"/admin/frameworks/question/{question.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="text"' not in page
    assert "How mature is wl-board?" in page
    assert client.post(url, {"text": "Rewritten", "key": "wl-board"}).status_code == 403
    assert Question.objects.get(pk=question.pk).text == "How mature is wl-board?"

    listing = client.get("/admin/frameworks/question/").content.decode()
    assert "is changed by importing a framework file" in listing


def test_a_question_cannot_be_added_under_a_published_version_s_measure(
    client, staff_author, published
):
    draft = version_create_draft(from_version=published, version="1.1.0")
    client.force_login(staff_author)
    published_measure = Measure.objects.get(version=published, key="well-led")
    fields = {
        "version": draft.pk,
        "measure": published_measure.pk,
        "key": "stray",
        "order": 9,
        "text": "Stray?",
        "guidance": "x",
        "weight": "1",
        "applies_to": '["acute"]',
        "levels-TOTAL_FORMS": "0",
        "levels-INITIAL_FORMS": "0",
    }
    assert client.post("/admin/frameworks/question/add/", fields).status_code == 403
    assert not Question.objects.filter(key="stray").exists()
    # Nor through the models, whatever path a script takes.
    with pytest.raises(FrozenVersionError, match="of another framework version"):
        Question(
            version=draft, measure=published_measure, key="stray", order=9, text="?", guidance="x"
        ).save()
    assert Question.objects.filter(measure=published_measure).count() == 2


def test_themes_and_levels_cannot_be_added_in_the_admin(client, staff_author, published):
    draft = version_create_draft(from_version=published, version="1.1.0")
    client.force_login(staff_author)
    measure = Measure.objects.get(version=draft, key="well-led")
    question = Question.objects.get(version=draft, key="wl-board")
    response = client.post(
        f"/admin/frameworks/measure/{measure.pk}/change/",
        {
            "themes-TOTAL_FORMS": "2",
            "themes-INITIAL_FORMS": "1",
            "themes-1-order": "2",
            "themes-1-key": "new",
            "themes-1-label": "New",
        },
    )
    assert response.status_code == 403
    response = client.post(
        f"/admin/frameworks/question/{question.pk}/change/",
        {"levels-TOTAL_FORMS": "6", "levels-5-level": "5", "levels-5-descriptor": "x"},
    )
    assert response.status_code == 403
    assert (Theme.objects.filter(measure=measure).count(), question.levels.count()) == (1, 5)


def test_the_framework_cannot_be_renamed_in_the_admin(client, staff_author, published):
    client.force_login(staff_author)
    framework = Framework.objects.get(key="testfw")
    response = client.post(
        f"/admin/frameworks/framework/{framework.pk}/change/", {"key": "x", "name": "Renamed"}
    )
    assert response.status_code == 403
    assert Framework.objects.get(pk=framework.pk).name == "Test framework"


def test_publishing_a_broken_draft_in_the_admin_says_why(client, staff_author, published):
    draft = version_create_draft(from_version=published, version="1.1.0")
    Level.objects.filter(version=draft, question__key="wl-board", level=5).delete()
    client.force_login(staff_author)
    response = client.post(
        "/admin/frameworks/frameworkversion/",
        {"action": "publish", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert (
        "measures[0].questions[1].levels: must have exactly 5 levels (1 to 5), found 4"
        in response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_draft_is_deleted_through_the_service_and_a_published_version_retired(
    client, staff_author, published
):
    draft = version_create_draft(from_version=published, version="1.1.0")
    client.force_login(staff_author)
    response = client.post(
        f"/admin/frameworks/frameworkversion/{draft.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert not FrameworkVersion.objects.filter(pk=draft.pk).exists()
    assert not Question.objects.filter(version_id=draft.pk).exists()
    response = client.post(
        "/admin/frameworks/frameworkversion/",
        {"action": "retire", "_selected_action": [published.pk]},
        follow=True,
    )
    assert "Retired Test framework 1.0.0." in response.content.decode()
    assert FrameworkVersion.objects.get(pk=published.pk).status == "retired"


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


@pytest.fixture
def staff_reader(make_user):
    """A staff member allowed to read framework content in the admin, but not an author."""
    from django.contrib.auth.models import Permission

    user = make_user("staffreader", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="frameworks",
            codename__in=["view_frameworkversion", "view_measure", "view_question"],
        )
    )
    return user


def test_a_staff_reader_sees_no_draft_and_cannot_publish_or_retire(client, staff_reader, published):
    draft = version_create_draft(from_version=published, version="1.1.0")
    client.force_login(staff_reader)
    listing = client.get("/admin/frameworks/frameworkversion/").content.decode()
    assert "1.0.0" in listing and "1.1.0" not in listing
    assert 'value="publish"' not in listing and 'value="retire"' not in listing
    assert client.get(f"/admin/frameworks/frameworkversion/{draft.pk}/change/").status_code in (
        302,
        404,
    )
    questions = client.get("/admin/frameworks/question/").content.decode()
    assert Question.objects.filter(version=published).count() > 0
    assert (
        f"/admin/frameworks/question/{Question.objects.filter(version=draft).first().pk}/"
        not in questions
    )
    for action, chosen in (("publish", draft), ("retire", published)):
        client.post(
            "/admin/frameworks/frameworkversion/",
            {"action": action, "_selected_action": [chosen.pk]},
        )
    assert FrameworkVersion.objects.get(pk=draft.pk).status == "draft"
    assert FrameworkVersion.objects.get(pk=published.pk).status == "published"
    response = client.post(
        f"/admin/frameworks/frameworkversion/{draft.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code in (302, 403, 404)
    assert FrameworkVersion.objects.filter(pk=draft.pk).exists()
