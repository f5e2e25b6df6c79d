"""What the correction panel shows once a member has sent a suggestion: the thank-you and the
text sent, with the form for another one folded and no flag ticked for a second time."""

import re

import pytest
from django.urls import reverse

from corrections.models import Suggestion
from corrections.services.flags import flag_create
from corrections.services.segments import current_text

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def flag_box(html: str) -> str:
    (box,) = re.findall(r'<input type="checkbox" id="suggestion-flag-\d+"[^>]*>', html)
    return box


def test_after_sending_the_form_is_folded_and_the_flag_not_ticked_again(
    client_member, member, segment
):
    flag = flag_create(segment=segment, author=member, reason="number")
    url = reverse("corrections:segment", args=[segment.pk])
    before = client_member.get(url, **HTMX).content.decode()
    assert "checked" in flag_box(before) and "panel-form__fold" not in before
    text = current_text(segment).replace("8억", "80억")
    html = client_member.post(
        reverse("corrections:suggestion_create", args=[segment.pk]),
        {"text": text, "note": "", "flag": flag.pk},
        **HTMX,
    ).content.decode()
    suggestion = Suggestion.objects.get(author=member)
    assert suggestion.flag_id == flag.pk
    messages = html[html.index('id="panel-messages"') : html.index('class="panel__sentence"')]
    assert text in messages and f'href="#suggestion-{suggestion.pk}"' in messages
    assert '<details class="panel-form__fold">' in html
    assert "checked" not in flag_box(html)
    # The page a browser without JavaScript comes back to folds the form the same way.
    page = client_member.get(url + f"?suggestion={suggestion.pk}").content.decode()
    assert '<details class="panel-form__fold">' in page and "checked" not in flag_box(page)


def test_the_flag_reason_starts_unchosen(client_member, segment):
    html = client_member.get(reverse("corrections:segment", args=[segment.pk]), **HTMX)
    html = html.content.decode()
    select = html[html.index(f'id="flag-reason-{segment.pk}"') :]
    select = select[: select.index("</select>")]
    assert '<option value="">' in select and "selected" not in select


def test_a_vote_message_names_the_suggestion(client_member, other_member, suggest):
    suggestion = suggest(other_member)
    client_member.cookies["django_language"] = "en"
    html = client_member.post(
        reverse("corrections:vote", args=[suggestion.pk]), {"value": "1"}, **HTMX
    ).content.decode()
    assert f"Your vote on suggestion #{suggestion.pk} is recorded." in html
