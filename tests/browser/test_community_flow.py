"""Comments, likes, reports, moderation and a suspension, as people do them in Chromium.

A member quotes a sentence in a comment with a link; another member replies and likes it;
three members report a spam comment and a visitor no longer sees it; a moderator restores a
comment that reports hid and suspends the spammer, who is then refused, with the end of the
suspension named, when commenting, liking and suggesting a correction.

Drives Debian's Chromium through Playwright against Django's live server, through the pages
with htmx on. Labels are looked up in the Korean catalogue the pages use, so the locators
keep matching as translations are added.
"""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Suspension, User
from accounts.services import moderator_grant, moment_text
from corrections.models import Flag, Suggestion
from digest.models import Comment, CommentReport, Like
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.factories import UserFactory

PASSWORD = "correct horse battery"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
# Generous, for a loaded CI machine; a passing run waits far less.
TIMEOUT_MS = 15_000

QUOTE_COMMENT = "좋은 글입니다 [논문](https://arxiv.org/abs/2410.09713)"
HARMLESS_COMMENT = "이번 주 정리도 고맙습니다. 3번 논문이 특히 좋았어요."
REPLY = "동의합니다. 저도 같은 부분이 인상 깊었어요."
SPAM_COMMENT = "지금 가입하면 무료 코인 지급 [바로가기](https://spam.example.com/coin)"
SPAM_TEXT = "무료 코인 지급"
SUSPENSION_DAYS = 3
SUSPENSION_REASON = "반복된 스팸 댓글"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("GYOJEONG_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required in CI but /usr/bin/chromium is missing")
        pytest.skip("Debian's chromium is not installed")
    # Playwright's sync API runs an event loop in this thread; the ORM calls that set up and
    # check data here are plain synchronous code all the same.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def artifacts():
    # Kept for people to look at after a run; the folder is ignored by git.
    folder = Path(settings.BASE_DIR) / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder


# --- helpers ---------------------------------------------------------------------------------


def ko(text: str) -> str:
    """What the Korean pages show for an interface string (English where not translated)."""
    with translation.override("ko"):
        return translation.gettext(text)


def established_member(**kwargs) -> User:
    """A member who joined ten days ago: past the new-member limits, so links are not held."""
    user = UserFactory(**kwargs)
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - datetime.timedelta(days=10))
    user.refresh_from_db()
    return user


def new_page(browser, viewport=DESKTOP):
    context = browser.new_context(locale="ko-KR", viewport=viewport)
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def settled(page) -> None:
    """Wait until htmx has no request in flight and has finished swapping and settling."""
    page.wait_for_function(
        "() => window.htmx"
        " && !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')"
    )


def htmx_submit(page, button, path_part: str):
    """Click a button whose form htmx posts, and wait for the answer to be swapped in."""
    with page.expect_response(
        lambda response: path_part in response.url and response.request.method == "POST"
    ) as answer:
        button.click()
    settled(page)
    return answer.value


def sign_in(page, live_server, user: User) -> None:
    """Sign in on the sign-in page, reached from the header's link."""
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name=ko("Main")).get_by_role(
        "link", name=ko("Sign in"), exact=True
    ).click()
    page.wait_for_url("**/accounts/login/**")
    main = page.get_by_role("main")
    main.get_by_label(re.compile(r"이메일|e-?mail", re.I)).fill(user.email)
    main.get_by_label(re.compile(r"비밀번호|password", re.I)).fill(PASSWORD)
    main.get_by_role("button", name=re.compile(r"^(로그인|sign in)$", re.I)).click()
    page.wait_for_url(f"{live_server.url}/")
    # The header now offers to sign out: the session is in place.
    page.get_by_role("button", name=ko("Sign out")).wait_for()


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("() => window.htmx !== undefined")


def comment_article(page, text: str):
    """The comment (not a reply inside it) whose body holds `text`."""
    return (
        page.locator("article.comment")
        .filter(has=page.locator(".comment__body", has_text=text))
        .filter(has_not=page.locator(".comment-replies .comment__body", has_text=text))
    )


def comment_actions(comment):
    """The buttons of the comment itself, not of its replies (a direct child footer)."""
    return comment.locator("> footer.comment__actions")


def report_comment(page, comment, reason_label: str) -> None:
    actions = comment_actions(comment)
    actions.get_by_text(ko("Report"), exact=True).click()  # the <summary> of the menu
    form = actions.locator("form.report-form")
    form.get_by_label(reason_label, exact=True).check()
    form.get_by_label(ko("Note for the moderators (optional)")).fill("광고입니다.")
    htmx_submit(page, form.get_by_role("button", name=ko("Send the report")), "/report/")


