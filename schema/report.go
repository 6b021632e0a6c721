package schema

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/clrkit/clrkit/internal/jsonptr"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Report is the outcome of one validation. It marshals to JSON as is.
type Report struct {
	Valid bool `json:"valid"`
	Kind  Kind `json:"kind"`
	// Flavour is "adapted" or "formal": which schema set the kind used.
	Flavour string `json:"flavour"`
	// Schemas lists the $id of every schema the document was checked against.
	Schemas []string `json:"schemas"`
	// Notes says where the validation differs from what was asked.
	Notes []string `json:"notes,omitempty"`
	// Skipped lists credentialSchema ids that are not embedded and were
	// not checked (only with Options.SkipUnknownSchemas).
	Skipped  []string  `json:"skipped,omitempty"`
	Problems []Problem `json:"problems,omitempty"`
}

// Problem is one root cause of a failed validation.
type Problem struct {
	// Pointer is the RFC 6901 JSON pointer of the offending value; for a
	// missing property it points at where the property should be.
	Pointer string `json:"pointer"`
	// Keyword is the schema keyword that failed (required, type, pattern...).
	Keyword string `json:"keyword"`
	// SchemaLocation is the absolute location of that keyword: the
	// schema's $id and a pointer inside it.
	SchemaLocation string `json:"schemaLocation"`
	Message        string `json:"message"`
}

// Error renders the report on one line, problem after problem.
func (r *Report) Error() string {
	if r.Valid {
		return "schema: document is valid"
	}
	parts := make([]string, len(r.Problems))
	for i, p := range r.Problems {
		ptr := p.Pointer
		if ptr == "" {
			ptr = "(root)"
		}
		parts[i] = ptr + ": " + p.Message
	}
	return fmt.Sprintf("schema: %s is invalid: %s", r.Kind, strings.Join(parts, "; "))
}

// Is makes a failing report match ErrInvalid.
func (r *Report) Is(target error) bool { return target == ErrInvalid && !r.Valid }

// Err returns the report as an error when it failed, nil otherwise.
func (r *Report) Err() error {
	if r.Valid {
		return nil
	}
	return r
}

var printer = message.NewPrinter(language.English)

// problems flattens a validation error tree into its root causes. Where an
// anyOf or oneOf failed, only the most relevant branch is followed, so the
// report names one cause instead of one per alternative.
func problems(ve *jsonschema.ValidationError) []Problem {
	var out []Problem
	for _, leaf := range rootCauses(ve) {
		out = append(out, toProblems(leaf)...)
	}
	return out
}

func rootCauses(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	switch e.ErrorKind.(type) {
	case *kind.Contains:
		// Every item missed: the array as a whole is the cause.
		return []*jsonschema.ValidationError{e}
	case *kind.AnyOf, *kind.OneOf:
		if best := bestBranch(e); best != nil {
			return rootCauses(best)
		}
		// Every alternative rejected the value's JSON type: that is the
		// single cause.
		return []*jsonschema.ValidationError{e}
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, rootCauses(c)...)
	}
	return out
}

// bestBranch picks among the failed alternatives of e the one that got
// furthest: branches that only rejected the JSON type of the value itself
// are skipped, then the deepest failing instance location wins, then the
// branch with the fewest causes. It returns nil when all branches were
// type mismatches.
func bestBranch(e *jsonschema.ValidationError) *jsonschema.ValidationError {
	var best *jsonschema.ValidationError
	bestDepth, bestCount := -1, 0
	for _, c := range e.Causes {
		leaves := rootCauses(c)
		if typeOnly(leaves, len(e.InstanceLocation)) {
			continue
		}
		depth := 0
		for _, l := range leaves {
			depth = max(depth, len(l.InstanceLocation))
		}
		if depth > bestDepth || (depth == bestDepth && len(leaves) < bestCount) {
			best, bestDepth, bestCount = c, depth, len(leaves)
		}
	}
	return best
}

// typeOnly reports whether leaves is a single type (or const/enum) mismatch
// at the alternative's own instance location: a branch meant for another
// shape of value.
func typeOnly(leaves []*jsonschema.ValidationError, depth int) bool {
	if len(leaves) != 1 || len(leaves[0].InstanceLocation) != depth {
		return false
	}
	switch leaves[0].ErrorKind.(type) {
	case *kind.Type:
		return true
	case *kind.AnyOf, *kind.OneOf:
		// a nested set of alternatives that all rejected the JSON type
		return len(leaves[0].Causes) > 0
	}
	return false
}

