// Package goldld turns JSON-LD into RDF with github.com/piprate/json-gold,
// wrapped so that it obeys clrkit's rules: documents come only from the
// caller's loader, and the traps where json-gold silently loses data or emits
// relative IRIs (CRYPTO.md section 2: undefined type terms, http(s) IRIs its
// URL regex rejects) are errors.
//
// It is the reference backend that clrkit's own JSON-LD processor
// (internal/jsonld) is differential-tested against. Specification: JSON-LD 1.1
// Processing Algorithms and API, https://www.w3.org/TR/json-ld11-api/.
//
// Where json-gold departs from that specification, the backend refuses the
// document with an *Error rather than give a wrong answer to compare with
// (found by differential fuzzing over mutated OB/CLR credentials):
//
//   - a base direction (@direction): json-gold has no rdfDirection option
//     and drops it, where clrkit writes i18n datatypes as the JavaScript
//     Data Integrity suites do;
//   - a JSON literal that is not an object: json-gold fails to canonicalize
//     it and writes the error message as the literal (Object to RDF, step 8);
//   - an integral number from 2^63 up to 10^21: json-gold writes it as an
//     xsd:double where Object to RDF (step 11) wants an xsd:integer;
//   - an object with both "@type" and "type" (its common alias): json-gold
//     keeps one, where Expansion step 13.4.4.5 keeps the values of both.
//
// It also recovers json-gold's panics (a list of lists in node map
// generation) into errors.
package goldld
