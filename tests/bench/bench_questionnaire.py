"""The questionnaire's budgets, measured in-process with Django's test Client on a throwaway
database holding the shipped WGLL 2.0.0 framework, a launched round and an organisation.

    page: GET a success measure's page      p95 <= 80 ms, the same queries for any measure
    save: POST one answer as htmx does      p95 <= 40 ms, <= 8 queries

Query counts include the session and the user that every request reads; the savepoints and
transaction statements around a save are listed apart. Run through `python -m tests.bench`.
"""

import datetime as dt
import os
import re
import statistics
import sys
import time

import django

N = int(os.environ.get("BENCH_N", "200"))
PAGE_P95_MS, SAVE_P95_MS, SAVE_MAX_QUERIES = 80, 40, 8
TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK", "BEGIN", "COMMIT")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(call, n):
    times = []
    for i in range(n):
        start = time.perf_counter()
        call(i)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), percentile(times, 0.95)


def queries_of(call):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    statements = [q["sql"] for q in captured.captured_queries]
    work = [s for s in statements if not s.upper().startswith(TRANSACTION_CONTROL)]
    return len(work), len(statements) - len(work)


def verdict(ok):
    return "PASS" if ok else "FAIL"


def build():
    """The shipped framework, one region, system and acute trust with a respondent, a launched
    round, and a synthetic framework with a small and a very large success measure."""
    from assessments.models import Assessment, Role
    from assessments.services import evidence_add_link
    from frameworks.services import SHIPPED_DIR, import_file
    from tests.factories import (
        FrameworkVersionFactory,
        OrganisationFactory,
        PersonaFactory,
        RegionFactory,
        RoundFactory,
        SystemFactory,
        UserFactory,
    )
    from tests.frameworks.documents import question

    region = RegionFactory(ods_code="Y63", name="North East and Yorkshire")
    system = SystemFactory(ods_code="QWO", name="NHS West Yorkshire ICB", region=region)
    trust = OrganisationFactory(
        ods_code="ZT001",
        name="Northmoor Hospitals NHS Trust",
        care_setting="acute",
        member_of=[system],
    )
    admin = UserFactory(username="national", is_superuser=True)
    respondent = PersonaFactory(
        username="respondent",
        first_name="Rosa",
        last_name="Respondent",
        role=Role.RESPONDENT,
        at=trust,
    )

    wgll = import_file(SHIPPED_DIR / "wgll-2.0.0.yaml", publish=True)
    many = {
        "key": "many",
        "label": "Many questions",
        "weight": 1,
        "questions": [question(f"many-{n}") for n in range(60)],
    }
    synthetic = FrameworkVersionFactory(extra_measures=[many], filename="synthetic.yaml")

    assessments = {}
    for name, version, opens in (
        ("WGLL 2026/27", wgll, dt.date(2026, 5, 1)),
        ("Synthetic", synthetic, dt.date(2025, 5, 1)),
    ):
        round_ = RoundFactory(
            name=name,
            framework_version=version,
            opens_on=opens,
            closes_on=opens + dt.timedelta(days=150),
            care_settings=["acute"],
            launched_by=admin,
        )
        assessment = Assessment.objects.get(round=round_)
        # Every question answered, with a link as evidence, so that pages show everything.
        from assessments.models import Answer

        questions = assessment.questions()
        Answer.objects.bulk_create(
            Answer(
                assessment=assessment,
                question=q,
                level=3,
                target_level=4,
                notes="Board paper, May.",
                revision=1,
                updated_by=respondent,
            )
            for q in questions
        )
        for q in questions:
            evidence_add_link(
                assessment=assessment,
                question=q,
                url="https://example.nhs.uk/e",
                title="Minutes",
                by=respondent,
            )
        assessments[name] = assessment
    return respondent, assessments["WGLL 2026/27"], assessments["Synthetic"]


def measure_sizes(assessment):
    sizes = {}
    for question in assessment.questions():
        sizes[question.measure.key] = sizes.get(question.measure.key, 0) + 1
    return sizes


