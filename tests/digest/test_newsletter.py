"""The newsletter: who gets what, the errata, and delivery that never sends twice or forgets.

Timeline (Seoul time) of the shared scenario:

* Sun 10-20 12:00  digest A is published
* Mon 10-21 09:00  weekly run (week of 10-21) and daily run
* Tue 10-22 09:00  daily run: nothing new
* Tue 10-22 10:00  A #1 summary sentence 1 corrected (a member's suggestion, accepted)
* Wed 10-23 09:00  daily run: errata of A
* Wed 10-23 10:00  digest B is published
* Wed 10-23 15:00  A #1 summary sentence 1 edited again, A #2 title edited (editor)
* Wed 10-23 16:00  B #1 title edited (B is new to everybody)
* Thu 10-24 09:00  daily run
* Mon 10-28 09:00  weekly run (week of 10-28)
"""

import datetime
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import Newsletter
from accounts.services import editor_grant
from corrections.services.review import suggestion_accept
from corrections.services.segments import segment_edit
from corrections.services.suggestions import suggestion_create
from digest import newsletter as newsletter_module
from digest.models import Digest, NewsletterDelivery, Revision
from digest.newsletter import newsletter_plans, period_start_for
from tests.factories import UserFactory, make_digest

SEOUL = ZoneInfo("Asia/Seoul")
SITE = "https://gyojeong.example"

pytestmark = pytest.mark.django_db(transaction=True)


def at(month_day: str, hour: int = 9) -> datetime.datetime:
    month, day = (int(part) for part in month_day.split("-"))
    return datetime.datetime(2024, month, day, hour, 0, tzinfo=SEOUL)


def run(frequency: str, when: datetime.datetime, *extra: str) -> str:
    out = io.StringIO()
    call_command(
        "send_newsletters", "--frequency", frequency, "--now", when.isoformat(), *extra, stdout=out
    )
    return out.getvalue()


def publish(slug: str, when: datetime.datetime) -> Digest:
    digest = make_digest(slug=slug, entries=2, sentences=2)
    Digest.objects.filter(pk=digest.pk).update(published_at=when)
    digest.refresh_from_db()
    return digest


def segment(digest: Digest, position: int, field: str, index: int):
    return (
        digest.entries.get(position=position)
        .segments.filter(field=field, retired_in__isnull=True)
        .order_by("position")[index]
    )


def dated(revision: Revision, when: datetime.datetime) -> Revision:
    Revision.objects.filter(pk=revision.pk).update(created_at=when)
    return revision


def received(user) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if message.to == [user.email]]


def html_of(message) -> str:
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    return html


@pytest.fixture
def people(settings):
    settings.SITE_URL = SITE
    editor = UserFactory(display_name="편집장", newsletter=Newsletter.OFF)
    editor_grant(user=editor)
    return {
        "editor": editor,
        "contributor": UserFactory(display_name="번역지킴이", newsletter=Newsletter.OFF),
        "weekly": UserFactory(display_name="주간독자", language="ko"),
        "daily": UserFactory(display_name="daily", newsletter=Newsletter.DAILY, language="en"),
        "off": UserFactory(newsletter=Newsletter.OFF),
        "unverified": UserFactory(verified=False),
    }


@pytest.fixture
def digest_a(people):
    return publish("2024-10-14-digest-a", at("10-20", 12))


def correct_a_first(digest_a, people):
    sentence = segment(digest_a, 1, "summary", 0)
    suggestion = suggestion_create(
        segment=sentence, author=people["contributor"], text="첫 교정으로 고친 요약 문장입니다."
    )
    return dated(suggestion_accept(suggestion=suggestion, editor=people["editor"]), at("10-22", 10))


def correct_week_two(digest_a, digest_b, people):
    editor = people["editor"]
    dated(
        segment_edit(
            segment=segment(digest_a, 1, "summary", 0),
            editor=editor,
            text="두 번째로 다듬은 요약 문장입니다.",
        ),
        at("10-23", 15),
    )
    dated(
        segment_edit(
            segment=segment(digest_a, 2, "title", 0), editor=editor, text="고친 제목입니다."
        ),
        at("10-23", 15),
    )
    dated(
        segment_edit(
            segment=segment(digest_b, 1, "title", 0), editor=editor, text="새 호의 고친 제목."
        ),
        at("10-23", 16),
    )


