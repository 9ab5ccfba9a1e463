"""The exceptions gcm-kg raises; the CLI prints them as one line and exits with code 2.

>>> str(SourceError("decl.txt", "paragraph 5 follows paragraph 3", line=12))
'decl.txt:12: paragraph 5 follows paragraph 3'
"""

from __future__ import annotations


class GcmkgError(Exception):
    """Base class of every error gcm-kg raises on purpose."""


class SourceError(GcmkgError):
    """A source file is missing, unreadable or not in the expected layout."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")

    def __reduce__(self):
        # rebuilt from its three parts, so that it crosses process boundaries (parallel parsing)
        return (type(self), (self.path, self.message, self.line))


class QueryError(GcmkgError):
    """A SPARQL query is malformed, unknown, or given wrong parameters."""


class StoreError(GcmkgError):
    """The store cannot be opened, read or written."""


class ValidationError(GcmkgError):
    """The built graph breaks a SHACL shape or a violation check."""


class UnknownNodeError(QueryError, LookupError):
    """No node goes by this name; ``suggestions`` holds the closest names that do."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no node named {name!r} in the graph{hint}")


class ExportError(GcmkgError):
    """An export cannot be made: unknown format, or an output path that cannot be written."""
