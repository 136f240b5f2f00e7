"""`nntutor serve`: the tutor in a browser for a class, one tutor process per visitor.

students.py       names, and where each student's progress lives under the data folder
app.py            the tutor in serve mode: a name first, that student's store, resume
lesson_screen.py  the lesson screen that starts at the saved step and saves each step
session.py        the command textual-serve starts for each browser connection
server.py         the textual-serve server around it, bound to loopback unless told otherwise
export.py         every student's progress as CSV or JSON (`nntutor progress --export`)
"""
