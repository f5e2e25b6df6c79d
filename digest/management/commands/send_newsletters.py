"""Send the weekly or daily newsletter to every member who is due one (Celery beat runs the
same job on schedule; this is the manual door, also for a missed run)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from digest.newsletter import Frequency, newsletters_send


def _parse_now(value: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--now must be an ISO-8601 date and time: {error}") from None
    if timezone.is_naive(moment):
        # A time without an offset is read in the site's time zone (Asia/Seoul).
        moment = timezone.make_aware(moment)
    return moment


class Command(BaseCommand):
    help = "Send the newsletter of one frequency to every member who is due one."

    def add_arguments(self, parser):
        parser.add_argument("--frequency", required=True, choices=Frequency.values)
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would get what; change nothing."
        )
        parser.add_argument(
            "--now", type=_parse_now, help="ISO-8601 time standing in for the current time."
        )

    def handle(self, *args, frequency: str, dry_run: bool, now, **options):
        report = newsletters_send(frequency=frequency, now=now, dry_run=dry_run)
        if dry_run:
            for plan in report.planned:
                slugs = ", ".join(view.digest.slug for view in plan.digests) or "-"
                action = "skip (nothing new)" if plan.is_empty else "send"
                self.stdout.write(
                    f"{action}: member {plan.member.pk} <{plan.member.email}> "
                    f"[{plan.member.language}] digests: {slugs}; errata: {len(plan.errata)}"
                )
            self.stdout.write(f"dry run: {len(report.planned)} due, nothing sent or recorded")
            return
        self.stdout.write(
            f"{frequency} newsletter for {timezone.localtime(report.now):%Y-%m-%d %H:%M %Z}: "
            f"{len(report.sent)} sent, {len(report.skipped)} with nothing new, "
            f"{len(report.taken)} already handled by another run"
        )
