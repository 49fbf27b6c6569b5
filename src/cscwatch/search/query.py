"""A user's search words, read once into a small tree and turned into what the two text
tables understand (registry/fts.py: ``passages_fts`` stemmed, ``passages_exact`` not).

The language (what the README documents):

- plain words must all occur, stemmed (``safeguard`` finds "safeguarding");
- ``"double quotes"`` match those words exactly, in that order, unstemmed
  (``"agency social workers"`` does not find "agencies, social workers");
- ``word*`` is a prefix;
- ``OR`` (upper case) joins alternatives, ``NOT`` (upper case) excludes what follows it,
  ``AND`` is the same as a space. ``NOT`` binds tightest, then ``AND``, then ``OR``, as in
  SQLite FTS5 (``a OR b c`` is ``a OR (b AND c)``).

Anything else (punctuation, parentheses, column filters, ``NEAR``, an unbalanced quote) is
read as plain words, so any string is safe; a string with no words finds nothing. A query
that can only exclude (``NOT neglect``) or an operator with nothing on one side
(``neglect OR``) is a :class:`QueryError`, a usage error whose message says what to write.

Values never enter SQL as text: every FTS5 expression travels as a bound parameter, and its
words are always quoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["QueryError", "Term", "Phrase", "And", "Or", "Not", "Node", "parse", "Plan", "plan"]

OPERATORS = ("OR", "NOT", "AND")


class QueryError(ValueError):
    """A query that cannot mean what its words say (usage error: the message is the hint)."""


@dataclass(frozen=True)
class Term:
    """A word, matched stemmed; ``prefix`` for ``word*``."""

    word: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    """Words in double quotes, matched exactly (unstemmed, in order, adjacent)."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    keep: Node
    drop: Node


Node = Term | Phrase | And | Or | Not

_TOKEN = re.compile(r'"([^"]*)"|(\w+)(\*?)|(\S)', re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)


def _tokens(user: str) -> list[Term | Phrase | str]:
    if user.count('"') % 2:  # an unbalanced quote: quotes mean nothing
        user = user.replace('"', " ")
    out: list[Term | Phrase | str] = []
    for m in _TOKEN.finditer(user):
        phrase, word, star, _other = m.groups()
        if phrase is not None:
            words = tuple(_WORD.findall(phrase))
            if words:
                out.append(Phrase(words))
        elif word is not None:
            out.append(word if word in OPERATORS else Term(word, bool(star)))
    return out


def _hint(op: str, missing: str) -> str:
    """What to write instead, for operator ``op`` missing its ``missing`` ('before'/'after')."""
    if op == "NOT" and missing == "before":
        return (
            "a query cannot only exclude: put the words to find before NOT, "
            "for example `child NOT neglect`"
        )
    if op == "NOT":
        return "NOT needs a word after it to exclude, for example `child NOT neglect`"
    return f"{op} needs words on both sides, for example `neglect {op} abuse`"


def parse(user: str) -> Node | None:
    """The query's tree, or None when it has no words. Raises QueryError for a query that
    can only exclude or an operator missing a side."""
    tokens = _tokens(user)
    if not any(not isinstance(t, str) for t in tokens):
        return None
    pos = 0

    def peek() -> Term | Phrase | str | None:
        return tokens[pos] if pos < len(tokens) else None

    def atom() -> Node:
        nonlocal pos
        t = peek()
        if t is None:  # the query ends with an operator
            raise QueryError(_hint(str(tokens[pos - 1]), "after"))
        if isinstance(t, str):  # an operator where words should be
            if t == "NOT":
                raise QueryError(_hint("NOT", "before"))
            raise QueryError(_hint(str(tokens[pos - 1]) if pos else t, "before"))
        pos += 1
        return t

    def not_expr() -> Node:
        nonlocal pos
        node = atom()
        while peek() == "NOT":
            pos += 1
            node = Not(node, atom())
        return node

    def and_expr() -> Node:
        nonlocal pos
        parts = [not_expr()]
        while (t := peek()) is not None and t != "OR":
            if t == "AND":
                pos += 1
            parts.append(not_expr())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def or_expr() -> Node:
        nonlocal pos
        parts = [and_expr()]
        while peek() == "OR":
            pos += 1
            parts.append(and_expr())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    return or_expr()


# --------------------------------------------------------------------------------------------
# From the tree to SQL


def _quote(words: tuple[str, ...] | list[str]) -> str:
    return '"' + " ".join(words) + '"'  # words are \w+ only: no quote can be inside


def _term(t: Term) -> str:
    return _quote([t.word]) + ("*" if t.prefix else "")


