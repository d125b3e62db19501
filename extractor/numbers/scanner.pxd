# The types Cython compiles scanner.py with (docs/speedups.md); scanner.py stays plain Python. The scanner is an
# extension type whose token lists are struct fields (grammar.pxd reads them so), and whose questions are `cpdef`.
cdef class Scanner:
    cdef public object ft, lex, keys_compose, line_breaks
    cdef public str s
    cdef public Py_ssize_t n
    cdef public dict _stems, values
    cdef public list kinds, starts, ends, texts, keys, numbers, may_start
    cpdef gap(self, Py_ssize_t i)
    cpdef glued(self, Py_ssize_t i)
    cpdef letter_glued_after(self, Py_ssize_t i)
    cpdef key_of(self, Py_ssize_t a, Py_ssize_t b)
    cpdef key_at(self, Py_ssize_t i)
    cpdef phrase_at(self, Py_ssize_t i, table)
    cpdef phrase_before(self, Py_ssize_t i, table)
    cpdef _every_phrase_at(self, Py_ssize_t i, table)
    cpdef _every_phrase_before(self, Py_ssize_t i, table)
    cpdef is_word(self, Py_ssize_t i, table)
    cpdef num_value(self, Py_ssize_t i)
    cpdef is_full_scale(self, key)
    cpdef scale_of(self, Py_ssize_t i)
    cpdef in_name(self, Py_ssize_t j)
    cpdef can_start(self, Py_ssize_t i)
    cpdef weak_start(self, Py_ssize_t i)
    cpdef prefix_applies(self, Py_ssize_t j)
    cpdef next_is_hundred(self, Py_ssize_t j)
    cpdef next_is_fraction_word(self, Py_ssize_t j)
    cpdef ordinal_stem(self, key)


cpdef bint _is_full_scale(lex, key)
