"""A guarded, streaming XML reader for device files (the standard library's expat).

Device files never need entities: any entity declaration or external reference
is refused before it can expand (billion laughs, external entities), and so is
a DTD, except Apple Health's own internal one, which is cut out unread (iOS 16
writes it broken). Memory stays flat: elements are handed over as they end and
nothing is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from xml.parsers import expat

from walkcoach.storage.devices import Refused

MAX_DTD_BYTES = 1 << 20  # Apple Health's DTD is about 10 kB
_DOCTYPE = re.compile(rb"<!DOCTYPE\s+(\w+)\s*\[")
_DTD_END = re.compile(rb"\]\s*>")

Start = Callable[[str, dict[str, str]], None]
End = Callable[[str, str], None]
Tick = Callable[[int], None]


def parse(
    name: str,
    data: Iterable[bytes],
    start: Start,
    end: End | None = None,
    limit: int | None = None,
    dtd_root: str | None = None,
    tick: Tick | None = None,
) -> int:
    """Feed `data` to expat, calling `start(tag, attrs)` and `end(tag, text)`
    (`text`: a leaf element's own text), namespace prefixes removed. A DTD is
    refused unless its root is `dtd_root`, which is then skipped; entities
    always are. Refused on bad XML or more than `limit` bytes. `tick(n)` is
    told the bytes read so far; the total is returned."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True

    def refuse_entity(*_: Any) -> None:
        raise Refused(
            f"{name} declares XML entities, which a device file never needs "
            "(refused as possibly hostile); nothing was imported"
        )

    def refuse_external(*_: Any) -> int:
        refuse_entity()
        return 0

    def refuse_dtd(*_: Any) -> None:
        raise Refused(
            f"{name} carries a DTD (<!DOCTYPE>), which a device file never needs "
            "(refused as possibly hostile); nothing was imported"
        )

    parser.EntityDeclHandler = refuse_entity
    parser.UnparsedEntityDeclHandler = refuse_entity
    parser.ExternalEntityRefHandler = refuse_external
    parser.StartDoctypeDeclHandler = refuse_dtd

    # Only a leaf's text is wanted: the buffer starts afresh at every tag, so
    # the white space between a million records is never kept.
    text: list[str] = []

    def on_start(tag: str, attrs: dict[str, str]) -> None:
        text.clear()
        start(tag.rpartition(":")[2], attrs)

    def on_end(tag: str) -> None:
        assert end is not None
        end(tag.rpartition(":")[2], "".join(text).strip())
        text.clear()

    parser.StartElementHandler = on_start
    if end is not None:
        parser.CharacterDataHandler = text.append
        parser.EndElementHandler = on_end
    read = [0]  # bytes of the file read so far (a DTD cut out included)

    def counted() -> Iterator[bytes]:
        for chunk in data:
            read[0] += len(chunk)
            yield chunk

    stream = counted()
    if dtd_root is not None:
        stream = _without_dtd(name, stream, dtd_root)
    try:
        for chunk in stream:
            if limit is not None and read[0] > limit:
                raise Refused(
                    f"{name} holds more than {limit >> 20} MB of XML, the most "
                    "walkcoach reads; nothing was imported"
                )
            parser.Parse(chunk, False)
            if tick is not None:
                tick(read[0])
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        what = expat.ErrorString(error.code)
        raise Refused(
            f"{name} is not well-formed XML ({what} at line {error.lineno}); "
            "nothing was imported"
        ) from None
    except RecursionError:
        raise Refused(f"{name} is nested too deeply; nothing was imported") from None
    return read[0]


def _without_dtd(name: str, data: Iterable[bytes], root: str) -> Iterator[bytes]:
    """`data` with the internal DTD of `root` cut out (after checking that it
    declares no entity); iOS 16 writes it with a missing '>'."""
    head = b""
    chunks = iter(data)
    for chunk in chunks:
        head += chunk
        opened = _DOCTYPE.search(head)
        if opened is None:
            if b"<" + root.encode() in head or len(head) > MAX_DTD_BYTES:
                break  # no DTD before the root element
            continue
        closed = _DTD_END.search(head, opened.end())
        if closed is None:
            if len(head) > MAX_DTD_BYTES:
                raise Refused(
                    f"{name}: its DTD is longer than {MAX_DTD_BYTES >> 10} kB "
                    "(refused as possibly hostile); nothing was imported"
                )
            continue
        inner = head[opened.end() : closed.start()]
        if opened.group(1).decode() != root or b"<!ENTITY" in inner:
            # Let the parser see it and refuse it as any other DTD.
            break
        head = head[: opened.start()] + head[closed.end() :]
        break
    yield head.replace(b"\x0b", b" ")
    for chunk in chunks:
        # A vertical tab is not allowed in XML; iOS 16 writes some in values.
        yield chunk.replace(b"\x0b", b" ")
