# The types Cython compiles grammar.py with (docs/speedups.md); grammar.py stays plain Python. The reader is an
# extension type: its scanner is scanner.pxd's `Scanner`, read as a C struct (`self.sc.kinds`, and `sc` where a
# method takes it into a local), and the methods it calls on itself are C calls. Token indices are C integers.
# Left `def`: methods with keyword-only arguments (`_quantity_mention`, `_mention`) and those holding a generator
# expression (`_opener_before`, `_date_from_month`), which Cython cannot compile as `cpdef`.
cimport cython
from extractor.numbers.scanner cimport Scanner

cdef class _Reader:
    cdef public Scanner sc
    cdef public object lex, ft, unit_suffixes, plain
    cpdef read(self)
    cpdef _read_at(self, Py_ssize_t i, Py_ssize_t floor)
    cpdef _clock_or_phone(self, Py_ssize_t i)
    cpdef _after_long(self, Py_ssize_t i)
    cpdef _digit_fraction(self, Py_ssize_t i)
    cpdef _month_date(self, Py_ssize_t i, Py_ssize_t floor)
    cpdef _ordinal_day(self, Py_ssize_t i)
    cpdef _is_day(self, Py_ssize_t i)
    @cython.locals(sc=Scanner)
    cpdef _digits_at(self, Py_ssize_t i, Py_ssize_t floor)
    @cython.locals(sc=Scanner)
    cpdef _plain_year(self, Py_ssize_t i)
    @cython.locals(sc=Scanner)
    cpdef _plain_digits(self, Py_ssize_t i)
    @cython.locals(sc=Scanner)
    cpdef _digits_times(self, Py_ssize_t i, scale)
    cpdef _number(self, Py_ssize_t i, Py_ssize_t floor)
    cpdef _is_year(self, Py_ssize_t i, q)
    @cython.locals(sc=Scanner)
    cpdef _year(self, Py_ssize_t start, q)
    cpdef _is_clock(self, q)
    @cython.locals(sc=Scanner)
    cpdef _unit_edges(self, Py_ssize_t start, Py_ssize_t end, negative, Py_ssize_t floor, after, before)
    @cython.locals(sc=Scanner)
    cpdef _hundredths_after(self, Py_ssize_t j)
    @cython.locals(sc=Scanner)
    cpdef _clause_ends(self, Py_ssize_t k)
    cpdef _multiple(self, Py_ssize_t i)
    @cython.locals(sc=Scanner)
    cpdef _unit_word_after(self, Py_ssize_t end)
    @cython.locals(sc=Scanner)
    cpdef _qualifier_words(self, Py_ssize_t start, Py_ssize_t end, after=*, before=*)
    @cython.locals(sc=Scanner)
    cpdef _sign_before(self, Py_ssize_t i, has_digits, Py_ssize_t end)
    @cython.locals(sc=Scanner)
    cpdef _list_marker(self, Py_ssize_t d, Py_ssize_t end)
    @cython.locals(sc=Scanner)
    cpdef _range_after(self, Py_ssize_t j, low, low_had_scale)
    cpdef _orig(self, Py_ssize_t a, Py_ssize_t b)
