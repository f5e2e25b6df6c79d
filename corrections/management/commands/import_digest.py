from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from corrections.services.imports import import_settle
from digest.loading import DigestFileError, load_digest_file
from digest.services import DigestError, digest_import


class _DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "Import digests from weekly text posts or digest/1 JSON files."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report without saving anything."
        )
        parser.add_argument("--publish", action="store_true", help="Publish what is imported.")
        parser.add_argument(
            "--update",
            action="store_true",
            help="Add changed entries of an existing digest as new machine revisions.",
        )

    def handle(self, *args, paths, dry_run, publish, update, **options):
        # Every file is read and validated before anything is written, so one bad file
        # imports nothing.
        loaded = []
        for path in paths:
            try:
                loaded.extend((path, data) for data in load_digest_file(path))
            except DigestFileError as error:
                raise CommandError(str(error)) from error
        total = len(loaded)
        try:
            with transaction.atomic():
                for index, (path, data) in enumerate(loaded, start=1):
                    result = digest_import(data=data, publish=publish, update=update)
                    # New machine text settles the flags and suggestions it overtakes and is
                    # checked at once, so editors see findings before readers report them.
                    found = import_settle(result=result)
                    action = "created" if result.created else "updated"
                    self.stdout.write(
                        f"[{index}/{total}] {path.name}: {action} {result.digest.slug}: "
                        f"{len(result.entries_created)} new, "
                        f"{len(result.entries_revised)} revised, "
                        f"{len(result.entries_unchanged)} unchanged entries; "
                        f"{found} automatic finding(s)"
                    )
                    if result.kept_corrections:
                        self.stdout.write(
                            self.style.WARNING(
                                f"    {result.kept_corrections} corrected sentence(s) kept: "
                                "their machine text changed, but people had corrected or "
                                "confirmed them"
                            )
                        )
                    for name, file_value in result.kept_details.items():
                        self.stdout.write(
                            self.style.WARNING(
                                f"    the digest's {name} an editor set was kept "
                                f"(the file has {file_value or 'none'})"
                            )
                        )
                    for position, links in result.kept_links.items():
                        for name, file_address in links.items():
                            self.stdout.write(
                                self.style.WARNING(
                                    f"    entry {position}: the {name} an editor set was kept "
                                    f"(the file has {file_address or 'none'})"
                                )
                            )
                    if result.entries_missing:
                        self.stdout.write(
                            self.style.WARNING(
                                f"    entries {result.entries_missing} are not in the file "
                                "and were kept as they are"
                            )
                        )
                if dry_run:
                    raise _DryRun
        except _DryRun:
            self.stdout.write(self.style.WARNING("Dry run: nothing was saved."))
            return
        except DigestError as error:
            raise CommandError(f"{path}: {error} Nothing was imported.") from error
        self.stdout.write(self.style.SUCCESS(f"Imported {total} digest(s)."))