def run() -> int:
    from django.test import Client

    respondent, wgll, synthetic = build()
    client = Client()
    client.force_login(respondent)
    failures = 0

    # --- the page of one success measure ---
    sizes = measure_sizes(wgll)
    few, many = min(sizes, key=sizes.get), max(sizes, key=sizes.get)
    synthetic_sizes = measure_sizes(synthetic)
    # The shipped framework's largest measure is the budget's page; the others show that the
    # queries do not grow with the questions (a few runs each keep the benchmark short).
    pages = [(wgll, many, sizes[many], N), (wgll, few, sizes[few], max(N // 4, 1))]
    pages += [
        (synthetic, key, synthetic_sizes[key], max(N // 10, 1)) for key in ("well-led", "many")
    ]

    def get(assessment, key):
        response = client.get(f"/assessments/{assessment.pk}/measures/{key}/")
        assert response.status_code == 200, response.status_code
        return response

    print("Measure page, GET")
    counts = set()
    worst_p95 = 0.0  # over the shipped framework's measures: the synthetic ones show the queries
    for assessment, key, size, n in pages:
        get(assessment, key)  # warm up
        median, p95 = timed(lambda _i, a=assessment, k=key: get(a, k), n)
        count, _ = queries_of(lambda a=assessment, k=key: get(a, k))
        counts.add(count)
        if assessment == wgll:
            worst_p95 = max(worst_p95, p95)
        label = "WGLL 2.0.0" if assessment == wgll else "synthetic"
        print(
            f"  {label:10} {key:20} {size:2} questions, n={n:3}: median {median:5.1f} ms, "
            f"p95 {p95:5.1f} ms, {count} queries"
        )
    constant = len(counts) == 1
    failures += not constant
    print(
        f"  {verdict(worst_p95 <= PAGE_P95_MS)} page p95 <= {PAGE_P95_MS} ms on WGLL 2.0.0 "
        f"(worst {worst_p95:.1f} ms; timing is reported, not enforced)"
    )
    print(
        f"  {verdict(constant)} the same number of queries for every measure "
        f"({', '.join(map(str, sorted(counts)))})"
    )

    # --- saving one answer, as htmx posts it ---
    question = wgll.questions()[0]
    url = f"/assessments/{wgll.pk}/questions/{question.key}/answer/"
    state = {"revision": 1, "level": 3}
    saved_revision = re.compile(rb'name="revision" value="(\d+)"')

    def save(_i=0):
        # Alternate the level, so that every save changes the answer and writes it.
        state["level"] = 5 - state["level"]
        response = client.post(
            url,
            {
                "revision": state["revision"],
                "level": state["level"],
                "target_level": "4",
                "notes": "Board paper, May.",
            },
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200 and b"Saved at" in response.content, response.content
        revision = int(saved_revision.search(response.content).group(1))
        assert revision == state["revision"] + 1, "the save did not write"
        state["revision"] = revision

    save()
    save()
    median, p95 = timed(save, N)
    count, control = queries_of(save)
    print(f"Answer save, POST with htmx, n={N}")
    print(
        f"  median {median:5.1f} ms, p95 {p95:5.1f} ms, {count} queries "
        f"(+ {control} transaction statements)"
    )
    print(
        f"  {verdict(p95 <= SAVE_P95_MS)} save p95 <= {SAVE_P95_MS} ms "
        "(timing is reported, not enforced)"
    )
    print(f"  {verdict(count <= SAVE_MAX_QUERIES)} save <= {SAVE_MAX_QUERIES} queries ({count})")
    failures += count > SAVE_MAX_QUERIES
    return failures


def main() -> int:
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    database = settings.DATABASES["default"]
    if connection.vendor != "sqlite":
        # Our own name, never test_<name>: a test run on the same server may be using that one.
        database.setdefault("TEST", {})["NAME"] = f"waymark_bench_{os.getpid()}"
    print(
        f"Database: {connection.vendor}, a throwaway copy "
        f"({'in memory' if connection.vendor == 'sqlite' else database['TEST']['NAME']})"
    )
    started = time.perf_counter()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        failures = run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(f"({time.perf_counter() - started:.0f} s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
