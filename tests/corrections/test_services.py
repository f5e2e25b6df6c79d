import pytest
from django.core import mail
from django.test import override_settings

from accounts.models import Notification
from core.errors import Conflict, InvalidInput, NotAllowed, RateLimited
from core.models import AuditEvent
from corrections.models import Flag, Suggestion, Vote
from corrections.services.flags import flag_create, flag_withdraw
from corrections.services.review import (
    SuggestionOutdated,
    suggestion_accept,
    suggestion_reject,
    suggestions_publish,
)
from corrections.services.revisions import revision_revert
from corrections.services.segments import current_text, segment_edit
from corrections.services.suggestions import suggestion_update, suggestion_withdraw
from corrections.services.votes import vote_cast
from digest.models import Revision, RevisionCredit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_flag_then_me_too_from_another_member(segment, member, other_member):
    flag_create(segment=segment, author=member, reason="number", note="8B는 80억입니다")
    flag_create(segment=segment, author=other_member, reason="number")
    assert Flag.objects.filter(segment=segment, status="open").count() == 2
    with pytest.raises(Conflict, match="already flagged"):
        flag_create(segment=segment, author=member, reason="typo")
    assert Flag.objects.count() == 2
    assert AuditEvent.objects.filter(action="flag.create").count() == 2


def test_flag_span_must_lie_inside_the_sentence(segment, member):
    length = len(current_text(segment))
    with pytest.raises(InvalidInput, match="inside the sentence"):
        flag_create(segment=segment, author=member, reason="typo", span=(5, length + 1))
    with pytest.raises(InvalidInput):
        flag_create(segment=segment, author=member, reason="typo", span=(4, 4))
    with pytest.raises(InvalidInput, match="listed reasons"):
        flag_create(segment=segment, author=member, reason="bad-reason")
    flag = flag_create(segment=segment, author=member, reason="typo", span=(0, 3))
    assert (flag.span_start, flag.span_end) == (0, 3)


def test_unverified_member_cannot_write(segment):
    unverified = UserFactory(verified=False)
    with pytest.raises(NotAllowed, match="verified email"):
        flag_create(segment=segment, author=unverified, reason="typo")
    assert not Flag.objects.exists()


def test_flag_withdraw_only_by_its_author(segment, member, other_member):
    flag = flag_create(segment=segment, author=member, reason="typo")
    with pytest.raises(NotAllowed):
        flag_withdraw(flag=flag, user=other_member)
    flag_withdraw(flag=flag, user=member)
    # After withdrawing, the same member may flag the sentence again.
    flag_create(segment=segment, author=member, reason="awkward")


def test_suggestion_records_base_and_refuses_no_change(segment, member, suggest):
    with pytest.raises(InvalidInput, match="same as the current text"):
        suggest(member, text=current_text(segment))
    with pytest.raises(InvalidInput, match="must not be empty"):
        suggest(member, text="   ")
    suggestion = suggest(member)
    assert suggestion.base_text == current_text(segment)
    assert suggestion.base_revision == segment.entry.current_revision
    assert suggestion.status == "pending"


def test_author_edits_and_withdraws_only_while_pending(member, other_member, suggest):
    suggestion = suggest(member)
    with pytest.raises(NotAllowed):
        suggestion_update(suggestion=suggestion, author=other_member, text="다른 문장")
    suggestion_update(
        suggestion=suggestion,
        author=member,
        text="고친 문장입니다.",
        note="https://example.com/ref",
    )
    suggestion.refresh_from_db()
    assert suggestion.text == "고친 문장입니다."
    assert 'href="https://example.com/ref"' in suggestion.note_html
    suggestion_withdraw(suggestion=suggestion, author=member)
    with pytest.raises(Conflict):
        suggestion_withdraw(suggestion=suggestion, author=member)


def test_votes_one_each_never_own_and_retractable(member, other_member, editor, suggest):
    suggestion = suggest(member)
    with pytest.raises(NotAllowed, match="own suggestion"):
        vote_cast(suggestion=suggestion, voter=member, value=1)
    vote_cast(suggestion=suggestion, voter=other_member, value=1)
    vote_cast(suggestion=suggestion, voter=editor, value=-1)
    suggestion.refresh_from_db()
    assert (suggestion.score, suggestion.vote_count) == (0, 2)
    vote_cast(suggestion=suggestion, voter=editor, value=1)  # change of mind
    suggestion.refresh_from_db()
    assert (suggestion.score, suggestion.vote_count) == (2, 2)
    assert vote_cast(suggestion=suggestion, voter=editor, value=1) is None  # retract
    suggestion.refresh_from_db()
    assert (suggestion.score, suggestion.vote_count) == (1, 1)
    with pytest.raises(InvalidInput):
        vote_cast(suggestion=suggestion, voter=editor, value=5)
    assert Vote.objects.count() == 1


