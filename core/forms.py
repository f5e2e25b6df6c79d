"""What the HTML forms of every app share."""

from django import forms


def form_error_message(form: forms.Form) -> str:
    """All errors of a bound form as one sentence-like string, for a message or an alert."""
    parts = []
    for name, errors in form.errors.items():
        text = " ".join(str(error) for error in errors)
        if name == forms.forms.NON_FIELD_ERRORS or name not in form.fields:
            parts.append(text)
        else:
            parts.append(f"{form.fields[name].label}: {text}")
    return " ".join(parts)
