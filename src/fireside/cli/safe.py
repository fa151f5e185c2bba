"""Values from files and drafts, made safe to show on a terminal. Presentation only.

Names, chat titles, file names, drafts and the problems found in a file are someone else's
text. Printed as they are, they can do things to the terminal: Rich markup in a name
(``[/]``) crashes the print or becomes a clickable link (``[link=…]Mum[/link]``); escape
sequences in a draft set the window title or clear the screen; a bidi override (U+202E)
turns the rest of the line around. So every such value goes through one of these before
Rich sees it:

- ``text(value)``: a Rich ``Text`` (never parsed as markup) with controls shown visibly;
- ``markup(value)``: the same, escaped for use inside a markup string (``f"… {markup(x)}"``);
- ``clean(value)``: just the visible string, for plain output and prompts;
- ``dumps(obj)``: JSON whose strings cannot drive the terminal either (same data once parsed).

As a second guard, ``install(console)`` adds a render hook that neutralises any control or
bidi character left in the text of whatever the console prints (Rich's own cursor and
style codes are separate control segments and pass untouched).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.console import RenderHook
from rich.markup import escape
from rich.segment import Segment
from rich.text import Span, Text

if TYPE_CHECKING:
    from rich.console import (
        Console,
        ConsoleOptions,
        ConsoleRenderable,
        RenderableType,
        RenderResult,
    )

# Characters that reorder or hide text: the bidi embeddings, overrides and isolates, the
# invisible direction marks, and the line and paragraph separators some terminals act on.
BIDI = frozenset(
    [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x2028, 0x2029]
)


# Bytes that were not valid UTF-8 reach Python as lone surrogates (U+DC80–U+DCFF, from
# command-line arguments and file names); written back they are the raw byte again, and a
# raw 0x9B is a CSI to some terminals.
SURROGATES = range(0xD800, 0xE000)


def _picture(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ … ␛ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # the undecodable byte, as Python would write it
    return f"<U+{code:04X}>"


_SINGLE_LINE = {
    c: _picture(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0), *BIDI, *SURROGATES]
}
_SINGLE_LINE[0x09] = " "  # a tab is only white space
_MULTI_LINE = {**_SINGLE_LINE, 0x09: "\t", 0x0A: "\n"}
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff" + "".join(map(chr, BIDI)) + "]")


def clean(value: object, *, multiline: bool = False) -> str:
    """``value`` as text with every control and bidi character shown visibly.

    ESC becomes ␛, a bell ␇, U+202E ``<U+202E>``. A line break is kept when ``multiline``
    (a draft), shown as ␊ otherwise (a name is one line). ``\\r\\n`` counts as one break.
    """
    text = value if isinstance(value, str) else str(value)
    if multiline:
        text = text.replace("\r\n", "\n")
    return text.translate(_MULTI_LINE if multiline else _SINGLE_LINE)


def markup(value: object, *, multiline: bool = False) -> str:
    """``value`` cleaned and escaped, to put inside a Rich markup string."""
    return escape(clean(value, multiline=multiline))


def text(value: object, style: str = "", *, multiline: bool = False) -> Text:
    """``value`` as a Rich ``Text``: cleaned, and never read as markup."""
    return Text(clean(value, multiline=multiline), style=style)


def dumps(obj: Any, **kwargs: Any) -> str:
    """``json.dumps`` that writes C1 controls and bidi characters as ``\\uXXXX`` escapes.

    JSON already escapes C0 controls such as ESC; the rest of the text stays readable
    (``ensure_ascii=False``). Parsed back, the data is exactly the same.
    """
    kwargs.setdefault("ensure_ascii", False)
    return escape_json(json.dumps(obj, **kwargs))


def escape_json(text: str) -> str:
    """JSON text with every control and bidi character written as a ``\\uXXXX`` escape.

    Valid because such characters can only stand inside JSON strings, where the escape
    means the same character: parsed back, the data is exactly the same."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class _Neutralised:
    """Renders its renderable, with control and bidi characters in its text made visible."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for segment in console.render(self.renderable, options):
            if segment.control or not _UNSAFE.search(segment.text):
                yield segment
            else:
                yield Segment(clean(segment.text, multiline=True), segment.style)


class _Guard(RenderHook):
    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        return [_Neutralised(r) for r in renderables]


def install(console: Console) -> Console:
    """Make ``console`` neutralise control and bidi characters in everything it prints."""
    console.push_render_hook(_Guard())
    return console


def joined(values: Iterable[object], sep: str = ", ") -> str:
    """Several values cleaned and joined (names in a list, say)."""
    return sep.join(clean(v) for v in values)


def highlighted(raw: str, spans: list[tuple[int, int, str]]) -> Text:
    """Someone else's text, every control and bidi character shown visibly, with styles over
    character ranges of the *raw* text (a draft's findings). Built piece by piece, because
    ``Text(raw)`` would silently drop some control characters before they could be shown."""
    cuts = {0, len(raw)} | {m.start() for m in _UNSAFE.finditer(raw)}
    cuts |= {m.end() for m in _UNSAFE.finditer(raw)}
    for start, end, _style in spans:
        cuts |= {max(0, min(start, len(raw))), max(0, min(end, len(raw)))}
    edges = sorted(cuts)
    result = Text()
    for start, end in itertools.pairwise(edges):
        styles = [style for a, b, style in spans if a <= start and end <= b]
        result.append(clean(raw[start:end], multiline=True), style=" ".join(styles) or None)
    return result


def styled(value: Text) -> Text:
    """A ``Text`` built from someone else's words, cleaned with its styles kept in place.

    For a draft highlighted by character offsets: each control or bidi character becomes
    its visible form, and the highlight over it stays over that visible form.
    """
    plain = value.plain
    unsafe = [m.start() for m in _UNSAFE.finditer(plain)]
    if not unsafe:
        return value
    cuts = set(unsafe) | {p + 1 for p in unsafe}
    cuts |= {s.start for s in value.spans} | {s.end for s in value.spans}
    pieces = value.divide(sorted(c for c in cuts if 0 < c < len(plain)))
    result = Text(style=value.style, justify=value.justify, no_wrap=value.no_wrap)
    for piece in pieces:
        shown = clean(piece.plain, multiline=True)
        result.append_text(Text(shown, spans=[Span(0, len(shown), s.style) for s in piece.spans]))
    return result
