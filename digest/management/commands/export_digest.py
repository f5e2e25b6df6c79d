import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from digest.exporting import digest_document
from digest.models import Digest


class Command(BaseCommand):
    help = "Export digests as digest/1 JSON (one document, or a list with --all)."

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("slug", nargs="?", help="The digest to export.")
        target.add_argument("--all", action="store_true", help="Export every digest.")
        parser.add_argument(
            "--history", action="store_true", help="Include every revision of every entry."
        )
        parser.add_argument("-o", "--output", type=Path, help="Write to FILE instead of stdout.")

    def handle(self, *args, slug, all, history, output, **options):
        if all:
            digests = list(Digest.objects.order_by("period_start", "slug"))
            payload = [digest_document(digest=d, history=history) for d in digests]
        else:
            digest = Digest.objects.filter(slug=slug).first()
            if digest is None:
                raise CommandError(f"No digest with slug {slug!r}.")
            payload = digest_document(digest=digest, history=history)
        text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
        if output:
            output.write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {output}")
        else:
            self.stdout.write(text, ending="")
