"""Fuzzing: random text and random syntax trees give a result or an ExpressionError, never
anything else; well-formed NumPy expressions give exactly NumPy's values, and the shape
inferred in named dims is the shape computed."""

from __future__ import annotations

import string
import warnings

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nntutor.checker.errors import ExpressionError, ShapeMismatch
from nntutor.checker.evaluator import evaluate, evaluate_local
from nntutor.checker.shapes import infer_shape

SIZES = {"n": 13, "in": 7, "h1": 11, "out": 5}  # distinct, and larger than any literal below
NAMED = {"X": ("n", "in"), "d": ("n", "out"), "W1": ("in", "h1"), "A1": ("n", "h1"),
         "v": ("h1",), "b1": (1, "h1"), "n": ()}
_rng = np.random.default_rng(6)
V = {k: _rng.standard_normal(tuple(SIZES[d] if isinstance(d, str) else d for d in dims))
     for k, dims in NAMED.items() if dims}
V["n"] = SIZES["n"]
PRISTINE = {k: np.copy(v) for k, v in V.items()}
FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def outcome(text: str, **kw):
    try:
        return evaluate_local(text, V, **kw)
    except ExpressionError as exc:
        assert exc.message and "\n" not in exc.message
        assert "internal error" not in exc.message, exc.message
        return exc


# -- random text ----------------------------------------------------------------------------

@FUZZ
@given(st.text(max_size=80))
def test_random_unicode_text(text):
    outcome(text)


@FUZZ
@given(st.text(alphabet=string.printable, max_size=60))
def test_random_ascii_text(text):
    outcome(text)
    try:
        infer_shape(text, NAMED)
    except ExpressionError:
        pass


TOKENS = ["X", "d", "W1", "A1", "v", "n", "np", ".", "T", "sum", "mean", "reshape", "dot",
          "einsum", "(", ")", "[", "]", ",", ":", "@", "*", "+", "-", "/", "**", ">", "0", "1",
          "-1", "2.5", "axis=", "keepdims=True", "'ij,jk->ik'", "__class__", "lambda", "None",
          "...", " ", "ones", "(", "exp", "where", "shape", "astype(float)", "#", "=", "x"]


@FUZZ
@given(st.lists(st.sampled_from(TOKENS), max_size=25))
def test_random_token_soup(tokens):
    outcome("".join(tokens))


# -- random syntax trees, hostile and not ---------------------------------------------------

NAMES = ["X", "d", "W1", "v", "n", "np", "numpy", "x", "__import__", "_", "open", "eval",
         "sum", "float", "SystemExit", "__builtins__"]
ATTRS = ["T", "shape", "sum", "mean", "reshape", "dot", "astype", "size", "ndim", "__class__",
         "__dict__", "_x", "base", "ctypes", "tofile", "load", "lib", "exp", "ones", "einsum",
         "f_back", "gi_frame", "format", "item", "view"]


def leaves():
    return st.one_of(
        st.sampled_from(NAMES),
        st.integers(-10**12, 10**12).map(str),
        st.floats(allow_nan=False, allow_infinity=False).map(repr),
        st.sampled_from(["'ij,jk->ik'", "'%s'", "b'x'", "1j", "None", "True", "...", "()",
                         "[]", "1e999", "'i'"]))


def trees(children):
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", "-", "*", "/", "//", "%", "**", "@", "&",
                                             "|", "^", "<<", " and ", " or ", "<", "==",
                                             " is ", " in "]), children).map(
            lambda t: f"({t[0]}{t[1]}{t[2]})"),
        st.tuples(st.sampled_from(["-", "+", "~", "not "]), children).map(
            lambda t: f"({t[0]}{t[1]})"),
        st.tuples(children, st.sampled_from(ATTRS)).map(lambda t: f"{t[0]}.{t[1]}"),
        st.tuples(children, st.lists(children, max_size=3),
                  st.lists(st.tuples(st.sampled_from(["axis", "keepdims", "out", "dtype", "x"]),
                                     children), max_size=2)).map(
            lambda t: f"{t[0]}({', '.join(t[1] + [f'{k}={w}' for k, w in t[2]])})"),
        st.tuples(children, st.lists(st.one_of(children, st.just(":"), st.just("::-1"),
                                               st.just("None")), min_size=1, max_size=3)).map(
            lambda t: f"{t[0]}[{', '.join(t[1])}]"),
        st.lists(children, max_size=3).map(lambda xs: f"({', '.join(xs)},)"),
        st.lists(children, max_size=3).map(lambda xs: f"[{', '.join(xs)}]"),
        children.map(lambda c: f"(lambda: {c})"),
        children.map(lambda c: f"[y for y in {c}]"),
        children.map(lambda c: f"(z := {c})"),
        children.map(lambda c: f"f'{{{c}}}'"),
        st.tuples(children, children, children).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
        children.map(lambda c: f"np.{c}" if c.isidentifier() else f"np.sum({c})"),
    )


@FUZZ
@given(st.recursive(leaves(), trees, max_leaves=12))
def test_random_syntax_trees(text):
    outcome(text)
    try:
        infer_shape(text, NAMED)
    except ExpressionError:
        pass
    for name, value in PRISTINE.items():
        np.testing.assert_array_equal(V[name], value)


