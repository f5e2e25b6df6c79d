"""Machine translation: drafting an English-only weekly post (``translate_digest``) and
back-translating Korean for editors.

``backends`` speaks to the translation services (an OpenAI-compatible chat-completions
endpoint, a DeepL-style endpoint) with the glossary as constraints; ``drafting`` turns the
parsed post into a draft digest, one translated sentence per English sentence;
``backtranslation`` gives the review queue the English of a suggestion, cached.
"""
