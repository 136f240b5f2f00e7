import numpy as np
import pytest

from nntutor import Network
from nntutor.engine.datasets import load_dataset


@pytest.fixture
def xor_tape():
    ds = load_dataset("xor")
    net = Network([(2, 4, "tanh"), (4, 1, "sigmoid")], loss="half_sse", init="glorot", seed=0)
    return net, ds, net.trace(ds.X_train, ds.Y_train)


def test_steps_are_numbered_forward_then_backward_in_reverse_layer_order(xor_tape):
    net, _, tape = xor_tape
    assert [s.index for s in tape] == list(range(len(tape)))
    assert [s.op for s in tape] == [
        "matmul", "bias_add", "tanh", "matmul", "bias_add", "sigmoid", "loss_half_sse",
        "loss_half_sse_grad", "sigmoid_grad", "bias_add_grad", "matmul_grad_weight",
        "matmul_grad_input", "tanh_grad", "bias_add_grad", "matmul_grad_weight"]
    assert [s.layer for s in tape.phase("backward")] == [None, 2, 2, 2, 2, 1, 1, 1]
    assert tape.first_of("backward") == 7 and tape.first_of("update") is None


def test_each_step_explains_itself_with_formula_numpy_shapes_and_dims(xor_tape):
    _, _, tape = xor_tape
    s = tape[0]
    assert s.formula == "XW1 = X·W1" and s.numpy == "XW1 = X @ W1"
    assert s.shape_algebra == ("(4, 2) @ (2, 4) → (4, 4)", "(n, in) @ (in, h1) → (n, h1)")
    assert s.inputs[0].describe() == "X: (n, in) = (4, 2)"
    dw1 = tape[14]
    assert dw1.formula == "∂L/∂W1 = Xᵀ·δ1" and dw1.numpy == "dW1 = X.T @ dZ1"
    assert dw1.shape_algebra[1] == "(in, n) @ (n, h1) → (in, h1)"
    assert "LEFT" in dw1.note
    da1 = tape[11]
    assert da1.numpy == "dA1 = dZ2 @ W2.T" and "RIGHT" in da1.note
    db = tape[9]
    assert db.numpy == "db2 = dZ2.sum(axis=0, keepdims=True)"
    assert "keepdims" in db.note and "np.ones_like" in db.note
    assert tape[12].numpy == "dZ1 = dA1 * (1 - A1**2)"
    assert tape[8].numpy == "dZ2 = dA2 * (A2 * (1 - A2))"


def test_mean_losses_say_where_n_divides():
    net = Network([(2, 3, "relu"), (3, 1, "sigmoid")], loss="bce", seed=0)
    rng = np.random.default_rng(0)
    tape = net.trace(rng.standard_normal((5, 2)), np.array([[0.0], [1], [1], [0], [1]]))
    start = tape[tape.first_of("backward")]
    assert "1/n" in start.note and start.numpy.startswith("dA2 = ")


def test_traced_values_are_the_fast_path_values(xor_tape):
    net, ds, tape = xor_tape
    grads = net.gradients(ds.X_train, ds.Y_train)
    values = tape.values()
    for name, g in grads.items():
        assert np.array_equal(values[f"d{name}"], g), name
    assert np.array_equal(values["A2"], net.predict(ds.X_train))
    assert tape.loss == pytest.approx(net.loss_value(ds.X_train, ds.Y_train))


def test_state_before_and_after_any_step_is_reconstructible(xor_tape):
    _, _, tape = xor_tape
    assert tape.state_before(0) == {}
    after3 = tape.state_after(3)
    assert set(after3) == {"X", "W1", "XW1", "b1", "Z1", "A1", "W2", "A1W2"}
    assert set(tape.state_before(4)) == set(after3)
    assert "dW1" in tape.state_after(len(tape) - 1)
    with pytest.raises(IndexError, match="the tape has 15 steps"):
        tape.state_after(15)


def test_gradient_flows_back_node_by_node(xor_tape):
    _, _, tape = xor_tape
    assert tape.gradient_received(6) == set()
    assert tape.gradient_received(7) == {"A2"}
    assert {"Z2", "b2", "W2"} <= tape.gradient_received(10)
    assert "A1" not in tape.gradient_received(10) and "A1" in tape.gradient_received(11)


def test_recorded_parameters_do_not_change_when_training_continues(xor_tape):
    net, ds, tape = xor_tape
    w1 = tape[0].operand("W1").value.copy()
    net.train_step(ds.X_train, ds.Y_train, lr=10.0)
    assert np.array_equal(tape[0].operand("W1").value, w1)


def test_update_steps_apply_gradient_descent():
    net = Network([(2, 3, "tanh"), (3, 1, "linear")], loss="mse", seed=1)
    X, Y = np.ones((4, 2)), np.zeros((4, 1))
    tape = net.trace(X, Y, lr=0.5)
    ups = tape.phase("update")
    assert [s.node for s in ups] == ["b2", "W2", "b1", "W1"]
    s = ups[1]
    before, grad = s.inputs[0].value, s.inputs[1].value
    assert np.allclose(s.result.value, before - 0.5 * grad)
    assert s.formula.startswith("W2 ← W2 − η·∂L/∂W2")


def test_softmax_cross_entropy_starts_backward_at_dz():
    net = Network([(4, 3, "softmax")], loss="cross_entropy", seed=0)
    rng = np.random.default_rng(0)
    tape = net.trace(rng.standard_normal((6, 4)), np.eye(3)[[0, 1, 2, 0, 1, 2]])
    first = tape[tape.first_of("backward")]
    assert first.result.name == "dZ1" and "softmax" not in [s.op for s in tape.phase("backward")]
