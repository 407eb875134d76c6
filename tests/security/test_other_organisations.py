"""Someone of another organisation, system or region tries every URL that takes an id, a code
or a key, filled with West Yorkshire's (Northmoor's) real objects: they get 403 or 404, and no
response says anything of Northmoor's, West Yorkshire's or their region's.

The routes come from the URLconf (tests/security/routes.py), so a new page or API route is
walked as soon as it exists, and fails here until its parameters are named in
tests/security/conftest.py.
"""

import re

import pytest
from django.contrib.auth.models import Permission

from tests.factories import PersonaFactory
from tests.security.routes import Unfillable, all_routes, expand, fill, parametrised_routes

pytestmark = pytest.mark.django_db

# Routes whose objects anyone holding the link may open: the walk uses a forged secret, so even
# the rightful people get 404; what is checked is that the forged one leaks nothing.
BEARER_ROUTES = {"invitation"}
# Routes the national administrator does not reach with the seeded objects, and why (the
# outsiders' walk still covers them).
NOT_REACHED = {
    "assessments:api_token_revoke": "an API token is its owner's alone, even to an administrator",
    "api-assessment-scores": "scores exist once an assessment is approved; the seeded one is not",
}
# Objects that belong to no organisation, shown to anyone signed in: still checked for leaks.
NATIONAL = {
    "api-round-detail": "a round (its name, dates and framework) is national, nobody's own",
}


def _without_noise(body: str, url: str) -> str:
    """A body without what an outsider sent or what is random (nonces and tokens), so that a
    code found is one the server told them."""
    body = re.sub(r'nonce="[^"]*"', "", body)
    body = re.sub(r"'nonce-[^']*'", "", body)
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)
    return body.replace(url, "")


def _visit(client, url):
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    return response


def _ask(client, route, url):
    answers = [client.get(url), client.post(url, POSTED)]
    if "api/" in route.route:
        answers += [
            client.put(url, POSTED, content_type="application/json"),
            client.patch(url, POSTED, content_type="application/json"),
            client.delete(url),
        ]
    return answers


def _ghost(kwargs: dict) -> dict:
    """The same parameters naming nothing that exists."""
    choices = ("fmt", "format", "kind", "scope")  # which file or kind of thing, not which one
    return {
        name: value if name in choices else 999_999 if isinstance(value, int) else "zz-none"
        for name, value in kwargs.items()
    }


def test_every_route_with_parameters_can_be_filled_with_another_organisations_objects(victim):
    problems = []
    for route in parametrised_routes():
        try:
            urls = expand(route, victim.values)
        except Unfillable as error:
            problems.append(str(error))
            continue
        assert urls, route
    assert not problems, "\n".join(problems)


def test_the_walk_covers_the_pages_the_downloads_and_the_admin(victim):
    routes = {route.route for route in parametrised_routes()}
    for expected in (
        "assessments/<int:pk>/evidence/<int:evidence_pk>/",
        "results/documents/<int:pk>/download/",
        "results/<plan_kind:kind>/<str:ods_code>/plans/<int:round_id>/actions/<int:pk>/",
        "rounds/<int:pk>/systems/<str:ods_code>/not-submitted.<str:fmt>",
        "admin/assessments/organisation/<path:object_id>/change/",
    ):
        assert expected in routes
    assert len(routes) > 50


def test_the_filled_urls_are_real_the_national_administrator_reaches_them(victim, client):
    """Without this, a walk of mistyped ids would pass by getting 404 everywhere."""
    client.force_login(victim.world.national)
    unreached = []
    for route in parametrised_routes():
        if (
            route.is_admin
            or route.pattern.name in BEARER_ROUTES
            or route.name in NOT_REACHED
            or route.pattern.name in NOT_REACHED
            or "frameworks/" in route.route
        ):
            continue
        statuses = [_visit(client, url).status_code for url in expand(route, victim.values)]
        if all(status == 404 for status in statuses):
            unreached.append(f"{route.route}: {statuses}")
    assert not unreached, "\n".join(unreached)


def test_the_hidden_framework_is_real_its_author_reaches_it(victim, client):
    client.force_login(PersonaFactory(username="fw_author", author=True))
    for route in parametrised_routes():
        if "frameworks/" in route.route:
            statuses = [_visit(client, url).status_code for url in expand(route, victim.values)]
            assert 404 not in statuses, (route.route, statuses)


