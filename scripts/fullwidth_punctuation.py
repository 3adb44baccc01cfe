#!/usr/bin/env python3
"""Find, and rewrite, ASCII punctuation ( ) : , ; ? ! next to Chinese text in the program's user-visible strings.

    .venv/bin/python scripts/fullwidth_punctuation.py --check db ui      # list offenders, exit 1 if any
    .venv/bin/python scripts/fullwidth_punctuation.py ui/periods_dialog.py  # rewrite those files in place
    .venv/bin/python scripts/fullwidth_punctuation.py db/demo_data/taixing_plan.json   # a data file: every string

What counts as a user-visible string: a Python string literal (or f-string) that contains CJK text and is not a
docstring, not a regular expression (an argument of re.*(), or a raw string), not a matching table (an argument of
str methods such as startswith/replace/split, a side of a comparison, a subscript or dict key, an Excel list formula
`formula1`), and not a module-level table of db/plan_import/ (the plan parser's matching words).

What is rewritten: only characters inside the literal's own text, located through the AST and the tokenizer; never
inside an f-string's replacement fields `{...}` or their format specs, never an escape sequence. A pair of brackets
is rewritten together when either bracket touches Chinese text or the text between them holds any; Qt's menu
mnemonics such as "文件(&F)" keep their ASCII brackets (the platform's convention), and the ";;" between Qt
file-dialog filters stays as it is.
tests/test_fullwidth_punctuation.py runs the same check over db/, ui/, reports/ and desktop/.
Python 3.11 (the project's): from 3.12 the tokenizer splits f-strings into parts, which this script would skip.
"""
from __future__ import annotations

import argparse
import ast
import io
import re
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

FULLWIDTH = {"(": "（", ")": "）", ":": "：", ",": "，", ";": "；", "?": "？", "!": "！"}
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e\u201c\u201d\u2018\u2019…—]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_MNEMONIC = re.compile(r"\(&\w\)")
HIDDEN = "\x00"    # stands for a replacement field, an escape or the gap between concatenated literals
STRING_METHODS = {"startswith", "endswith", "replace", "split", "rsplit", "strip", "lstrip", "rstrip", "find",
                  "rfind", "index", "rindex", "count", "partition", "rpartition", "removeprefix", "removesuffix",
                  "translate", "maketrans"}
MATCHING_KEYWORDS = {"formula1", "formula2"}


@dataclass(frozen=True)
class Offence:
    path: str
    line: int
    literal: str        # the literal as written in the source
    suggestion: str     # the same literal with full-width punctuation

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.literal}  →  {self.suggestion}"


# ----- which literals are user-visible ------------------------------------------------------------------

