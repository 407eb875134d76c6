"""Load what `make run` needs: the shipped frameworks, reference data, demo data and accounts.

Safe to run again: whatever is already there is left as it is.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from assessments.models import Round, System
from assessments.selectors import describe_roles
from assessments.services import demo_load
from assessments.services.demo import demo_organisation_code
from assessments.services.demo_rounds import demo_rounds_load
from frameworks.models import FrameworkVersion
from frameworks.schema import parse_framework
from frameworks.services import (
    SHIPPED_DIR,
    FrameworkImportError,
    checksum,
    framework_authors_group_ensure,
    import_file,
)

DEMO_PASSWORD = "waymark-demo-2026"


class Command(BaseCommand):
    help = "Load the shipped frameworks, reference data and demo accounts (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--logins", action="store_true", help="Only print the demo logins.")

    def handle(self, *args, logins, **options):
        if logins:
            self.print_logins()
            return
        self.load_frameworks()
        self.load_demo_users()
        # Regions, the 42 systems, demo organisations and a login for every role.
        self.stdout.write(str(demo_load(password=DEMO_PASSWORD)))
        # 2024/25 and 2025/26 approved everywhere; the April 2026 mergers; 2026/27 part-way.
        national = get_user_model().objects.filter(username="national").first()
        self.stdout.write(
            str(demo_rounds_load(by=national, demo_organisation=demo_organisation_code()))
        )

    def load_frameworks(self):
        for path in sorted(SHIPPED_DIR.glob("*.yaml")):
            source = path.read_bytes()
            document, problems = parse_framework(source)
            if problems:
                raise CommandError(FrameworkImportError(path.name, problems).message)
            existing = FrameworkVersion.objects.filter(
                framework__key=document["framework"]["key"], version=document["version"]
            ).first()
            if existing and existing.checksum == checksum(source):
                continue
            if existing:
                self.stderr.write(
                    f"{path.name}: {existing} is already loaded from a different file; left as it is."
                )
                continue
            version = import_file(path, publish=True)
            self.stdout.write(f"Loaded {version} from {path.name}.")

    def load_demo_users(self):
        User = get_user_model()
        author, created = User.objects.get_or_create(
            username="author",
            defaults={"first_name": "Fran", "last_name": "Author", "is_staff": True},
        )
        if created:
            author.set_password(DEMO_PASSWORD)
            author.save()
        author.groups.add(framework_authors_group_ensure())
        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser("admin", "admin@example.nhs.uk", DEMO_PASSWORD)

    def print_logins(self):
        User = get_user_model()
        rows = []
        for user in User.objects.order_by("username").prefetch_related("groups"):
            roles = describe_roles(user) + [g.name for g in user.groups.all()]
            if user.is_superuser:
                roles.append("Superuser")
            rows.append((user.username, user.get_full_name() or "-", roles or ["-"]))
        self.stdout.write("")
        self.stdout.write(
            f"{settings.WAYMARK_SERVICE_NAME} demo logins (password for all: {DEMO_PASSWORD})"
        )
        for username, name, roles in rows:
            self.stdout.write(f"  {username:<12} {name:<18} {roles[0]}")
            for role in roles[1:]:
                self.stdout.write(f"  {'':<12} {'':<18} {role}")
        self.print_demo()
        self.stdout.write("Open http://127.0.0.1:8000/ and sign in.\n")

    def print_demo(self):
        """What the demo holds: its rounds and the mergers, in a line each."""
        for round_ in Round.objects.select_related("framework_version").order_by("opens_on"):
            counts = dict(
                round_.assessments.values_list("status").annotate(n=Count("pk")).order_by()
            )
            approved, total = counts.get("approved", 0), sum(counts.values())
            self.stdout.write(
                f"  Round {round_.name} (WGLL {round_.framework_version.version}): "
                f"{approved} of {total} assessments approved"
            )
        for system in System.objects.filter(replaces__isnull=False).distinct():
            merged = ", ".join(s.name for s in system.replaces.order_by("name"))
            self.stdout.write(
                f"  Merger: {merged} became {system.name} ({system.ods_code}) on "
                f"{system.valid_from:%-d %B %Y}"
            )
