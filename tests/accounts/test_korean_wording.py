"""Korean sentences around a name or number need no particle glued to it: the sign-in
message, the "remember me" box and the revision messages read naturally."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_signing_in_greets_the_member_without_a_glued_particle(client):
    member = UserFactory(display_name="데모 회원")
    member.set_password("correct horse battery")
    member.save()
    response = client.post(
        reverse("account_login"),
        {"login": member.email, "password": "correct horse battery"},
        follow=True,
    )
    page = response.content.decode()
    assert "로그인했습니다. 데모 회원 님, 반갑습니다." in page
    assert "으로 로그인" not in page


def test_the_remember_box_says_it_keeps_you_signed_in(client):
    page = client.get(reverse("account_login")).content.decode()
    assert "로그인 상태 유지" in page and "아이디 저장" not in page


@pytest.mark.parametrize(
    "msgid, wanted",
    [
        ("Saved as revision %(number)d.", "2번 수정판으로 저장했습니다."),
        ("This entry has no revision %(number)d.", "이 항목에는 2번 수정판이 없습니다."),
    ],
)
def test_revision_numbers_take_no_particle(msgid, wanted):
    with translation.override("ko"):
        assert translation.gettext(msgid) % {"number": 2} == wanted


def test_a_display_name_with_a_nul_is_refused_with_a_message():
    from accounts.services import AccountError, display_name_clean

    with pytest.raises(AccountError, match="cannot be stored"):
        display_name_clean(name="이름\x00")