def test_two_periods_of_weekly_and_daily_newsletters(people, digest_a):
    weekly, daily = people["weekly"], people["daily"]

    # Week of 10-21: both get digest A; nobody else gets anything.
    run("weekly", at("10-21"))
    run("daily", at("10-21"))
    assert {tuple(m.to) for m in mail.outbox} == {(weekly.email,), (daily.email,)}
    for message in mail.outbox:
        assert "2024-10-14-digest-a" in message.body
        assert "Errata" not in message.body

    # A second run of the same periods sends nothing.
    mail.outbox.clear()
    run("weekly", at("10-21", 11))
    run("daily", at("10-21", 11))
    assert mail.outbox == []

    # Tuesday: nothing new, so no email, and a skipped record.
    run("daily", at("10-22"))
    assert mail.outbox == []
    assert NewsletterDelivery.objects.get(
        member=daily, period_start=datetime.date(2024, 10, 22)
    ).status == (NewsletterDelivery.Status.SKIPPED)

    # Wednesday: the daily member hears about Tuesday's correction of A.
    correct_a_first(digest_a, people)
    run("daily", at("10-23"))
    (message,) = received(daily)
    assert "Errata" in message.body
    assert "[-" in message.body and "{+" in message.body
    assert "첫 교정으로 고친 요약 문장입니다." in message.body
    assert "번역지킴이" in message.body  # the member whose suggestion was accepted
    assert received(weekly) == []

    # Thursday: B is new for the daily member; the errata hold only what changed since
    # Wednesday's newsletter, and only in A (B's own correction is not an erratum).
    digest_b = publish("2024-10-21-digest-b", at("10-23", 10))
    correct_week_two(digest_a, digest_b, people)
    mail.outbox.clear()
    run("daily", at("10-24"))
    (message,) = received(daily)
    assert "2024-10-21-digest-b" in message.body
    plan_errata = re.findall(r"^\* .*$", message.body, flags=re.M)
    assert len(plan_errata) == 2
    assert "Before: 첫 교정으로 고친 요약 문장입니다." in message.body
    assert "After: 두 번째로 다듬은 요약 문장입니다." in message.body
    assert "고친 제목입니다." in message.body
    assert "새 호의 고친 제목." not in message.body.split("Errata")[1]

    # Week of 10-28: the weekly member gets B and the week's corrections of A, the summary
    # sentence once, from the text they were sent to the text it has now.
    mail.outbox.clear()
    run("weekly", at("10-28"))
    run("daily", at("10-28"))  # the daily member had everything already
    (message,) = received(weekly)
    assert received(daily) == []
    deliveries = NewsletterDelivery.objects.get(
        member=weekly, period_start=datetime.date(2024, 10, 28)
    )
    assert deliveries.digests == [digest_b.pk]
    assert deliveries.corrections == 2
    assert deliveries.status == NewsletterDelivery.Status.SENT
    text = message.body
    assert "항목 1의 summary 문장 1은 6.94% 향상을 보고합니다." in text  # the text they read
    assert "두 번째로 다듬은 요약 문장입니다." in text
    with translation.override(weekly.language):
        errata, before = gettext("Errata: corrected since your last newsletter"), gettext("Before:")
    assert "첫 교정으로 고친" not in text.split(errata)[-1].split(before)[1].split("\n")[0]
    assert "번역지킴이" in text and "편집장" in text
    assert len(re.findall(r"^\* ", text, flags=re.M)) == 2

    # The members with the newsletter off, or without a verified address, never got one.
    for person in (people["off"], people["unverified"], people["editor"]):
        assert received(person) == []
        assert not NewsletterDelivery.objects.filter(member=person).exists()


def test_a_first_newsletter_has_no_errata(people, digest_a):
    correct_a_first(digest_a, people)
    publish("2024-10-21-digest-b", at("10-23", 10))
    newcomer = UserFactory(language="en")
    run("weekly", at("10-28"))
    (message,) = received(newcomer)
    assert "2024-10-21-digest-b" in message.body
    assert "2024-10-14-digest-a" not in message.body  # published before their first window
    assert "Errata" not in message.body  # they were never sent A


