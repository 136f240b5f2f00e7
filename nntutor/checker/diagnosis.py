"""Is a typed answer the gradient asked for, and if not, what went wrong?

The answer and the lesson's reference are evaluated on every instance (random arrays with
different, non-square sizes per dim), so a transpose that only fits square matrices or a
mean taken for a sum cannot pass. A wrong answer is then explained, most specific first:

- it fails to evaluate with a shape clash: a verified fix that gives the expected values
  tells which slip it was (missing_transpose, swapped_operands), else shape_mismatch;
- its shape differs: the transpose of the expected (missing_transpose), the reference with
  a product's operands swapped (swapped_operands), the expected values reshaped, unsummed
  over the batch or without keepdims (shape_mismatch with that said);
- same shape: nan/inf (numeric_error); a constant multiple of the expected values:
  -1 (sign_error), n or 1/n with n the batch size (mean_vs_sum), another constant or a dim
  size (scale_error); the reference without a derivative-like factor such as (Z1 > 0) or
  1 - A1**2 (missing_activation_derivative); else wrong_values.
Matching a lesson's known wrong answer on every instance adds its tailored feedback.
"""

from __future__ import annotations

import ast
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np

from nntutor.checker import compare as K
from nntutor.shapes import dims as D
from nntutor.shapes import mutations as M
from nntutor.checker import protocol, sandbox
from nntutor.checker.env import array_env, dims_env
from nntutor.checker.errors import (
    ExpressionError,
    ExpressionRefused,
    ExpressionSyntaxError,
    NumericError,
    ShapeMismatch,
    UnknownName,
)
from nntutor.checker.evaluator import run_parsed
from nntutor.checker.limits import DEFAULT_LIMITS, Limits
from nntutor.checker.shapes import shape_of_parsed, suggest_fixes
from nntutor.checker.syntax import Parsed, parse
from nntutor.checker.verdict import Verdict

SIZES = "__sizes__"
MAX_MUTATIONS = 60


class LessonError(ValueError):
    """The lesson's own reference (or instances) is broken: not the learner's fault."""


def check_answer(answer: str, reference: str,
                 instances: Sequence[Mapping[str, np.ndarray | float]],
                 dims: Mapping[str, tuple[str, ...]], known_wrong: Sequence[tuple[str, str]] = (),
                 batch_dim: str = "n", *, limits: Limits = DEFAULT_LIMITS,
                 isolated: bool = True) -> Verdict:
    """Check `answer` against `reference` on every instance (see the module docstring).

    Each instance maps variable names to arrays or numbers, plus `"__sizes__"`: the size
    of each named dim in it. Raises LessonError when the reference itself fails.
    """
    if not instances:
        raise LessonError("check_answer needs at least one instance")
    if isolated and isinstance(answer, str):
        try:
            return _check_isolated(answer, reference, instances, dims, known_wrong, batch_dim,
                                   limits)
        except sandbox.SandboxUnavailable as exc:
            sandbox.warn_unavailable(exc)
    return check_answer_local(answer, reference, instances, dims, known_wrong, batch_dim, limits)


def check_answers(answers: Sequence[str], reference: str, instances, dims, known_wrong=(),
                  batch_dim: str = "n", **kwargs) -> list[Verdict]:
    """A teacher's batch: one Verdict per answer, in order; each checked on its own, so one
    hostile answer can't affect the others' grades."""
    return [check_answer(a, reference, instances, dims, known_wrong, batch_dim, **kwargs)
            for a in answers]


def _check_isolated(answer, reference, instances, dims, known_wrong, batch_dim, limits):
    arrays: list[np.ndarray] = []
    packed, sizes = [], []
    for inst in instances:
        env = array_env({k: v for k, v in inst.items() if k != SIZES})
        packed.append({k: protocol.pack(v, arrays) for k, v in env.items()})
        sizes.append({k: int(v) for k, v in dict(inst.get(SIZES, {})).items()})
    header = {"op": "check", "answer": answer,
              "reference": reference, "instances": packed, "sizes": sizes,
              "dims": {k: list(v) for k, v in dims.items()},
              "known_wrong": [list(kw) for kw in known_wrong], "batch_dim": batch_dim,
              "limits": limits.to_dict()}
    try:
        reply, _ = sandbox.shared().request(header, arrays, limits.check_seconds)
    except ExpressionRefused as exc:
        return Verdict("refused", "refused", exc.message)
    except ExpressionError as exc:  # an internal error reported by the worker
        return Verdict("invalid", "syntax_error", exc.message)
    if "lesson_error" in reply:
        raise LessonError(reply["lesson_error"])
    return Verdict.from_json(reply["verdict"])


