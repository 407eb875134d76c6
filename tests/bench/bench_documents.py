"""The documents' budgets, in a warm worker process (kaleido's Chromium started, fonts loaded):

    render: a system plan of a system of about 10 organisations, request to stored PDF
            (context from the aggregates, charts to SVG, HTML, WeasyPrint, storage)   median <= 3 s
    ratio:  that against WeasyPrint alone on the same final HTML, same run       <= 1.5 x
    memory: the process's peak resident memory (reported)
    batch:  a region of 9 systems' plans one after another in this process        <= 60 s

On a throwaway SQLite file database with in-memory storage. Timings are reported and the run
exits non-zero when a budget is missed (BENCH_STRICT=0 to only report).
"""

import os
import resource
import statistics
import sys
import tempfile
import time

import django

N = int(os.environ.get("BENCH_N", "7"))
SIZE, SYSTEMS = 10, 9
BUDGET_S, BUDGET_RATIO, BUDGET_BATCH_S = 3.0, 1.5, 60.0


def run() -> int:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from assessments.models import Role
    from reports.documents import making, render, services
    from reports.documents.models import Report
    from tests.factories import PersonaFactory
    from tests.reports.documents import plan_world

    current, _, systems = plan_world.build(size=SIZE, systems=SYSTEMS)
    analyst = PersonaFactory(username="bench", role=Role.ANALYST, at=systems[0].region)

    def new_report(system):
        return Report.objects.create(
            kind="system_plan", round=current, system=system, requested_by=analyst
        )

    making.report_make(new_report(systems[0]).pk)  # warm: Chromium, fonts, templates
    whole, alone = [], []
    for _ in range(N):
        report = new_report(systems[0])
        started = time.perf_counter()
        made = making.report_make(report.pk)
        whole.append(time.perf_counter() - started)
        assert made.status == "ready", made.message
        html = render.html_for("system_plan", making.context_for(report))
        started = time.perf_counter()
        render.pdf_from_html(html)
        alone.append(time.perf_counter() - started)
    median, median_alone = statistics.median(whole), statistics.median(alone)
    ratio = median / median_alone
    started = time.perf_counter()
    batch = services.batch_request(
        user=analyst, kind="system_plan", round_=current, region=systems[0].region
    )
    batch_s = time.perf_counter() - started
    statuses = list(batch.reports.values_list("status", flat=True))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"system plan ({SIZE} organisations, {made.pages} pages), {N} runs after warm-up:")
    print(f"  median {median:.2f} s (budget {BUDGET_S} s), best {min(whole):.2f} s")
    print(f"  WeasyPrint alone on the same HTML: median {median_alone:.2f} s")
    print(f"  ratio {ratio:.2f} x (budget {BUDGET_RATIO} x)")
    print(f"  peak memory (this process, max RSS): {peak_mb:.0f} MB")
    print(f"region batch: {len(statuses)} plans in {batch_s:.1f} s (budget {BUDGET_BATCH_S} s)")
    ok = (
        median <= BUDGET_S
        and ratio <= BUDGET_RATIO
        and batch_s <= BUDGET_BATCH_S
        and set(statuses) == {"ready"}
    )
    print("Every documents budget is met." if ok else "A documents budget was missed.")
    return 0 if ok or os.environ.get("BENCH_STRICT") == "0" else 1


if __name__ == "__main__":
    folder = tempfile.mkdtemp(prefix="waymark-bench-docs-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    django.setup()
    sys.exit(run())