# What an outsider posts: enough for any of the forms to act on, were it let through.
POSTED = {
    "level": "3",
    "revision": "0",
    "notes": "overwritten by an outsider",
    "kind": "link",
    "url": "https://attacker.example/",
    "title": "attacker",
    "action": "approve",
    "comment": "approved by an outsider",
    "reason": "reopened by an outsider",
    "round": "1",
    "decision": "accepted",
    "email": "attacker@example.com",
    "role": "respondent",
}


def _state():
    """What an outsider's posts must leave as it was."""
    from django.apps import apps

    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in ("assessments", "reports", "frameworks", "auth")
    } | {
        "answers": list(
            apps.get_model("assessments", "Answer").objects.values_list("revision", "notes")
        ),
        "statuses": list(
            apps.get_model("assessments", "Assessment").objects.values_list("status", flat=True)
        ),
    }


@pytest.mark.parametrize(
    "who",
    [
        "respondent of another organisation in the system",
        "SRO of another system in the region",
        "respondent of another region",
        "SRO of another region's system",
        "analyst of another region",
    ],
)
def test_an_outsider_gets_403_or_404_and_sees_nothing_of_theirs(victim, attackers, client, who):
    """Each URL is asked for (GET) and posted to (POST), and an API route also put, patched and
    deleted: a method the view does not take may answer 405, and an answer that is exactly the
    one for an object that does not exist says nothing (an API's 400 for a missing query), but
    at least one answer must be the refusal, and none may leak."""
    client.force_login(attackers[who])
    before = _state()
    failures = []
    visited = 0
    for route in parametrised_routes():
        for kwargs in fill(route, victim.values):
            url = route.url(kwargs)
            responses = _ask(client, route, url)
            visited += 1
            if route.pattern.name in NATIONAL:
                allowed = True
            elif route.is_admin:
                # Not staff: the admin sends them to its own sign-in, and says nothing else.
                refused = [
                    r.status_code == 302 and r["Location"].startswith("/admin/login/")
                    for r in responses
                ]
                allowed = all(refused)
            else:
                ghost = responses
                if any(r.status_code not in (403, 404, 405) for r in responses):
                    ghost = _ask(client, route, route.url(_ghost(kwargs)))
                said_nothing = [
                    r.status_code in (403, 404, 405)
                    or (r.status_code, r.content) == (g.status_code, g.content)
                    for r, g in zip(responses, ghost, strict=True)
                ]
                allowed = all(said_nothing) and any(r.status_code != 405 for r in responses)
            leaks = []
            for response in responses:
                body = _without_noise(response.content.decode(errors="replace"), url)
                leaks += victim.leaks(body)
                leaks += victim.leaks(response.get("Location", "").replace(url, ""))
                leaks += victim.leaks(response.get("Content-Disposition", ""))
            if not allowed or leaks:
                statuses = [r.status_code for r in responses]
                failures.append(f"{statuses} {url} ({route.route}) leaks {sorted(set(leaks))}")
    assert visited > 100
    assert not failures, "\n".join(failures)
    assert _state() == before, "an outsider's post changed something"


def test_a_staff_member_of_another_region_finds_none_of_their_objects_in_the_admin(victim, client):
    """The worst case: someone of another region with the admin's view permission on every
    model of organisations, systems, regions, roles, their log and assessments (rounds are
    national and shown to whoever may view them; users, groups, lockouts and frameworks are
    Django's permissions alone). The admin asks the access policy, so Northmoor's objects are
    not there for them: the admin says they do not exist."""
    staff = PersonaFactory(
        username="other_staff",
        role="respondent",
        at=victim.world.exewater,
        is_staff=True,
    )
    staff.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="assessments", codename__startswith="view_"
        ).exclude(codename="view_round")
    )
    client.force_login(staff)
    failures, checked = [], 0
    for route in all_routes():
        model = re.match(r"admin/assessments/(\w+)/<path:object_id>/", route.route)
        if not model or model[1] == "round":
            continue
        for url in expand(route, victim.values):
            response = client.get(url, follow=True)
            where = [location for location, _ in response.redirect_chain]
            body = _without_noise(response.content.decode(), url)
            ok = response.status_code in (403, 404) or (
                response.status_code == 200
                and where[-1:] == ["/admin/"]
                and "doesn’t exist. Perhaps it was deleted?" in body
            )
            leaks = victim.leaks(body) + victim.leaks(" ".join(where))
            if not ok or leaks:
                failures.append(f"{response.status_code} {url} -> {where} leaks {leaks}")
            checked += 1
    assert checked >= 6 * 4
    assert not failures, "\n".join(failures)
