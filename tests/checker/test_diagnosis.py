"""Every diagnosis code, each produced by a mistake a learner really makes."""

from __future__ import annotations

import pytest

from nntutor.checker.diagnosis import LessonError, check_answer
from nntutor.checker.verdict import DIAGNOSES, Verdict
from tests.checker.lesson import DIMS, instances

INSTANCES = instances(seed=3)
KNOWN = [("dZ2 @ W2.T", "That is dL/dA1: multiply by tanh'(Z1) = 1 - A1**2 to reach Z1.")]

# (reference, answer, verdict, diagnosis, words in the message)
CASES = [
    ("X.T @ dZ1", "np.dot(X.T, dZ1)", "correct", "correct", "values match on all 3"),
    ("X.T @ dZ1", "np.einsum('ni,nh->ih', X, dZ1)", "correct", "correct", "(in, h1)"),
    ("X.T @ dZ1", "X @ dZ1", "wrong", "missing_transpose", "X has in columns but dZ1 has n rows"),
    ("X.T @ dZ1", "dZ1.T @ X", "wrong", "missing_transpose", "the transpose of what is asked"),
    ("dZ2 @ W2.T", "W2.T @ dZ2", "wrong", "swapped_operands", "wrong order"),
    ("A1.T @ dZ2", "(2 * dZ2 / 2) @ A1.T", "wrong", "swapped_operands", "at column 15"),
    ("X.T @ dZ1", "X.T.T @ dZ1", "wrong", "extra_transpose", "one transpose too many"),
    ("dZ2.sum(axis=0, keepdims=True)", "np.sum(dZ2)", "wrong", "shape_mismatch",
     "np.sum(dZ2) summed away axis 1 (out) as well; only axis 0 (n) should be summed"),
    ("A1.T @ dZ2 / n", "A1.T @ dZ2 / len(X)", "correct", "correct", "values match"),
    ("A1.T @ dZ2", "np.linalg.multi_dot([A1.T, dZ2])", "correct", "correct", "values match"),
    ("(Z2 - Y) / n", "np.true_divide(Z2 - Y, n)", "correct", "correct", "values match"),
    ("A1.T @ dZ2", "np.einsum('nh,no->ho', A1, dZ2, optimize=True)", "correct", "correct",
     "values match"),
    ("np.dot(dZ2, W2.T)", "np.dot(W2, dZ2.T).T", "correct", "correct", ""),
    ("dZ2.sum(axis=0, keepdims=True)", "np.mean(dZ2, axis=0, keepdims=True)", "wrong",
     "mean_vs_sum", "n times too small (n = 7, 11, 13"),
    ("np.mean(Z2 - Y, axis=0)", "np.sum(Z2 - Y, axis=0)", "wrong", "mean_vs_sum",
     "n times too large"),
    ("(Z2 - Y) / n", "2 * (Z2 - Y) / n", "wrong", "scale_error", "2 times the expected"),
    ("A1.T @ dZ2", "A1.T @ dZ2 / A1.shape[1]", "wrong", "scale_error", "factor of h1"),
    ("(Z2 - Y) / n", "(Y - Z2) / n", "wrong", "sign_error", "opposite sign"),
    ("dA1 * (1 - A1**2)", "dA1", "wrong", "missing_activation_derivative",
     "the activation's derivative"),
    ("dZ2 @ W2.T * (1 - A1**2)", "np.dot(dZ2, W2.T)", "wrong", "missing_activation_derivative",
     "derivative"),
    ("dA1 * (Z1 > 0)", "dA1", "wrong", "missing_activation_derivative", "derivative"),
    ("dA1 * S1 * (1 - S1)", "dA1 * (1 - S1)", "wrong", "missing_activation_derivative",
     "derivative"),
    ("X.T @ dZ1", "X.T @ dA1", "wrong", "wrong_values", "the shape (in, h1) is right"),
    ("dA1 * (1 - A1**2)", "dA1 * np.log(A1)", "wrong", "numeric_error", "nan or inf"),
    ("X.T @ dZ1", "X.T @ (dZ1 / 0)", "wrong", "numeric_error", "nan or inf"),
    ("dZ2.sum(axis=0, keepdims=True)", "dZ2", "wrong", "shape_mismatch",
     "one row per sample; take the sum over the batch axis (0)"),
    ("dZ2.sum(axis=0, keepdims=True)", "dZ2.sum(axis=0)", "wrong", "shape_mismatch",
     "keepdims=True"),
    ("X.T @ dZ1", "X.T @ W1", "wrong", "shape_mismatch", "X.T has n columns but W1 has in rows"),
    ("X.T @ dZ1", "X.T @ dZ1 +", "invalid", "syntax_error", "column 12"),
    ("X.T @ dZ1", "X.T @@ dZ1", "invalid", "syntax_error", "syntax error"),
    ("X.T @ dZ1", "dW1 = X.T @ dZ1", "invalid", "syntax_error", "without 'dW1 ='"),
    ("X.T @ dZ1", "X.T @ dz1", "invalid", "unknown_name", "did you mean 'dZ1'"),
    ("X.T @ dZ1", "X.T @ delta1", "invalid", "unknown_name", "unknown name 'delta1'"),
    ("X.T @ dZ1", "X.T.__class__", "refused", "refused", "'__class__'"),
    ("X.T @ dZ1", "np.load('w.npy')", "refused", "refused", "np.load"),
    ("X.T @ dZ1", "np.ones((10**6, 10**6))", "refused", "refused", "10^12 elements"),
]


