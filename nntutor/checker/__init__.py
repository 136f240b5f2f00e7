"""Exercise checking: a safe evaluator for typed NumPy expressions, shapes in named dimensions,
and the diagnosis of wrong answers.

    evaluator.evaluate(expr, variables)       -> value, computed under an allow-list and limits
    shapes.infer_shape(expr, dims)            -> shape in the same dimension names
    diagnosis.check_answer(answer, reference, instances, dims) -> Verdict
"""
