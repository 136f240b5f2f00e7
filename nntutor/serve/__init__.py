"""`nntutor serve`: the tutor in a browser for a class, one tutor process per visitor.

students.py  names, and where each student's progress lives under the server's data folder
app.py       the tutor in serve mode: a name first, that student's store, resume the last step
session.py   the command textual-serve starts for each browser connection
server.py    the textual-serve server around it, bound to loopback unless told otherwise
"""