def test_accept_creates_next_revision_credits_and_resolves_flags(
    segment, member, other_member, editor, suggest, django_capture_on_commit_callbacks
):
    flag = flag_create(segment=segment, author=other_member, reason="number")
    suggestion = suggest(member)
    with django_capture_on_commit_callbacks(execute=True):
        revision = suggestion_accept(suggestion=suggestion, editor=editor, summary="8B → 80억")
    assert (revision.number, revision.kind, revision.editor) == (2, "correction", editor)
    assert current_text(segment) == suggestion.text
    assert list(RevisionCredit.objects.values_list("contributor", flat=True)) == [member.pk]
    flag.refresh_from_db()
    assert flag.status == "resolved" and flag.resolved_by == revision
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted" and suggestion.accepted_revision == revision
    kinds = set(Notification.objects.values_list("recipient", "kind"))
    assert kinds == {(member.pk, "suggestion_accepted"), (other_member.pk, "flag_resolved")}
    assert {m.to[0] for m in mail.outbox} == {member.email, other_member.email}
    assert AuditEvent.objects.filter(action="suggestion.accept").exists()


def test_accept_with_edits_publishes_the_editors_text(member, editor, suggest, segment):
    suggestion = suggest(member)
    suggestion_accept(suggestion=suggestion, editor=editor, text="편집자가 다듬은 문장입니다.")
    assert current_text(segment) == "편집자가 다듬은 문장입니다."
    suggestion.refresh_from_db()
    assert suggestion.accepted_text == "편집자가 다듬은 문장입니다."


def test_nobody_reviews_their_own_suggestion_and_members_never_review(
    member, other_member, editor, suggest
):
    own = suggest(editor)
    with pytest.raises(NotAllowed, match="own suggestion"):
        suggestion_accept(suggestion=own, editor=editor)
    other = suggest(member, text="다른 제안입니다.")
    with pytest.raises(NotAllowed, match="Only editors"):
        suggestion_accept(suggestion=other, editor=other_member)
    with pytest.raises(NotAllowed):
        suggestion_reject(suggestion=other, editor=other_member, reason="style")
    assert Revision.objects.filter(number__gt=1).count() == 0


def test_reject_tells_the_author_why(member, editor, suggest, django_capture_on_commit_callbacks):
    suggestion = suggest(member)
    with pytest.raises(InvalidInput, match="Explain"):
        suggestion_reject(suggestion=suggestion, editor=editor, reason="other")
    with django_capture_on_commit_callbacks(execute=True):
        suggestion_reject(
            suggestion=suggestion, editor=editor, reason="meaning", note="원문과 다릅니다"
        )
    suggestion.refresh_from_db()
    assert suggestion.status == "rejected"
    notification = Notification.objects.get(recipient=member)
    assert "원문과 다릅니다" in notification.message
    assert "원문과 다릅니다" in mail.outbox[-1].body


def test_second_suggestion_on_a_changed_sentence_becomes_outdated_with_rebase(
    segment, member, other_member, editor, suggest
):
    base = current_text(segment)
    first = suggest(member, text=base.replace("8억", "80억"))
    second = suggest(other_member, text=base.replace("경량 기초 모델", "경량 파운데이션 모델"))
    suggestion_accept(suggestion=first, editor=editor)
    second.refresh_from_db()
    assert second.status == "outdated"
    assert second.rebased_text == current_text(segment).replace(
        "경량 기초 모델", "경량 파운데이션 모델"
    )
    with pytest.raises(SuggestionOutdated):
        suggestion_accept(suggestion=second, editor=editor)
    revision = suggestion_accept(suggestion=second, editor=editor, text=second.rebased_text)
    assert revision.number == 3
    assert "80억" in current_text(segment) and "파운데이션" in current_text(segment)


def test_rebase_that_does_not_apply_stays_outdated_without_text(
    segment, member, other_member, editor, suggest
):
    first = suggest(member, text="완전히 새로 쓴 문장입니다.")
    second = suggest(other_member, text=current_text(segment).replace("8억", "80억"))
    suggestion_accept(suggestion=first, editor=editor)
    second.refresh_from_db()
    assert second.status == "outdated" and second.rebased_text is None


