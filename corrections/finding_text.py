"""A check's finding in the reader's language.

The checks are pure Python and speak English templates (``corrections.checks.base``);
this is where a finding, fresh or stored, is put into the active language for a page,
an API answer or a command's report.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .checks.base import fill

CHECK_NAMES = {
    "numbers": _("Numbers"),
    "glossary": _("Glossary"),
    "repeated": _("Repeated word"),
    "untranslated": _("Untranslated"),
    "preserve": _("Kept as written"),
    "length": _("Length"),
    "consistency": _("Consistency"),
    "register": _("Speech level"),
    "particle": _("Particle"),
}


def check_code(finding) -> str:
    """A fresh finding names its check ``check``; a stored one, ``check_code``."""
    return getattr(finding, "check_code", None) or finding.check


def check_name(finding) -> str:
    code = check_code(finding)
    return str(CHECK_NAMES.get(code, code))


def message(finding) -> str:
    return fill(gettext(finding.message), finding.params or {}) if finding.message else ""


def why(finding) -> str:
    return fill(gettext(finding.why), finding.params or {}) if finding.why else ""
