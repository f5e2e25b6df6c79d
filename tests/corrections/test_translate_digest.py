"""`translate_digest` against a small fake translation server on loopback: the draft keeps one
translation per English sentence, the glossary travels with the request, provenance names the
model, and a backend that fails leaves nothing behind."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from corrections.checks.base import GlossaryTerm as CheckTerm
from corrections.models import GlossaryTerm
from corrections.translation.backends import Constraints
from digest.models import Digest, Revision, SegmentText
from digest.segmentation import split_sentences
from digest.weekly_format import parse_weekly_text
from tests.conftest import SAMPLE_PATH

pytestmark = pytest.mark.django_db


def korean(sentence: str) -> str:
    """What the fake service answers: recognisably a translation of that very sentence."""
    return f"번역({sentence})"


def english(sentence: str) -> str:
    """What the fake service answers when asked for English (a back-translation)."""
    return f"English({sentence})"


class FakeService:
    """Speaks /v1/chat/completions and DeepL's /v2/translate and /v2/glossaries (made with
    POST, deleted with DELETE /v2/glossaries/<id>), from English into Korean and back.

    `mode` decides the answers: "ok", "slow" (longer than any timeout), "garbage" (JSON
    without the promised translations), "not-json", "short" (one translation too few),
    "busy-once" (503, then ok), "refused" (401 saying why), "rejected-long" (400 with a long
    body), "cut-once" (half the answer, then the connection closes; then ok), "hangup-once"
    (the connection closes before any answer; then ok), "cut" (half of every answer).
    """

    def __init__(self):
        self.mode = "ok"
        self.delete_status = 204
        self.calls: list[tuple[str, dict, dict]] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                service.calls.append((self.path, body, dict(self.headers)))
                interruption = service.interruption()
                if interruption == "hangup":
                    return  # the server closes the connection without a status line
                status, answer = service.answer(self.path, body)
                raw = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw[: len(raw) // 2] if interruption == "cut" else raw)

            def do_DELETE(self):
                service.calls.append((f"DELETE {self.path}", {}, dict(self.headers)))
                self.send_response(service.delete_status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        # A client that timed out has closed its end before a "slow" answer is written; the
        # broken pipe that follows is the point of that mode, not an error to print.
        self.server.handle_error = lambda request, client_address: None
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def interruption(self) -> str | None:
        """How this answer is broken off: "hangup", "cut" or (None) not at all."""
        if self.mode in ("cut-once", "hangup-once"):
            kind, self.mode = self.mode.removesuffix("-once"), "ok"
            return kind
        return "cut" if self.mode == "cut" else None

    def answer(self, path: str, body: dict):
        if self.mode == "slow":
            time.sleep(1.5)
        if self.mode == "refused":
            return 401, {"error": "invalid key"}
        if self.mode == "rejected-long":
            return 400, b"x" * 1000
        if self.mode == "busy-once":
            self.mode = "ok"
            return 503, {"error": "busy"}
        if self.mode == "not-json":
            return 200, b"<html>oops</html>"
        if path == "/v2/glossaries":
            return 201, {"glossary_id": "g-1"}
        if path == "/v1/chat/completions":
            sentences = json.loads(body["messages"][1]["content"])["sentences"]
            into_english = "into English" in body["messages"][0]["content"]
        else:
            sentences = body["text"]
            into_english = body["target_lang"].startswith("EN")
        translations = [(english if into_english else korean)(s) for s in sentences]
        if self.mode == "short":
            translations = translations[:-1] or [""]
        if self.mode == "garbage":
            return 200, {"choices": [{"message": {"content": "I cannot help with that."}}]}
        if path == "/v1/chat/completions":
            content = json.dumps({"translations": translations}, ensure_ascii=False)
            return 200, {"choices": [{"message": {"role": "assistant", "content": content}}]}
        return 200, {
            "translations": [{"detected_source_language": "EN", "text": t} for t in translations]
        }


@pytest.fixture
def fake():
    service = FakeService()
    yield service
    service.server.shutdown()


@pytest.fixture
def no_backoff(settings):
    settings.MT_BACKOFF = 0


@pytest.fixture
def openai(settings, fake, no_backoff):
    settings.MT_BACKEND = "openai"
    settings.MT_BASE_URL = fake.url + "/v1"
    settings.MT_API_KEY = "test-key"
    settings.MT_MODEL = "fake-mt-1"
    settings.MT_TIMEOUT = 0.5
    settings.MT_ATTEMPTS = 2
    return fake


def approve(source: str, **renderings) -> None:
    """The approved entry of a term, replacing any the starter glossary has."""
    GlossaryTerm.objects.filter(source__iexact=source).delete()
    GlossaryTerm.objects.create(source=source, status=GlossaryTerm.Status.APPROVED, **renderings)


def english_only_post(tmp_path, entries: int = 3):
    """The sample post without its Korean: English titles and paragraphs under the headings."""
    parsed = parse_weekly_text(SAMPLE_PATH.read_text(encoding="utf-8"))
    lines = [
        "[2024/10/28 ~ 11/03] Top ML Papers of the Week",
        "PyTorchKR",
        "-",
        "This week's papers look at agents, data synthesis and how Transformer models reason.",
    ]
    for entry in [e for e in parsed.entries if e.fields[0].source][:entries]:
        for item in entry.fields:
            if item.name == "title":
                lines.append(item.source)
            else:
                lines += ["논문 소개" if item.name == "summary" else "논문 초록", item.source]
        lines += ["논문 링크", *([entry.source_url] if entry.source_url else [])]
    lines += ["원문", "- Drafted by a machine; tell us in the comments what reads wrong."]
    path = tmp_path / "week.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, lines


def run(*args) -> str:
    out = StringIO()
    call_command("translate_digest", *[str(a) for a in args], stdout=out, stderr=StringIO())
    return out.getvalue()


def test_an_imported_draft_has_one_translation_per_english_sentence(openai, tmp_path):
    approve("Transformer", approved=["트랜스포머"], forbidden=["변압기"])
    path, _ = english_only_post(tmp_path)
    output = run(path, "--import")

    digest = Digest.objects.get()
    assert digest.status == Digest.Status.DRAFT and "fake-mt-1 (OpenAI-compatible)" in output
    assert digest.title.startswith("[2024/10/28 ~ 11/03] 번역(Top ML Papers of the Week)")
    assert digest.slug == "2024-10-28-top-ml-papers"
    assert digest.intro == [
        korean(
            "This week's papers look at agents, data synthesis and how Transformer models reason."
        )
    ]
    rows = SegmentText.objects.filter(revision__entry__digest=digest).select_related("segment")
    assert rows.count() > 10
    for row in rows:
        assert row.text == korean(row.segment.source)
    for entry in digest.entries.all():
        summary = [
            r.segment.source
            for r in rows
            if r.segment.entry_id == entry.pk and r.segment.field == "summary"
        ]
        english = " ".join(s for s in summary)
        assert summary == split_sentences(english, "en")
    assert set(Revision.objects.values_list("translator", flat=True)) == {
        "fake-mt-1 (OpenAI-compatible)"
    }
    system_prompts = [body["messages"][0]["content"] for _, body, _ in openai.calls]
    assert all("Transformer → 트랜스포머" in p and "변압기" in p for p in system_prompts)
    assert all(headers["Authorization"] == "Bearer test-key" for _, _, headers in openai.calls)


def test_without_import_it_writes_the_post_in_the_weekly_format(openai, tmp_path):
    path, lines = english_only_post(tmp_path, entries=2)
    written = tmp_path / "draft.txt"
    run(path, "--output", written)
    parsed = parse_weekly_text(written.read_text(encoding="utf-8"))
    assert [e.fields[0].source for e in parsed.entries] == [
        lines[4],
        parsed.entries[1].fields[0].source,
    ]
    for entry in parsed.entries:
        for item in entry.fields:
            assert item.target.startswith("번역(")
    assert not Digest.objects.exists()


def test_the_deepl_backend_passes_the_glossary_by_id(settings, fake, no_backoff, tmp_path):
    settings.MT_BACKEND = "deepl"
    settings.MT_BASE_URL = fake.url + "/v2"
    settings.MT_API_KEY = "deepl-key"
    settings.MT_MODEL = ""
    approve("Transformer", approved=["트랜스포머"], forbidden=[])
    path, _ = english_only_post(tmp_path, entries=1)
    run(path, "--import")
    paths = [call[0] for call in fake.calls]
    assert paths.count("/v2/glossaries") == 1
    glossary = next(body for p, body, _ in fake.calls if p == "/v2/glossaries")
    assert "Transformer\t트랜스포머" in glossary["entries"]
    translate = [body for p, body, _ in fake.calls if p == "/v2/translate"]
    assert translate and all(body["glossary_id"] == "g-1" for body in translate)
    assert fake.calls[0][2]["Authorization"] == "DeepL-Auth-Key deepl-key"
    assert set(Revision.objects.values_list("translator", flat=True)) == {"DeepL"}
    # The run's glossary is removed from the service once the draft is made.
    assert paths[-1] == "DELETE /v2/glossaries/g-1"
    assert fake.calls[-1][2]["Authorization"] == "DeepL-Auth-Key deepl-key"


def test_the_deepl_glossary_is_deleted_when_the_run_fails(
    settings, fake, no_backoff, tmp_path, monkeypatch
):
    settings.MT_BACKEND = "deepl"
    settings.MT_BASE_URL = fake.url + "/v2"
    settings.MT_MODEL = ""
    approve("Transformer", approved=["트랜스포머"], forbidden=[])
    path, _ = english_only_post(tmp_path, entries=1)
    answer = fake.answer

    def refuse_translations(path_, body):
        if path_ == "/v2/translate":
            return 403, {"message": "Quota exceeded"}
        return answer(path_, body)

    monkeypatch.setattr(fake, "answer", refuse_translations)
    with pytest.raises(CommandError, match=r"answered 403 .*Quota exceeded"):
        run(path, "--import")
    assert [call[0] for call in fake.calls] == [
        "/v2/glossaries",
        "/v2/translate",
        "DELETE /v2/glossaries/g-1",
    ]
    assert not Digest.objects.exists()


def test_a_glossary_that_cannot_be_deleted_keeps_the_draft(
    settings, fake, no_backoff, tmp_path, caplog
):
    settings.MT_BACKEND = "deepl"
    settings.MT_BASE_URL = fake.url + "/v2"
    settings.MT_MODEL = ""
    settings.MT_ATTEMPTS = 1
    fake.delete_status = 403
    approve("Transformer", approved=["트랜스포머"], forbidden=[])
    path, _ = english_only_post(tmp_path, entries=1)
    run(path, "--import")
    assert Digest.objects.count() == 1
    assert "Could not delete the DeepL glossary g-1" in caplog.text
    assert "answered 403" in caplog.text


def test_glossary_terms_are_matched_as_words_not_substrings():
    rag = CheckTerm(source="RAG", approved=("검색 증강 생성",))
    transformer = CheckTerm(source="Transformer", approved=("트랜스포머",))
    lora = CheckTerm(source="LoRA", approved=(), do_not_translate=True)
    terms = (rag, transformer, lora)

    found = Constraints.from_glossary(terms, ["Cheap storage for Transformers.", "No adapters."])
    assert found.approved == (("Transformer", "트랜스포머"),) and found.keep == ()
    found = Constraints.from_glossary(terms, ["A RAG pipeline.", "Fine-tuning with lora"])
    assert [term for term, _ in found.approved] == ["RAG"] and found.keep == ("LoRA",)
    assert Constraints.from_glossary(terms, ["Fragments of transformerless text"]).approved == ()


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("slow", "did not answer within"),
        ("garbage", "not in the expected shape"),
        ("short", "did not give one non-empty translation"),
        ("not-json", "not JSON"),
        ("refused", r"answered 401 .*\{\"error\": \"invalid key\"\}"),
        ("cut", "dropped the connection .*gave up after 2 attempts"),
    ],
)
def test_a_failing_backend_leaves_nothing_imported(openai, tmp_path, mode, message):
    path, _ = english_only_post(tmp_path)
    openai.mode = mode
    with pytest.raises(CommandError, match=message):
        run(path, "--import")
    assert not Digest.objects.exists() and not Revision.objects.exists()


def test_a_backend_that_fails_half_way_leaves_nothing_imported(openai, tmp_path, monkeypatch):
    path, _ = english_only_post(tmp_path)
    answer = openai.answer

    def fail_after_five(path_, body):
        if len(openai.calls) > 5:
            return 200, {"choices": []}
        return answer(path_, body)

    monkeypatch.setattr(openai, "answer", fail_after_five)
    with pytest.raises(CommandError):
        run(path, "--import")
    assert len(openai.calls) > 5
    assert not Digest.objects.exists()


@pytest.mark.parametrize("mode", ["busy-once", "cut-once", "hangup-once"])
def test_a_busy_or_dropped_service_is_asked_again(openai, tmp_path, mode):
    path, _ = english_only_post(tmp_path, entries=1)
    openai.mode = mode
    output = run(path, "--import")
    assert Digest.objects.count() == 1
    # The first request was sent twice: once broken off, once answered.
    assert openai.calls[0][1] == openai.calls[1][1]
    assert f"in {len(openai.calls)} request(s)" in output


def test_a_refusal_quotes_the_start_of_its_body(openai, tmp_path):
    path, _ = english_only_post(tmp_path, entries=1)
    openai.mode = "rejected-long"
    with pytest.raises(CommandError) as refused:
        run(path, "--import")
    message = str(refused.value)
    assert "answered 400" in message and "x" * 300 + "…" in message
    assert "x" * 301 not in message
    assert len(openai.calls) == 1  # a refusal is not retried


def test_no_backend_configured_is_a_clear_error(settings, tmp_path):
    settings.MT_BASE_URL = ""
    path, _ = english_only_post(tmp_path, entries=1)
    with pytest.raises(CommandError, match="No machine translation backend is configured"):
        run(path, "--import")


def test_a_post_over_the_size_guard_sends_nothing(openai, settings, tmp_path):
    settings.MT_MAX_CHARACTERS = 200
    path, _ = english_only_post(tmp_path)
    with pytest.raises(CommandError, match="more than MT_MAX_CHARACTERS"):
        run(path, "--import")
    assert openai.calls == []


def test_a_post_that_already_has_korean_is_refused_with_its_line(openai, tmp_path):
    with pytest.raises(CommandError, match=r"line \d+.*has no Korean"):
        run(SAMPLE_PATH, "--import")
    assert openai.calls == []
