"""What people type into the search box, turned into an SQLite FTS5 query that cannot fail to parse.

Words are ANDed; words in double quotes stay a phrase; a trailing ``*`` makes a word (or a
phrase) a prefix. Every word and phrase is quoted, so FTS5's operators (``AND OR NOT NEAR``,
``( ) : ^ + -``) are plain text; pieces with no letter or digit are dropped.

>>> match_expression('remittance costs')
'"remittance" "costs"'
>>> match_expression('"cost of remittances" digit*')
'"cost of remittances" "digit"*'
>>> match_expression('NOT (migrants: ^OR')
'"NOT" "(migrants:" "^OR"'
"""

from __future__ import annotations

import re

from gcmkg.errors import QueryError

# a phrase in double quotes (an unclosed one runs to the end), or a run of anything else but space
PIECE = re.compile(r'"(?P<phrase>[^"]*)"?(?P<phrase_star>\*?)|(?P<word>[^\s"]+)')
HAS_WORD = re.compile(r"[^\W_]")  # a letter or a digit: what the unicode61 tokenizer keeps


def match_expression(text: str) -> str:
    """The FTS5 MATCH expression for ``text``; ``QueryError`` naming ``text`` if it holds no word.

    >>> match_expression('*** ( )')
    Traceback (most recent call last):
    gcmkg.errors.QueryError: text: give at least one word to search for (got '*** ( )')
    """
    terms = []
    for piece in PIECE.finditer(text):
        if piece["word"] is not None:
            body, star = piece["word"].rstrip("*"), piece["word"].endswith("*")
        else:
            body, star = piece["phrase"], bool(piece["phrase_star"])
        if HAS_WORD.search(body):
            terms.append('"' + " ".join(body.split()) + '"' + ("*" if star else ""))
    if not terms:
        raise QueryError(f"text: give at least one word to search for (got {text!r})")
    return " ".join(terms)
