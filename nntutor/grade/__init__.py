"""`nntutor grade`: a class's answers graded with the tutor's own checker, on every core.

rows.py     reading a CSV or JSON Lines file of student, lesson, exercise, answer (size first)
pool.py     grading each distinct (lesson, exercise, answer) once, in a pool of sandboxed workers
summary.py  per student (solved / attempted) and per exercise (right, the common mistakes)
report.py   the summary as text, the results as CSV or JSON
"""
