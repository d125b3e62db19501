# The types Cython compiles phrases.py with (docs/speedups.md); phrases.py stays plain Python. The loop a hit of
# the automaton is typed: offsets are C integers and a hit's edges are code points read from the typed text and
# looked up in the byte table `_EDGES` in C (`_whole_words`).
cimport cython

cdef Py_ssize_t ENDS, WITHIN

@cython.locals(edges=bytearray, end=Py_ssize_t, back=Py_ssize_t, start=Py_ssize_t, c=Py_ssize_t, edge=Py_ssize_t,
               vocabularies=tuple, i=Py_ssize_t)
cpdef _whole_words(raw, str before, str after, list found)
