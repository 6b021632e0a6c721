package jsonld

// Safe mode (Options.Safe) turns every place where the processor would
// silently lose data, or would emit a relative or ill-formed IRI, into an
// *Error with one of the CodeSafe... codes and the JSON pointer of the
// member at fault. The checks sit where expansion produces the IRI or drops
// the value, because only there is the input position known; the RDF step
// then has nothing left to skip.

// checkNodeID checks an expanded @id, @type or datatype IRI in safe mode:
// it must be a blank node identifier or a well-formed absolute IRI.
func (s *state) checkNodeID(what, iri string) error {
	if !s.p.opts.Safe || isBlankID(iri) {
		return nil
	}
	if schemeEnd(iri) <= 0 {
		return s.errf(CodeSafeRelativeIRI, quoteDetail(what+" value", iri)+" is a relative IRI reference")
	}
	if !isWellFormedIRI(iri) {
		return s.errf(CodeSafeInvalidIRI, quoteDetail(what+" value", iri)+" is not a well-formed IRI")
	}
	return nil
}

// checkProperty checks an expanded property IRI in safe mode: it must be a
// well-formed absolute IRI; blank node properties are rejected when
// producing RDF without generalized RDF.
func (s *state) checkProperty(key, iri string) error {
	if !s.p.opts.Safe {
		return nil
	}
	if isBlankID(iri) {
		if s.forRDF && !s.p.opts.ProduceGeneralizedRDF {
			return s.errf(CodeSafeDroppedProperty, quoteDetail("property", key)+" expands to a blank node, which RDF cannot use as a predicate")
		}
		return nil
	}
	if !isWellFormedIRI(iri) {
		return s.errf(CodeSafeInvalidIRI, quoteDetail("property", key)+" expands to "+quoteDetail("the ill-formed IRI", iri))
	}
	return nil
}

// checkIndexKept refuses, in safe mode and when producing RDF, an @index
// (an @index entry, or the key of an index map whose term has no
// property-valued index): Deserialize JSON-LD to RDF ignores it (section
// 8.1, step 1.3.2.2, and Object to RDF never reads it), so documents that
// differ only in their indexes would sign alike.
func (s *state) checkIndexKept() error {
	if !s.forRDF || !s.p.opts.Safe {
		return nil
	}
	return s.errf(CodeSafeDroppedValue, "@index has no RDF form: its value would not be signed")
}
