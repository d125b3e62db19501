cdef class SpanIndex:
    cdef public list items, starts, ends
    cdef public object order
    cdef public bint in_order
    cpdef list within(self, a, b)
    cpdef list starting_in(self, a, b)


cdef class _ClaimBuilder:
    cdef public object doc, text, ft, mt, published, language, source_key, source, _language_word_starts
    cdef public list _excluded_starts, _excluded_spans, _excluded_reach
    cdef public object cue_hits, primary, periods, event_date, event_year_date, carried_event, carried_entity
    cdef public list part_hits, markers, entity_hits, noun_hits, times, year_cues
    cdef public SpanIndex date_index, mention_index, part_index, marker_index, noun_index, entity_index, time_index
    cdef public dict _breaks, _per_sentence
    cdef public object _clause_figure, _clause_sentence, _figure_clause
    cpdef _hits(self, found, phrases)
    cpdef _visible(self, hits)
    cpdef _excluded(self, a, b)
    cpdef _name_or_date_part(self, m)
    cpdef _ends_a_date_range(self, m)
    cpdef _carry(self, sa, sb, carry)
    cpdef _fully_excluded(self, a, b)
    cpdef _find_language_words(self)
    cpdef _clause(self, m, sa, sb)
    cpdef _find_clause(self, m, sa, sb)
    cpdef _neighbours(self, m, list in_sentence, index)
    cpdef _counted_class(self, m, list in_sentence, index, clause_end)
    cpdef _inhabitants(self, m)
    cpdef _metric(self, m, list in_sentence, sa, sb, index, dict listed)
    cpdef _phrase_reading(self, m, list in_sentence, sa, sb, index, allowed, clause, counted, noun=*)
    cpdef _label_before(self, m, sa, sb, ca)
    cpdef _best_phrase(self, allowed, window, m, direction, noun=*)
    cpdef _best_of(self, allowed, hits, m, direction, noun)
    cpdef _markers_in(self, a, b)
    cpdef _scope(self, m, metric, sa, sb, carry, sentences, idx)
    cpdef _scope_beyond_sentence(self, sa, sb, carry, sentences, idx)
    cpdef _in_sentence(self, SpanIndex index, sa, sb)
    cpdef _as_of_in_sentence(self, m, sa, sb)
    cpdef _claim(self, m, reading, scope, sa, sb)