@pytest.mark.parametrize("reference, answer, verdict, diagnosis, words", CASES,
                         ids=[f"{c[3]}:{c[1]}" for c in CASES])
def test_diagnosis(reference, answer, verdict, diagnosis, words):
    v = check_answer(answer, reference, INSTANCES, DIMS, KNOWN, isolated=False)
    assert (v.verdict, v.diagnosis) == (verdict, diagnosis), v.message
    assert words in v.message
    assert "\n" not in v.message


def test_every_code_is_produced_by_some_case():
    assert {c[3] for c in CASES} == set(DIAGNOSES)


def test_shapes_are_named():
    v = check_answer("dZ1.T @ X", "X.T @ dZ1", INSTANCES, DIMS, isolated=False)
    assert v.expected_shape == ("in", "h1") and v.got_shape == ("h1", "in")
    v = check_answer("dZ2", "dZ2.sum(axis=0, keepdims=True)", INSTANCES, DIMS, isolated=False)
    assert v.expected_shape == ("1", "out") and v.got_shape == ("n", "out")
    v = check_answer("X @ dZ1", "X.T @ dZ1", INSTANCES, DIMS, isolated=False)
    assert v.expected_shape == ("in", "h1") and v.got_shape is None


def test_known_wrong_answer_gets_the_lessons_feedback_however_it_is_written():
    ref = "dZ2 @ W2.T * (1 - A1**2)"
    for answer in ("dZ2 @ W2.T", "np.dot(dZ2, W2.T)", "(W2 @ dZ2.T).T"):
        v = check_answer(answer, ref, INSTANCES, DIMS, KNOWN, isolated=False)
        assert v.feedback == KNOWN[0][1]
        assert v.verdict == "wrong"
    v = check_answer("dZ2 @ W2.T * 2", ref, INSTANCES, DIMS, KNOWN, isolated=False)
    assert v.feedback is None


def test_an_answer_right_only_for_square_sizes_fails():
    ref, answer = "dZ2.sum(axis=0, keepdims=True)", "dZ2.sum(axis=0, keepdims=True).T"
    square = instances(seed=4, sizes=[(5, 3, 4, 1)])  # out = 1: (1, 1) either way
    assert check_answer(answer, ref, square, DIMS, isolated=False).verdict == "correct"
    v = check_answer(answer, ref, INSTANCES, DIMS, isolated=False)
    assert (v.verdict, v.diagnosis) == ("wrong", "missing_transpose")


def test_verdict_json_and_exit_codes():
    v = check_answer("X @ dZ1", "X.T @ dZ1", INSTANCES, DIMS, isolated=False)
    data = v.to_json()
    assert set(data) == {"verdict", "diagnosis", "message", "expected_shape", "got_shape",
                         "feedback"}
    assert data["expected_shape"] == ["in", "h1"]
    assert Verdict.from_json(data) == v
    assert [Verdict(k, "correct" if k == "correct" else "refused", "").exit_code
            for k in ("correct", "wrong", "invalid", "refused")] == [0, 1, 2, 2]
    with pytest.raises(ValueError):
        Verdict("fine", "correct", "")


def test_the_sandbox_gives_the_same_verdicts():
    for reference, answer, *_ in CASES[::3]:
        local = check_answer(answer, reference, INSTANCES, DIMS, KNOWN, isolated=False)
        isolated = check_answer(answer, reference, INSTANCES, DIMS, KNOWN)
        assert isolated == local


def test_a_broken_reference_is_the_lessons_fault():
    with pytest.raises(LessonError, match="reference"):
        check_answer("X", "X @ W2", INSTANCES, DIMS, isolated=False)
    with pytest.raises(LessonError, match="reference"):
        check_answer("X", "X @ W2", INSTANCES, DIMS)
    with pytest.raises(LessonError):
        check_answer("X", "X", [], DIMS)


def test_lesson_arrays_are_not_changed_by_checking():
    import numpy as np

    before = [{k: np.copy(v) for k, v in inst.items() if k != "__sizes__"} for inst in INSTANCES]
    for reference, answer, *_ in CASES:
        check_answer(answer, reference, INSTANCES, DIMS, KNOWN, isolated=False)
    for inst, copy in zip(INSTANCES, before):
        for k, v in copy.items():
            np.testing.assert_array_equal(inst[k], v)


