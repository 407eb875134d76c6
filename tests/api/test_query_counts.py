"""Every list endpoint of the API answers in a number of queries that does not grow with the
number of rows: each is read with a few rows, then with more, and must ask the database the
same number of times (an N+1 would ask once more per row).

Which endpoints are lists is read from the schema (a paginated response, or an array), so a new
list endpoint fails `test_every_list_endpoint_is_counted` until it is counted here."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Organisation, Round, System
from assessments.services import answer_save, evidence_add_link
from reports.documents.models import Report, ReportBatch
from reports.plans.services import action_add, plan_start
from tests.factories import (
    BareFrameworkVersionFactory,
    FrameworkFactory,
    FrameworkVersionFactory,
    OrganisationFactory,
    RegionFactory,
    SystemFactory,
)
from tests.frameworks.documents import question

pytestmark = pytest.mark.django_db

FEW, MORE = 2, 8


class Setup:
    """What a list needs: who reads it, its URL, and how to add `n` rows."""

    def __init__(self, world, launched_round, launched_assessment):
        self.world = world
        self.launched_round = launched_round
        self.launched_assessment = launched_assessment
        self.made = 0

    def seq(self) -> int:
        self.made += 1
        return self.made

    # Each returns (user, url, add(n)).
    def regions(self):
        return (
            self.world.national,
            "/api/v1/regions/",
            self._many(lambda i: RegionFactory(ods_code=f"Y9{i:02d}", name=f"Region {i}")),
        )

    def systems(self):
        return (
            self.world.analyst,
            "/api/v1/systems/",
            self._many(
                lambda i: SystemFactory(
                    ods_code=f"Q9{i:02d}", name=f"System {i}", region=self.world.north
                )
            ),
        )

    def organisations(self):
        systems = [self.world.west_yorkshire, self.world.north_east]
        return (
            self.world.analyst,
            "/api/v1/organisations/",
            self._many(
                lambda i: OrganisationFactory(member_of=[systems[i % 2], systems[(i + 1) % 2]])
            ),
        )

    def assessments(self):
        round_ = self.launched_round()
        return (
            self.world.analyst,
            f"/api/v1/assessments/?round={round_.pk}",
            self._many(
                lambda i: _assessment_of(
                    OrganisationFactory(member_of=[self.world.west_yorkshire]), round_
                )
            ),
        )

    def rounds(self):
        first = {}

        def launch(i):
            fields = {"name": f"Round {i}", "opens_on": dt.date(2026, 5, 1) + dt.timedelta(days=i)}
            if first:  # one framework version for all (a published version never changes)
                fields["framework_version"] = first["version"]
            first.setdefault("version", self.launched_round(**fields).framework_version)

        return self.world.respondent, "/api/v1/rounds/", self._many(launch)

    def answers(self):
        extra = {
            "key": "extra",
            "label": "Extra",
            "weight": 1,
            "questions": [question(f"extra-{n}") for n in range(MORE)],
        }
        version = FrameworkVersionFactory(extra_measures=[extra])
        assessment = self.launched_assessment(framework_version=version)
        questions = iter(assessment.questions())

        def answer(i):
            answer_save(
                assessment=assessment,
                question=next(questions),
                by=self.world.respondent,
                expected_revision=0,
                level=2,
                notes=f"Answer {i}",
            )

        url = f"/api/v1/assessments/{assessment.pk}/answers/"
        return self.world.respondent, url, self._many(answer)

    def evidence(self):
        assessment = self.launched_assessment()
        question = assessment.questions()[0]
        url = f"/api/v1/assessments/{assessment.pk}/evidence/"
        return (
            self.world.respondent,
            url,
            self._many(
                lambda i: evidence_add_link(
                    assessment=assessment,
                    question=question,
                    url=f"https://example.nhs.uk/{i}",
                    title=f"Link {i}",
                    by=self.world.respondent,
                )
            ),
        )

    def framework_versions(self):
        def version(i):
            framework = FrameworkFactory(key=f"framework-{i}", name=f"Framework {i}")
            BareFrameworkVersionFactory(
                framework=framework,
                framework_key=framework.key,
                framework_name=framework.name,
                version="1.0.0",
                published=True,
            )

        return self.world.national, "/api/v1/framework-versions/", self._many(version)

    def plans(self):
        round_ = self.launched_round()

        def plan(i):
            system = SystemFactory(
                ods_code=f"Q8{i:02d}", name=f"System {i}", region=self.world.north
            )
            plan_start(subject=system, round_=round_, by=self.world.national)

        return self.world.analyst, "/api/v1/plans/", self._many(plan)

    def plan_history(self):
        round_ = self.launched_round()
        version = plan_start(subject=self.world.west_yorkshire, round_=round_, by=self.world.sro)
        key = round_.framework_version.measures.order_by("pk").first().key
        url = f"/api/v1/plans/{version.plan_id}/history/"
        return (
            self.world.sro,
            url,
            self._many(
                lambda i: action_add(
                    version=version, measure_key=key, title=f"Action {i}", by=self.world.sro
                )
            ),
        )

    def reports(self):
        round_ = self.launched_round()

        def report(i):
            system = SystemFactory(
                ods_code=f"Q7{i:02d}", name=f"System {i}", region=self.world.north
            )
            _report(round_, system, self.world.analyst)

        return self.world.analyst, "/api/v1/reports/", self._many(report)

    def document_batches(self):
        round_ = self.launched_round()

        def batch(i):
            made = ReportBatch.objects.create(
                kind="system_plan",
                region=self.world.north,
                round=round_,
                requested_by=self.world.analyst,
            )
            for system in (self.world.west_yorkshire, self.world.north_east):
                _report(round_, system, self.world.analyst, batch=made)

        return self.world.analyst, "/api/v1/regions/Y63/document-batches/", self._many(batch)

    def _many(self, make):
        def add(n):
            for _ in range(n):
                make(self.seq())

        return add


def _assessment_of(organisation: Organisation, round_: Round):
    from assessments.models import Assessment

    return Assessment.objects.create(
        round=round_, organisation=organisation, framework_version=round_.framework_version
    )


def _report(round_, system: System, by, batch=None):
    return Report.objects.create(
        kind=Report.Kind.SYSTEM_PLAN,
        round=round_,
        system=system,
        batch=batch,
        requested_by=by,
        status=Report.Status.READY,
        agreed=True,
        finished_at=timezone.now(),
    )


# The list endpoints, by the schema's path, and the setup that fills each.
LISTS = {
    "/api/v1/regions/": "regions",
    "/api/v1/systems/": "systems",
    "/api/v1/organisations/": "organisations",
    "/api/v1/assessments/": "assessments",
    "/api/v1/rounds/": "rounds",
    "/api/v1/assessments/{assessment_pk}/answers/": "answers",
    "/api/v1/assessments/{assessment_pk}/evidence/": "evidence",
    "/api/v1/framework-versions/": "framework_versions",
    "/api/v1/plans/": "plans",
    "/api/v1/plans/{id}/history/": "plan_history",
    "/api/v1/reports/": "reports",
    "/api/v1/regions/{code}/document-batches/": "document_batches",
}


def _rows(body) -> int:
    return len(body) if isinstance(body, list) else body["count"]


def _read(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return _rows(response.json()), len(queries)


@pytest.mark.parametrize("setup", sorted(set(LISTS.values())))
def test_the_number_of_queries_does_not_grow_with_the_rows(
    world, launched_round, launched_assessment, as_user, setup
):
    user, url, add = getattr(Setup(world, launched_round, launched_assessment), setup)()
    client = as_user(user, "read")
    client.get(url)  # the token's first use is written down once
    before, _ = _read(client, url)
    add(FEW)
    few_rows, few_queries = _read(client, url)
    add(MORE - FEW)
    more_rows, more_queries = _read(client, url)
    assert more_rows - few_rows == MORE - FEW, (few_rows, more_rows)
    assert few_rows - before == FEW
    assert more_queries == few_queries, (
        f"{url}: {few_queries} queries for {few_rows} rows, {more_queries} for {more_rows}"
    )


def test_every_list_endpoint_is_counted(api, world, as_user):
    schema = as_user(world.national, "read").get("/api/schema/?format=json").json()
    lists = set()
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if not get:
            continue
        content = get["responses"].get("200", {}).get("content", {}).get("application/json", {})
        shape = content.get("schema", {})
        if shape.get("type") == "array" or "Paginated" in shape.get("$ref", ""):
            lists.add(path)
    assert lists == set(LISTS)