@settings(max_examples=25, deadline=None)
@given(st.recursive(leaves(), trees, max_leaves=8))
def test_random_syntax_trees_in_the_sandbox(text):
    try:
        evaluate(text, V)
    except ExpressionError as exc:
        assert "internal error" not in exc.message


# -- well-formed NumPy: same values as NumPy, same shape as inferred ------------------------

def numpy_leaves():
    return st.one_of(st.sampled_from(["X", "d", "W1", "A1", "v", "b1", "n"]),
                     st.sampled_from(["0", "1", "2", "0.5", "-1.5", "3"]))


def numpy_trees(children):
    pair = st.tuples(children, children)
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", "-", "*", "/", "@", ">", "<="]), children).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"),
        children.map(lambda a: f"(-{a})"),
        children.map(lambda a: f"({a} ** 2)"),
        children.map(lambda a: f"{a}.T"),
        children.map(lambda a: f"np.transpose({a})"),
        st.tuples(st.sampled_from(["exp", "tanh", "abs", "square", "sign"]), children).map(
            lambda t: f"np.{t[0]}({t[1]})"),
        st.tuples(children, st.sampled_from(["0", "1", "-1"])).map(
            lambda t: f"{t[0]}.sum(axis={t[1]})"),
        st.tuples(children, st.sampled_from(["0", "1"])).map(
            lambda t: f"np.mean({t[0]}, axis={t[1]}, keepdims=True)"),
        children.map(lambda a: f"{a}.sum()"),
        pair.map(lambda t: f"np.dot({t[0]}, {t[1]})"),
        pair.map(lambda t: f"np.maximum({t[0]}, {t[1]})"),
        pair.map(lambda t: f"np.where({t[0]} > 0, {t[0]}, {t[1]})"),
        children.map(lambda a: f"{a}.reshape(-1, 1)"),
        children.map(lambda a: f"{a}.ravel()"),
        children.map(lambda a: f"{a}[:, 0]"),
        children.map(lambda a: f"{a}[0]"),
        children.map(lambda a: f"{a}[1:]"),
        children.map(lambda a: f"{a}[:, None]"),
        children.map(lambda a: f"np.ones_like({a})"),
        pair.map(lambda t: f"np.einsum('ij,jk->ik', {t[0]}, {t[1]})"),
        pair.map(lambda t: f"np.outer({t[0]}, {t[1]})"),
    )


def plain_numpy(text: str):
    """The oracle: NumPy itself, on text generated above (never on anything typed)."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return eval(text, {"np": np}, dict(V))


def named_to_sizes(shape) -> tuple | None:
    out = []
    for d in shape:
        if isinstance(d, int):
            out.append(d)
        elif all(p in SIZES for p in d.split("*")):
            out.append(int(np.prod([SIZES[p] for p in d.split("*")])))
        elif d.endswith("-1") and d[:-2] in SIZES:
            out.append(SIZES[d[:-2]] - 1)
        else:
            return None
    return tuple(out)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.recursive(numpy_leaves(), numpy_trees, max_leaves=6))
def test_values_equal_numpy_and_shapes_equal_inference(text):
    try:
        expected = plain_numpy(text)
        numpy_error = None
    except Exception as exc:  # NumPy refused it (shapes, axes, ...)
        expected, numpy_error = None, exc
    try:
        got = evaluate_local(text, V)
        ours = None
    except ExpressionError as exc:
        got, ours = None, exc
    try:
        named = infer_shape(text, NAMED)
        named_error = None
    except ExpressionError as exc:
        named, named_error = None, exc
    if numpy_error is not None:
        assert ours is not None, f"NumPy fails ({numpy_error}) but we gave {got!r}"
        if isinstance(numpy_error, ValueError):  # a shape error; a TypeError is about dtypes
            assert named_error is not None, f"NumPy fails but inference says {named}"
        return
    if isinstance(ours, ShapeMismatch) and "which has 0 dims" in ours.message:
        return  # NumPy scalars quietly accept axis=0 (np.float64(1).sum(axis=0)); we don't
    assert ours is None, f"NumPy gives a value but we said: {ours}"
    assert np.shape(got) == np.shape(expected)
    np.testing.assert_allclose(np.asarray(got, dtype=float), np.asarray(expected, dtype=float),
                               rtol=1e-9, atol=1e-9, equal_nan=True)
    assert named_error is None, f"evaluates to {np.shape(got)} but inference says: {named_error}"
    sizes = named_to_sizes(named)
    if sizes is not None:
        assert sizes == np.shape(got), f"inferred {named}, computed {np.shape(got)}"
    else:
        assert len(named) == np.ndim(got)


def test_mismatches_agree_between_evaluation_and_inference():
    for text in ["X @ d", "X + d", "np.dot(v, X)", "X.sum(axis=2)", "d.reshape(3, 3)"]:
        try:
            evaluate_local(text, V)
            raise AssertionError(text)
        except ShapeMismatch as concrete:
            try:
                infer_shape(text, NAMED)
                raise AssertionError(text)
            except ShapeMismatch as named:
                assert concrete.op == named.op and concrete.node_text == named.node_text
