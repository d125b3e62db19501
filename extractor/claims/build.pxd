cimport cython


cdef class Marker:
    cdef public object start, end, scope, strength


cdef class PartHit:
    cdef public object start, end, key


cdef class MetricReading:
    cdef public object metric, text, confidence, counted


cdef class SpanIndex:
    cdef public list items, starts, ends
    cdef public object order
    cdef public bint in_order
    @cython.locals(lo=Py_ssize_t, hi=Py_ssize_t, j=Py_ssize_t, starts=list, ends=list, items=list, picked=list)
    cpdef list within(self, a, b)
    @cython.locals(lo=Py_ssize_t, hi=Py_ssize_t, starts=list, picked=list)
    cpdef list starting_in(self, a, b)


cdef class _ClaimBuilder:
    cdef public str text
    cdef public object doc, ft, mt, published, language, source_key, source, _language_word_starts
    cdef public list _excluded_starts, _excluded_spans, _excluded_reach, _excluded_in_order
    cdef public object cue_hits, primary, periods, event_date, event_year_date, carried_event, carried_entity
    cdef public list part_hits, markers, entity_hits, noun_hits, times, year_cues
    cdef public SpanIndex date_index, mention_index, part_index, marker_index, noun_index, entity_index, time_index
    cdef public dict _breaks, _per_sentence
    cdef public object _clause_figure, _clause_sentence, _figure_clause
    cpdef _hits(self, found, phrases)
    cpdef _visible(self, hits)
    @cython.locals(i=Py_ssize_t)
    cpdef bint _excluded(self, a, b)
    cpdef bint _name_or_date_part(self, m)
    cpdef bint _ends_a_date_range(self, m)
    cpdef _carry(self, sa, sb, carry)
    @cython.locals(i=Py_ssize_t)
    cpdef bint _fully_excluded(self, a, b)
    cpdef _find_language_words(self)
    cpdef _clause(self, m, sa, sb)
    @cython.locals(i=Py_ssize_t, j=Py_ssize_t, starts=list, ends=list)
    cpdef _find_clause(self, m, sa, sb)
    @cython.locals(k=Py_ssize_t)
    cpdef _neighbours(self, m, list in_sentence, Py_ssize_t index)
    @cython.locals(noun=PartHit)
    cpdef _counted_class(self, m, list in_sentence, Py_ssize_t index, clause_end)
    cpdef bint _inhabitants(self, m)
    @cython.locals(noun_hit=PartHit, found=MetricReading, first=MetricReading)
    cpdef _metric(self, m, list in_sentence, sa, sb, Py_ssize_t index, dict listed)
    cpdef _phrase_reading(self, m, list in_sentence, sa, sb, Py_ssize_t index, allowed, clause, counted, noun=*)
    @cython.locals(h=PartHit, hits=list)
    cpdef _read_window(self, list parts, a, b, m, str direction, confidence, allowed, noun)
    cpdef _label_before(self, m, sa, sb, ca)
    cpdef _best_phrase(self, allowed, window, m, direction, noun=*)
    @cython.locals(h=PartHit, first=PartHit, last=PartHit, keys=list)
    cpdef _best_of(self, allowed, hits, m, direction, noun)
    cpdef _markers_in(self, a, b)
    @cython.locals(in_sentence=list, k=Marker, pick=Marker, clause_before=Marker, clause_after=Marker,
                   strong_before=Marker, strong_after=Marker, any_before=Marker, any_after=Marker)
    cpdef _scope(self, m, metric, sa, sb, carry, sentences, idx)
    cpdef _scope_beyond_sentence(self, sa, sb, carry, sentences, idx)
    cpdef _in_sentence(self, SpanIndex index, sa, sb)
    cpdef _as_of_in_sentence(self, m, sa, sb)
    cpdef _claim(self, m, MetricReading reading, scope, sa, sb)


@cython.locals(h=PartHit, first=PartHit, last=PartHit)
cpdef _match_in_order(tuple phrase, list hits)



@cython.locals(c=Py_ssize_t)
cpdef int _class_at(str text, Py_ssize_t i, bytes table)
@cython.locals(j=Py_ssize_t, k=Py_ssize_t, table=bytes)
cpdef _code_before(str text, Py_ssize_t lo, Py_ssize_t end)
@cython.locals(hi=Py_ssize_t, mid=Py_ssize_t, v=Py_ssize_t)
cpdef Py_ssize_t _bisect_left(list values, Py_ssize_t x, Py_ssize_t lo)
@cython.locals(lo=Py_ssize_t, hi=Py_ssize_t, mid=Py_ssize_t, v=Py_ssize_t)
cpdef Py_ssize_t _bisect_right(list values, Py_ssize_t x)
@cython.locals(hi=Py_ssize_t, mid=Py_ssize_t, v=Py_ssize_t)
cpdef Py_ssize_t _bisect_hits(list hits, Py_ssize_t x, Py_ssize_t lo, Py_ssize_t field, bint right)