def check_answer_local(answer, reference, instances, dims, known_wrong=(), batch_dim="n",
                       limits: Limits = DEFAULT_LIMITS) -> Verdict:
    """The whole check in this process (what the sandbox worker runs)."""
    checker = _Checker(instances, dims, batch_dim, limits)
    try:
        ref = parse(reference, limits)
        expected = checker.values(ref)
    except ExpressionError as exc:
        raise LessonError(f"the reference answer `{reference}` fails: {exc}") from None
    exp_names = checker.names(ref, np.shape(expected[0]))
    try:
        parsed = parse(answer, limits)
        got = checker.values(parsed)
    except ShapeMismatch as exc:
        verdict = checker.shape_error(parsed, exc, ref, expected, exp_names)
        return replace(verdict, feedback=checker.known_feedback(parsed, None, known_wrong, exc))
    except ExpressionRefused as exc:
        return Verdict("refused", "refused", exc.message, exp_names)
    except UnknownName as exc:
        return Verdict("invalid", "unknown_name", exc.message, exp_names)
    except NumericError as exc:
        return Verdict("wrong", "numeric_error", exc.message, exp_names)
    except (ExpressionSyntaxError, ExpressionError) as exc:
        return Verdict("invalid", "syntax_error", exc.message, exp_names)
    got_names = checker.names(parsed, np.shape(got[0]))
    if K.all_close(got, expected):
        return Verdict("correct", "correct",
                       f"correct: {D.shape_text(exp_names)} and the values match on all "
                       f"{len(expected)} test batches", exp_names, got_names)
    feedback = checker.known_feedback(parsed, got, known_wrong)
    if all(np.shape(g) == np.shape(e) for g, e in zip(got, expected)):
        code, message = checker.same_shape(parsed, ref, got, expected, exp_names)
    else:
        code, message = checker.other_shape(parsed, ref, got, expected, exp_names, got_names)
    return Verdict("wrong", code, message, exp_names, got_names, feedback)


def _clash_key(exc: ShapeMismatch) -> tuple:
    """What a shape clash is about: the operation (all matrix products alike) and the
    operands' shapes, whatever the spelling."""
    op = "@" if exc.op in ("@", "np.dot", "np.matmul", "dot") else exc.op
    return op, tuple(dims for _, dims in exc.operands)


def _reduces_to(reduce, got, axis: int, expected) -> bool:
    """Does reducing `got` over `axis` give `expected` (keepdims or not)?"""
    reduced = reduce(np.asarray(got, dtype=float), axis=axis)
    return reduced.size == np.size(expected) and K.close(reduced.reshape(np.shape(expected)),
                                                         expected)


def _dim_from_name(name: str) -> D.Dim:
    """Back from a shown dim (`n`, `4`, `n*in`) to a Dim."""
    parts = name.split("*")
    if all(p.isdigit() or p.isidentifier() for p in parts):
        return D.prod(int(p) if p.isdigit() else D.sym(p) for p in parts)
    return D.opaque(name)


