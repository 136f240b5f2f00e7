from nntutor.debugger.source import SourceIndex


def test_two_statements_on_one_line_belong_to_the_first():
    text = "import numpy as np\nW1 = np.ones((3, 8)); b1 = np.zeros(8)\nfor i in range(2):\n    a = 1; b = 2\n"
    index = SourceIndex("net.py", text)
    assert index.indent(2, 1) == 0
    assert index.statement(2).targets[0].id == "W1"
    assert index.indent(4, 1) == 4 and index.statement(4).targets[0].id == "a"
