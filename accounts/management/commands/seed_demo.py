from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.services import editor_grant, user_create_verified
from digest.models import Digest

SAMPLE_NAME = "2024-10-21-top-ml-papers.txt"
DEMO_ACCOUNTS = [
    ("member@example.com", "demo-member-pass", "데모 회원", False),
    ("editor@example.com", "demo-editor-pass", "데모 편집자", True),
]


class Command(BaseCommand):
    help = "Load the sample post and demo accounts for local development (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is only created when DEBUG is on.")
        if not Digest.objects.exists():
            sample = settings.BASE_DIR / "digest" / "samples" / SAMPLE_NAME
            call_command("import_digest", str(sample), "--publish", stdout=self.stdout)
        for email, password, name, editor in DEMO_ACCOUNTS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = user_create_verified(email=email, password=password, display_name=name)
            if editor:
                editor_grant(user=user)
            role = "editor" if editor else "member"
            self.stdout.write(f"Demo {role}: {email} / {password}")