class _Checker:
    def __init__(self, instances, dims, batch_dim: str, limits: Limits):
        self.limits = limits
        self.deadline = time.monotonic() + limits.check_seconds
        self.envs = [array_env({k: v for k, v in inst.items() if k != SIZES})
                     for inst in instances]
        self.sizes = [dict(inst.get(SIZES, {})) for inst in instances]
        for sizes, inst in zip(self.sizes, instances):  # the batch size variable will do
            if batch_dim not in sizes and isinstance(inst.get(batch_dim), (int, np.integer)):
                sizes[batch_dim] = int(inst[batch_dim])
        self.dims = dims
        self.batch_dim = batch_dim
        self._cache: dict[str, list | None] = {}

    # -- evaluating ---------------------------------------------------------------------

    def values(self, parsed: Parsed) -> list:
        return [run_parsed(parsed, env, self.limits, self.deadline) for env in self.envs]

    def try_values(self, text: str) -> list | None:
        """Values of a mutated expression, or None if it fails (or time is up)."""
        if text not in self._cache:
            if time.monotonic() > self.deadline:
                return None
            try:
                self._cache[text] = self.values(parse(text, self.limits))
            except ExpressionError:
                self._cache[text] = None
        return self._cache[text]

    def names(self, parsed: Parsed, concrete: tuple) -> tuple[str, ...]:
        """The shape in named dims: inferred if possible, else read back from the sizes."""
        try:
            shape = shape_of_parsed(parsed, dims_env(self.dims), self.limits)
            if len(shape) == len(concrete):
                return tuple(str(D.text(d)) for d in shape)
        except (ExpressionError, ValueError):
            pass
        by_size = {v: k for k, v in self.sizes[0].items()} if self.sizes else {}
        return tuple(by_size.get(d, str(d)) if d != 1 else "1" for d in concrete)

    def known_feedback(self, parsed: Parsed, got: list | None, known_wrong,
                       clash: ShapeMismatch | None = None) -> str | None:
        """The lesson's text for a known wrong answer that this one is: written the same way
        (spacing and brackets aside), equal in value on every instance, or, when it can't be
        computed, failing with the same clash (`np.dot(X, d)` is `X @ d`)."""
        for expr, feedback in known_wrong:
            try:
                wrong = parse(expr, self.limits)
            except ExpressionError:
                continue
            if ast.dump(wrong.tree) == ast.dump(parsed.tree):
                return feedback
            if got is not None:
                values = self.try_values(expr)
                if values is not None and K.all_close(got, values):
                    return feedback
            elif clash is not None and self.clash_of(wrong) == _clash_key(clash):
                return feedback
        return None

    def clash_of(self, parsed: Parsed) -> tuple | None:
        try:
            self.values(parsed)
        except ShapeMismatch as exc:
            return _clash_key(exc)
        except ExpressionError:
            pass
        return None

    def matches(self, text: str, expected: list) -> bool:
        values = self.try_values(text)
        return values is not None and K.all_close(values, expected)

    # -- an answer that can't be computed -------------------------------------------------

    def shape_error(self, parsed, exc: ShapeMismatch, ref, expected, exp_names) -> Verdict:
        named = exc
        try:
            shape_of_parsed(parsed, dims_env(self.dims), self.limits)
        except ShapeMismatch as better:  # the same clash, said in named dims
            named = better
        except (ExpressionError, ValueError):
            pass
        env = dims_env(self.dims) if named is not exc else None
        fixes = exc.fixes
        if env is not None:
            want = tuple(_dim_from_name(d) for d in exp_names)
            fixes = suggest_fixes(parsed, named, env, want, self.batch_dim, self.limits)
        for fix in fixes:
            if self.matches(fix.expr, expected):
                if "+" in fix.kind:  # two edits: neither slip alone names the mistake
                    slips = {"swap_operands": "the operands are in the wrong order",
                             "add_transpose": "a transpose is missing",
                             "remove_transpose": "a transpose is extra"}
                    said = " and ".join(dict.fromkeys(slips.get(k, k.replace("_", " "))
                                                      for k in fix.kind.split("+")))
                    return Verdict("wrong", "shape_mismatch",
                                   f"{named.message}; two slips: {said}", exp_names)
                if "swap_operands" in fix.kind:
                    return Verdict("wrong", "swapped_operands",
                                   f"{named.message}; the operands are in the wrong order",
                                   exp_names)
                if fix.kind == "remove_transpose":
                    return Verdict("wrong", "extra_transpose",
                                   f"{named.message}; there is one transpose too many",
                                   exp_names)
                if "transpose" in fix.kind:
                    return Verdict("wrong", "missing_transpose",
                                   f"{named.message}; a transpose is missing",
                                   exp_names)
                break
        return Verdict("wrong", "shape_mismatch", named.message, exp_names)

    # -- same shape, other values ---------------------------------------------------------

    def same_shape(self, parsed, ref, got, expected, exp_names) -> tuple[str, str]:
        if any(K.non_finite(g, e) for g, e in zip(got, expected)):
            return "numeric_error", ("your expression gives nan or inf values (a log of 0 or "
                                     "less, a division by zero, an overflow?) where the expected"
                                     " values are finite numbers")
        factor = self.factor(got, expected)
        if factor is not None:
            return factor
        if all(np.ndim(g) == 2 and np.shape(g)[0] == np.shape(g)[1] and
               K.close(np.transpose(g), e) for g, e in zip(got, expected)):
            # square: the transpose has the right shape, only the values give it away
            return "missing_transpose", ("the values are the transpose of the expected ones: "
                                         "a transpose is missing or extra")
        found = self.mutation(parsed, ref, got, expected)
        if found is not None:
            return found
        if self.derivative_missing(got, expected):
            return "missing_activation_derivative", (
                "your values times the activation's derivative would be the expected ones: "
                "the gradient must still be multiplied by it at this layer")
        # name the batch where the values differ most (the first may agree exactly)
        found = [K.largest_difference(g, e) for g, e in zip(got, expected)]
        k = max(range(len(found)), key=lambda i: found[i][0])
        diff, at = found[k]
        where = f" at [{', '.join(map(str, at))}]" if at else ""
        batch = "the first test batch" if k == 0 else f"test batch {k + 1} of {len(found)}"
        return "wrong_values", (f"the shape {D.shape_text(exp_names)} is right but the values "
                                f"differ (largest difference {diff:.3g}{where} in {batch})")

    def factor(self, got, expected) -> tuple[str, str] | None:
        """got * c == expected with c constant, -1, the batch size or another dim's size."""
        cs = [K.scale(g, e) for g, e in zip(got, expected)]
        if any(c is None for c in cs):
            return None
        if K.same(cs, [-1.0] * len(cs)):
            return "sign_error", ("the values have the opposite sign of the expected ones: "
                                  "a subtraction is the wrong way round or a minus sign is "
                                  "missing or extra")
        for dim in [self.batch_dim] + sorted(k for k in self.sizes[0] if k != self.batch_dim):
            if not all(dim in s for s in self.sizes):
                continue
            sizes = [float(s[dim]) for s in self.sizes]
            listed = ", ".join(str(int(v)) for v in sizes)
            for sign in (1.0, -1.0):
                flip = "; the sign is flipped too" if sign < 0 else ""
                small = K.same(cs, [sign * v for v in sizes])
                large = K.same(cs, [sign / v for v in sizes])
                if dim == self.batch_dim and small:
                    return "mean_vs_sum", (
                        f"the values are {dim} times too small ({dim} = {listed} in the test "
                        f"batches): a mean over the batch where the gradient sums{flip}")
                if dim == self.batch_dim and large:
                    return "mean_vs_sum", (
                        f"the values are {dim} times too large ({dim} = {listed} in the test "
                        f"batches): a sum over the batch where the gradient takes the mean"
                        f"{flip}")
                if small or large:
                    return "scale_error", (
                        f"the values are off by a factor of {dim} (the size of {dim}){flip}")
                roots = [v ** 0.5 for v in sizes]
                if K.same(cs, [sign * r for r in roots]) or \
                        K.same(cs, [sign / r for r in roots]):  # attention's 1/√d
                    return "scale_error", (
                        f"the values are off by a factor of √{dim} (the square root of the "
                        f"size of {dim}){flip}")
        if K.same(cs, [cs[0]] * len(cs)):
            return "scale_error", (f"the values are off by a constant factor: yours are "
                                   f"{K.nice(1 / cs[0])} times the expected ones")
        return None

    def derivative_missing(self, got, expected) -> bool:
        """Is expected = got ⊙ f'(...) for an activation derivative made of one variable:
        V*(1 - V) (sigmoid, V in (0, 1)), 1 - V**2 (tanh, V in (-1, 1)) or (V > 0) (relu)?
        This finds the missing factor even when it is folded into the reference, as
        (A - Y) / n is the sigmoid+BCE gradient times A*(1 - A)."""
        names = [k for k, v in self.envs[0].items() if isinstance(v, np.ndarray)
                 and v.ndim and v.shape == np.shape(expected[0])]
        for name in names:
            arrays = [np.asarray(env[name], dtype=float) for env in self.envs]
            candidates = [lambda v: (v > 0).astype(float)]
            if all(np.all((v > 0) & (v < 1)) for v in arrays):
                candidates.append(lambda v: v * (1 - v))
            if all(np.all(np.abs(v) < 1) for v in arrays):
                candidates.append(lambda v: 1 - v ** 2)
            for derivative in candidates:
                factors = [derivative(v) for v in arrays]
                if any(not np.any(f) or np.all(f == 1) for f in factors):
                    continue  # a factor of all ones or zeros tells nothing
                if all(np.shape(g) == np.shape(f) and K.close(np.asarray(g) * f, e)
                       for g, f, e in zip(got, factors, expected)):
                    return True
        return False

    def mutation(self, parsed, ref, got, expected) -> tuple[str, str] | None:
        """The reference without a factor, or a product's operands swapped, or a transpose."""
        for mutation, removed in M.dropped_factors(ref)[:MAX_MUTATIONS]:
            # does the ANSWER equal the reference with this factor dropped?
            values = self.try_values(mutation.expr)
            if values is not None and K.all_close(got, values):
                if M.looks_like_derivative(removed):
                    return "missing_activation_derivative", (
                        "the values match the expected ones without (part of) the "
                        "activation's derivative: the gradient must be multiplied by it at "
                        "this layer")
                return "wrong_values", ("the values match the expected ones with one factor of "
                                        "the chain rule left out")
        for mutation in M.swaps_and_transposes(parsed)[:MAX_MUTATIONS]:
            if self.matches(mutation.expr, expected):
                return self._slip(mutation.kind)
        for mutation in M.swaps_and_transposes(ref)[:MAX_MUTATIONS]:
            values = self.try_values(mutation.expr)
            if values is not None and K.all_close(got, values):
                return self._slip(mutation.kind)
        return None

    @staticmethod
    def _slip(kind: str) -> tuple[str, str]:
        if kind == "swap_operands":
            return "swapped_operands", ("the operands of a matrix product are in the wrong "
                                        "order")
        if kind == "remove_transpose":
            return "extra_transpose", "a matrix product has one transpose too many"
        return "missing_transpose", "a transpose is missing in a matrix product"

    def summed_away(self, parsed, expected) -> str | None:
        """`np.sum(dA2)` where a row is expected: which axes the reduction took away."""
        for mutation, node, axis in M.reduction_axes(parsed):
            if not self.matches(mutation.expr, expected):
                continue
            operand = node.args[0] if M.is_numpy_call(node, M.REDUCTIONS) else node.func.value
            try:
                dims = shape_of_parsed(parse(parsed.segment(operand), self.limits),
                                       dims_env(self.dims), self.limits)
            except (ExpressionError, ValueError):
                return None
            names = [str(D.text(d)) for d in dims]
            lost = [f"axis {k} ({name})" for k, name in enumerate(names) if k != axis]
            keep = names[axis] if axis < len(names) else "?"
            return (f"{parsed.segment(node)} summed away {' and '.join(lost) or 'every axis'} "
                    f"as well; only axis {axis} ({keep}) should be summed: axis={axis}, "
                    "keepdims=True")
        return None

    # -- another shape --------------------------------------------------------------------

    def other_shape(self, parsed, ref, got, expected, exp_names, got_names) -> tuple[str, str]:
        want, have = D.shape_text(exp_names), D.shape_text(got_names)
        if all(np.ndim(g) == 2 and K.close(np.transpose(g), e) for g, e in zip(got, expected)):
            return "missing_transpose", (f"the result is {have} but the gradient is {want}: it "
                                         "is the transpose of what is asked")
        found = self.mutation(parsed, ref, got, expected)
        if found is not None:
            code, message = found
            return code, f"expected shape {want}, got {have}: {message}"
        summed = self.summed_away(parsed, expected)
        if summed is not None:
            return "shape_mismatch", f"expected shape {want}, got {have}: {summed}"
        if all(np.size(g) == np.size(e) and K.close(np.reshape(g, np.shape(e)), e)
               for g, e in zip(got, expected)):
            squeezed = tuple(d for d in np.shape(expected[0]) if d != 1)
            fix = ("the values are right; keep the reduced axis (keepdims=True)"
                   if np.shape(got[0]) == squeezed and squeezed != np.shape(expected[0])
                   else "the values are right but arranged in another shape")
            return "shape_mismatch", f"expected shape {want}, got {have}: {fix}"
        batch = self.batch_axis(got, got_names)
        if batch is not None:
            for how, reduce in (("sum", np.sum), ("mean", np.mean)):
                if all(_reduces_to(reduce, g, batch, e) for g, e in zip(got, expected)):
                    return "shape_mismatch", (f"expected shape {want}, got {have}: the result "
                                              f"still has one row per sample; take the {how} "
                                              f"over the batch axis ({batch})")
        if "1" in exp_names and "1" in got_names and len(exp_names) == len(got_names) and \
                exp_names.index("1") != got_names.index("1"):
            return "shape_mismatch", (f"expected shape {want}, got {have}: the reduction is "
                                      f"over axis {got_names.index('1')} but should be over axis "
                                      f"{exp_names.index('1')}")
        return "shape_mismatch", f"expected shape {want}, got {have}"

    def batch_axis(self, got, got_names) -> int | None:
        if self.batch_dim in got_names:
            return got_names.index(self.batch_dim)
        return None
