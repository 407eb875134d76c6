"""Personal API tokens: made on the person's own page and shown once, stored hashed, scoped,
limited, last use recorded (at most once a minute), revoked, and dead with their person."""

import datetime as dt
import hashlib

import pytest
from django.utils import timezone

from assessments.models import ApiToken
from assessments.services import TokenError, api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db


def codes(response):
    return [row["ods_code"] for row in response.json()["results"]]


# --- the token itself --------------------------------------------------------------------------


def test_a_new_token_is_shown_once_and_stored_only_as_its_hash(world):
    new = api_token_create(by=world.sro, name="Dashboard", scope="read")
    secret = new.secret
    assert secret.startswith("wmk_") and len(secret) > 50
    stored = ApiToken.objects.get(pk=new.token.pk)
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert stored.prefix == secret[:12]
    assert secret not in {str(v) for v in ApiToken.objects.values_list(flat=False).get()}
    other = api_token_create(by=world.sro, name="Another", scope="read")
    assert other.secret != secret


def test_a_token_authenticates_as_its_person_and_records_its_last_use(world, api, token):
    secret = token(world.sro)
    response = api.bearer(secret).get("/api/v1/systems/")
    assert response.status_code == 200
    assert codes(response) == ["QWO"]
    assert ApiToken.objects.get().last_used_at is not None


def test_last_use_is_written_at_most_once_a_minute(world, api, token):
    secret = token(world.sro)
    half_a_minute_ago = timezone.now() - dt.timedelta(seconds=30)
    ApiToken.objects.update(last_used_at=half_a_minute_ago)
    api.bearer(secret).get("/api/v1/systems/")
    assert ApiToken.objects.get().last_used_at == half_a_minute_ago
    two_minutes_ago = timezone.now() - dt.timedelta(minutes=2)
    ApiToken.objects.update(last_used_at=two_minutes_ago)
    api.get("/api/v1/systems/")
    assert ApiToken.objects.get().last_used_at > two_minutes_ago + dt.timedelta(minutes=1)


@pytest.mark.parametrize(
    "header",
    ["Bearer wmk_00000000_nonsense", "Bearer", "Bearer two parts", "Bearer wmk_\u00e9"],
)
def test_an_unknown_or_malformed_token_is_a_401(world, api, header):
    response = api.get("/api/v1/systems/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_a_revoked_token_stops_working(world, api, token):
    secret = token(world.sro)
    api.bearer(secret)
    assert api.get("/api/v1/systems/").status_code == 200
    api_token_revoke(token=ApiToken.objects.get(), by=world.sro)
    assert api.get("/api/v1/systems/").status_code == 401


def test_a_deactivated_persons_tokens_stop_working(world, api, token):
    secret = token(world.sro)
    world.sro.is_active = False
    world.sro.save()
    assert api.bearer(secret).get("/api/v1/systems/").status_code == 401


def test_someone_else_cannot_revoke_my_token(world):
    new = api_token_create(by=world.sro, name="Mine", scope="read")
    with pytest.raises(Exception) as refused:
        api_token_revoke(token=new.token, by=world.other_sro)
    assert getattr(refused.value, "status", None) == 404
    assert ApiToken.objects.get().revoked_at is None


# --- scope and limit ---------------------------------------------------------------------------


def test_a_read_only_token_reads_but_may_not_write(world, api, token, launched_assessment):
    assessment = launched_assessment()
    question = assessment.questions()[0]
    api.bearer(token(world.respondent, "read"))
    url = f"/api/v1/assessments/{assessment.pk}/answers/{question.key}/"
    assert api.get(f"/api/v1/assessments/{assessment.pk}/").status_code == 200
    response = api.put(url, {"level": 3, "expected_revision": 0}, format="json")
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]
    assert not assessment.answers.exists()
    api.bearer(token(world.respondent, "write"))
    assert api.put(url, {"level": 3, "expected_revision": 0}, format="json").status_code == 200


def test_a_token_limited_to_an_organisation_sees_only_it(world, api, token, launched_assessment):
    northmoor = launched_assessment()
    api.bearer(token(world.national, "read", organisation=world.northmoor))
    assert codes(api.get("/api/v1/organisations/")) == ["ZT001"]
    assert codes(api.get("/api/v1/systems/")) == []
    assert codes(api.get("/api/v1/regions/")) == []
    assert api.get("/api/v1/systems/QWO/").status_code == 404
    assert api.get("/api/v1/organisations/ZT004/").status_code == 404
    listed = api.get("/api/v1/assessments/").json()["results"]
    assert [a["id"] for a in listed] == [northmoor.pk]


