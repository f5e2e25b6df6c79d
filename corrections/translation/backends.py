"""Translation services behind one small interface, configured from settings.

Each backend translates a list of English sentences into as many Korean ones, in order, so
that the draft keeps its sentence alignment; an answer of another length, or one that is not
what the API promises, is refused as garbage. Each also back-translates a Korean text into
English, for editors who check a suggestion's meaning. Transient failures (timeouts, refused,
reset or dropped connections, 429 and 5xx answers) are retried with backoff; everything else
fails at once with a message that says what to fix. Only the standard library's HTTP client
is used.
"""

from __future__ import annotations

import http.client
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings

from ..checks.base import GlossaryTerm
from ..checks.glossary import source_pattern

logger = logging.getLogger(__name__)

# How much of a refusal's body the error quotes: enough for the service's reason.
ERROR_BODY_CHARS = 300


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
    def from_glossary(cls, terms: Sequence[GlossaryTerm], texts: Sequence[str]) -> Constraints:
        """The constraints of the terms that occur in any of `texts`, found as the glossary
        check finds them (whole words, any case, plural and possessive endings, not inside
        code or URLs, not in an ordinary sense), so that the draft is asked for exactly what
        the checks will then hold it to: "RAG" is not in "storage", "Transformer" is in
        "Transformers"."""
        present = [
            term
            for term in terms
            if term.source.strip()
            and any(source_pattern(term.source).search(text) for text in texts)
        ]
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

    def back_translate(self, text: str) -> str:
        """The English of a Korean text, as literal as reads naturally."""
        raise NotImplementedError

    def close(self) -> None:
        """Remove what the run made on the service (a DeepL glossary). Never raises: the
        draft is already made or already lost, and a failure to clean up is only logged."""

    def _post(self, path: str, payload: dict, headers: dict[str, str]) -> dict:
        return self._request("POST", path, payload, headers)

    def _request(
        self, method: str, path: str, payload: dict | None, headers: dict[str, str]
    ) -> dict:
        url = self.base_url.rstrip("/") + path
        body = (
            json.dumps(payload, ensure_ascii=False).encode("utf-8") if payload is not None else None
        )
        last: TranslationError | None = None
        for attempt in range(self.attempts):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                return self._request_once(method, url, body, headers)
            except _Transient as error:
                last = error
        assert last is not None
        raise _given_up(last, self.attempts)

    def _request_once(
        self, method: str, url: str, body: bytes | None, headers: dict[str, str]
    ) -> dict:
        # configured_backend admits only http(s) base addresses.
        request = urllib.request.Request(  # noqa: S310
            url,
            data=body,
            method=method,
            headers={
                "Accept": "application/json",
                **({"Content-Type": "application/json"} if body is not None else {}),
                **headers,
            },
        )
        self.requests_made += 1
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                raw = response.read()
        except urllib.error.HTTPError as error:
            if error.code == 429 or error.code >= 500:
                raise _Transient(f"{url} answered {error.code}") from None
            raise TranslationError(
                f"{url} answered {error.code} {error.reason}{_refusal_reason(error)}: check "
                "MT_BASE_URL, MT_API_KEY and MT_MODEL"
            ) from None
        except TimeoutError:
            raise _Transient(f"{url} did not answer within {self.timeout:g} s") from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise _Transient(f"{url} did not answer within {self.timeout:g} s") from None
            raise _Transient(f"cannot reach {url}: {error.reason}") from None
        except (ConnectionError, http.client.HTTPException) as error:
            # The connection was reset or dropped while the answer was awaited or read
            # (RemoteDisconnected, IncompleteRead): a busy proxy or a restarting service.
            raise _Transient(
                f"{url} dropped the connection ({type(error).__name__}: {error})"
            ) from None
        if not raw and method == "DELETE":
            return {}
        try:
            answer = json.loads(raw)
        except (UnicodeDecodeError, ValueError):
            raise _Transient(f"{url} answered something that is not JSON") from None
        if not isinstance(answer, dict):
            raise _Transient(f"{url} answered JSON that is not an object")
        return answer


