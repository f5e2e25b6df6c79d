from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.services import moderator_grant, moderator_revoke


class Command(BaseCommand):
    help = "Make the account with EMAIL a moderator (or, with --revoke, no longer one)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--revoke", action="store_true")

    def handle(self, *args, email, revoke, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account with the email address {email!r}.")
        if revoke:
            changed = moderator_revoke(user=user)
            message = "is no longer a moderator" if changed else "was not a moderator"
        else:
            changed = moderator_grant(user=user)
            message = "is now a moderator" if changed else "was already a moderator"
        self.stdout.write(f"{user.email} {message}.")
