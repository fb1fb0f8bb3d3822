"""Where articles come from: files and folders now, archives and URLs later.

A source yields :class:`Document` objects (bytes plus a name); decoding and
parsing happen downstream, so a bad file becomes a failed report, not a crash.
"""

from .document import Document, InputError
from .file import ARTICLE_SUFFIXES, iter_paths, read_document

__all__ = ["ARTICLE_SUFFIXES", "Document", "InputError", "iter_paths", "read_document"]
