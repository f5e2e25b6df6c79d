import json

from django.core.management.base import BaseCommand, CommandError

from corrections import finding_text
from corrections.quality import digest_findings
from digest.models import Digest


class Command(BaseCommand):
    help = "Run the automatic translation checks on the current text of digests."

    def add_arguments(self, parser):
        parser.add_argument("--digest", metavar="SLUG", help="Check only this digest.")
        parser.add_argument("--json", action="store_true", help="Print a JSON array of findings.")

    def handle(self, *args, digest, **options):
        digests = Digest.objects.order_by("period_start", "slug")
        if digest:
            digests = digests.filter(slug=digest)
            if not digests.exists():
                raise CommandError(f"No digest with slug {digest!r}.")
        records = []
        for item in digests:
            for found in digest_findings(digest=item):
                segment = found.row.segment
                records.append(
                    {
                        "digest": item.slug,
                        "entry": found.entry.position,
                        "field": segment.field,
                        "segment": segment.position,
                        "check": found.finding.check,
                        "severity": str(found.finding.severity),
                        "message": finding_text.message(found.finding),
                        "why": finding_text.why(found.finding),
                        "fix": found.finding.fix,
                        "source": segment.source,
                        "target": found.row.text,
                    }
                )
        if options["json"]:
            self.stdout.write(json.dumps(records, ensure_ascii=False, indent=2))
            return
        for record in records:
            self.stdout.write(
                f"{record['digest']} #{record['entry']} {record['field']}[{record['segment']}] "
                f"{record['severity']} {record['check']}: {record['message']}"
            )
        self.stdout.write(f"{len(records)} finding(s).")