func toProblems(e *jsonschema.ValidationError) []Problem {
	ptr := pointer(e.InstanceLocation)
	loc := e.SchemaURL
	kw := e.ErrorKind.KeywordPath()
	if len(kw) > 0 {
		loc += "/" + strings.Join(escapeAll(kw), "/")
	}
	keyword := ""
	if len(kw) > 0 {
		keyword = kw[0]
	}
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		out := make([]Problem, len(k.Missing))
		for i, m := range k.Missing {
			out[i] = Problem{Pointer: ptr + "/" + jsonptr.Token(m), Keyword: "required", SchemaLocation: loc,
				Message: fmt.Sprintf("required property %q is missing", m)}
		}
		return out
	case *kind.Contains:
		msg := "no item matches"
		if len(e.Causes) > 0 {
			msg = "no item matches: " + e.Causes[0].ErrorKind.LocalizedString(printer)
		}
		return []Problem{{Pointer: ptr, Keyword: keyword, SchemaLocation: loc, Message: msg}}
	case *kind.AnyOf, *kind.OneOf:
		return []Problem{{Pointer: ptr, Keyword: keyword, SchemaLocation: loc, Message: "value has none of the allowed forms (" + allowedTypes(e) + ")"}}
	}
	return []Problem{{Pointer: ptr, Keyword: keyword, SchemaLocation: loc, Message: e.ErrorKind.LocalizedString(printer)}}
}

// allowedTypes lists the JSON types the alternatives of e would accept.
func allowedTypes(e *jsonschema.ValidationError) string {
	var want []string
	var collect func(e *jsonschema.ValidationError)
	collect = func(e *jsonschema.ValidationError) {
		for _, c := range e.Causes {
			for _, l := range rootCauses(c) {
				switch k := l.ErrorKind.(type) {
				case *kind.Type:
					for _, w := range k.Want {
						if !contains(want, w) {
							want = append(want, w)
						}
					}
				case *kind.AnyOf, *kind.OneOf:
					collect(l)
				}
			}
		}
	}
	collect(e)
	return strings.Join(want, " or ")
}

func pointer(tokens []string) string {
	if len(tokens) == 0 {
		return ""
	}
	return "/" + strings.Join(escapeAll(tokens), "/")
}

func escapeAll(tokens []string) []string {
	out := make([]string, len(tokens))
	for i, t := range tokens {
		out[i] = jsonptr.Token(t)
	}
	return out
}

func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Pointer < ps[j].Pointer })
}

// identityHashRE is the IdentityHash type of OB 3.0: an algorithm, a "$" and
// the hex digest (32 digits for md5, 64 for sha256). The schemas leave the
// string unchecked, so it is checked here for hashed identities.
var identityHashRE = regexp.MustCompile(`^(md5\$[0-9a-fA-F]{32}|sha256\$[0-9a-fA-F]{64})$`)

// identityHashProblems walks v for IdentityObjects marked hashed whose
// identityHash is not an IdentityHash.
func identityHashProblems(v any, path []string) []Problem {
	if len(path) == 0 && !hasHashedIdentity(v) {
		return nil // the common case, found without allocating
	}
	var out []Problem
	switch t := v.(type) {
	case map[string]any:
		if contains(types(t["type"]), "IdentityObject") && t["hashed"] == true {
			if h, ok := t["identityHash"].(string); ok && !identityHashRE.MatchString(h) {
				out = append(out, Problem{
					Pointer:        pointer(append(append([]string(nil), path...), "identityHash")),
					Keyword:        "identityHash",
					SchemaLocation: "https://www.imsglobal.org/spec/ob/v3p0/#identityhash",
					Message:        "a hashed identityHash must be md5$ or sha256$ followed by the hex digest",
				})
			}
		}
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			out = append(out, identityHashProblems(t[k], append(path, k))...)
		}
	case []any:
		for i, x := range t {
			out = append(out, identityHashProblems(x, append(path, strconv.Itoa(i)))...)
		}
	}
	return out
}

// hasHashedIdentity reports whether v holds an object with "hashed": true
// anywhere (a candidate for identityHashProblems).
func hasHashedIdentity(v any) bool {
	switch t := v.(type) {
	case map[string]any:
		if t["hashed"] == true {
			return true
		}
		for _, x := range t {
			if hasHashedIdentity(x) {
				return true
			}
		}
	case []any:
		for _, x := range t {
			if hasHashedIdentity(x) {
				return true
			}
		}
	}
	return false
}
