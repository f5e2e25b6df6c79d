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
from corrections.models import Suggestion
from corrections.services.flags import flag_create
from corrections.services.review import suggestion_accept
from corrections.services.segments import current_text
from corrections.services.suggestions import suggestion_create
from corrections.services.verification import entry_segments, segments_verify
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
        self._corrections(people)

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

    def _corrections(self, people) -> None:
        """One correction accepted, one sentence confirmed and one flag and suggestion
        waiting, so the marks, the review queue and the dashboard have something to show."""
        digest = Digest.objects.published().order_by("-period_start").first()
        if digest is None or Suggestion.objects.filter(segment__entry__digest=digest).exists():
            return
        entries = {entry.position: entry for entry in digest.entries.all()}
        member, moderator, editor = people["member"], people["moderator"], people["editor"]

        sizes = entries[7].segments.get(field="summary", position=0)
        flag = flag_create(segment=sizes, author=member, reason="number", note="8B는 80억입니다.")
        fixed = suggestion_create(
            segment=sizes,
            author=member,
            text=current_text(sizes).replace("8억 개", "80억 개"),
            note="원문은 8B(80억)입니다.",
            flag=flag,
        )
        suggestion_accept(suggestion=fixed, editor=editor)

        segments_verify(
            segments=entry_segments(entry=entries[2], field_name="title"), editor=editor
        )

        agentic = entries[1].segments.get(field="summary", position=0)
        flag_create(segment=agentic, author=moderator, reason="terminology")
        suggestion_create(
            segment=agentic,
            author=moderator,
            text=current_text(agentic).replace("에이전트 정보 검색", "에이전틱 정보 검색"),
            note="agentic은 agent와 다른 말입니다.",
        )
