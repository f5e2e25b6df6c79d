from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.services import editor_grant, editor_revoke


class Command(BaseCommand):
    help = "Make the account with EMAIL an editor (or, with --revoke, no longer one)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--revoke", action="store_true")

    def handle(self, *args, email, revoke, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account with the email address {email!r}.")
        if revoke:
            changed = editor_revoke(user=user)
            message = "is no longer an editor" if changed else "was not an editor"
        else:
            changed = editor_grant(user=user)
            message = "is now an editor" if changed else "was already an editor"
        self.stdout.write(f"{user.email} {message}.")