def shot(page, artifacts: Path, name: str, *, full_page: bool = True, element=None) -> None:
    """A screenshot of the page, or of one part of it (the digest page is very long)."""
    path = str(artifacts / f"community-{name}.png")
    if element is not None:
        element.screenshot(path=path)
    else:
        page.screenshot(path=path, full_page=full_page)


# --- the flow --------------------------------------------------------------------------------


def test_comment_like_report_moderate_and_suspend(browser, live_server, sample_digest, artifacts):
    from playwright.sync_api import expect

    author = established_member(display_name="논문읽는사람")
    replier = UserFactory(display_name="댓글러")
    spammer = established_member(display_name="코인홍보")
    reporters = [replier, UserFactory(display_name="신고자1"), UserFactory(display_name="신고자2")]
    moderator = UserFactory(display_name="관리자")
    moderator_grant(user=moderator)

    digest_url = f"{live_server.url}{sample_digest.get_absolute_url()}"
    entry = sample_digest.entries.get(position=7)
    segment = entry.segments.get(field="summary", position=0)
    entry_path = entry.get_absolute_url()

    # 1. Member A opens a sentence's panel on the digest page and quotes it in a comment.
    page_a = new_page(browser)
    sign_in(page_a, live_server, author)
    open_page(page_a, digest_url)
    sentence = page_a.locator(f"#seg-{segment.pk}")
    sentence_text = sentence.inner_text().strip()
    assert sentence_text
    sentence.click()
    panel = page_a.get_by_role("complementary", name=ko("Correction panel"))
    quote_link = panel.get_by_role("link", name=ko("Quote in a comment"))
    quote_link.wait_for()
    settled(page_a)
    assert sentence_text in panel.inner_text()
    quote_link.click()
    page_a.wait_for_url(re.compile(rf"{re.escape(entry_path)}\?quote={segment.pk}"))
    form = page_a.locator(f"form#comment-form-entry-{entry.position}")
    assert sentence_text in form.locator(".comment-form__quote blockquote").inner_text()
    form.get_by_label(ko("Comment"), exact=True).fill(QUOTE_COMMENT)
    htmx_submit(page_a, form.get_by_role("button", name=ko("Post the comment")), "/comments/")

    quoting = comment_article(page_a, "좋은 글입니다")
    quoting.wait_for()
    quoted = Comment.objects.get(author=author, quote_segment=segment)
    assert quoted.status == Comment.Status.VISIBLE
    assert sentence_text in quoting.locator(".comment__quote blockquote").inner_text()
    paper = quoting.locator(".comment__body").get_by_role("link", name="논문")
    assert paper.get_attribute("href") == "https://arxiv.org/abs/2410.09713"
    assert paper.get_attribute("rel") == "nofollow ugc noopener"
    shot(page_a, artifacts, "1-quoted-comment")
    # The quote's link opens the sentence in the reader.
    quoting.get_by_role("link", name=ko("Read the sentence in the text")).click()
    page_a.wait_for_url(f"**{entry_path}#seg-{segment.pk}")
    assert page_a.locator(f"#seg-{segment.pk}").inner_text().strip() == sentence_text

    # A also thanks the editors on the whole digest (harmless; reports will hide it).
    open_page(page_a, digest_url)
    digest_form = page_a.locator("form#comment-form")
    digest_form.get_by_label(ko("Comment"), exact=True).fill(HARMLESS_COMMENT)
    htmx_submit(
        page_a, digest_form.get_by_role("button", name=ko("Post the comment")), "/comments/"
    )
    comment_article(page_a, HARMLESS_COMMENT).wait_for()
    harmless = Comment.objects.get(author=author, body=HARMLESS_COMMENT)

    # 2. Member B replies to A's quoting comment and likes it.
    page_b = new_page(browser)
    sign_in(page_b, live_server, replier)
    open_page(page_b, f"{live_server.url}{entry_path}")
    target = comment_article(page_b, "좋은 글입니다")
    actions = comment_actions(target)
    actions.get_by_text(ko("Reply"), exact=True).click()  # the <summary> of the reply box
    reply_form = actions.locator("form.comment-form--reply")
    reply_form.get_by_label(ko("Comment"), exact=True).fill(REPLY)
    htmx_submit(page_b, reply_form.get_by_role("button", name=ko("Post the reply")), "/reply/")
    target = comment_article(page_b, "좋은 글입니다")
    target.locator(".comment-replies .comment__body", has_text=REPLY).wait_for()
    like = comment_actions(target).get_by_role("button", name=re.compile(re.escape(ko("Like"))))
    assert like.get_attribute("aria-pressed") == "false"
    htmx_submit(page_b, like, f"/comments/{quoted.pk}/like/")
    like = comment_actions(target).get_by_role("button", name=re.compile(re.escape(ko("Like"))))
    expect(like).to_have_attribute("aria-pressed", "true")
    assert like.locator(".like__count").inner_text().strip() == "1"
    reply = Comment.objects.get(author=replier, body=REPLY)
    assert reply.parent_id == quoted.pk
    assert Like.objects.filter(user=replier).count() == 1
    shot(page_b, artifacts, "2-reply-and-like")

    # 3. A spammer posts on the whole digest; three members report it (and A's harmless
    # comment); then a visitor no longer sees it.
    page_s = new_page(browser)
    sign_in(page_s, live_server, spammer)
    open_page(page_s, digest_url)
    spam_form = page_s.locator("form#comment-form")
    spam_form.get_by_label(ko("Comment"), exact=True).fill(SPAM_COMMENT)
    htmx_submit(page_s, spam_form.get_by_role("button", name=ko("Post the comment")), "/comments/")
    comment_article(page_s, SPAM_TEXT).wait_for()
    spam = Comment.objects.get(author=spammer)
    assert spam.status == Comment.Status.VISIBLE

    spam_label = ko(str(CommentReport.Reason.SPAM.label))
    other_label = ko(str(CommentReport.Reason.OTHER.label))
    for number, reporter in enumerate(reporters):
        page_r = page_b if reporter == replier else new_page(browser)
        if reporter != replier:
            sign_in(page_r, live_server, reporter)
        open_page(page_r, digest_url)
        report_comment(page_r, comment_article(page_r, SPAM_TEXT), spam_label)
        messages = page_r.locator("#comments-messages .message--success")
        messages.wait_for()
        if number == 0:
            shot(page_r, artifacts, "3-reported", element=page_r.locator("#comments"))
        report_comment(page_r, comment_article(page_r, HARMLESS_COMMENT), other_label)
        page_r.locator("#comments-messages .message--success").wait_for()
    spam.refresh_from_db()
    harmless.refresh_from_db()
    assert spam.status == Comment.Status.HIDDEN
    assert harmless.status == Comment.Status.HIDDEN
    assert CommentReport.objects.filter(comment=spam).count() == 3

    visitor = new_page(browser)
    open_page(visitor, digest_url)
    visitor.locator("#comments").wait_for()
    assert SPAM_TEXT not in visitor.content()
    assert HARMLESS_COMMENT not in visitor.content()
    assert "좋은 글입니다" in visitor.content()  # A's quoting comment is still there
    shot(visitor, artifacts, "3-visitor-after-reports", element=visitor.locator("#comments"))

    # 4. A moderator restores the harmless comment from the queue and suspends the spammer.
    page_m = new_page(browser)
    sign_in(page_m, live_server, moderator)
    page_m.get_by_role("navigation", name=ko("Main")).get_by_role(
        "link", name=re.compile(re.escape(ko("Moderation")))
    ).click()
    page_m.wait_for_url(f"**{reverse('moderation:queue')}")
    page_m.wait_for_function("() => window.htmx !== undefined")
    harmless_row = page_m.locator("article.mod-item").filter(has_text=HARMLESS_COMMENT)
    spam_row = page_m.locator("article.mod-item").filter(has_text=SPAM_TEXT)
    harmless_row.wait_for()
    spam_row.wait_for()
    shot(page_m, artifacts, "4-moderation-queue")
    htmx_submit(
        page_m,
        harmless_row.get_by_role("button", name=ko("Restore"), exact=True),
        f"/moderation/comments/{harmless.pk}/",
    )
    page_m.locator(f"#moderation-comment-{harmless.pk} .message--success").wait_for()
    harmless.refresh_from_db()
    assert harmless.status == Comment.Status.VISIBLE

    spam_row.get_by_role("link", name=ko("Moderate this member")).click()
    page_m.wait_for_url(f"**{reverse('moderation:member', args=[spammer.pk])}")
    suspend_form = page_m.locator("form.mod-form").filter(
        has=page_m.get_by_role("button", name=ko("Suspend"), exact=True)
    )
    suspend_form.get_by_label(ko("For a number of days")).check()
    suspend_form.get_by_label(ko("Days"), exact=True).fill(str(SUSPENSION_DAYS))
    suspend_form.get_by_label(ko("Reason, told to the member")).fill(SUSPENSION_REASON)
    suspend_form.get_by_role("button", name=ko("Suspend"), exact=True).click()
    page_m.locator(".messages .message--success").wait_for()
    suspension = Suspension.objects.get(member=spammer)
    assert suspension.ends_at is not None
    assert abs(
        suspension.ends_at - (timezone.now() + datetime.timedelta(days=SUSPENSION_DAYS))
    ) < datetime.timedelta(minutes=5)
    end = moment_text(suspension.ends_at)  # as every page writes it, e.g. "2024-10-24 18:00 (KST)"
    assert end in page_m.locator(".messages").inner_text()
    assert end in page_m.locator("dl.mod-member").inner_text()
    shot(page_m, artifacts, "4-member-suspended")

    # The visitor sees the restored comment again, still not the spam.
    open_page(visitor, digest_url)
    assert HARMLESS_COMMENT in visitor.locator("#comments").inner_text()
    assert SPAM_TEXT not in visitor.content()

    # 5. The spammer, still on the page loaded before the suspension, tries to comment, like
    # and suggest a correction: each is refused, naming the end of the suspension.
    spam_form = page_s.locator("form#comment-form")
    spam_form.get_by_label(ko("Comment"), exact=True).fill("한 번 더 홍보합니다")
    htmx_submit(page_s, spam_form.get_by_role("button", name=ko("Post the comment")), "/comments/")
    refusal = page_s.locator("#comment-form-messages .message--error")
    refusal.wait_for()
    assert end in refusal.inner_text()
    expect(refusal).to_be_in_viewport()
    shot(page_s, artifacts, "5-suspended-comment-refused", element=page_s.locator("#comments"))

    digest_like = page_s.locator("#digest-like-top").get_by_role(
        "button", name=re.compile(re.escape(ko("Like")))
    )
    htmx_submit(page_s, digest_like, f"{sample_digest.get_absolute_url()}like/")
    like_refusal = page_s.locator("#community-messages .message--error")
    like_refusal.wait_for()
    assert end in like_refusal.inner_text()
    expect(like_refusal).to_be_in_viewport()  # a toast at the bottom of the window
    shot(page_s, artifacts, "5-suspended-like-refused", full_page=False)
    assert digest_like.get_attribute("aria-pressed") == "false"

    page_s.locator(f"#seg-{segment.pk}").click()
    panel = page_s.get_by_role("complementary", name=ko("Correction panel"))
    suggestion_form = panel.locator("form.suggestion-form")
    suggestion_form.wait_for()
    settled(page_s)
    correction = suggestion_form.get_by_label(ko("Your correction"))
    correction.fill(sentence_text + " (수정)")
    htmx_submit(
        page_s,
        suggestion_form.get_by_role("button", name=ko("Send the suggestion")),
        f"/s/{segment.pk}/suggestions/",
    )
    panel_refusal = panel.locator("#panel-messages .message--error")
    panel_refusal.wait_for()
    assert end in panel_refusal.inner_text()
    expect(panel_refusal).to_be_in_viewport()
    shot(page_s, artifacts, "5-suspended-suggestion-refused", full_page=False)

    assert Comment.objects.filter(author=spammer).count() == 1
    assert not Like.objects.filter(user=spammer).exists()
    assert not Suggestion.objects.filter(author=spammer).exists()
    assert not Flag.objects.filter(author=spammer).exists()

    # Coming back, the page says so up front: a banner, and no comment form or like button.
    open_page(page_s, digest_url)
    banner = page_s.get_by_role("note").filter(has_text=end)
    assert banner.count() == 1
    notice = page_s.locator("#comment-form.comments__notice--suspended")
    assert end in notice.inner_text()
    assert page_s.locator("form#comment-form").count() == 0
    assert page_s.locator("form.like").count() == 0
    shot(page_s, artifacts, "5-suspended-digest-top", full_page=False)
    shot(page_s, artifacts, "5-suspended-digest-comments", element=page_s.locator("#comments"))

    # The same page on a phone.
    phone = new_page(browser, viewport=PHONE)
    phone.context.add_cookies(page_s.context.cookies())
    open_page(phone, digest_url)
    assert end in phone.locator(".suspension-banner").inner_text()
    shot(phone, artifacts, "5-suspended-digest-375-top", full_page=False)
    shot(phone, artifacts, "5-suspended-digest-375-comments", element=phone.locator("#comments"))
