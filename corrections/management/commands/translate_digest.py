from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from corrections.quality import glossary_rules
from corrections.services.imports import import_settle
from corrections.translation.backends import TranslationError, configured_backend
from corrections.translation.drafting import draft_translation
from digest.interchange import InterchangeError
from digest.services import DigestError, digest_import
from digest.weekly_format import DigestFormatError, format_weekly_text, parse_weekly_text


class Command(BaseCommand):
    help = (
        "Draft the Korean of an English-only weekly post through the configured machine "
        "translation backend (MT_* settings), with the glossary as constraints. Writes the "
        "post in the weekly format, or with --import stores it as a draft digest."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, metavar="PATH")
        parser.add_argument(
            "--import",
            action="store_true",
            dest="import_draft",
            help="Store the draft as an unpublished digest (checked like any import).",
        )
        parser.add_argument(
            "--output",
            type=Path,
            help="Write the translated post here instead of to standard output.",
        )

    def handle(self, *args, path, import_draft, output, **options):
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except OSError as error:
            raise CommandError(f"{path}: cannot read the file ({error.strerror}).") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{path}: not UTF-8 text (byte {error.start}).") from error
        try:
            parsed = parse_weekly_text(text, english_only=True)
        except DigestFormatError as error:
            raise CommandError(f"{path}: {error}") from error
        try:
            backend = configured_backend()
            draft = draft_translation(parsed=parsed, backend=backend, glossary=glossary_rules())
        except TranslationError as error:
            raise CommandError(f"{path}: {error} Nothing was written.") from error
        except InterchangeError as error:
            raise CommandError(f"{path}: the translation does not fit: {error}") from error
        summary = (
            f"{draft.characters:,} characters in {draft.requests} request(s) to {backend.label}"
        )
        if not import_draft:
            try:
                formatted = format_weekly_text(draft.parsed)
            except DigestFormatError as error:
                raise CommandError(f"{path}: {error}. Nothing was written.") from error
            if output:
                output.write_text(formatted, encoding="utf-8")
                self.stderr.write(f"Wrote {output}: {summary}.")
            else:
                self.stdout.write(formatted, ending="")
            return
        try:
            with transaction.atomic():
                result = digest_import(data=draft.data)
                found = import_settle(result=result)
        except DigestError as error:
            raise CommandError(f"{path}: {error} Nothing was imported.") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Drafted {result.digest.slug} ({len(result.entries_created)} entries, "
                f"unpublished): {summary}; {found} automatic finding(s)."
            )
        )