def test_language_multipart_headers_and_absolute_links(people, digest_a):
    run("weekly", at("10-21"))
    run("daily", at("10-21"))
    (korean,) = received(people["weekly"])
    (english,) = received(people["daily"])

    assert english.subject.startswith("Gyojeong daily")
    assert "New digests" in english.body
    assert 'lang="en"' in html_of(english)
    assert 'lang="ko"' in html_of(korean)
    # Dates follow the member's language whatever the translations catalogue holds.
    assert "2024년 10월" in korean.body
    assert "Oct. 20, 2024" in english.body

    for message in (korean, english):
        assert message.body.strip()
        html = html_of(message)
        assert message.extra_headers["List-Unsubscribe"].startswith(f"<{SITE}/")
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        links = re.findall(r'href="([^"]+)"', html)
        assert links and all(link.startswith(f"{SITE}/") for link in links)
        assert '<meta name="color-scheme" content="light dark">' in html
        assert "<img" not in html
        assert "/email/unsubscribe/" in html and "/email/unsubscribe/" in message.body
        for url in re.findall(r"https?://\S+", message.body):
            assert url.startswith(f"{SITE}/")


def test_dry_run_changes_nothing(people, digest_a):
    out = run("weekly", at("10-21"), "--dry-run")
    assert f"<{people['weekly'].email}>" in out
    assert "2024-10-14-digest-a" in out and "errata: 0" in out
    assert people["daily"].email not in out and people["off"].email not in out
    assert mail.outbox == []
    assert not NewsletterDelivery.objects.exists()


class Killed(Exception):
    """The process died while the newsletter of the second member was being queued."""


def test_a_run_killed_part_way_completes_on_the_next_without_duplicates(
    people, digest_a, monkeypatch
):
    more = [UserFactory() for _ in range(3)]
    due = [people["weekly"], *more]
    real_queue = newsletter_module.email_queue
    calls = []

    def dying_queue(**kwargs):
        calls.append(kwargs["user"].pk)
        if len(calls) == 2:
            raise Killed
        real_queue(**kwargs)

    monkeypatch.setattr(newsletter_module, "email_queue", dying_queue)
    with pytest.raises(Killed):
        run("weekly", at("10-21"))
    assert [m.to for m in mail.outbox] == [[due[0].email]]
    # The dying member's transaction rolled back: no record, so nobody is forgotten.
    assert NewsletterDelivery.objects.count() == 1

    monkeypatch.setattr(newsletter_module, "email_queue", real_queue)
    run("weekly", at("10-21", 10))
    run("weekly", at("10-21", 11))
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in due)
    assert set(NewsletterDelivery.objects.values_list("status", flat=True)) == {
        NewsletterDelivery.Status.SENT
    }


def test_a_claim_left_by_a_dead_process_is_taken_over_after_a_while(people, digest_a):
    # Committed but never handed to the mail queue: the process died right after the commit.
    stuck = NewsletterDelivery.objects.create(
        member=people["weekly"],
        frequency="weekly",
        period_start=datetime.date(2024, 10, 21),
        window_start=at("10-14"),
        window_end=at("10-21"),
        status=NewsletterDelivery.Status.CLAIMED,
        claimed_at=at("10-21"),
    )
    run("weekly", at("10-21", 9) + datetime.timedelta(minutes=5))
    assert received(people["weekly"]) == []  # it may still be on its way

    run("weekly", at("10-21", 10))
    (message,) = received(people["weekly"])
    assert "2024-10-14-digest-a" in message.body
    stuck.refresh_from_db()
    assert stuck.status == NewsletterDelivery.Status.SENT
    assert stuck.digests == [digest_a.pk]

    run("weekly", at("10-21", 11))
    assert len(received(people["weekly"])) == 1


def test_periods_are_seoul_days_and_weeks():
    sunday_night_utc = datetime.datetime(2024, 10, 27, 16, 0, tzinfo=datetime.UTC)  # Mon 01:00
    assert period_start_for("daily", sunday_night_utc) == datetime.date(2024, 10, 28)
    assert period_start_for("weekly", sunday_night_utc) == datetime.date(2024, 10, 28)
    assert period_start_for("weekly", at("10-27", 23)) == datetime.date(2024, 10, 21)


def test_planning_queries_do_not_grow_with_members(people, digest_a, count_queries):
    correct_a_first(digest_a, people)
    run("weekly", at("10-21"))  # so that errata apply next week
    publish("2024-10-21-digest-b", at("10-23", 10))

    def plan():
        plans = newsletter_plans(frequency="weekly", now=at("10-28"))
        assert all(p.digests for p in plans)

    few = count_queries(plan)
    for _ in range(5):
        UserFactory()
    many = count_queries(plan)
    assert few == many
