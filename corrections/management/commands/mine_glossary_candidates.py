from django.core.management.base import BaseCommand
from django.db import transaction

from corrections.models import GlossaryCandidate, RenderingChange
from corrections.services.glossary_candidates import candidates_mine


class Command(BaseCommand):
    help = (
        "Find the term renderings accepted corrections and editors' edits changed, in the whole "
        "history, and propose glossary candidates where two or more entries changed one alike. "
        "Safe to run again: a change is recorded once, and decided candidates stay decided."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fresh",
            action="store_true",
            help="First forget the open candidates and the changes no decided candidate holds "
            "(after the change finder improved, say).",
        )

    @transaction.atomic
    def handle(self, *args, fresh, **options):
        if fresh:
            RenderingChange.objects.exclude(
                candidate__status__in=[
                    GlossaryCandidate.Status.ACCEPTED,
                    GlossaryCandidate.Status.DISMISSED,
                ]
            ).delete()
            GlossaryCandidate.objects.filter(status=GlossaryCandidate.Status.OPEN).delete()
        before = RenderingChange.objects.count()
        candidates = candidates_mine()
        self.stdout.write(
            f"{RenderingChange.objects.count() - before} changes recorded; "
            f"{len(candidates)} open candidates got new evidence."
        )