def _is_regex_call(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "re":
        return True
    return isinstance(func, ast.Name) and func.id == "compile"


def _skipped_nodes(tree: ast.AST, *, matching_tables: bool) -> set[int]:
    """ids of nodes whose strings are not shown to anyone (docstrings, regexes, matching words)."""
    skipped: set[int] = set()

    def skip(node: ast.AST) -> None:
        for child in ast.walk(node):
            skipped.add(id(child))

    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, (ast.Constant, ast.JoinedStr)):
            skip(node)                                         # docstrings and bare string statements
        elif isinstance(node, ast.Call):
            if _is_regex_call(node):
                for arg in node.args:
                    skip(arg)
            elif isinstance(node.func, ast.Attribute) and node.func.attr in STRING_METHODS:
                for arg in [*node.args, *(k.value for k in node.keywords)]:
                    skip(arg)
            for keyword in node.keywords:
                if keyword.arg in MATCHING_KEYWORDS:
                    skip(keyword.value)
        elif isinstance(node, ast.Compare):
            skip(node)
        elif isinstance(node, ast.Subscript):
            skip(node.slice)
        elif isinstance(node, ast.Dict):
            for key in node.keys:                              # lookup keys, matched elsewhere as written
                if key is not None:
                    skip(key)
    if matching_tables and isinstance(tree, ast.Module):
        for statement in tree.body:
            if isinstance(statement, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                skip(statement)
    return skipped


def visible_literals(tree: ast.AST, *, matching_tables: bool = False) -> list[ast.expr]:
    """The string literals (plain or f-strings, outermost only) a user may read, in source order."""
    skipped = _skipped_nodes(tree, matching_tables=matching_tables)
    found: list[ast.expr] = []
    inner: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for child in ast.walk(node):
                if child is not node:
                    inner.add(id(child))
    for node in ast.walk(tree):
        if id(node) in skipped or id(node) in inner:
            continue
        if isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            found.append(node)
    return sorted(found, key=lambda n: (n.lineno, n.col_offset))


# ----- one literal's text, with what may be rewritten --------------------------------------------------

def _split_token(token: str) -> tuple[str, str, str] | None:
    """(prefix, quote, body) of a string token; None for bytes."""
    prefix = re.match(r"[A-Za-z]*", token).group(0)
    rest = token[len(prefix):]
    quote = rest[:3] if rest[:3] in ('"""', "'''") else rest[:1]
    if "b" in prefix.lower():
        return None
    return prefix, quote, rest[len(quote):len(rest) - len(quote)]


def _visible_body(prefix: str, body: str) -> str:
    """The body with replacement fields (and format specs) and escapes hidden, same length as the body."""
    out = []
    f_string, raw = "f" in prefix.lower(), "r" in prefix.lower()
    depth = i = 0
    while i < len(body):
        char = body[i]
        if depth == 0 and char == "\\" and not raw:
            out.append(HIDDEN * min(2, len(body) - i))
            i += 2
            continue
        if f_string and depth == 0 and body[i:i + 2] in ("{{", "}}"):
            out.append(HIDDEN * 2)
            i += 2
            continue
        if f_string and char == "{":
            depth += 1
        elif f_string and char == "}" and depth:
            depth -= 1
            out.append(HIDDEN)
            i += 1
            continue
        out.append(HIDDEN if depth else char)
        i += 1
    return "".join(out)


def _positions_to_rewrite(text: str) -> list[int]:
    """Indexes of ASCII punctuation in `text` that sit next to Chinese text (brackets by pairs). Repeated until
    nothing more changes: a colon after a bracket just made full-width touches Chinese text too ("审核人（签字）:")."""
    mnemonics = {m.start() + k for m in _MNEMONIC.finditer(text) for k in (0, 3)}
    separators = {m.start() + k for m in re.finditer(";;", text) for k in (0, 1)}   # Qt file-dialog filters
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for i, char in enumerate(text):
        if char == "(":
            stack.append(i)
        elif char == ")" and stack:
            pairs[stack.pop()] = i
    paired = set(pairs) | set(pairs.values())
    chosen: set[int] = set()
    while True:
        shown = "".join(FULLWIDTH[c] if i in chosen else c for i, c in enumerate(text))

        def touching(i: int) -> bool:
            return bool((i > 0 and _CJK.match(shown[i - 1])) or (i + 1 < len(shown) and _CJK.match(shown[i + 1])))

        before = len(chosen)
        for opening, closing in pairs.items():
            if opening not in mnemonics and (touching(opening) or touching(closing)
                                             or _HAN.search(text[opening + 1:closing])):
                chosen.update((opening, closing))
        for i, char in enumerate(text):
            if char in FULLWIDTH and i not in paired and i not in separators and touching(i):
                chosen.add(i)
        if len(chosen) == before:
            return sorted(chosen)


def _char_column(line: str, byte_offset: int) -> int:
    """The AST counts columns in UTF-8 bytes, the tokenizer in characters."""
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))


def _literal_tokens(source_lines: list[str], node: ast.expr) -> list[tokenize.TokenInfo]:
    segment_lines = source_lines[node.lineno - 1:node.end_lineno]
    first = (node.lineno, _char_column(source_lines[node.lineno - 1], node.col_offset))
    last = (node.end_lineno, _char_column(source_lines[node.end_lineno - 1], node.end_col_offset))
    tokens = []
    readline = io.StringIO("".join(segment_lines)).readline
    try:
        for token in tokenize.generate_tokens(readline):
            if token.type != tokenize.STRING:
                continue
            (row, col), (end_row, end_col) = token.start, token.end
            row, end_row = row + node.lineno - 1, end_row + node.lineno - 1
            if (row, col) >= first and (end_row, end_col) <= last:
                tokens.append(token._replace(start=(row, col), end=(end_row, end_col)))
    except (tokenize.TokenError, IndentationError):
        pass
    return tokens


def _literal_rewrites(source_lines: list[str], node: ast.expr) -> list[tuple[tokenize.TokenInfo, list[int]]]:
    """For each string token of one literal: the offsets (within the token) to make full-width."""
    pieces = []
    for token in _literal_tokens(source_lines, node):
        split = _split_token(token.string)
        if split is None:
            continue
        prefix, quote, body = split
        if "r" in prefix.lower():
            return []                                  # a raw string: a regex or a path, left alone
        pieces.append((token, len(prefix) + len(quote), _visible_body(prefix, body)))
    text = HIDDEN.join(visible for _, _, visible in pieces)
    if not _HAN.search(text):
        return []
    positions = _positions_to_rewrite(text)
    result, start = [], 0
    for token, body_start, visible in pieces:
        mine = [p - start + body_start for p in positions if start <= p < start + len(visible)]
        if mine:
            result.append((token, mine))
        start += len(visible) + 1
    return result


