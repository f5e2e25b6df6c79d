"""The register check: the sentences of one field keep one speech level."""

from corrections.checks import CheckContext, Severity, run_checks
from corrections.checks.register import digest_level


def register(target: str, context: CheckContext | None = None):
    return run_checks("", target, context or CheckContext(), only=["register"])


def test_a_handa_sentence_among_hapnida_sentences_is_pointed_at():
    target = "이 논문은 새 방법을 제안합니다. 성능이 크게 향상되었다. 코드도 공개합니다."
    (finding,) = register(target)
    assert finding.severity is Severity.ERROR
    assert target[slice(*finding.span)] == "향상되었다"
    assert finding.params == {"ending": "향상되었다", "other": "제안합니다"}


def test_the_other_sentences_of_the_field_decide_which_one_is_odd():
    context = CheckContext(neighbours=("모델을 학습한다.", "결과를 분석한다."))
    (finding,) = register("벤치마크에서 앞섭니다.", context)
    assert finding.params["ending"] == "앞섭니다"
    assert register("벤치마크에서 앞선다.", context) == []


def test_on_a_tie_the_digest_level_decides_then_the_house_style():
    target = "모델을 제안한다. 성능이 뛰어납니다."
    (finding,) = register(target, CheckContext(speech_level="handa"))
    assert finding.params["ending"] == "뛰어납니다"
    (finding,) = register(target)
    assert finding.params["ending"] == "제안한다"


def test_haeyo_beside_hapnida_is_an_error_and_the_memo_style_a_warning():
    (finding,) = register("방법을 제안합니다. 성능도 좋아요.")
    assert finding.severity is Severity.ERROR
    (finding,) = register("방법을 제안합니다. 성능을 크게 개선함.")
    assert finding.severity is Severity.WARNING


def test_questions_quotes_embedded_clauses_and_unfinished_titles_do_not_count():
    assert register("정보 입력은 어떤 모습일까요? 새로운 패러다임을 소개합니다.") == []
    assert register("저자들은 '모델은 제작자를 반영한다.'라고 씁니다. 결과를 보고합니다.") == []
    assert register("추론이 트랜스포머의 동작을 변화시킨다는 점을 보여줍니다.") == []
    assert (
        register(
            "대규모 언어 모델은 제작자의 이념을 반영한다",
            CheckContext(neighbours=("결과를 보고합니다.",)),
        )
        == []
    )
    assert register("모델의 성능. 데이터의 품질. 결과를 보고합니다.") == []


def test_the_digest_level_is_the_one_most_endings_show():
    assert digest_level(["제안합니다. 보입니다.", "분석한다."]) == "hapnida"
    assert digest_level(["제안합니다.", "분석한다."]) is None
    assert digest_level(["논문 소개"]) is None
