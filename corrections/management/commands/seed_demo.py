import datetime

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import User
from accounts.services import (
    administrator_grant,
    editor_grant,
    moderator_grant,
    user_create_verified,
)
from digest.models import Comment, Digest
from digest.services.comments import comment_create

SAMPLE_NAME = "2024-10-21-top-ml-papers.txt"
DEMO_ACCOUNTS = [
    ("member@example.com", "demo-member-pass", "데모 회원", "member"),
    ("moderator@example.com", "demo-moderator-pass", "데모 운영자", "moderator"),
    ("editor@example.com", "demo-editor-pass", "데모 편집자", "editor"),
    ("admin@example.com", "demo-admin-pass", "데모 관리자", "administrator"),
]
# Demo people joined a while ago, so they are ordinary members rather than new ones (whose
# links wait for moderation).
DEMO_TENURE = datetime.timedelta(days=30)


class Command(BaseCommand):
    help = "Load the sample post, demo accounts and a short discussion (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is only created when DEBUG is on.")
        if not Digest.objects.exists():
            sample = settings.BASE_DIR / "digest" / "samples" / SAMPLE_NAME
            call_command("import_digest", str(sample), "--publish", stdout=self.stdout)
        people = {}
        for email, password, name, role in DEMO_ACCOUNTS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = user_create_verified(email=email, password=password, display_name=name)
                User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - DEMO_TENURE)
                user.refresh_from_db()
            if role == "editor":
                editor_grant(user=user)
            elif role == "moderator":
                moderator_grant(user=user)
            elif role == "administrator":
                # The admin site and role grants; an editor too, as the site's owner would be.
                administrator_grant(user=user)
                editor_grant(user=user)
            people[role] = user
            self.stdout.write(f"Demo {role}: {email} / {password}")
        self._discussion(people)

    def _discussion(self, people) -> None:
        digest = Digest.objects.published().order_by("-period_start").first()
        if digest is None or Comment.objects.filter(digest=digest).exists():
            return
        entry = digest.entries.order_by("position").first()
        segment = entry.segments.filter(field="summary", retired_in__isnull=True).first()
        first = comment_create(
            author=people["member"],
            digest=digest,
            entry=entry,
            quote_segment=segment,
            body="이 문장은 조금 어색하게 읽힙니다. **에이전트** 대신 *에이전틱*이 원문에 더 "
            "가깝지 않을까요?",
        )
        comment_create(
            author=people["editor"],
            digest=digest,
            entry=entry,
            parent=first,
            body="좋은 지적입니다. 문장 패널에서 수정안을 제안해 주시면 검토하겠습니다.",
        )
        comment_create(
            author=people["member"],
            digest=digest,
            body="매주 정리해 주셔서 감사합니다! 원문 링크: https://nlp.elvissaravia.com/",
        )