def test_batch_publishes_one_revision_crediting_everyone(
    entry, member, other_member, editor, suggest
):
    first, second = entry.segments.filter(field="abstract").order_by("position")[:2]
    a = suggest(member, target=first, text=current_text(first) + " 가")
    b = suggest(other_member, target=second, text=current_text(second) + " 나")
    result = suggestions_publish(
        entry=entry, suggestion_ids=[a.pk, b.pk], editor=editor, summary="두 문장"
    )
    assert result.revision.number == 2
    assert set(RevisionCredit.objects.values_list("segment", "contributor")) == {
        (first.pk, member.pk),
        (second.pk, other_member.pk),
    }
    assert Revision.objects.filter(entry=entry).count() == 2


def test_batch_refuses_two_suggestions_on_one_sentence(
    member, other_member, editor, suggest, entry
):
    a = suggest(member, text="하나")
    b = suggest(other_member, text="둘")
    with pytest.raises(InvalidInput, match="one suggestion per sentence"):
        suggestions_publish(entry=entry, suggestion_ids=[a.pk, b.pk], editor=editor)
    assert entry.revisions.count() == 1


def test_direct_edit_and_revert_keep_everything(segment, entry, editor, member):
    original = current_text(segment)
    edit = segment_edit(segment=segment, editor=editor, text="편집한 문장입니다.")
    assert edit.kind == "edit" and edit.number == 2
    with pytest.raises(NotAllowed):
        segment_edit(segment=segment, editor=member, text="회원은 직접 고칠 수 없습니다.")
    revert = revision_revert(entry=entry, editor=editor, to_number=1)
    assert (revert.number, revert.kind, revert.reverted_to) == (3, "revert", 1)
    assert current_text(segment) == original
    assert entry.revisions.count() == 3  # nothing was deleted
    with pytest.raises(InvalidInput, match="no revision 9"):
        revision_revert(entry=entry, editor=editor, to_number=9)


@override_settings(
    GYOJEONG_RATE_LIMITS={"flag": (2, 3600), "suggestion": (1, 3600), "vote": (1, 3600)}
)
def test_rate_limits(entry, member, other_member, suggest):
    segments = list(entry.segments.filter(field="abstract"))
    flag_create(segment=segments[0], author=member, reason="typo")
    flag_create(segment=segments[1], author=member, reason="typo")
    with pytest.raises(RateLimited, match="limit of 2 in 60 minutes"):
        flag_create(segment=segments[2], author=member, reason="typo")
    suggest(member, target=segments[0], text="하나")
    with pytest.raises(RateLimited):
        suggest(member, target=segments[1], text="둘")
    assert Suggestion.objects.count() == 1


def test_a_multi_line_reject_note_reaches_the_author_by_email(
    member, editor, suggest, django_capture_on_commit_callbacks
):
    suggestion = suggest(member)
    with django_capture_on_commit_callbacks(execute=True):
        suggestion_reject(
            suggestion=suggestion, editor=editor, reason="other", note="첫 줄\n둘째 줄"
        )
    (sent,) = mail.outbox
    assert "\n" not in sent.subject
    assert "첫 줄\n둘째 줄" in sent.body


def _reimport(tmp_path, sample_digest, change):
    """Export the digest, let `change` edit the document, import it with --update."""
    import json
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("export_digest", sample_digest.slug, stdout=out)
    document = json.loads(out.getvalue())
    change(document)
    path = tmp_path / "update.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    out = StringIO()
    call_command("import_digest", str(path), "--update", stdout=out)
    return out.getvalue()


def test_reimport_never_undoes_a_correction(
    tmp_path, sample_digest, segment, member, editor, suggest
):
    corrected = suggest(member, text=current_text(segment).replace("8억", "80억"))
    suggestion_accept(suggestion=corrected, editor=editor)
    # The same machine text again: nothing to do, the correction stays.
    output = _reimport(tmp_path, sample_digest, lambda document: None)
    assert "0 revised, 10 unchanged" in output
    assert "80억" in current_text(segment)

    # New machine text for the corrected sentence: the correction is kept and reported.
    def retranslate(document):
        seg = document["entries"][6]["fields"][1]["segments"][0]
        seg["target"] = "기계가 다시 번역한 문장입니다."

    output = _reimport(tmp_path, sample_digest, retranslate)
    assert "1 corrected sentence(s) kept" in output
    assert "80억" in current_text(segment)


