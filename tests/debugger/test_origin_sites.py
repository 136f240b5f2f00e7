"""Where a wrong shape was made when the line that made it is not an assignment of the
operand itself: an append, a returned tuple, a dict display, a loop that never feeds its
result forward, a second statement on a line, an argument of a call that never finished.
Each script below fails downstream of its slip; fix #1 must be made at the slip."""

from __future__ import annotations

from nntutor.debugger.events import ExceptionRaised
from tests.debugger.conftest import events_of


def fixes(path):
    found = [e for e in events_of(path) if isinstance(e, ExceptionRaised)]
    assert found and found[0].explanation is not None
    ex = found[0].explanation
    return [(f.where.lineno if f.where else ex.location.lineno, f.line.strip()) for f in ex.fixes]


def test_an_input_appended_where_the_activation_belongs(write_script):
    path = write_script("""
        import numpy as np
        rng = np.random.default_rng(0)
        weights = [rng.normal(size=(5, 4)), rng.normal(size=(3, 5))]

        def backprop(x, y):
            activation = x
            activations = [x]
            for w in weights:
                z = w @ activation
                activation = np.tanh(z)
                activations.append(x)
            delta = (activations[-1] - y) * (1 - activations[-1] ** 2)
            return delta @ activations[-2].T

        backprop(rng.normal(size=(4, 1)), np.eye(3)[:, [0]])
    """)
    assert fixes(path)[0] == (11, "activations.append(activation)")


def test_the_input_returned_where_the_hidden_output_belongs(write_script):
    path = write_script("""
        import numpy as np
        rng = np.random.default_rng(0)
        X = rng.normal(size=(2, 40))
        W1, W2 = rng.normal(size=(6, 2)), rng.normal(size=(1, 6))

        def forward(X):
            Z1 = W1 @ X
            A1 = np.tanh(Z1)
            A2 = W2 @ A1
            return Z1, X, A2

        for step in range(2):
            Z1, A1, A2 = forward(X)
            dZ2 = A2 - 1.0
            dW2 = dZ2 @ A1.T / 40
            W2 = W2 - 0.1 * dW2
    """)
    assert fixes(path)[0] == (10, "return Z1, A1, A2")


def test_the_input_stored_in_a_cache_under_the_activations_key(write_script):
    path = write_script("""
        import numpy as np
        rng = np.random.default_rng(0)
        X = rng.normal(size=(2, 40))
        W1, W2 = rng.normal(size=(6, 2)), rng.normal(size=(1, 6))

        def forward(X):
            Z1 = W1 @ X
            A1 = np.tanh(Z1)
            Z2 = W2 @ A1
            cache = {"Z1": Z1, "A1": X, "Z2": Z2}
            return cache

        cache = forward(X)
        dZ2 = cache["Z2"] - 1.0
        dZ1 = (W2.T @ dZ2) * (1 - cache["A1"] ** 2)
    """)
    assert fixes(path)[0] == (10, 'cache = {"Z1": Z1, "A1": A1, "Z2": Z2}')


def test_a_layer_loop_that_never_feeds_its_result_forward(write_script):
    path = write_script("""
        import numpy as np
        rng = np.random.default_rng(0)

        class Linear:
            def __init__(self, n_in, n_out):
                self.W = rng.normal(size=(n_in, n_out))
            def forward(self, x):
                return x @ self.W

        def forward(layers, x):
            for layer in layers:
                out = layer.forward(x)
            return x

        forward([Linear(4, 8), Linear(8, 3)], np.ones((10, 4)))
    """)
    assert fixes(path)[0] == (12, "x = layer.forward(x)")


def test_the_second_statement_of_a_line_is_the_one_that_failed(write_script):
    path = write_script("""
        import numpy as np
        rng = np.random.default_rng(0)
        X = rng.normal(size=(30, 2))
        W, b = rng.normal(size=(2, 4)), np.zeros((1, 4))
        vW, vb = np.zeros_like(W), np.zeros_like(b)
        for step in range(3):
            dZ = X @ W + b
            dW = X.T @ dZ
            db = np.sum(dZ, axis=1, keepdims=True)
            vW = 0.9 * vW - 0.1 * dW; W += vW
            vb = 0.9 * vb - 0.1 * db; b += vb
    """)
    assert fixes(path)[0] == (9, "db = np.sum(dZ, axis=0, keepdims=True)")