def has_phrase(node: Node) -> bool:
    if isinstance(node, Phrase):
        return True
    if isinstance(node, Term):
        return False
    if isinstance(node, Not):
        return has_phrase(node.keep) or has_phrase(node.drop)
    return any(has_phrase(p) for p in node.parts)


def wider(node: Node) -> str:
    """An expression for the stemmed table matching at least every passage the query does
    (a phrase read stemmed matches more than the phrase as written): the candidates, ranked
    by BM25."""
    if isinstance(node, Term):
        return _term(node)
    if isinstance(node, Phrase):
        return _quote(node.words)
    if isinstance(node, And):
        return "(" + " AND ".join(wider(p) for p in node.parts) + ")"
    if isinstance(node, Or):
        return "(" + " OR ".join(wider(p) for p in node.parts) + ")"
    drop = narrower(node.drop)
    return wider(node.keep) if drop is None else f"({wider(node.keep)} NOT {drop})"


def narrower(node: Node) -> str | None:
    """An expression for the stemmed table matching only passages the query does (None: none
    can be promised), for the excluded side of NOT."""
    if isinstance(node, Term):
        return _term(node)
    if isinstance(node, Phrase):
        return None
    if isinstance(node, And):
        parts = [narrower(p) for p in node.parts]
        return None if None in parts else "(" + " AND ".join(p for p in parts if p) + ")"
    if isinstance(node, Or):
        some = [p for p in (narrower(p) for p in node.parts) if p]
        return "(" + " OR ".join(some) + ")" if some else None
    keep = narrower(node.keep)
    return None if keep is None else f"({keep} NOT {wider(node.drop)})"


def positives(node: Node) -> list[Term | Phrase]:
    """The words and phrases a matching passage may hold (not those after NOT): what to
    highlight."""
    if isinstance(node, Term | Phrase):
        return [node]
    if isinstance(node, Not):
        return positives(node.keep)
    return [a for p in node.parts for a in positives(p)]


@dataclass
class Plan:
    """What search/index.py runs for one query."""

    match: str  # over passages_fts: the candidates (ranked by BM25)
    exact: str | None  # SQL over p.id that every result also meets (phrases), or None
    params: dict[str, str]  # the bound values ``exact`` refers to
    # (table, expression) tried in order before ``match``: passages matching one rank first,
    # by their BM25 under it
    first: list[tuple[str, str]]
    stemmed_marks: str | None  # over passages_fts: what to highlight
    phrases: re.Pattern[str] | None  # the quoted phrases as written, in a passage's text


def plan(node: Node, exact_table: str, stemmed_table: str) -> Plan:
    params: dict[str, str] = {}

    def bind(value: str) -> str:
        name = f"q{len(params)}"
        params[name] = value
        return f":{name}"

    def member(table: str, expr: str) -> str:
        return f"p.id IN (SELECT rowid FROM {table} WHERE {table} MATCH {bind(expr)})"

    def check(n: Node) -> str:
        """SQL true exactly for passages matching ``n``."""
        if not has_phrase(n):
            return member(stemmed_table, wider(n))
        if isinstance(n, Phrase):
            return member(exact_table, _quote(n.words))
        if isinstance(n, And):
            return "(" + " AND ".join(check(p) for p in n.parts) + ")"
        if isinstance(n, Or):
            return "(" + " OR ".join(check(p) for p in n.parts) + ")"
        assert isinstance(n, Not)
        return f"({check(n.keep)} AND NOT {check(n.drop)})"

    exact = None
    if has_phrase(node):
        # The parts without a phrase of a top-level AND are already met by ``match``.
        parts = node.parts if isinstance(node, And) else (node,)
        exact = " AND ".join(check(p) for p in parts if has_phrase(p))
    first: list[tuple[str, str]] = []
    plain = node.parts if isinstance(node, And) else ()
    if plain and all(isinstance(p, Term) and not p.prefix for p in plain):
        words = _quote([p.word for p in plain if isinstance(p, Term)])
        first = [(exact_table, words)]
    pos = positives(node)
    stemmed = [_term(a) for a in pos if isinstance(a, Term)]
    # The tokeniser's reading of a phrase (unicode61: words case-folded, anything that is not
    # a word between them), as a pattern to mark it in a passage without another lookup.
    phrases = [
        r"(?<!\w)" + r"\W+".join(re.escape(w) for w in a.words) + r"(?!\w)"
        for a in pos
        if isinstance(a, Phrase)
    ]
    return Plan(
        match=wider(node),
        exact=exact,
        params=params,
        first=first,
        stemmed_marks=" OR ".join(dict.fromkeys(stemmed)) or None,
        phrases=re.compile("|".join(dict.fromkeys(phrases)), re.I) if phrases else None,
    )
