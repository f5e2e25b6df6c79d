"""A member previewing a suggestion with a wrong particle sees why and can take the fix."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from corrections.services.segments import current_text

pytestmark = pytest.mark.django_db


def preview(client, segment, text: str) -> str:
    """The preview htmx asks for while the member types into the panel's text box."""
    box = f"suggestion-text-{segment.pk}"
    response = client.post(
        reverse("corrections:suggestion_preview", args=[segment.pk]),
        {"text": text},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TRIGGER=box,
    )
    assert response.status_code == 200
    return response.content.decode()


def findings(html: str, check_name: str) -> list[str]:
    items = re.findall(r'<li class="finding[^"]*">.*?</li>', html, re.S)
    return [li for li in items if f'<span class="finding__check">{check_name}</span>' in li]


def particle_finding(html: str, check_name: str) -> str:
    (item,) = findings(html, check_name)
    return item


@pytest.fixture
def texts(segment):
    current = current_text(segment)
    assert "경량 기초 모델을" in current
    return current.replace("경량 기초 모델을", "경량 LLM를"), current.replace(
        "경량 기초 모델을", "경량 LLM을"
    )


def test_a_korean_reader_sees_the_particle_finding_in_korean_with_the_fix(
    client_member, segment, texts
):
    wrong, fixed = texts
    item = particle_finding(preview(client_member, segment, wrong), "조사")
    assert "조사가 앞말과 맞지 않습니다: &#x27;LLM를&#x27; 대신 &#x27;LLM을&#x27;" in item
    assert "받침 있는 말에 붙는 조사를 씁니다" in item
    assert f'data-fix-textarea="suggestion-text-{segment.pk}"' in item
    assert f'data-fix="{escape(fixed)}">이 수정 적용</button>' in item


def test_an_english_reader_sees_it_in_english(client_member, segment, texts):
    client_member.cookies["django_language"] = "en"
    wrong, fixed = texts
    item = particle_finding(preview(client_member, segment, wrong), "Particle")
    assert "&#x27;LLM를&#x27; should be &#x27;LLM을&#x27;" in item
    assert "read with a final consonant" in item
    assert f'data-fix="{escape(fixed)}">Use this fix</button>' in item


def test_the_fixed_text_previews_without_a_particle_finding(client_member, segment, texts):
    _wrong, fixed = texts
    html = preview(client_member, segment, fixed)
    assert "<ins>" in html and findings(html, "조사") == []
