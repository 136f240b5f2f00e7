"""Exercise checking: a safe evaluator for typed NumPy expressions, shapes in named dimensions,
and the diagnosis of wrong answers.

    evaluator.evaluate(expr, variables)       -> value, computed under an allow-list and limits
    shapes.infer_shape(expr, dims)            -> shape in the same dimension names
    diagnosis.check_answer(answer, reference, instances, dims) -> Verdict

What an exercise may write is `dialect.Dialect`, shared by two walks: the value evaluator
(`interpreter.Interpreter`, NumPy runs after each operation's shape rule passed) and the
shape engine's one walker (`nntutor.shapes.walker`), which reads the exercise's names
through `resolver.ExerciseResolver`. Shape rules, named dims, indexing and fixes live in
`nntutor.shapes`.
"""
