"""If-conversion of a kernel for the compiled loops: branches become selects, so loops over neurons vectorise.

A kernel is written in the natural style (early returns, ``if``/``else``), which is the fastest form for the
interpreted object API. In a compiled loop over neurons, the branches stop LLVM from vectorising. This module
rewrites the kernel's AST into straight-line code that evaluates BOTH sides of every branch and picks the
result with a conditional expression (a select), e.g.::

    if refractory > 0:                         c1 = refractory > 0
        return v_rest, refractory - 1, 0      ->  v__b1 = v + ...        (both sides computed)
    v = v + ...                                ...
    if v >= v_th: ...                          v = v_rest if c1 else v__b1

The values selected are computed by the same expressions in the same order, so results are bit-identical to
the branchy kernel. Speculating the untaken side is safe because the compiled kernel uses numba's
``error_model='numpy'`` (a division by zero or a log of a negative number gives inf/nan instead of raising,
and that value is discarded by the select). Kernels whose branches contain loops or other statements are left
as they are (:class:`NotConvertible`).
"""

from __future__ import annotations

import ast
import copy
import itertools


class NotConvertible(Exception):
    """The kernel has a construct that is not a pure assignment or branch."""


def _terminates(block: list[ast.stmt]) -> bool:
    for s in block:
        if isinstance(s, ast.Return):
            return True
        if isinstance(s, ast.If) and s.orelse and _terminates(s.body) and _terminates(s.orelse):
            return True
    return False


def _has_return(block: list[ast.stmt]) -> bool:
    return any(isinstance(n, ast.Return) for s in block for n in ast.walk(s))


def _normalise(stmts: list[ast.stmt]) -> list[ast.stmt]:
    """Push the statements that follow a branch containing a return into that branch's open paths."""
    out: list[ast.stmt] = []
    for idx, s in enumerate(stmts):
        if isinstance(s, ast.Return):
            out.append(s)
            return out
        if isinstance(s, ast.If) and (_has_return(s.body) or _has_return(s.orelse)):
            rest = stmts[idx + 1 :]
            body = s.body if _terminates(s.body) else s.body + copy.deepcopy(rest)
            orelse = s.orelse if _terminates(s.orelse) else s.orelse + copy.deepcopy(rest)
            out.append(ast.If(test=s.test, body=_normalise(body), orelse=_normalise(orelse)))
            return out
        if isinstance(s, ast.If):
            out.append(ast.If(test=s.test, body=_normalise(s.body), orelse=_normalise(s.orelse)))
        else:
            out.append(s)
    return out


class _Sub(ast.NodeTransformer):
    def __init__(self, env: dict[str, str]):
        self.env = env

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if isinstance(node.ctx, ast.Load) and node.id in self.env:
            return ast.copy_location(ast.Name(self.env[node.id], ast.Load()), node)
        return node


def _names(target: ast.expr) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple) and all(isinstance(e, ast.Name) for e in target.elts):
        return [e.id for e in target.elts]  # type: ignore[union-attr]
    raise NotConvertible(f"assignment target {ast.unparse(target)!r}")


class _Converter:
    def __init__(self, n_out: int):
        self.n_out = n_out
        self.count = itertools.count(1)

    def flat(self, stmts: list[ast.stmt], defined: set[str]) -> list[ast.Assign]:
        """Straight-line assignments equivalent to ``stmts`` (which contain no statement after a return)."""
        out: list[ast.Assign] = []
        for s in stmts:
            if isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant):
                continue  # docstring
            if isinstance(s, ast.Pass):
                continue
            if isinstance(s, ast.Assign):
                if len(s.targets) != 1:
                    raise NotConvertible("chained assignment")
                defined.update(_names(s.targets[0]))
                out.append(s)
            elif isinstance(s, ast.AugAssign):
                name = _names(s.target)[0]
                out.append(ast.Assign(targets=[ast.Name(name, ast.Store())],
                                      value=ast.BinOp(ast.Name(name, ast.Load()), s.op, s.value)))
                defined.add(name)
            elif isinstance(s, ast.Return):
                elts = s.value.elts if isinstance(s.value, ast.Tuple) else [s.value]  # type: ignore[union-attr]
                for k, e in enumerate(elts):
                    out.append(ast.Assign(targets=[ast.Name(f"_ret{k}", ast.Store())], value=e))
                    defined.add(f"_ret{k}")
            elif isinstance(s, ast.If):
                out.extend(self.branch(s, defined))
            else:
                raise NotConvertible(type(s).__name__)
        return out

    def branch(self, s: ast.If, defined: set[str]) -> list[ast.Assign]:
        k = next(self.count)
        cond = f"_c{k}"
        out: list[ast.Assign] = [ast.Assign(targets=[ast.Name(cond, ast.Store())], value=s.test)]
        sides = []
        for tag, block in (("a", s.body), ("b", s.orelse)):
            inner_defined = set(defined)
            flat = self.flat(block, inner_defined)
            env: dict[str, str] = {}
            for a in flat:
                value = _Sub(env).visit(copy.deepcopy(a.value))
                new_names = []
                for name in _names(a.targets[0]):
                    env[name] = f"{name}__{tag}{k}"
                    new_names.append(env[name])
                target: ast.expr = (ast.Name(new_names[0], ast.Store()) if len(new_names) == 1 else
                                    ast.Tuple([ast.Name(n, ast.Store()) for n in new_names], ast.Store()))
                out.append(ast.Assign(targets=[target], value=value))
            sides.append(env)
        env_a, env_b = sides
        for name in sorted(set(env_a) | set(env_b)):
            if name not in defined and not (name in env_a and name in env_b):
                continue  # local to one side and dead after it
            a = ast.Name(env_a.get(name, name), ast.Load())
            b = ast.Name(env_b.get(name, name), ast.Load())
            out.append(ast.Assign(targets=[ast.Name(name, ast.Store())],
                                  value=ast.IfExp(test=ast.Name(cond, ast.Load()), body=a, orelse=b)))
            defined.add(name)
        return out


def if_convert(fdef: ast.FunctionDef, n_results: int) -> ast.FunctionDef:
    """A branch-free copy of the kernel ``fdef`` (which returns a tuple of ``n_results`` values)."""
    body = _normalise(copy.deepcopy(fdef.body))
    if not _terminates(body):
        raise NotConvertible("not every path of the kernel ends in a return")
    defined = {a.arg for a in fdef.args.args}
    flat = _Converter(n_results).flat(body, defined)
    ret = ast.Return(ast.Tuple([ast.Name(f"_ret{k}", ast.Load()) for k in range(n_results)], ast.Load()))
    new = ast.FunctionDef(name=fdef.name, args=copy.deepcopy(fdef.args), body=[*flat, ret], decorator_list=[],
                          returns=None)
    return ast.fix_missing_locations(new)
