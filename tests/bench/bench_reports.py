"""The national view's budget (design.md), on PostgreSQL only: `make bench` with DATABASE_URL.

On a throwaway database it generates the national dataset (reports.dataset: 42 systems, about
7,000 organisations, three approved rounds), then times two groups, each interleaved:

While the data does not change (nearly every page view):
    page:    reports.aggregates.aggregate(latest round), as pages call it: the figures kept at
             the current data generation, their cells assembled once per process and kept
             snapshot                                            national view p95 <= 300 ms
    system:  the same + suppress() as an SRO of one system sees it (the nation, the regions
             and that region's systems)                          p95 <= 200 ms
    region:  the same for one region's analyst                   p95 <= 200 ms
    dash-sro, dash-brd, regional, national: the pages themselves through Django's test client
             (an SRO's and a board reader's system dashboard, an analyst's regional comparison:
             p95 <= 200 ms; a national administrator's national view: p95 <= 300 ms)

After the data changed (the first views after an approval, reported):
    refresh: computing the round's figures and keeping them (what the first read does)
    cold:    the first aggregate() after: reading the kept figures, assembling their cells
    dash-new: the SRO's first dashboard after (suppression, targets, weak questions made again)
    compute: aggregate(fresh=True): every figure of the nation, the regions and the systems,
             by care setting and measure, exact, computed from the frozen scores
    hand:    one hand-written SQL aggregate over the same rows (GROUPING SETS, avg,
             percentile_cont in double precision), the yardstick, with the same settings
             (JIT off, work_mem) as ours             compute <= 1.5 x hand, refresh reported

Timings are reported, not enforced (they depend on the machine and its load); the query counts
are enforced. BENCH_DB_NAME names the throwaway database (default waymark_bench_reports_<pid>);
it is dropped at the end.
"""

import os
import statistics
import sys
import time

import django

N = int(os.environ.get("BENCH_N", "30"))
BUDGET_MS, BUDGET_PAGE_MS, BUDGET_RATIO = 300, 200, 1.5
QUERIES = {"page": 4, "system": 4, "region": 4, "compute": 6}  # kept figures, assembled once
TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK", "BEGIN", "COMMIT", "SET ")

HAND_SQL = """
WITH rows AS (
    SELECT m.system_id, s.region_id, a.care_setting, sc.key, sc.score
    FROM assessments_score sc
    JOIN assessments_assessment a ON a.id = sc.assessment_id
    JOIN assessments_systemmembership m ON m.organisation_id = a.organisation_id AND m.is_host
         AND m.valid_from <= %(on)s AND (m.valid_to IS NULL OR m.valid_to >= %(on)s)
    JOIN assessments_system s ON s.id = m.system_id
    WHERE a.round_id = %(round)s AND a.status = 'approved'
      AND sc.kind IN ('measure', 'overall') AND sc.score IS NOT NULL
)
SELECT system_id, region_id, care_setting, key, count(*), avg(score),
       percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY score),
       min(score), max(score)
FROM rows
GROUP BY GROUPING SETS ((system_id, care_setting, key), (region_id, care_setting, key),
                        (care_setting, key))
UNION ALL
SELECT system_id, region_id, 'providers', key, count(*), avg(score),
       percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY score),
       min(score), max(score)
FROM rows WHERE care_setting <> 'icb'
GROUP BY GROUPING SETS ((system_id, key), (region_id, key), (key))
"""


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _work(call) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    return sum(
        not q["sql"].upper().startswith(TRANSACTION_CONTROL) for q in captured.captured_queries
    )


