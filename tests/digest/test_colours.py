"""Every text colour of site.css on the backgrounds it is used on, in the light and the dark
scheme, keeps a contrast of at least 4.5:1 (WCAG 2 AA for body text)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

CSS = Path(settings.BASE_DIR) / "static" / "css" / "site.css"

# (text, background): where each pair shows.
PAIRS = [
    ("ink", "paper"),  # body text
    ("ink", "surface"),  # header, cards, panel, closing box
    ("muted", "paper"),  # English original, meta lines
    ("muted", "surface"),
    ("accent", "paper"),  # links
    ("accent", "surface"),  # links in cards and the panel; secondary buttons
    ("visited", "paper"),  # visited paper and entry links
    ("visited", "surface"),  # visited links in the contents
    ("on-accent", "accent"),  # buttons, counts, pressed votes
    ("on-accent", "error"),  # danger buttons
    ("paper", "ink"),  # entry numbers
    ("ink", "link-hi"),  # sentence under the mouse with its English
    ("muted", "link-hi"),
    ("ink", "target"),  # sentence opened by its link
    ("muted", "target"),
    ("ink", "ins"),  # diffs
    ("ink", "del"),
    ("ink", "ins-strong"),
    ("ink", "del-strong"),
    ("ink", "accent-soft"),  # messages, quotes, current revision row
    ("muted", "accent-soft"),  # quote captions
    ("accent", "accent-soft"),  # links in messages and quotes
    ("ink", "warn-soft"),  # machine-translation notice, outdated suggestions
    ("accent", "warn-soft"),  # the notice's sign-up link
    ("warn", "paper"),  # flagged markers, drafts, warnings
    ("warn", "surface"),
    ("warn", "warn-soft"),  # status labels
    ("error", "paper"),  # form errors, automatic findings
    ("error", "surface"),
    ("error-ink", "surface"),  # danger secondary buttons, removed labels
    ("ink", "error-soft"),  # error findings
    ("ok-ink", "ok-soft"),  # corrected badge, trusted label
    ("ok-ink", "surface"),  # visible label
    ("heart-ink", "error-soft"),  # a pressed like button
    ("muted", "neutral-soft"),  # new-member label
    ("ink", "code-bg"),  # code in comments
]


def _luminance(hex_colour: str) -> float:
    hex_colour = hex_colour.lstrip("#")
    if len(hex_colour) == 3:
        hex_colour = "".join(c * 2 for c in hex_colour)
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted([_luminance(foreground), _luminance(background)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def schemes() -> dict[str, dict[str, str]]:
    css = CSS.read_text()
    light_block = css[: css.index("}")]
    dark_start = css.index("@media screen and (prefers-color-scheme: dark)")
    dark_block = css[dark_start : css.index("}", dark_start)]
    variables = re.compile(r"--([a-z-]+):\s*(#[0-9a-fA-F]{3,6})\b")
    light = dict(variables.findall(light_block))
    return {"light": light, "dark": {**light, **dict(variables.findall(dark_block))}}


def test_the_dark_scheme_sets_every_colour():
    found = schemes()
    assert set(found["dark"]) == set(found["light"])
    assert all(found["dark"][name] != found["light"][name] for name in found["light"])


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("text", "background"), PAIRS)
def test_text_keeps_its_contrast(scheme, text, background):
    colours = schemes()[scheme]
    ratio = contrast(colours[text], colours[background])
    assert ratio >= 4.5, f"{text} on {background}: {ratio:.2f}"


if __name__ == "__main__":
    found = schemes()
    for text, background in PAIRS:
        print(
            f"{text:>10} on {background:<13}"
            + "".join(
                f"  {scheme} {contrast(found[scheme][text], found[scheme][background]):5.2f}"
                for scheme in ("light", "dark")
            )
        )