def test_a_known_wrong_answer_that_cannot_be_computed_still_gets_its_feedback():
    known = [("X @ dZ1", "X is (n, in): transpose it so the batch axis n is summed over."),
             ("X.T @ dZ1 + b1", "The bias does not enter the weight gradient.")]
    for answer in ("X @ dZ1", "X@dZ1", "(X) @ (dZ1)", "np.dot(X, dZ1)", "np.matmul(X, dZ1)",
                   "X.dot(dZ1)"):
        v = check_answer(answer, "X.T @ dZ1", INSTANCES, DIMS, known, isolated=False)
        assert v.diagnosis == "missing_transpose" and v.feedback == known[0][1], answer
    v = check_answer("X.T @ dZ1 + b1", "X.T @ dZ1", INSTANCES, DIMS, known, isolated=False)
    assert v.feedback == known[1][1]
    for other in ("X @ W1", "dZ1 @ X", "X.T @ dZ1 * 3"):
        v = check_answer(other, "X.T @ dZ1", INSTANCES, DIMS, known, isolated=False)
        assert v.feedback is None, other
    v = check_answer("np.dot(X, dZ1)", "X.T @ dZ1", INSTANCES, DIMS, known)
    assert v.feedback == known[0][1]


def _sigmoid_bce_instances():
    """Non-square sigmoid outputs A (n, out) with 0/1 targets, three batches."""
    import numpy as np

    rng = np.random.default_rng(3)
    out = []
    for n, k in ((5, 3), (7, 2), (4, 6)):
        Z = rng.standard_normal((n, k))
        A = 1 / (1 + np.exp(-Z))
        out.append({"A": A, "Z": Z, "Y": rng.integers(0, 2, (n, k)).astype(float), "n": n,
                    "__sizes__": {"n": n, "out": k}})
    return out


SIG_DIMS = {"A": ("n", "out"), "Z": ("n", "out"), "Y": ("n", "out"), "n": ()}


@pytest.mark.parametrize("answer", [
    "(-Y / A + (1 - Y) / (1 - A)) / n",  # ∂L/∂A: the sigmoid's slope is folded into (A - Y)
    "-(Y / A - (1 - Y) / (1 - A)) / n",
])
def test_missing_derivative_folded_into_the_reference(answer):
    v = check_answer(answer, "(A - Y) / n", _sigmoid_bce_instances(), SIG_DIMS, isolated=False)
    assert (v.verdict, v.diagnosis) == ("wrong", "missing_activation_derivative")
    assert "(A - Y) / n" not in v.message


def test_a_relu_mask_left_out_is_a_missing_derivative_on_non_square_batches():
    import numpy as np

    rng = np.random.default_rng(4)
    insts = []
    for n, h in ((5, 3), (6, 4)):
        Z = rng.standard_normal((n, h))
        insts.append({"dA": rng.standard_normal((n, h)), "Z": Z, "__sizes__": {"n": n, "h": h}})
    dims = {"dA": ("n", "h"), "Z": ("n", "h")}
    v = check_answer("dA * 1", "dA * (Z > 0)", insts, dims, isolated=False)
    assert v.diagnosis == "missing_activation_derivative"
    # the derivative applied twice is not "missing"
    v = check_answer("dA * (Z > 0) * 2", "dA * (Z > 0)", insts, dims, isolated=False)
    assert v.diagnosis == "scale_error"


def _attention_instances():
    import numpy as np

    rng = np.random.default_rng(5)
    out = []
    for n, d in ((4, 7), (6, 3), (5, 9)):  # n never equals d
        out.append({"dS": rng.standard_normal((n, n)), "K": rng.standard_normal((n, d)),
                    "d": d, "__sizes__": {"n": n, "d": d}})
    return out


ATT_DIMS = {"dS": ("n", "n"), "K": ("n", "d"), "d": ()}


@pytest.mark.parametrize("answer", ["dS @ K", "dS @ K / d"])
def test_a_missing_or_wrong_square_root_scale_is_a_scale_error(answer):
    v = check_answer(answer, "dS @ K / np.sqrt(d)", _attention_instances(), ATT_DIMS,
                     isolated=False)
    assert (v.verdict, v.diagnosis) == ("wrong", "scale_error") and "√d" in v.message


def test_the_transpose_of_a_square_result_is_a_transpose_slip():
    v = check_answer("dS.T @ K / np.sqrt(d)", "dS @ K / np.sqrt(d)", _attention_instances(),
                     ATT_DIMS, isolated=False)
    assert v.diagnosis == "extra_transpose"  # dS.T: one transpose too many (issue 11)
    import numpy as np

    rng = np.random.default_rng(6)
    insts = [{"A": rng.standard_normal((k, k)), "B": rng.standard_normal((k, k)),
              "__sizes__": {"n": k}} for k in (3, 5)]
    v = check_answer("B.T @ A.T", "A @ B", insts, {"A": ("n", "n"), "B": ("n", "n")},
                     isolated=False)
    assert v.diagnosis == "missing_transpose" and "transpose" in v.message
