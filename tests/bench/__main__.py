"""Run the questionnaire benchmark on a throwaway SQLite database, and on PostgreSQL too when
DATABASE_URL points at one; exit non-zero if a query budget is broken (timings are reported,
not asserted: they depend on the machine)."""

import os
import subprocess
import sys


def main() -> int:
    runs = [("SQLite", "sqlite://:memory:")]
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        runs.append(("PostgreSQL", url))
    failed = False
    for name, database_url in runs:
        print(f"\n== {name} ==", flush=True)
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
        }
        result = subprocess.run(
            [sys.executable, "-m", "tests.bench.bench_questionnaire"], env=env, check=False
        )
        failed |= result.returncode != 0
    print("\nA query budget was broken." if failed else "\nEvery query budget is met.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
