from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from frameworks.models import FrameworkVersion
from reports.benchmarks import BenchmarkImportError, benchmark_import, benchmark_preview


class Command(BaseCommand):
    help = (
        "Import a published national results workbook (.xlsx or .csv, shaped like the 2025 pillar "
        "summary) as a benchmark. Shows what it would write; --dry-run writes nothing. All or "
        "nothing; every problem is reported with its row and column."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--name", required=True, help='E.g. "2025 national results".')
        parser.add_argument("--framework", default="wgll", help="Framework key (default wgll).")
        parser.add_argument(
            "--framework-version", required=True, help="Published framework version."
        )
        parser.add_argument("--by", required=True, help="Username of the person importing it.")
        parser.add_argument("--dry-run", action="store_true", help="Check and preview only.")

    def handle(self, *args, file: Path, name, framework, framework_version, by, dry_run, **options):
        version = framework_version
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from None
        framework_version = FrameworkVersion.objects.filter(
            framework__key=framework, version=version, status=FrameworkVersion.Status.PUBLISHED
        ).first()
        if framework_version is None:
            raise CommandError(f"No published version {version} of the framework {framework!r}.")
        user = get_user_model().objects.filter(username=by, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user called {by!r}.")
        preview = benchmark_preview(
            content=content, file_name=file.name, framework_version=framework_version
        )
        for problem in preview.problems:
            self.stderr.write(f"{file.name}: {problem}")
        if preview.more_problems:
            self.stderr.write(f"{file.name}: and {preview.more_problems} more problems")
        if not preview.ok:
            raise CommandError(f"{file} was not imported: nothing was written.")
        self.stdout.write(
            f"{file.name}: sheet {preview.sheet!r}, header on row {preview.header_row}; "
            f"{len(preview.rows)} organisations, {preview.score_count} scores for "
            + ", ".join(f"{label} ({m.key})" for label, m in preview.measures)
        )
        if preview.ignored_columns:
            self.stdout.write("Columns not used: " + ", ".join(preview.ignored_columns))
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
            return
        try:
            benchmark = benchmark_import(
                content=content,
                file_name=file.name,
                name=name,
                framework_version=framework_version,
                by=user,
            )
        except BenchmarkImportError as exc:
            for problem in exc.problems:
                self.stderr.write(f"{file.name}: {problem}")
            raise CommandError(f"{file} was not imported: nothing was written.") from None
        self.stdout.write(f"Imported {benchmark} ({benchmark.organisation_count} organisations).")