def test_reimport_settles_flags_and_suggestions_on_changed_sentences(
    tmp_path, sample_digest, segment, member, other_member, suggest
):
    flag = flag_create(segment=segment, author=other_member, reason="number")
    pending = suggest(member, text=current_text(segment).replace("경량", "가벼운"))

    def retranslate(document):
        seg = document["entries"][6]["fields"][1]["segments"][0]
        seg["target"] = seg["target"].replace("8억", "80억")

    _reimport(tmp_path, sample_digest, retranslate)
    flag.refresh_from_db()
    pending.refresh_from_db()
    assert flag.status == "resolved"
    assert pending.status == "outdated"
    assert "80억" in pending.rebased_text and "가벼운" in pending.rebased_text


def test_reimport_that_realigns_retires_sentences_and_their_open_work(
    tmp_path, sample_digest, segment, member, other_member, suggest
):
    from corrections.selectors import pending_count, review_queue

    flag = flag_create(segment=segment, author=other_member, reason="number")
    pending = suggest(member)

    def new_english(document):
        summary = document["entries"][6]["fields"][1]
        summary["segments"] = [
            {"source": "A rewritten English summary.", "target": "다시 쓴 요약입니다."}
        ]

    _reimport(tmp_path, sample_digest, new_english)
    flag.refresh_from_db()
    pending.refresh_from_db()
    segment.refresh_from_db()
    assert segment.retired_in is not None
    assert flag.status == "resolved" and pending.status == "outdated"
    assert pending_count() == 0 and not review_queue().exists()


def test_revert_does_not_claim_to_correct_flagged_sentences(entry, segment, editor, other_member):
    segment_edit(segment=segment, editor=editor, text="편집한 문장입니다.")
    flag = flag_create(segment=segment, author=other_member, reason="awkward")
    revision_revert(entry=entry, editor=editor, to_number=1)
    flag.refresh_from_db()
    assert flag.status == "open"
    assert not Notification.objects.filter(recipient=other_member).exists()


def test_accept_refuses_text_its_author_changed_after_the_editor_looked(
    member, other_member, editor, suggest, segment
):
    suggestion = suggest(member)
    seen = suggestion.text
    vote_cast(suggestion=suggestion, voter=other_member, value=1)
    suggestion_update(suggestion=suggestion, author=member, text="전혀 다른 문장입니다.")
    suggestion.refresh_from_db()
    assert (suggestion.score, suggestion.vote_count) == (0, 0)  # votes were for the old text
    with pytest.raises(Conflict, match="changed this suggestion"):
        suggestion_accept(suggestion=suggestion, editor=editor, expected_text=seen)
    assert current_text(segment) != "전혀 다른 문장입니다."
    suggestion_accept(suggestion=suggestion, editor=editor, expected_text=suggestion.text)
    assert current_text(segment) == "전혀 다른 문장입니다."


@override_settings(
    GYOJEONG_RATE_LIMITS={"flag": (9, 3600), "suggestion": (9, 3600), "vote": (3, 3600)}
)
def test_taking_votes_back_does_not_reset_the_vote_limit(member, other_member, suggest):
    suggestion = suggest(member)
    vote_cast(suggestion=suggestion, voter=other_member, value=1)
    vote_cast(suggestion=suggestion, voter=other_member, value=1)  # retract
    vote_cast(suggestion=suggestion, voter=other_member, value=1)
    with pytest.raises(RateLimited):
        vote_cast(suggestion=suggestion, voter=other_member, value=1)


def test_a_too_long_summary_is_refused_whole_not_cut(member, editor, suggest):
    suggestion = suggest(member)
    with pytest.raises(InvalidInput, match="at most 500 characters, this one has 501"):
        suggestion_accept(suggestion=suggestion, editor=editor, summary="가" * 501)
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.PENDING
    assert not Revision.objects.filter(number=2).exists()
    revision = suggestion_accept(
        suggestion=suggestion, editor=editor, summary=" 숫자 " + "가" * 496
    )
    assert revision.summary == "숫자 " + "가" * 496


def test_flag_dismiss_cleans_its_note_like_every_other_service(segment, member, editor):
    from corrections.services.flags import flag_create, flag_dismiss

    flag = flag_create(segment=segment, author=member, reason="typo")
    with pytest.raises(InvalidInput):
        flag_dismiss(flag=flag, editor=editor, note="x" * 5000)
    with pytest.raises(InvalidInput):
        flag_dismiss(flag=flag, editor=editor, note="bad\x00note")
    assert Flag.objects.get(pk=flag.pk).status == Flag.Status.OPEN
    flag_dismiss(flag=flag, editor=editor, note="  이미 고쳐졌습니다  ")
    event = AuditEvent.objects.get(action="flag.dismiss")
    assert event.data == {"note": "이미 고쳐졌습니다"}