def test_a_token_limited_to_a_system_sees_it_and_its_organisations_only(world, api, token):
    api.bearer(token(world.analyst, "read", system=world.west_yorkshire))
    assert codes(api.get("/api/v1/systems/")) == ["QWO"]
    assert codes(api.get("/api/v1/organisations/")) == ["ZT002", "ZA01", "QWO", "ZT001"]
    assert api.get("/api/v1/organisations/ZT003/").status_code == 404  # North East's
    assert api.get("/api/v1/regions/Y63/").status_code == 404


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"name": "  "}, "Give the token a name"),
        ({"name": "x" * 101}, "100 characters"),
        ({"scope": "admin"}, "only reads, or reads and writes"),
    ],
)
def test_a_token_needs_a_name_and_a_known_scope(world, fields, message):
    with pytest.raises(TokenError, match=message):
        api_token_create(by=world.sro, **{"name": "A name", "scope": "read", **fields})
    assert not ApiToken.objects.exists()


def test_a_token_may_be_limited_only_to_a_place_its_person_may_see(world):
    with pytest.raises(TokenError, match="only to a place you may see"):
        api_token_create(by=world.sro, name="x", scope="read", system=world.devon)
    with pytest.raises(TokenError, match="not both"):
        api_token_create(
            by=world.sro,
            name="x",
            scope="read",
            system=world.west_yorkshire,
            organisation=world.northmoor,
        )
    assert not ApiToken.objects.exists()


# --- the page ----------------------------------------------------------------------------------


def test_the_home_page_links_to_the_tokens_page(client, world):
    client.force_login(world.sro)
    assert 'href="/my/api-tokens/"' in client.get("/my/").content.decode()


def test_a_person_makes_a_token_on_their_page_and_sees_it_once(client, world):
    client.force_login(world.sro)
    response = client.post(
        "/my/api-tokens/", {"name": "Board pack", "scope": "read", "limit": "qwo"}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    token = ApiToken.objects.get()
    assert (token.name, token.scope, token.system, token.user) == (
        "Board pack",
        "read",
        world.west_yorkshire,
        world.sro,
    )
    html = response.content.decode()
    assert "Copy your new token now" in html
    secret = html.split('id="new-token-value" type="text" readonly')[1].split('value="')[1]
    secret = secret.split('"')[0]
    assert hashlib.sha256(secret.encode()).hexdigest() == token.secret_hash
    again = client.get("/my/api-tokens/").content.decode()
    assert "Board pack" in again and token.prefix in again
    assert secret not in again and "Never used" in again


@pytest.mark.parametrize(
    "post, message, field",
    [
        ({"name": "", "scope": "read"}, "Give the token a name", "name"),
        ({"name": "x", "scope": ""}, "only reads, or reads and writes", "scope"),
        ({"name": "x", "scope": "read", "limit": "QJK"}, "cannot find an organisation", "limit"),
        ({"name": "x", "scope": "read", "limit": "NOPE"}, "cannot find an organisation", "limit"),
    ],
)
def test_the_page_refuses_bad_input_with_a_message_and_makes_nothing(
    client, world, post, message, field
):
    client.force_login(world.sro)
    response = client.post("/my/api-tokens/", post)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert f'href="#{field}"' in html  # the summary points at the field at fault
    assert not ApiToken.objects.exists()


def test_a_person_revokes_their_token_and_not_anyone_elses(client, world):
    mine = api_token_create(by=world.sro, name="Mine", scope="read").token
    theirs = api_token_create(by=world.other_sro, name="Theirs", scope="read").token
    client.force_login(world.sro)
    assert client.post(f"/my/api-tokens/{theirs.pk}/revoke/").status_code == 404
    response = client.post(f"/my/api-tokens/{mine.pk}/revoke/")
    assert response.status_code == 303
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None
    page = client.get("/my/api-tokens/").content.decode()
    assert "is revoked: it no longer works" in page and "Revoked" in page


def test_the_page_needs_signing_in(client):
    response = client.get("/my/api-tokens/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
