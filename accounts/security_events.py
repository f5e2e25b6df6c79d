"""Security events: sign-ins and second-factor changes, in UTC (refusals: core.security).

Each event is a line on the `gyojeong.security` log (timestamps in UTC, see
core.log_format.UTCFormatter), so an operator can follow an attack across accounts, including
failed sign-ins for addresses with no account. Changes to an account's second factors are
also audit rows on the account, where the other account changes are.
"""

import logging

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from core.audit import audit_record

logger = logging.getLogger("gyojeong.security")


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "-") if request is not None else "-"


@receiver(account_signals.user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    logger.info("sign-in user=%s ip=%s", user.pk, client_address(request))


@receiver(auth_signals.user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        logger.info("sign-out user=%s ip=%s", user.pk, client_address(request))


@receiver(auth_signals.user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in `credentials`; only the address is logged.
    login = credentials.get("email") or credentials.get("username") or "-"
    logger.warning("sign-in failed login=%r ip=%s", str(login)[:254], client_address(request))


@receiver(mfa_signals.authentication_failed)
def _second_factor_failed(sender, request, user, **kwargs):
    logger.warning("second factor failed user=%s ip=%s", user.pk, client_address(request))


def _factor_changed(action: str):
    def handler(sender, request, user, authenticator, **kwargs):
        audit_record(
            action=action, actor=user, target=user, data={"type": str(authenticator.type)}
        )
        logger.info(
            "%s user=%s type=%s ip=%s", action, user.pk, authenticator.type, client_address(request)
        )

    return handler


_added = _factor_changed("mfa.add")
_removed = _factor_changed("mfa.remove")
_reset = _factor_changed("mfa.reset")
mfa_signals.authenticator_added.connect(_added, dispatch_uid="gyojeong-mfa-add")
mfa_signals.authenticator_removed.connect(_removed, dispatch_uid="gyojeong-mfa-remove")
mfa_signals.authenticator_reset.connect(_reset, dispatch_uid="gyojeong-mfa-reset")

