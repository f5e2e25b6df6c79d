from django import template

from corrections import finding_text

register = template.Library()


@register.filter
def finding_message(finding) -> str:
    return finding_text.message(finding)


@register.filter
def finding_why(finding) -> str:
    return finding_text.why(finding)


@register.filter
def finding_check_name(finding) -> str:
    return finding_text.check_name(finding)