def run() -> int:
    from django.db import connection, transaction

    from reports import sources
    from reports.aggregates import REGION, SYSTEM, THE_NATION, Group, aggregate, refresh
    from reports.aggregates.compute import POSTGRES_SETTINGS
    from reports.dataset import national_dataset_load
    from reports.suppression import suppress

    result = national_dataset_load()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"Dataset: {result}")
    round_ = sources.rounds_in_order()[-1]
    first = aggregate(round_)
    system = next(g for g in first.children[first.children[THE_NATION][0]])
    region = first.children[THE_NATION][0]
    assert system.level == SYSTEM and region.level == REGION

    def seen_by(group: Group):
        """As the page's reader sees it: an SRO their system; an analyst their region and
        its systems."""
        sees = {group, *first.children.get(group, [])}

        def view():
            figures = aggregate(round_).around(region.id)
            return suppress(figures, sees_individually=lambda g: g in sees, subject=group)

        return view

    # The pages themselves, through Django's test client, as their readers see them.
    from django.contrib.auth import get_user_model
    from django.test import Client

    from assessments.models import Role
    from assessments.services import membership_grant

    def reader(username, role, **scope):
        user = get_user_model().objects.create_user(username, password="bench-only-password")
        membership_grant(by=None, user=user, role=role, **scope)
        client = Client()
        client.force_login(user)
        return client

    the_system, the_region = first.systems[system.id], first.regions[region.id]
    sro = reader("bench-sro", Role.SRO, system=the_system)
    board = reader("bench-board", Role.BOARD_READER, system=the_system)
    analyst = reader("bench-analyst", Role.ANALYST, region=the_region)
    national = reader("bench-national", Role.NATIONAL_ADMIN)
    round_query = f"?round={round_.pk}"

    def page(client, path):
        def get():
            response = client.get(path + round_query)
            assert response.status_code == 200, (path, response.status_code)
            return response

        return get

    def hand():
        with transaction.atomic(), connection.cursor() as cursor:
            for setting in POSTGRES_SETTINGS:  # the same conditions as ours
                cursor.execute(setting)
            cursor.execute(HAND_SQL, {"on": round_.opens_on, "round": round_.pk})
            return cursor.fetchall()

    dashboard = f"/results/systems/{the_system.ods_code}/"
    # While the data does not change: what nearly every page view is.
    steady = {
        "page": lambda: aggregate(round_),
        "system": seen_by(system),
        "region": seen_by(region),
        "dash-sro": page(sro, dashboard),
        "dash-brd": page(board, dashboard),
        "regional": page(analyst, f"/results/regions/{the_region.ods_code}/"),
        "national": page(national, "/results/national/"),
    }
    # After the data changed: keeping the round's figures again (what the first read after a
    # write does), the first read of them (assembling their cells: cold), the SRO's first
    # dashboard then (suppression and what it reads from approved data made again), and the
    # aggregation itself beside the hand-written yardstick.
    changing = {
        "refresh": lambda: refresh(round_, on=round_.opens_on),
        "cold": lambda: aggregate(round_),
        "dash-new": page(sro, dashboard),
        "compute": lambda: aggregate(round_, fresh=True),
        "hand": hand,
    }
    calls = {**steady, **changing}
    times: dict[str, list[float]] = {name: [] for name in calls}
    for group in (steady, changing):
        for _ in range(3):
            for call in group.values():
                call()
        for _ in range(N):
            for name, call in group.items():
                start = time.perf_counter()
                call()
                times[name].append((time.perf_counter() - start) * 1000)
    queries = {"refresh": _work(calls["refresh"])}
    queries |= {name: _work(calls[name]) for name in ["cold", *QUERIES, "dash-sro", "regional"]}
    queries["hand"] = 1

    # The yardstick agrees with ours where double precision can (the nation, overall), and the
    # kept figures are the computed ones.
    figures, fresh = aggregate(round_), aggregate(round_, fresh=True)
    assert figures.cells == fresh.cells
    rows = hand()
    nation = next(
        r for r in rows if r[0] is None and r[1] is None and r[2] == "providers" and r[3] == ""
    )
    cell = figures.cell(THE_NATION)
    assert nation[4] == cell.n and abs(float(nation[5]) - float(cell.mean)) < 1e-9, (nation, cell)

    median = {name: statistics.median(t) for name, t in times.items()}
    p95 = {name: percentile(t, 0.95) for name, t in times.items()}
    print(
        f"National view of {round_.name}: {len(figures.cells)} cells, "
        f"{figures.cell(THE_NATION).expected} assessments expected, n={N}, "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    for name in calls:
        print(
            f"  {name:8} median {median[name]:7.1f} ms, p95 {p95[name]:7.1f} ms, "
            f"{queries.get(name, '-')} queries"
        )
    ratio = median["compute"] / median["hand"]
    print(f"  ratio compute / hand (medians) {ratio:.2f}")
    print(f"  ratio refresh / hand (medians) {median['refresh'] / median['hand']:.2f}")
    print(f"  ratio page (kept figures) / hand (medians) {median['page'] / median['hand']:.2f}")

    def verdict(ok: bool) -> str:
        return "PASS" if ok else "FAIL"

    print(f"  {verdict(p95['page'] <= BUDGET_MS)} national view p95 <= {BUDGET_MS} ms (reported)")
    for name in ("system", "region", "dash-sro", "dash-brd", "regional"):
        ok = p95[name] <= BUDGET_PAGE_MS
        print(f"  {verdict(ok)} {name} p95 <= {BUDGET_PAGE_MS} ms (reported)")
    ok = p95["national"] <= BUDGET_MS
    print(f"  {verdict(ok)} national page p95 <= {BUDGET_MS} ms (reported)")
    print(f"  {verdict(ratio <= BUDGET_RATIO)} compute / hand <= {BUDGET_RATIO} (reported)")
    ok = all(queries[name] == count for name, count in QUERIES.items())
    print(f"  {verdict(ok)} query counts whatever the organisations: {QUERIES}")
    return 0 if ok else 1


def main() -> int:
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    settings.WAYMARK_VALIDATE_CHARTS = False  # as served (the test settings validate charts)
    if connection.vendor != "postgresql":
        print("The national view's benchmark runs on PostgreSQL only: set DATABASE_URL.")
        return 0
    setup_test_environment()
    database = settings.DATABASES["default"]
    name = os.environ.get("BENCH_DB_NAME") or f"waymark_bench_reports_{os.getpid()}"
    database.setdefault("TEST", {})["NAME"] = name
    print(f"Database: PostgreSQL, a throwaway database ({name})")
    started = time.perf_counter()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        failures = run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(f"({time.perf_counter() - started:.0f} s)")
    return failures


if __name__ == "__main__":
    sys.exit(main())
