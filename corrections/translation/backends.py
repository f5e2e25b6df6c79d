"""Translation services behind one small interface, configured from settings.

Each backend translates a list of English sentences into as many Korean ones, in order, so
that the draft keeps its sentence alignment; an answer of another length, or one that is not
what the API promises, is refused as garbage. Transient failures (timeouts, refused
connections, 429 and 5xx answers) are retried with backoff; everything else fails at once with
a message that says what to fix. Only the standard library's HTTP client is used.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings

from ..checks.base import GlossaryTerm


class TranslationError(Exception):
    """The draft cannot be made; the message is for the editor who ran the command."""


class _Transient(TranslationError):
    """A failure worth another try (the service was busy, slow or unreachable)."""


@dataclass(frozen=True)
class Constraints:
    """What the glossary asks of every sentence: renderings to use and to avoid, and names to
    keep as they are. Only the terms that occur in the post are passed."""

    approved: tuple[tuple[str, str], ...] = ()  # (English term, Korean rendering)
    forbidden: tuple[tuple[str, str], ...] = ()  # (English term, rendering never to use)
    keep: tuple[str, ...] = ()  # names left untranslated

    @classmethod
    def from_glossary(cls, terms: Sequence[GlossaryTerm], text: str) -> Constraints:
        lowered = text.casefold()
        present = [term for term in terms if term.source.casefold() in lowered]
        return cls(
            approved=tuple(
                (t.source, t.approved[0]) for t in present if t.approved and not t.do_not_translate
            ),
            forbidden=tuple((t.source, bad) for t in present for bad in t.forbidden),
            keep=tuple(t.source for t in present if t.do_not_translate),
        )


@dataclass
class Backend:
    """Common transport: JSON over HTTP with a timeout, retries and a request count."""

    base_url: str
    api_key: str
    model: str
    timeout: float = 30.0
    attempts: int = 3
    backoff: float = 1.0
    requests_made: int = field(default=0, init=False)

    service = "machine translation"

    @property
    def label(self) -> str:
        """What the provenance of a drafted revision records."""
        return f"{self.model} ({self.service})" if self.model else self.service

    def translate(self, sentences: list[str], *, constraints: Constraints) -> list[str]:
        raise NotImplementedError

    def _post(self, path: str, payload: dict, headers: dict[str, str]) -> dict:
        url = self.base_url.rstrip("/") + path
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        last: TranslationError | None = None
        for attempt in range(self.attempts):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                return self._post_once(url, body, headers)
            except _Transient as error:
                last = error
        assert last is not None
        raise TranslationError(f"{last} (gave up after {self.attempts} attempts)")

    def _post_once(self, url: str, body: bytes, headers: dict[str, str]) -> dict:
        # configured_backend admits only http(s) base addresses.
        request = urllib.request.Request(  # noqa: S310
            url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "Accept": "application/json", **headers},
        )
        self.requests_made += 1
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                raw = response.read()
        except urllib.error.HTTPError as error:
            if error.code == 429 or error.code >= 500:
                raise _Transient(f"{url} answered {error.code}") from None
            raise TranslationError(
                f"{url} answered {error.code} {error.reason}: check MT_BASE_URL, MT_API_KEY "
                "and MT_MODEL"
            ) from None
        except TimeoutError:
            raise _Transient(f"{url} did not answer within {self.timeout:g} s") from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise _Transient(f"{url} did not answer within {self.timeout:g} s") from None
            raise _Transient(f"cannot reach {url}: {error.reason}") from None
        try:
            answer = json.loads(raw)
        except (UnicodeDecodeError, ValueError):
            raise _Transient(f"{url} answered something that is not JSON") from None
        if not isinstance(answer, dict):
            raise _Transient(f"{url} answered JSON that is not an object")
        return answer


def _checked(translations: object, sentences: list[str], where: str) -> list[str]:
    if (
        not isinstance(translations, list)
        or len(translations) != len(sentences)
        or not all(isinstance(t, str) and t.strip() for t in translations)
    ):
        raise _Transient(
            f"{where} did not give one non-empty translation for each of the "
            f"{len(sentences)} sentences"
        )
    return [" ".join(t.split()) for t in translations]


class OpenAIChatBackend(Backend):
    """An OpenAI-compatible ``/chat/completions`` endpoint (MT_BASE_URL ends in ``/v1``).

    The sentences go as a JSON array and must come back as a JSON array of the same length;
    the glossary is part of the instructions.
    """

    service = "OpenAI-compatible"

    def instructions(self, constraints: Constraints) -> str:
        lines = [
            "You translate sentences of an English weekly digest of machine-learning papers "
            "into natural, accurate Korean in the 합니다 style.",
            'Answer with a JSON object {"translations": [...]} holding exactly one Korean '
            "translation per input sentence, in the same order. Do not merge or split "
            "sentences, and keep numbers, model names, code and URLs exactly as written.",
        ]
        if constraints.approved:
            lines.append("Always render these terms as given:")
            lines += [f"- {term} → {rendering}" for term, rendering in constraints.approved]
        if constraints.forbidden:
            lines.append("Never use these renderings:")
            lines += [f"- {term} ↛ {rendering}" for term, rendering in constraints.forbidden]
        if constraints.keep:
            lines.append(
                "Keep these names in English, untranslated: " + ", ".join(constraints.keep)
            )
        return "\n".join(lines)

    def translate(self, sentences: list[str], *, constraints: Constraints) -> list[str]:
        payload = {
            "model": self.model,
            "temperature": 0,
            "response_format": {"type": "json_object"},
            "messages": [
                {"role": "system", "content": self.instructions(constraints)},
                {
                    "role": "user",
                    "content": json.dumps({"sentences": sentences}, ensure_ascii=False),
                },
            ],
        }
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        last: TranslationError | None = None
        for _ in range(self.attempts):
            answer = self._post("/chat/completions", payload, headers)
            try:
                content = answer["choices"][0]["message"]["content"]
                translations = json.loads(content)["translations"]
                return _checked(translations, sentences, "the model")
            except _Transient as error:
                last = error
            except (KeyError, IndexError, TypeError, ValueError):
                last = _Transient("the chat-completions answer is not in the expected shape")
        assert last is not None
        raise TranslationError(f"{last} (gave up after {self.attempts} attempts)")


class DeepLBackend(Backend):
    """A DeepL-style ``/translate`` endpoint (MT_BASE_URL ends in ``/v2``), which translates a
    list of texts in order. Approved renderings and kept names go in a glossary made once per
    run; DeepL has no way to forbid a rendering, so the checks catch those in the draft."""

    service = "DeepL"

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"DeepL-Auth-Key {self.api_key}"} if self.api_key else {}

    def _glossary_id(self, constraints: Constraints) -> str | None:
        entries = [*constraints.approved, *((name, name) for name in constraints.keep)]
        if not entries:
            return None
        made: dict[Constraints, str] = self.__dict__.setdefault("_glossaries", {})
        if constraints not in made:
            answer = self._post(
                "/glossaries",
                {
                    "name": "gyojeong",
                    "source_lang": "en",
                    "target_lang": "ko",
                    "entries_format": "tsv",
                    "entries": "\n".join(f"{source}\t{target}" for source, target in entries),
                },
                self._headers(),
            )
            glossary_id = answer.get("glossary_id")
            if not isinstance(glossary_id, str) or not glossary_id:
                raise TranslationError("the service made no glossary (no glossary_id)")
            made[constraints] = glossary_id
        return made[constraints]

    def translate(self, sentences: list[str], *, constraints: Constraints) -> list[str]:
        payload: dict = {"text": sentences, "source_lang": "EN", "target_lang": "KO"}
        if self.model:
            payload["model_type"] = self.model
        glossary_id = self._glossary_id(constraints)
        if glossary_id:
            payload["glossary_id"] = glossary_id
        last: TranslationError | None = None
        for _ in range(self.attempts):
            answer = self._post("/translate", payload, self._headers())
            try:
                texts = [item["text"] for item in answer["translations"]]
                return _checked(texts, sentences, "the service")
            except _Transient as error:
                last = error
            except (KeyError, TypeError):
                last = _Transient("the translate answer is not in the expected shape")
        assert last is not None
        raise TranslationError(f"{last} (gave up after {self.attempts} attempts)")


BACKENDS = {"openai": OpenAIChatBackend, "deepl": DeepLBackend}


def configured_backend() -> Backend:
    """The backend the settings name (MT_BACKEND, MT_BASE_URL, MT_API_KEY, MT_MODEL,
    MT_TIMEOUT, MT_ATTEMPTS, MT_BACKOFF), or a clear error when none is configured."""
    name = settings.MT_BACKEND
    base_url = settings.MT_BASE_URL
    if not base_url:
        raise TranslationError(
            "No machine translation backend is configured: set MT_BASE_URL (and MT_API_KEY, "
            "MT_MODEL; MT_BACKEND=openai for an OpenAI-compatible endpoint ending in /v1, or "
            "deepl for a DeepL-style one ending in /v2)."
        )
    if name not in BACKENDS:
        raise TranslationError(
            f"MT_BACKEND must be one of {', '.join(sorted(BACKENDS))}, not {name!r}."
        )
    scheme = urllib.parse.urlsplit(base_url).scheme
    if scheme not in ("http", "https"):
        raise TranslationError(f"MT_BASE_URL must be an http(s) address, not {base_url!r}.")
    if name == "openai" and not settings.MT_MODEL:
        raise TranslationError("MT_MODEL must name the model of the chat-completions endpoint.")
    return BACKENDS[name](
        base_url=base_url,
        api_key=settings.MT_API_KEY,
        model=settings.MT_MODEL,
        timeout=settings.MT_TIMEOUT,
        attempts=settings.MT_ATTEMPTS,
        backoff=settings.MT_BACKOFF,
    )
