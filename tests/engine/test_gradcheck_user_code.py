"""gradcheck on a learner's own loss function and hand-written gradients."""

import numpy as np
import pytest

from nntutor import gradcheck


def _two_layer(seed=0, n=7):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, 3))
    Y = rng.standard_normal((n, 1))
    params = {"W1": rng.standard_normal((3, 4)), "b1": np.zeros((1, 4)),
              "W2": rng.standard_normal((4, 1)), "b2": np.zeros((1, 1))}

    def loss(p):
        H = np.tanh(X @ p["W1"] + p["b1"])
        return float(np.mean((H @ p["W2"] + p["b2"] - Y) ** 2))

    def grads(p, bias_mean=False, forget_tanh=False):
        H = np.tanh(X @ p["W1"] + p["b1"])
        d = 2 * (H @ p["W2"] + p["b2"] - Y) / n
        dH = d @ p["W2"].T
        dZ = dH if forget_tanh else dH * (1 - H**2)
        return {"W2": H.T @ d, "b2": d.sum(0, keepdims=True), "W1": X.T @ dZ,
                "b1": dZ.mean(0, keepdims=True) if bias_mean else dZ.sum(0, keepdims=True)}

    return params, loss, grads


def test_correct_gradients_pass():
    params, loss, grads = _two_layer()
    report = gradcheck(loss, params, grads(params))
    assert report.passed and report.first_wrong is None
    assert [c.name for c in report.params] == ["b2", "W2", "b1", "W1"]  # backward order
    assert "all gradients agree" in report.summary()


def test_mean_instead_of_sum_for_the_bias_is_found_first_in_backward_order():
    params, loss, grads = _two_layer()
    report = gradcheck(loss, params, grads(params, bias_mean=True))
    assert report.first_wrong == "b1"
    assert [c.name for c in report.params if not c.passed] == ["b1"]
    assert "first wrong gradient in backward order: b1" in report.summary()


def test_a_missing_activation_derivative_breaks_both_first_layer_gradients():
    params, loss, grads = _two_layer()
    report = gradcheck(loss, params, grads(params, forget_tanh=True))
    assert report.first_wrong == "b1"
    assert {c.name for c in report.params if not c.passed} == {"b1", "W1"}
    worst = report.params[3].worst[0]
    assert abs(worst.analytic - worst.numeric) > 1e-4


def test_parameters_are_restored_after_checking():
    params, loss, grads = _two_layer()
    before = {k: v.copy() for k, v in params.items()}
    gradcheck(loss, params, grads(params))
    assert all(np.array_equal(before[k], params[k]) for k in params)


def test_zero_argument_loss_functions_work_too():
    w = np.array([[1.0, 2.0]])
    report = gradcheck(lambda: float(np.sum(w**3)), {"w": w}, {"w": 3 * w**2})
    assert report.passed


def test_bad_inputs_are_clear():
    w = np.array([[1.0, 2.0]])
    with pytest.raises(ValueError, match="no gradient given for w"):
        gradcheck(lambda p: 0.0, {"w": w}, {})
    with pytest.raises(TypeError, match="float64"):
        gradcheck(lambda p: 0.0, {"w": np.array([[1, 2]])}, {"w": np.zeros((1, 2))})
    report = gradcheck(lambda p: float(np.sum(p["w"])), {"w": w}, {"w": np.ones(3)})
    assert not report.passed and "shape (3,)" in report.params[0].line()


def test_right_values_in_the_wrong_shape_warn_but_pass():
    b = np.array([[0.5, -1.0, 2.0]])
    report = gradcheck(lambda p: float(np.sum(p["b"] ** 2)), {"b": b}, {"b": 2 * b.ravel()})
    (check,) = report.params
    assert report.passed and check.passed
    assert check.line().startswith("⚠ b:")
    assert "shape (3,)" in check.line() and "(1, 3)" in check.line()
    assert report.warnings and "wrong shape" in report.summary()


def test_wrong_values_in_the_wrong_shape_fail_and_say_both():
    b = np.array([[0.5, -1.0, 2.0]])
    report = gradcheck(lambda p: float(np.sum(p["b"] ** 2)), {"b": b}, {"b": b.ravel()})
    assert not report.passed
    line = report.params[0].line()
    assert line.startswith("✗") and "shape (3,)" in line and "disagree" in line


def test_correct_tiny_gradients_are_not_reported_wrong():
    # weights x0.1 through three tanh layers: gradients of the first layer ~1e-9
    rng = np.random.default_rng(4)
    X, Y = rng.standard_normal((6, 3)), rng.standard_normal((6, 1))
    p = {f"W{i}": 0.1 * 0.1 * rng.standard_normal(s) for i, s in
         enumerate([(3, 4), (4, 4), (4, 4), (4, 1)], start=1)}

    def loss(p):
        a = X
        for i in range(1, 4):
            a = np.tanh(a @ p[f"W{i}"])
        return float(np.mean((a @ p["W4"] - Y) ** 2))

    def grads(p):
        acts = [X]
        for i in range(1, 4):
            acts.append(np.tanh(acts[-1] @ p[f"W{i}"]))
        d = 2 * (acts[-1] @ p["W4"] - Y) / len(X)
        out = {"W4": acts[-1].T @ d}
        g = d @ p["W4"].T
        for i in range(3, 0, -1):
            dz = g * (1 - acts[i] ** 2)
            out[f"W{i}"] = acts[i - 1].T @ dz
            g = dz @ p[f"W{i}"].T
        return out

    gr = grads(p)
    assert np.abs(gr["W1"]).max() < 1e-5  # tiny indeed
    report = gradcheck(loss, p, gr)
    assert report.passed, report.summary()
    # without the floor the same comparison fails: the test can fail
    from nntutor.engine.gradcheck import numeric_gradient, relative_error
    numeric, _ = numeric_gradient(lambda: loss(p), p["W1"])
    assert relative_error(gr["W1"], numeric).max() > 1e-6
    # and a real mistake of that size is still caught
    wrong = dict(gr, W1=gr["W1"] * 1.5)
    assert gradcheck(loss, p, wrong).first_wrong == "W1"
