package proof

import (
	"errors"
	"fmt"
	"slices"

	"github.com/clrkit/clrkit/internal/jsonptr"
)

// ErrPreviousProof reports a previousProof that is neither a string nor a
// list of strings, names no proof of the document (or one several proofs
// have, or one twice, or its own proof), or starts a chain of references
// that leads back to its proof.
var ErrPreviousProof = errors.New("proof: invalid previousProof")

// Context URLs that decide whether signing a VC Data Model 1.1 document
// needs the Data Integrity context added.
const (
	ContextCredentialsV1   = "https://www.w3.org/2018/credentials/v1"
	ContextCredentialsV2   = "https://www.w3.org/ns/credentials/v2"
	ContextDataIntegrityV1 = "https://w3id.org/security/data-integrity/v1"
	ContextDataIntegrityV2 = "https://w3id.org/security/data-integrity/v2"
)

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

// checkChains walks the previousProof references of a document's proofs
// before any is verified (VC Data Integrity 1.0, "verify proof sets and
// chains"), and returns for each proof why its chain is broken, or nil: a
// previousProof that is not an id or a list of ids, names no proof or an
// id that several proofs have, names the proof itself or an id twice, or
// leads back to the proof (a cycle, which no sequence of signatures can
// make).
func checkChains(proofs []map[string]any) []error {
	errs := make([]error, len(proofs))
	if !slices.ContainsFunc(proofs, func(p map[string]any) bool { _, ok := p["previousProof"]; return ok }) {
		return errs // a set without chains: nothing to walk
	}
	byID := make(map[string]int, len(proofs))
	for i, p := range proofs {
		if id, _ := p["id"].(string); id != "" {
			if _, dup := byID[id]; dup {
				byID[id] = -1 // ambiguous
			} else {
				byID[id] = i
			}
		}
	}
	next := make([][]int, len(proofs))
	for i, p := range proofs {
		prev, has := p["previousProof"]
		if !has {
			continue
		}
		ids, ok := jsonptr.Strings(prev)
		if !ok {
			errs[i] = fmt.Errorf("%w: not a string or a list of strings", ErrPreviousProof)
			continue
		}
		seen := make(map[string]bool, len(ids))
		for _, id := range ids {
			j, found := byID[id]
			switch {
			case !found:
				errs[i] = fmt.Errorf("%w: no proof has id %q", ErrPreviousProof, id)
			case j < 0:
				errs[i] = fmt.Errorf("%w: more than one proof has id %q", ErrPreviousProof, id)
			case j == i:
				errs[i] = fmt.Errorf("%w: the proof names itself (%q)", ErrPreviousProof, id)
			case seen[id]:
				errs[i] = fmt.Errorf("%w: %q is named twice", ErrPreviousProof, id)
			}
			if errs[i] != nil {
				break
			}
			seen[id] = true
			next[i] = append(next[i], j)
		}
	}
	// A proof that its own chain leads back to is on a cycle. The number of
	// proofs is bounded (MaxProofs), so a search from each is cheap.
	for i := range proofs {
		if errs[i] == nil && reaches(next, i) {
			errs[i] = fmt.Errorf("%w: the chain of previousProof references leads back to the proof", ErrPreviousProof)
		}
	}
	return errs
}

// reaches reports whether proof i is reachable from the proofs it names.
func reaches(next [][]int, i int) bool {
	seen := make([]bool, len(next))
	stack := slices.Clone(next[i])
	for len(stack) > 0 {
		j := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if j == i {
			return true
		}
		if !seen[j] {
			seen[j] = true
			stack = append(stack, next[j]...)
		}
	}
	return false
}

// chainInput returns the document a proof with the given previousProof
// value signs: the unsecured document, plus, for a chained proof, the
// proofs it references as the document's "proof".
func chainInput(unsecured map[string]any, all []map[string]any, previous any) (map[string]any, error) {
	if previous == nil {
		return unsecured, nil
	}
	ids, ok := jsonptr.Strings(previous)
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