# ----- files -------------------------------------------------------------------------------------------

MATCHING_FILES = ("template_detect.py",)   # reads the city's templates: its module tables are words matched there


def _is_matching_module(path: Path) -> bool:
    return "plan_import" in path.parts or path.name in MATCHING_FILES


def _apply(token: tokenize.TokenInfo, offsets: list[int]) -> str:
    chars = list(token.string)
    for offset in offsets:
        chars[offset] = FULLWIDTH[chars[offset]]
    return "".join(chars)


def file_offences(path: Path, root: Path | None = None) -> list[Offence]:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    name = str(path.relative_to(root)) if root else str(path)
    found = []
    for node in visible_literals(tree, matching_tables=_is_matching_module(path)):
        for token, offsets in _literal_rewrites(lines, node):
            found.append(Offence(name, token.start[0], token.string, _apply(token, offsets)))
    return found


def rewrite_file(path: Path) -> int:
    """Rewrite one file in place; returns the number of characters changed. The result must still parse."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    edits: list[tuple[tuple[int, int], tuple[int, int], str]] = []
    changed = 0
    for node in visible_literals(tree, matching_tables=_is_matching_module(path)):
        for token, offsets in _literal_rewrites(lines, node):
            edits.append((token.start, token.end, _apply(token, offsets)))
            changed += len(offsets)
    if not edits:
        return 0
    for (row, col), (end_row, end_col), text in sorted(edits, reverse=True):
        head = lines[row - 1][:col]
        tail = lines[end_row - 1][end_col:]
        lines[row - 1:end_row] = [head + text + tail]
    new_source = "".join(lines)
    ast.parse(new_source)
    path.write_text(new_source, encoding="utf-8")
    return changed


def fullwidth_text(text: str) -> str:
    """One plain text (not code) with its ASCII punctuation next to Chinese made full-width, by the same rules."""
    if not _HAN.search(text):
        return text
    chosen = set(_positions_to_rewrite(text))
    return "".join(FULLWIDTH[c] if i in chosen else c for i, c in enumerate(text))


def rewrite_json(path: Path, *, check: bool = False) -> int:
    """Data files (the demo plan): every string, keys and values alike (so references between them still match).
    Returns the number of strings that change; with `check`, changes nothing."""
    import json

    text = path.read_text(encoding="utf-8")
    changed = 0

    def walk(value):
        nonlocal changed
        if isinstance(value, str):
            new = fullwidth_text(value)
            changed += new != value
            return new
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {walk(k): walk(v) for k, v in value.items()}
        return value

    data = walk(json.loads(text))
    if changed and not check:
        indent = len(text.split("\n", 2)[1]) - len(text.split("\n", 2)[1].lstrip()) if "\n" in text else None
        path.write_text(json.dumps(data, ensure_ascii=False, indent=indent or None) + ("\n" if text.endswith("\n") else ""),
                        encoding="utf-8")
    return changed


def python_files(targets: list[str]) -> list[Path]:
    files: list[Path] = []
    for target in targets:
        path = Path(target)
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])   # a .json file is data: see below
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="files or folders to check or rewrite")
    parser.add_argument("--check", action="store_true", help="only list the offending literals; exit 1 if any")
    args = parser.parse_args(argv)
    if sys.version_info >= (3, 12):
        print("warning: run this with Python 3.11 (.venv/bin/python); newer tokenizers split f-strings, "
              "which would be skipped", file=sys.stderr)
    files = python_files(args.paths)
    data = [path for path in files if path.suffix == ".json"]
    files = [path for path in files if path.suffix != ".json"]
    for path in data:
        count = rewrite_json(path, check=args.check)
        print(f"{path}: {count} string(s) {'to make' if args.check else 'made'} full-width")
    if args.check:
        offences = [o for path in files for o in file_offences(path)]
        for offence in offences:
            print(offence)
        print(f"{len(offences)} literal(s) with ASCII punctuation next to Chinese text", file=sys.stderr)
        return 1 if offences else 0
    total = 0
    for path in files:
        changed = rewrite_file(path)
        if changed:
            print(f"{path}: {changed} character(s) made full-width")
        total += changed
    print(f"{total} character(s) made full-width in {len(files)} file(s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
