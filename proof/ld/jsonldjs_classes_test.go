package ld

import (
	"context"
	"errors"
	"regexp"
	"strings"
)

// Where clrkit and the JavaScript reference (jsonld.js 9.0.0 and
// rdf-canonize 5.0.0) differ on a variant of the mutation corpus, the
// difference must be one of these, each decided by the specifications.
// The first five are refusals of clrkit's that jsonld.js does not make;
// the last is the deviations of jsonld.js from the specifications, which
// clrkit follows and reproduces as the jsonld-js dialect. Each classifier
// confirms its explanation: the refusals by their code, the deviations by
// the dialect's N-Quads, which must be jsonld.js's exactly.
var jsonldJSDifferences = []struct {
	name    string
	explain func(doc []byte, ours string, err error, js jsonldJSVerdict) bool
}{
	// The VC Data Model and JCS require I-JSON (RFC 7493 section 2): an
	// unpaired surrogate, invalid UTF-8, a duplicate member name, a number
	// no double holds. JSON.parse repairs or accepts each, so that two
	// texts become one document; clrkit refuses them.
	{"clrkit refuses text that is not I-JSON", func(_ []byte, _ string, err error, js jsonldJSVerdict) bool {
		return refusedWith(err, CodeNotIJSON, "") && js.Error == ""
	}},
	// Expansion step 13.4.11.2 expands an @list value with the active
	// property, so step 5.2.3 flattens an inner array when the property is
	// not a @list container; jsonld.js makes it a list of lists. Two
	// readings of one document: clrkit refuses it in safe mode.
	{"clrkit refuses an array inside @list", func(_ []byte, _ string, err error, js jsonldJSVerdict) bool {
		return refusedWith(err, "safe mode: dropped value", "an array inside @list") && js.Error == ""
	}},
	// Deserialize JSON-LD to RDF ignores @index (step 1.3.2.2): documents
	// differing only in indexes sign alike. clrkit refuses @index in safe
	// mode; jsonld.js drops it.
	{"clrkit refuses @index", func(_ []byte, _ string, err error, js jsonldJSVerdict) bool {
		return refusedWith(err, "safe mode: dropped value", "@index has no RDF form") && js.Error == ""
	}},
	// An IRI with a character RFC 3987 forbids (space, <, >, ...) is not
	// well formed, and Deserialize JSON-LD to RDF skips it (steps 1.3.1,
	// 1.3.2.1, 1.3.2.4; Object to RDF step 1); jsonld.js writes it into the
	// N-Quads, where "<" and ">" break the syntax. clrkit refuses it in
	// safe mode.
	{"clrkit refuses an ill-formed IRI", func(_ []byte, _ string, err error, js jsonldJSVerdict) bool {
		return refusedWith(err, "safe mode: invalid IRI", "") && js.Error == "" && illFormedIRI.MatchString(js.NQuads)
	}},
	// A language tag that is not well-formed BCP 47 (RFC 5646 section
	// 2.2.9; "x" alone, "en-1") makes Object to RDF drop the value (step
	// 7); jsonld.js checks only ALPHA{1,8}("-" ALPHANUM{1,8})* and writes
	// it. clrkit refuses it in safe mode.
	{"clrkit refuses an ill-formed language tag", func(_ []byte, _ string, err error, js jsonldJSVerdict) bool {
		return refusedWith(err, "safe mode: dropped value", "ill-formed language tag") && js.Error == ""
	}},
	// The deviations of jsonld.js from the JSON-LD 1.1 API and RDFC-1.0
	// that the jsonld-js dialect reproduces (a context's @direction lost
	// under type-scoped contexts, parseFloat on strings typed xsd:double,
	// 1e-7 written as "0"^^xsd:integer, ...): the dialect must give
	// jsonld.js's N-Quads exactly, and name the constructs.
	{"jsonld.js deviates, as the jsonld-js dialect reproduces", func(doc []byte, _ string, err error, js jsonldJSVerdict) bool {
		if err != nil || js.Error != "" {
			return false
		}
		cmp, cerr := Default().CompareDialects(context.Background(), doc)
		return cerr == nil && len(cmp.Constructs) > 0 && string(cmp.JSONLDJS.NQuads) == js.NQuads
	}},
}

// knownJSONLDJSDifference names the reason clrkit and jsonld.js differ on
// doc, or returns "" when no known reason applies.
func knownJSONLDJSDifference(doc []byte, ours string, err error, js jsonldJSVerdict) string {
	for _, d := range jsonldJSDifferences {
		if d.explain(doc, ours, err, js) {
			return d.name
		}
	}
	return ""
}

// refusedWith reports whether err is an *Error with code whose message
// holds detail.
func refusedWith(err error, code, detail string) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code && strings.Contains(e.Error(), detail)
}

var illFormedIRI = regexp.MustCompile(`<[^>\n]*[ <"{}|\\^` + "`" + `][^>\n]*>`)
