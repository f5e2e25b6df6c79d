"""allauth's account mail goes through the same background queue as every other email."""

from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.sites.models import Site
from django.urls import reverse
from django.utils import translation

from . import email
from .models import User


class AccountAdapter(DefaultAccountAdapter):
    def _recipient_language(self, address: str, context: dict) -> str:
        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=address).first()
        if user is not None and user.language:
            return user.language
        return translation.get_language() or settings.LANGUAGE_CODE

    def send_mail(self, template_prefix: str, email_address: str, context: dict) -> None:
        """Render the message in the recipient's language and queue it for after commit."""
        ctx = {
            "email": email_address,
            "current_site": Site.objects.get_current(),
            "site_url": email.site_url("/"),
        }
        ctx.update(context)
        for key in ("activate_url", "password_reset_url"):
            # allauth builds these from the request's host; mail names the site's real address.
            if ctx.get(key):
                parts = urlsplit(str(ctx[key]))
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                ctx[key] = email.site_url(path)
        with translation.override(self._recipient_language(email_address, ctx)):
            message = self.render_mail(template_prefix, email_address, ctx)
        html = next(
            (
                body
                for body, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        for to in message.to:
            email.message_queue(to=to, subject=message.subject, text=message.body, html=html)

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        # The site's real address, whichever host the request came through.
        return email.site_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def post_login(self, request, user, **kwargs):
        """Signing in brings the member's own language to this browser."""
        response = super().post_login(request, user, **kwargs)
        if response is not None and getattr(user, "language", ""):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            )
        return response
