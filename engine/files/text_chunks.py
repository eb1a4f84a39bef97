"""A file read as UTF-8 text a chunk at a time, never whole.

``TextChunks(stream, max_bytes, on_chunk)`` is iterated once: it yields the
text of each chunk of ``CHUNK_BYTES`` (a character split between two
chunks comes whole in the second), without the byte order mark an editor
may put first. After each read it calls ``on_chunk(bytes_read)``, where a
caller reports progress or stops the reading by raising. What is wrong
with the bytes is a ``ValueError`` saying so in words a refusal can show:
more than ``max_bytes``, not UTF-8, or cut in the middle of a character.
"""
from __future__ import annotations

import codecs
from typing import BinaryIO, Callable, Iterator

#: Bytes read at a time.
CHUNK_BYTES = 1 << 20


class TextChunks:
    def __init__(self, stream: BinaryIO, max_bytes: int, on_chunk: Callable[[int], None] | None = None):
        self._stream = stream
        self._max_bytes = max_bytes
        self._on_chunk = on_chunk
        self.bytes_read = 0

    def __iter__(self) -> Iterator[str]:
        decoder = codecs.getincrementaldecoder("utf-8")()
        first = True
        while True:
            raw = self._stream.read(CHUNK_BYTES)
            self.bytes_read += len(raw)
            if self.bytes_read > self._max_bytes:  # it may have grown since its size was read
                raise ValueError(too_large(self._max_bytes))
            if self._on_chunk is not None:
                self._on_chunk(self.bytes_read)
            try:
                text = decoder.decode(raw, final=not raw)
            except UnicodeDecodeError as error:
                if error.reason == "unexpected end of data":
                    raise ValueError("ends in the middle of a character: the file looks truncated") from None
                raise ValueError("is not UTF-8 text, so not a run ProcLab wrote") from None
            if first and text:
                text = text.removeprefix("\ufeff")
                first = False
            if text:
                yield text
            if not raw:
                return


def too_large(max_bytes: int) -> str:
    return f"is larger than {max_bytes:,} bytes, the most ProcLab replays"
