"""Safe file names (文件名清洗): what the uploader called the file, made harmless.

The name is only ever shown and offered on download; objects are stored under the
evidence id. Still, a name like `../../etc/passwd` or one with control characters must
not reach a header, a log line or someone's disk as given.
"""

from __future__ import annotations

import re
import unicodedata

from cme_evidence.domain.filetypes import FileType

MAX_LENGTH = 120
FALLBACK_STEM = "证明材料"
# Letters and digits of any script (so Chinese names stay readable), and a few separators.
_UNSAFE = re.compile(r"[^\w\-.()（）\[\]【】 ]+", re.UNICODE)
_RUNS = re.compile(r"[\s_]{2,}|\.{2,}")


def safe_filename(name: str | None, file_type: FileType) -> str:
    """A name without directories, control or shell characters, ending in the type's extension."""
    base = unicodedata.normalize("NFC", name or "")
    base = re.split(r"[\\/]", base)[-1]  # the last path segment, for both separators
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = _UNSAFE.sub("_", base)
    base = _RUNS.sub(lambda m: m.group(0)[0], base).strip(" ._")
    stem = _strip_extension(base).strip(" ._") or FALLBACK_STEM
    # The extension follows the bytes, so a JPEG named .png is offered as .jpg.
    return stem[: MAX_LENGTH - len(file_type.extension)] + file_type.extension


def _strip_extension(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    return stem if dot and 0 < len(extension) <= 5 else name
