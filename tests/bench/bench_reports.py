"""The national view's budget (design.md), on PostgreSQL only: `make bench` with DATABASE_URL.

On a throwaway database it generates the national dataset (reports.dataset: 42 systems, about
7,000 organisations, three approved rounds), then times, in the same run and interleaved:

    ours: reports.aggregates.aggregate(latest round): every figure of the nation, the regions
          and the systems, by care setting and measure, exact      <= 300 ms, constant queries
    hand: one hand-written SQL aggregate over the same rows (GROUPING SETS, avg,
          percentile_cont in double precision), the yardstick      ours <= 1.5 x hand

Timings are reported, not enforced (they depend on the machine and its load); the query count
is enforced. BENCH_DB_NAME names the throwaway database (default waymark_bench_reports_<pid>);
it is dropped at the end.
"""

import os
import statistics
import sys
import time

import django

N = int(os.environ.get("BENCH_N", "30"))
BUDGET_MS, BUDGET_RATIO, QUERIES = 300, 1.5, 6
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


def run() -> int:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from reports import sources
    from reports.aggregates import THE_NATION, aggregate
    from reports.dataset import national_dataset_load

    result = national_dataset_load()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"Dataset: {result}")
    round_ = sources.rounds_in_order()[-1]

    def ours():
        return aggregate(round_)

    def hand():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")  # the same conditions as ours
            cursor.execute(HAND_SQL, {"on": round_.opens_on, "round": round_.pk})
            return cursor.fetchall()

    for _ in range(3):
        ours(), hand()
    ours_ms, hand_ms = [], []
    for _ in range(N):
        for call, times in ((ours, ours_ms), (hand, hand_ms)):
            start = time.perf_counter()
            call()
            times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as captured:
        figures = ours()
    work = [
        q for q in captured.captured_queries if not q["sql"].upper().startswith(TRANSACTION_CONTROL)
    ]

    # The yardstick agrees with ours where double precision can (the nation, overall).
    rows = hand()
    nation = next(
        r for r in rows if r[0] is None and r[1] is None and r[2] == "providers" and r[3] == ""
    )
    cell = figures.cell(THE_NATION)
    assert nation[4] == cell.n and abs(float(nation[5]) - float(cell.mean)) < 1e-9, (nation, cell)

    median, p95 = statistics.median(ours_ms), percentile(ours_ms, 0.95)
    hand_median = statistics.median(hand_ms)
    ratio = median / hand_median
    print(
        f"National view of {round_.name}: {len(figures.cells)} cells, "
        f"{figures.cell(THE_NATION).expected} assessments expected, n={N}"
    )
    print(f"  ours  median {median:6.1f} ms, p95 {p95:6.1f} ms, {len(work)} queries")
    print(f"  hand  median {hand_median:6.1f} ms, p95 {percentile(hand_ms, 0.95):6.1f} ms, 1 query")
    print(f"  ratio ours / hand (medians) {ratio:.2f}")
    print(
        f"  {'PASS' if p95 <= BUDGET_MS else 'FAIL'} p95 <= {BUDGET_MS} ms (reported, not enforced)"
    )
    print(f"  {'PASS' if ratio <= BUDGET_RATIO else 'FAIL'} ratio <= {BUDGET_RATIO} (reported)")
    ok = len(work) == QUERIES
    print(
        f"  {'PASS' if ok else 'FAIL'} {QUERIES} queries whatever the organisations ({len(work)})"
    )
    return 0 if ok else 1


def main() -> int:
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

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
