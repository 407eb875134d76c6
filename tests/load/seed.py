"""Seed the load test's database (after `waymark_setup`): 50 organisations whose 2026/27
assessment is open, each with four respondents; the SROs of their systems and the analysts of
their regions. Every account has the same known password. Writes what the simulated users need
(accounts, assessments, the questions each may answer) and the answers' revisions before the load
to a JSON file, for `locustfile.py` and `check.py`.

The respondents (and the colleague sessions the conflicts use) start signed in: a session is
made for each here, as signing in makes it, because 250 sign-ins at once would measure only the
deliberately slow password hash on two cores; the SROs and analysts sign in for real.

Run as `python -m tests.load.seed OUT.json` with DJANGO_SETTINGS_MODULE and DATABASE_URL set.
"""

import json
import os
import sys

import django

ORGANISATIONS = 50
RESPONDENTS_PER_ORGANISATION = 4
PASSWORD = "waymark-load-2026"


def signed_in(user) -> str:
    """A session signed in as `user`, as `django.contrib.auth.login` makes it; its key."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def seed(out: str) -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from assessments.models import Answer, Assessment, AuditEvent, Role, Round
    from assessments.services import membership_grant
    from frameworks.models import Question

    User = get_user_model()
    hashed = make_password(PASSWORD)  # one hash for every account: seeding stays quick
    round_ = Round.objects.order_by("-opens_on").first()
    open_ = (
        Assessment.objects.filter(round=round_, status__in=Assessment.EDITABLE)
        .select_related("organisation")
        .order_by("organisation__ods_code")
    )
    assessments = list(open_[:ORGANISATIONS])
    if len(assessments) < ORGANISATIONS:
        raise SystemExit(f"Only {len(assessments)} open assessments in {round_}: run waymark_setup")

    def account(username: str, first: str, last: str):
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "password": hashed},
        )
        return user

    world: dict = {"password": PASSWORD, "round": round_.pk, "organisations": [], "sros": []}
    systems, regions = {}, {}
    with transaction.atomic():
        for number, assessment in enumerate(assessments, start=1):
            organisation = assessment.organisation
            respondents, sessions = [], []
            for index in range(1, RESPONDENTS_PER_ORGANISATION + 1):
                user = account(f"load-o{number:02d}-r{index}", "Respondent", f"{number}-{index}")
                membership_grant(
                    by=None, user=user, role=Role.RESPONDENT, organisation=organisation
                )
                respondents.append(user.username)
                sessions.append([signed_in(user), signed_in(user)])  # own, and as a colleague
            questions = list(
                Question.objects.filter(version=assessment.framework_version_id)
                .filter(applies_to__contains=[assessment.care_setting])
                .select_related("measure")
                .order_by("measure__order", "order")
            )
            revisions = dict(
                Answer.objects.filter(assessment=assessment).values_list(
                    "question__key", "revision"
                )
            )
            world["organisations"].append(
                {
                    "assessment": assessment.pk,
                    "ods_code": organisation.ods_code,
                    "respondents": respondents,
                    "sessions": sessions,
                    "questions": [q.key for q in questions],
                    "measures": sorted({q.measure.key for q in questions}),
                    "revisions": {q.key: revisions.get(q.key, 0) for q in questions},
                }
            )
            for held in organisation.current_memberships(round_.opens_on)[:1]:
                system = held.system
                systems[system.ods_code] = system
                regions[system.region.ods_code] = system.region
        for number, (code, system) in enumerate(sorted(systems.items()), start=1):
            user = account(f"load-sro{number:02d}", "SRO", str(number))
            membership_grant(by=None, user=user, role=Role.SRO, system=system)
            world["sros"].append({"username": user.username, "system": code})
        world["analysts"] = []
        for number, (code, region) in enumerate(sorted(regions.items()), start=1):
            user = account(f"load-analyst{number}", "Analyst", str(number))
            membership_grant(by=None, user=user, role=Role.ANALYST, region=region)
            world["analysts"].append({"username": user.username, "region": code})
    world["audit_before"] = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    with open(out, "w") as file:
        json.dump(world, file, indent=1)
    return world


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    django.setup()
    made = seed(sys.argv[1])
    print(
        f"Seeded {len(made['organisations'])} organisations, "
        f"{sum(len(o['respondents']) for o in made['organisations'])} respondents, "
        f"{len(made['sros'])} SROs, {len(made['analysts'])} analysts."
    )
