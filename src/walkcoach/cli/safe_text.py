"""The one safe way to show user text (notes, paths, file names, ids in messages).

Stored or typed text is never read as rich markup (`[/]` would crash a render,
`[link=…]` make a hyperlink, `:skull:` an emoji) and never sends a control
character to the terminal (an escape sequence can clear the screen, set the
window title or write the clipboard). Every such text reaches rich as a `Text`
built by `user_text`, and reaches a plain stream through `visible`. Rich is
imported lazily, so the error path (`visible` only) stays cheap.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

SCREEN_NOTE_CHARS = 200  # a longer note is cut on screen ("…"); --json/export keep it

# C0 controls, DEL, C1 controls, and the invisible bidi overrides that can make a
# line read backwards (Trojan Source): each shown as a visible placeholder.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _placeholder(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures": ␛ ␤ ␉ …
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def visible(text: str, keep_newlines: bool = False) -> str:
    """`text` with every control character replaced by a visible placeholder
    (ESC becomes ␛); newlines are kept as they are when `keep_newlines`."""
    if keep_newlines:
        return "\n".join(_CONTROL.sub(_placeholder, line) for line in text.split("\n"))
    return _CONTROL.sub(_placeholder, text)


def shortened(text: str, limit: int = SCREEN_NOTE_CHARS) -> str:
    """At most `limit` characters, cut with "…" (for the screen only)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def user_text(text: str, style: str = "", limit: int | None = None) -> Text:
    """Text for rich that is shown exactly as typed: no markup, no emoji codes,
    control characters as placeholders, cut to `limit` characters if given."""
    from rich.text import Text

    shown = visible(text if limit is None else shortened(text, limit))
    return Text(shown, style=style)


def plain(*parts: str | tuple[str, str]) -> Text:
    """A line of our own words and user text, none of it read as markup:
    strings are shown as they are, (text, style) pairs styled."""
    from rich.text import Text

    line = Text()
    for part in parts:
        if isinstance(part, tuple):
            line.append(visible(part[0]), style=part[1])
        else:
            line.append(visible(part))
    return line