def _given_up(last: TranslationError, attempts: int) -> TranslationError:
    tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
    return TranslationError(f"{last} (gave up after {tries})")


def _refusal_reason(error: urllib.error.HTTPError) -> str:
    """The start of a refusal's body, which says why ("invalid key", "unknown model")."""
    try:
        raw = error.read(ERROR_BODY_CHARS * 4)
    except (OSError, http.client.HTTPException):
        return ""
    text = " ".join(raw.decode("utf-8", errors="replace").split())
    if not text:
        return ""
    if len(text) > ERROR_BODY_CHARS:
        text = text[:ERROR_BODY_CHARS] + "…"
    return f" ({text})"


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

    back_instructions = (
        "You translate Korean sentences from a weekly digest of machine-learning papers into "
        "English, as literally as reads naturally, so that an editor can check what the Korean "
        'says. Answer with a JSON object {"translations": [...]} holding exactly one English '
        "translation per input sentence, in the same order. Add nothing, explain nothing, and "
        "keep numbers, model names, code and URLs exactly as written."
    )

    def translate(self, sentences: list[str], *, constraints: Constraints) -> list[str]:
        return self._complete(self.instructions(constraints), sentences)

    def back_translate(self, text: str) -> str:
        (english,) = self._complete(self.back_instructions, [text])
        return english

    def _complete(self, instructions: str, sentences: list[str]) -> list[str]:
        payload = {
            "model": self.model,
            "temperature": 0,
            "response_format": {"type": "json_object"},
            "messages": [
                {"role": "system", "content": instructions},
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
        raise _given_up(last, self.attempts)


class DeepLBackend(Backend):
    """A DeepL-style ``/translate`` endpoint (MT_BASE_URL ends in ``/v2``), which translates a
    list of texts in order. Approved renderings and kept names go in a glossary made once per
    run and deleted by `close`; DeepL has no way to forbid a rendering, so the checks catch
    those in the draft."""

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
        glossary_id = self._glossary_id(constraints)
        if glossary_id:
            payload["glossary_id"] = glossary_id
        return self._translate(payload, sentences)

    def back_translate(self, text: str) -> str:
        # DeepL asks for a variant of English as a target language.
        (english,) = self._translate(
            {"text": [text], "source_lang": "KO", "target_lang": "EN-US"}, [text]
        )
        return english

    def close(self) -> None:
        made: dict[Constraints, str] = self.__dict__.get("_glossaries", {})
        while made:
            _, glossary_id = made.popitem()
            try:
                self._request(
                    "DELETE",
                    f"/glossaries/{urllib.parse.quote(glossary_id, safe='')}",
                    None,
                    self._headers(),
                )
            except TranslationError as error:
                logger.warning("Could not delete the DeepL glossary %s: %s", glossary_id, error)

    def _translate(self, payload: dict, sentences: list[str]) -> list[str]:
        if self.model:
            payload["model_type"] = self.model
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
        raise _given_up(last, self.attempts)


BACKENDS = {"openai": OpenAIChatBackend, "deepl": DeepLBackend}


def configured_backend(*, timeout: float | None = None, attempts: int | None = None) -> Backend:
    """The backend the settings name (MT_BACKEND, MT_BASE_URL, MT_API_KEY, MT_MODEL,
    MT_TIMEOUT, MT_ATTEMPTS, MT_BACKOFF), or a clear error when none is configured.

    `timeout` and `attempts` override the settings for a caller that someone waits on (a
    page), where a slow service must fail fast rather than be retried."""
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
        timeout=settings.MT_TIMEOUT if timeout is None else timeout,
        attempts=settings.MT_ATTEMPTS if attempts is None else attempts,
        backoff=settings.MT_BACKOFF,
    )
