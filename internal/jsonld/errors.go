package jsonld

import "strings"

// Error codes defined by the JSON-LD 1.1 API (section 9.4.2, JsonLdErrorCode)
// that this processor reports. The string values are the spec's, so that
// test suites can compare them with expectErrorCode.
const (
	CodeCollidingKeywords          = "colliding keywords"
	CodeConflictingIndexes         = "conflicting indexes"
	CodeContextOverflow            = "context overflow"
	CodeCyclicIRIMapping           = "cyclic IRI mapping"
	CodeInvalidIDValue             = "invalid @id value"
	CodeInvalidImportValue         = "invalid @import value"
	CodeInvalidIncludedValue       = "invalid @included value"
	CodeInvalidIndexValue          = "invalid @index value"
	CodeInvalidNestValue           = "invalid @nest value"
	CodeInvalidPrefixValue         = "invalid @prefix value"
	CodeInvalidPropagateValue      = "invalid @propagate value"
	CodeInvalidProtectedValue      = "invalid @protected value"
	CodeInvalidReverseValue        = "invalid @reverse value"
	CodeInvalidVersionValue        = "invalid @version value"
	CodeInvalidBaseDirection       = "invalid base direction"
	CodeInvalidBaseIRI             = "invalid base IRI"
	CodeInvalidContainerMapping    = "invalid container mapping"
	CodeInvalidContextEntry        = "invalid context entry"
	CodeInvalidContextNullif       = "invalid context nullification"
	CodeInvalidDefaultLanguage     = "invalid default language"
	CodeInvalidIRIMapping          = "invalid IRI mapping"
	CodeInvalidKeywordAlias        = "invalid keyword alias"
	CodeInvalidLanguageMapValue    = "invalid language map value"
	CodeInvalidLanguageMapping     = "invalid language mapping"
	CodeInvalidLanguageTaggedStr   = "invalid language-tagged string"
	CodeInvalidLanguageTaggedValue = "invalid language-tagged value"
	CodeInvalidLocalContext        = "invalid local context"
	CodeInvalidRemoteContext       = "invalid remote context"
	CodeInvalidReverseProperty     = "invalid reverse property"
	CodeInvalidReversePropertyMap  = "invalid reverse property map"
	CodeInvalidReversePropertyVal  = "invalid reverse property value"
	CodeInvalidScopedContext       = "invalid scoped context"
	CodeInvalidSetOrListObject     = "invalid set or list object"
	CodeInvalidTermDefinition      = "invalid term definition"
	CodeInvalidTypeMapping         = "invalid type mapping"
	CodeInvalidTypeValue           = "invalid type value"
	CodeInvalidTypedValue          = "invalid typed value"
	CodeInvalidValueObject         = "invalid value object"
	CodeInvalidValueObjectValue    = "invalid value object value"
	CodeInvalidVocabMapping        = "invalid vocab mapping"
	CodeKeywordRedefinition        = "keyword redefinition"
	CodeLoadingDocumentFailed      = "loading document failed"
	CodeLoadingRemoteContextFailed = "loading remote context failed"
	CodeProcessingModeConflict     = "processing mode conflict"
	CodeProtectedTermRedefinition  = "protected term redefinition"
)

// Error codes of this package, outside the JSON-LD API's list.
const (
	// CodeSafeDroppedProperty: safe mode found a property that expands to
	// neither an absolute IRI nor a keyword (undefined term without @vocab,
	// term mapped to null, ignored keyword-like term) and would be dropped.
	CodeSafeDroppedProperty = "safe mode: dropped property"
	// CodeSafeRelativeIRI: safe mode found an @id, @type, @vocab or typed
	// value datatype that stays a relative IRI reference after expansion.
	CodeSafeRelativeIRI = "safe mode: relative IRI"
	// CodeSafeInvalidIRI: safe mode found an absolute IRI that is not well
	// formed (space, angle bracket, control character...) and that the RDF
	// step would skip.
	CodeSafeInvalidIRI = "safe mode: invalid IRI"
	// CodeSafeDroppedValue: safe mode found a value that expansion or the RDF
	// step would silently drop: a value object with a null @value, an object
	// with only @language, a free-floating value, list or node, an empty
	// top-level object, an ill-formed language tag, a base direction
	// while no RDF direction mode is set, an @index (which RDF never
	// holds), or an array directly inside @list of a property that is no
	// @list container (flattened by the algorithm, a list of lists to
	// jsonld.js).
	CodeSafeDroppedValue = "safe mode: dropped value"
	// CodeMaxDepth: the input nests deeper than Options.MaxDepth.
	CodeMaxDepth = "max depth exceeded"
	// CodeMaxTermDefinitions: processing the contexts of the input would
	// create more than Options.MaxTermDefinitions term definitions.
	CodeMaxTermDefinitions = "max term definitions exceeded"
	// CodeMaxQuads: the output would hold more than Options.MaxQuads quads.
	CodeMaxQuads = "max quads exceeded"
	// CodeInvalidInput: the input is not JSON or not a JSON-LD document.
	CodeInvalidInput = "invalid input"
	// CodeNotIJSON: the input is JSON that breaks a rule of I-JSON (RFC
	// 7493; see internal/ijson): invalid UTF-8, an unpaired surrogate
	// escape, a member name twice in an object, or a number no double
	// holds. The *Error unwraps to the internal/ijson sentinel of the rule.
	CodeNotIJSON = "not I-JSON"
	// CodeCanceled: the context passed to Expand or ToRDF was canceled.
	CodeCanceled = "canceled"
)

// Error is the error type returned by this package. Code is one of the
// Code constants; Path is an RFC 6901 JSON pointer to the offending member of
// the input document ("" for the document root, or when the problem is in a
// remote context); Detail names the term or value at fault; Err is the
// underlying cause, if any (loader errors, context cancellation).
type Error struct {
	Code   string
	Path   string
	Detail string
	Err    error

	// rule is the internal/ijson sentinel an I-JSON violation breaks, which
	// Detail already describes: Unwrap returns it when Err is nil.
	rule error
}

// Error renders the error as "jsonld: <code>: <detail> at <pointer>: <cause>".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("jsonld: ")
	b.WriteString(e.Code)
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	b.WriteString(" at \"")
	b.WriteString(e.Path)
	b.WriteString("\"")
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying cause: Err, or for input that breaks an
// I-JSON rule, the internal/ijson error naming the rule.
func (e *Error) Unwrap() error {
	if e.Err != nil {
		return e.Err
	}
	return e.rule
}

// quoteDetail renders a value for an error detail, truncated so that a huge
// input cannot produce a huge message.
func quoteDetail(what, v string) string {
	const max = 200
	if len(v) > max {
		v = v[:max] + "..."
	}
	return what + " \"" + v + "\""
}