def test_data_stacked_the_wrong_way_with_sizes_read_from_it(write_script):
    # n_x and m come from X: laid out (m, 2), the weights get m inputs; the fix is X's layout
    path = write_script("""
        import numpy as np
        rng = np.random.default_rng(1)
        x1, x2 = rng.normal(size=120), rng.normal(size=120)
        X = np.column_stack([x1, x2])
        Y = (x1 * x2 > 0).astype(float).reshape(1, 120)
        n_x, m = X.shape[0], X.shape[1]
        W1 = rng.normal(size=(5, n_x)) * 0.1
        W2 = rng.normal(size=(1, 5)) * 0.1
        for step in range(3):
            A1 = np.tanh(W1 @ X)
            A2 = 1 / (1 + np.exp(-(W2 @ A1)))
            loss = -np.sum(Y * np.log(A2)) / m
            dZ2 = A2 - Y
            W2 = W2 - 0.1 * (dZ2 @ A1.T) / m
            W1 = W1 - 0.1 * ((W2.T @ dZ2) * (1 - A1 ** 2)) @ X.T / m
    """)
    assert fixes(path)[0] == (4, "X = np.column_stack([x1, x2]).T")


def test_a_sample_taken_flat_where_a_row_is_meant(write_script):
    path = write_script("""
        import numpy as np
        inputs = np.array([[1, 0, 1], [0, 1, 1], [0, 0, 1], [1, 1, 1]])
        targets = np.array([[1, 1, 0, 0]]).T
        w01 = np.ones((3, 4)) * 0.1
        w12 = np.ones((4, 1)) * 0.1
        for i in range(len(inputs)):
            l0 = inputs[i]
            l1 = np.maximum(0, l0.dot(w01))
            l2 = l1.dot(w12)
            d2 = targets[i:i + 1] - l2
            w12 += 0.1 * l1.T.dot(d2)
    """)
    assert fixes(path)[0] == (7, "l0 = inputs[i:i + 1]")


def test_a_column_made_where_the_script_keeps_samples_flat(write_script):
    # b1 is flat and so is every sample but this one: making b1 a column at its use would
    # move the failure to the bias update two lines down
    path = write_script("""
        import numpy as np
        rng = np.random.default_rng(0)
        X = rng.normal(size=(20, 4))
        W1, b1 = rng.normal(size=(6, 4)), np.zeros(6)
        W2 = rng.normal(size=(1, 6))
        for i in range(len(X)):
            x = X[i].reshape(-1, 1)
            h = np.tanh(W1 @ x + b1)
            out = W2 @ h
            dh = (W2.T @ (out - 1.0)) * (1 - h ** 2)
            W2 -= 0.1 * np.outer(out - 1.0, h)
            b1 -= 0.1 * dh
    """)
    assert fixes(path)[0] == (7, "x = X[i]")


def test_a_batch_drawn_from_data_laid_out_the_wrong_way(write_script):
    path = write_script("""
        import numpy as np
        rng = np.random.default_rng(0)
        raw = rng.normal(size=(90, 4))

        class Net:
            def __init__(self):
                self.W = rng.normal(size=(4, 3))
            def loss(self, X):
                return X @ self.W
            def train(self, X):
                for it in range(2):
                    idx = rng.choice(len(X), 16)
                    self.loss(X[idx])

        data, labels = raw.T, np.zeros(90)
        X = data
        Net().train(X)
    """)
    assert fixes(path)[0] == (16, "X = data.T")


def test_sizes_handed_to_an_init_function_follow_the_data(write_script):
    # n_x comes from X at the top level and is passed to the function that makes the weights
    path = write_script("""
        import numpy as np
        rng = np.random.default_rng(0)
        raw, labels = rng.normal(size=(80, 2)), np.zeros(80)
        X = raw
        Y = labels.reshape(1, -1)

        def init(n_x, n_h):
            W1 = rng.normal(size=(n_h, n_x)) * 0.1
            W2 = rng.normal(size=(1, n_h)) * 0.1
            return W1, W2

        n_x = X.shape[0]
        W1, W2 = init(n_x, 5)
        for step in range(2):
            A1 = np.tanh(W1 @ X)
            A2 = W2 @ A1
            dA2 = 2 * (A2 - Y) / 80
            dW2 = dA2 @ A1.T
            dW1 = ((W2.T @ dA2) * (1 - A1 ** 2)) @ X.T
            W2 = W2 - 0.1 * dW2
            W1 = W1 - 0.1 * dW1
    """)
    assert fixes(path)[0] == (4, "X = raw.T")


def test_a_loop_index_taken_from_an_array_still_slices():
    import ast

    import numpy as np

    from nntutor.debugger.namespace import Namespace

    ns = Namespace({"X": np.zeros((10, 3)), "i": np.int64(4)})
    node = ast.parse("X[i:i + 1]", mode="eval").body
    assert ns.value(node.slice) == slice(4, 5)
