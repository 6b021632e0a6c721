package proof

import (
	"errors"
	"fmt"
)

// ErrPreviousProof reports a previousProof that names no proof of the
// document, or is neither a string nor a list of strings.
var ErrPreviousProof = errors.New("proof: previousProof does not reference a proof of the document")

// Context URLs that decide whether signing a VC Data Model 1.1 document
// needs the Data Integrity context added.
const (
	ContextCredentialsV1   = "https://www.w3.org/2018/credentials/v1"
	ContextCredentialsV2   = "https://www.w3.org/ns/credentials/v2"
	ContextDataIntegrityV1 = "https://w3id.org/security/data-integrity/v1"
	ContextDataIntegrityV2 = "https://w3id.org/security/data-integrity/v2"
)

// idList reads an id or a list of ids (previousProof's two forms).
func idList(v any) ([]string, bool) {
	switch x := v.(type) {
	case string:
		return []string{x}, true
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}

// previousProofs returns, in the order named, the proofs of all whose id is
// one of ids: the proofs a chained proof signs over with the document.
func previousProofs(all []map[string]any, ids []string) ([]any, error) {
	out := make([]any, 0, len(ids))
	for _, id := range ids {
		found := false
		for _, p := range all {
			if pid, _ := p["id"].(string); pid == id && id != "" {
				out = append(out, p)
				found = true
				break
			}
		}
		if !found {
			return nil, fmt.Errorf("%w: no proof has id %q", ErrPreviousProof, id)
		}
	}
	return out, nil
}

// chainInput returns the document a proof with the given previousProof
// value signs: the unsecured document, plus, for a chained proof, the
// proofs it references as the document's "proof".
func chainInput(unsecured map[string]any, all []map[string]any, previous any) (map[string]any, error) {
	if previous == nil {
		return unsecured, nil
	}
	ids, ok := idList(previous)
	if !ok {
		return nil, fmt.Errorf("%w: not a string or a list of strings", ErrPreviousProof)
	}
	matching, err := previousProofs(all, ids)
	if err != nil {
		return nil, err
	}
	in := make(map[string]any, len(unsecured)+1)
	for k, v := range unsecured {
		in[k] = v
	}
	in["proof"] = matching
	return in, nil
}

// needsDataIntegrityContext reports whether a document's @context is a VC
// Data Model 1.1 one (credentials v1 first) that defines no Data Integrity
// terms: it has neither a Data Integrity context (v2, or the pre-final v1)
// nor the credentials v2 context, which defines those terms itself.
func needsDataIntegrityContext(docCtx any) bool {
	list := asList(docCtx)
	if len(list) == 0 || list[0] != ContextCredentialsV1 {
		return false
	}
	for _, c := range list {
		if c == ContextDataIntegrityV2 || c == ContextDataIntegrityV1 || c == ContextCredentialsV2 {
			return false
		}
	}
	return true
}
