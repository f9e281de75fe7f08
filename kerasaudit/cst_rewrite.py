"""The libcst half of :mod:`kerasaudit.rewrite`, imported only when a fix is applied
(libcst takes longer to import than a whole clean ``check`` run)."""

from __future__ import annotations

import ast

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from .rewrite import Edit, Fix, RewriteError


def apply_fixes(text: str, fixes: list[Fix]) -> tuple[str, list[Fix]]:
    """One libcst pass over ``text`` applying ``fixes``; the new text and the fixes applied."""
    try:
        module = cst.parse_module(text)
    except Exception as exc:  # noqa: BLE001 - libcst's ParserSyntaxError and friends
        raise RewriteError(f"libcst cannot parse the file: {exc}") from None
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    by_position: dict[tuple[int, int], list[Fix]] = {}
    for f in fixes:
        by_position.setdefault((f.line, f.col), []).append(f)
    transformer = _CallRewriter(wrapper.resolve(PositionProvider), by_position)
    new_module = wrapper.module.visit(transformer)
    if transformer.renamed_names:
        new_module = new_module.visit(_ImportRenamer(transformer.renamed_names, new_module))
    return new_module.code, transformer.applied


class _CallRewriter(cst.CSTTransformer):
    def __init__(self, positions: object, fixes: dict[tuple[int, int], list[Fix]]) -> None:
        super().__init__()
        self.positions = positions
        self.fixes = fixes
        self.applied: list[Fix] = []
        self.renamed_names: dict[str, str] = {}  # bare callee names renamed: old -> new

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        pos = self.positions[original.func].start  # type: ignore[index]
        for f in self.fixes.get((pos.line, pos.column), []):
            result = updated
            renamed: dict[str, str] = {}
            for edit in f.edits:
                result = _apply(edit, result, renamed)  # type: ignore[assignment]
                if result is None:
                    break
            if result is not None:
                updated = result
                self.applied.append(f)
                self.renamed_names.update(renamed)
        return updated


def _apply(edit: Edit, call: cst.Call, renamed: dict[str, str]) -> cst.Call | None:
    if edit.kind == "rename-keyword":
        names = [a.keyword.value for a in call.args if a.keyword is not None]
        if edit.old not in names or (edit.new in names and edit.new != edit.old):
            return None
        args = []
        for a in call.args:
            if a.keyword is not None and a.keyword.value == edit.old:
                a = a.with_changes(keyword=cst.Name(edit.new))
                if edit.value is not None:
                    a = a.with_changes(value=cst.parse_expression(edit.value))
            args.append(a)
        return call.with_changes(args=args)
    if edit.kind == "rename-callee":
        func = call.func
        if isinstance(func, cst.Name) and func.value == edit.old:
            renamed[edit.old] = edit.new
            return call.with_changes(func=func.with_changes(value=edit.new))
        if isinstance(func, cst.Attribute) and func.attr.value == edit.old:
            return call.with_changes(func=func.with_changes(attr=cst.Name(edit.new)))
        return None
    if edit.kind == "remove-keyword":
        args = list(call.args)
        index = next((i for i, a in enumerate(args) if a.keyword is not None and a.keyword.value == edit.old), None)
        if index is None:
            return None
        removed = args.pop(index)
        if args and index == len(args):
            # The removed argument was the last: the new last one takes its trailing comma (or none).
            args[-1] = args[-1].with_changes(comma=removed.comma)
        return call.with_changes(args=args)
    if edit.kind == "replace-positional":
        args = list(call.args)
        if edit.start >= len(args) or args[edit.start].keyword is not None or args[edit.start].star:
            return None
        args[edit.start] = args[edit.start].with_changes(value=cst.parse_expression(edit.value or ""))
        return call.with_changes(args=args)
    if edit.kind == "group-positional":
        args = list(call.args)
        group = args[edit.start:edit.start + edit.count]
        if len(group) != edit.count or any(a.keyword is not None or a.star for a in group):
            return None
        elements = []
        for i, a in enumerate(group):
            last = i == len(group) - 1
            comma = cst.MaybeSentinel.DEFAULT if last else cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
            elements.append(cst.Element(a.value, comma=comma))
        merged = cst.Arg(cst.Tuple(elements), comma=group[-1].comma)
        return call.with_changes(args=args[:edit.start] + [merged] + args[edit.start + edit.count:])
    raise ValueError(f"unknown edit kind {edit.kind!r}")


class _ImportRenamer(cst.CSTTransformer):
    """After ``Convolution2D(...)`` became ``Conv2D(...)``: make ``Conv2D`` importable
    where ``Convolution2D`` was imported from, and drop the old name once unused."""

    def __init__(self, renamed: dict[str, str], module: cst.Module) -> None:
        super().__init__()
        self.renamed = renamed
        used = _names_used(module.code)
        self.still_used = {old for old in renamed if old in used}
        self.bound = _names_bound(module.code)

    def leave_ImportFrom(self, original: cst.ImportFrom, updated: cst.ImportFrom) -> cst.ImportFrom:
        if isinstance(updated.names, cst.ImportStar):
            return updated
        names = list(updated.names)
        out: list[cst.ImportAlias] = []
        changed = False
        for alias in names:
            old = alias.name.value if isinstance(alias.name, cst.Name) else None
            if old in self.renamed and alias.asname is None:
                new = self.renamed[old]
                if old in self.still_used:
                    out.append(alias)
                if new not in self.bound:
                    out.append(alias.with_changes(name=cst.Name(new)))
                    self.bound.add(new)
                changed = True
            else:
                out.append(alias)
        if not changed:
            return updated
        if not out:
            return updated
        # Keep the comma layout: every alias but the last has a comma (the original last's stays).
        fixed = []
        for i, alias in enumerate(out):
            if i < len(out) - 1 and alias.comma is cst.MaybeSentinel.DEFAULT:
                alias = alias.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
            elif i == len(out) - 1 and i < len(names) - 1 and names[-1].comma is cst.MaybeSentinel.DEFAULT:
                alias = alias.with_changes(comma=cst.MaybeSentinel.DEFAULT)
            fixed.append(alias)
        return updated.with_changes(names=fixed)


def _names_used(code: str) -> set[str]:
    tree = ast.parse(code)
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}


def _names_bound(code: str) -> set[str]:
    tree = ast.parse(code)
    out: set[str] = set()
    for n in ast.walk(tree):
        if isinstance(n, (ast.Import, ast.ImportFrom)):
            for a in n.names:
                out.add((a.asname or a.name).split(".")[0])
        elif isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
            out.add(n.id)
    return out
