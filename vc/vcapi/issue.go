package vcapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/clrkit/clrkit/internal/jsonobj"
	"github.com/clrkit/clrkit/proof"
	"github.com/clrkit/clrkit/proof/ld"
	"github.com/clrkit/clrkit/vc"
	"github.com/clrkit/clrkit/vc/statuslist"
)

// issue is POST /credentials/issue: the credential is checked, given the
// handler's issuer when it has none, signed, and returned with 201.
func (h *Handler) issue(ctx context.Context, w http.ResponseWriter, body map[string]json.RawMessage) {
	if h.opts.Signer == nil {
		writeProblem(w, http.StatusNotImplemented, "not implemented", "this server does not issue", nil)
		return
	}
	raw, opts, ok := readRequest(w, body, "credential")
	if !ok {
		return
	}
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		writeProblem(w, http.StatusBadRequest, "malformed credential", err.Error(), nil)
		return
	}
	if err := jsonobj.Check(raw); err != nil {
		writeProblem(w, http.StatusBadRequest, "malformed credential", err.Error(), nil)
		return
	}
	if _, ok := doc["proof"]; ok {
		writeProblem(w, http.StatusUnprocessableEntity, "cannot issue", "the credential already has a proof", []vc.Issue{{Code: vc.CodeInvalidValue, Message: "the credential already has a proof", Path: "/proof"}})
		return
	}
	if _, ok := doc["issuer"]; !ok {
		doc["issuer"] = h.opts.Issuer
	}
	// VC Data Model 1.1 requires issuanceDate; like other issuers, fill in
	// the signing time when the request leaves it out.
	if ctxs, ok := doc["@context"].([]any); ok && len(ctxs) > 0 && ctxs[0] == vc.ContextV1 {
		if _, ok := doc["issuanceDate"]; !ok {
			doc["issuanceDate"] = string(vc.NewDateTime(h.opts.Now()))
		}
	}
	issues := h.check(doc)
	if len(issues) > 0 {
		writeProblem(w, http.StatusUnprocessableEntity, "cannot issue", issues[0].Message, issues)
		return
	}
	if issue := h.addStatus(ctx, doc, opts); issue != nil {
		code := http.StatusUnprocessableEntity
		if issue.Code == "" { // the store failed, not the request
			code, issue.Code = http.StatusServiceUnavailable, vc.CodeStatusUnavailable
		}
		writeProblem(w, code, "cannot issue", issue.Message, []vc.Issue{*issue})
		return
	}
	unsigned, err := json.Marshal(doc)
	if err != nil {
		writeProblem(w, http.StatusBadRequest, "malformed credential", err.Error(), nil)
		return
	}
	so := proof.SignOptions{Suite: h.suite, VerificationMethod: h.opts.VerificationMethod, Created: h.opts.Now()}
	var signed []byte
	if _, sd := h.suite.(proof.ECDSASD2023); sd {
		// A base proof, from which holders derive what they disclose.
		signed, err = proof.SignSD(ctx, unsigned, h.opts.Signer, so, opts.MandatoryPointers)
	} else {
		signed, err = proof.Sign(ctx, unsigned, h.opts.Signer, so)
	}
	if err != nil && ctx.Err() != nil {
		writeUnavailable(w, ctx)
		return
	}
	if err != nil {
		issues := []vc.Issue{{Code: vc.CodeInvalidValue, Message: err.Error()}}
		var le *ld.Error
		var de *proof.DialectError
		switch {
		case errors.As(err, &le):
			issues[0].Path = le.Path
		case errors.As(err, &de):
			issues = issues[:0]
			for _, c := range de.Constructs {
				issues = append(issues, vc.Issue{Code: vc.CodeDialectDependent, Path: c.Path,
					Message: c.String() + "; " + c.Remedy()})
			}
		}
		writeProblem(w, http.StatusUnprocessableEntity, "cannot issue", err.Error(), issues)
		return
	}
	writeJSON(w, http.StatusCreated, struct {
		VerifiableCredential json.RawMessage `json:"verifiableCredential"`
	}{signed})
}

// addStatus gives a VC Data Model 2.0 credential its status entries when
// the handler has a status Issuer, the credential has no credentialStatus
// and the request asked for none other: one entry for each purpose of
// options.credentialStatus, revocation by default. A credential without
// an id is given a urn:uuid: one, the key of its entries. An issue comes
// back for a request that cannot be served; its Code is empty when the
// store failed.
func (h *Handler) addStatus(ctx context.Context, doc map[string]any, opts requestOptions) *vc.Issue {
	if opts.StatusType != "" && opts.StatusType != "BitstringStatusListEntry" {
		return &vc.Issue{Code: vc.CodeStatusUnsupported, Message: fmt.Sprintf("options.credentialStatus.type %q: this server issues BitstringStatusListEntry status", opts.StatusType)}
	}
	if err := statuslist.CheckPurposes(opts.StatusPurposes); err != nil {
		return &vc.Issue{Code: vc.CodeInvalidValue, Message: "options.credentialStatus.statusPurpose: " + err.Error()}
	}
	if h.opts.Status == nil {
		if opts.StatusType != "" {
			return &vc.Issue{Code: vc.CodeStatusUnsupported, Message: "options.credentialStatus: this server keeps no status lists"}
		}
		return nil
	}
	if _, has := doc["credentialStatus"]; has {
		if opts.StatusType != "" {
			return &vc.Issue{Code: vc.CodeInvalidValue, Path: "/credentialStatus", Message: "the credential has a credentialStatus and options.credentialStatus asks for another"}
		}
		return nil
	}
	if ctxs, ok := doc["@context"].([]any); !ok || len(ctxs) == 0 || ctxs[0] != vc.ContextV2 {
		if opts.StatusType != "" {
			return &vc.Issue{Code: vc.CodeInvalidValue, Path: "/@context", Message: "BitstringStatusListEntry is a VC Data Model 2.0 term; this credential is not 2.0"}
		}
		return nil // a 1.1 credential is issued without status
	}
	id, _ := doc["id"].(string)
	if id == "" {
		var err error
		if id, err = vc.NewUUIDURN(nil); err != nil {
			return &vc.Issue{Message: "no random id could be made"}
		}
		doc["id"] = id
	}
	entries, err := h.opts.Status.Allocate(ctx, id, opts.StatusPurposes...)
	switch {
	case errors.Is(err, statuslist.ErrIDInUse):
		return &vc.Issue{Code: vc.CodeInvalidValue, Path: "/id", Message: "the credential id has another issuer's status entry in this server's store"}
	case err != nil:
		// The store's own words may name its host or its queries: the
		// client learns only that it failed.
		return &vc.Issue{Message: "the status store is unavailable"}
	case len(entries) == 1:
		doc["credentialStatus"] = entries[0]
	default:
		doc["credentialStatus"] = entries
	}
	return nil
}

// check applies the rules of the VC Data Model that signing does not
// enforce by itself (JSON-LD safe mode, which signing runs, catches
// undefined terms and types, relative IRIs and protected-term
// redefinitions). It returns one issue per problem, with its pointer.
func (h *Handler) check(doc map[string]any) []vc.Issue {
	var c checker
	c.contexts(doc["@context"])
	c.idValue(doc, "id", "")
	c.types(doc["type"], "/type", true)
	c.issuer(doc["issuer"], h.opts.Issuer)
	c.subjects(doc["credentialSubject"])
	c.languageString(doc, "name", "")
	c.languageString(doc, "description", "")
	c.dates(doc)
	for _, name := range []string{"credentialStatus", "termsOfUse", "evidence", "refreshService", "credentialSchema"} {
		c.typedEntries(doc, name)
	}
	c.relatedResources(doc["relatedResource"], h.opts.RelatedResources)
	return c.issues
}

type checker struct {
	issues []vc.Issue
}

func (c *checker) add(code, path, format string, args ...any) {
	c.issues = append(c.issues, vc.Issue{Code: code, Message: fmt.Sprintf(format, args...), Path: path})
}

// isURL reports whether v is a string holding an absolute URL.
func isURL(v any) bool {
	s, ok := v.(string)
	return ok && vc.CheckURI(s) == nil
}

func (c *checker) contexts(v any) {
	list, ok := v.([]any)
	if s, isStr := v.(string); isStr {
		list, ok = []any{s}, true
	}
	if !ok || len(list) == 0 {
		c.add(vc.CodeContext, "/@context", "@context must be a list whose first entry is %s (or %s)", vc.ContextV2, vc.ContextV1)
		return
	}
	if first, _ := list[0].(string); first != vc.ContextV2 && first != vc.ContextV1 {
		c.add(vc.CodeContext, "/@context/0", "the first @context entry must be %s (or %s)", vc.ContextV2, vc.ContextV1)
	}
	for i, e := range list[1:] {
		switch e.(type) {
		case map[string]any:
		case string:
			if !isURL(e) {
				c.add(vc.CodeContext, "/@context/"+strconv.Itoa(i+1), "@context entry %q is not a URL", e)
			}
		default:
			c.add(vc.CodeContext, "/@context/"+strconv.Itoa(i+1), "@context entries must be URLs or objects")
		}
	}
}

// idValue checks an optional id member: when present, one URL.
func (c *checker) idValue(obj map[string]any, name, base string) {
	v, ok := obj[name]
	if !ok {
		return
	}
	if !isURL(v) {
		c.add(vc.CodeInvalidValue, base+"/"+name, "%s must be a single URL", name)
	}
}

// types checks a type member: one or more strings that are terms or
// absolute URLs; required includes VerifiableCredential.
func (c *checker) types(v any, path string, credential bool) {
	var list []any
	switch t := v.(type) {
	case nil:
		c.add(vc.CodeType, path, "type is required")
		return
	case string:
		list = []any{t}
	case []any:
		list = t
	default:
		c.add(vc.CodeType, path, "type must be a string or a list of strings")
		return
	}
	if len(list) == 0 {
		c.add(vc.CodeType, path, "type must not be empty")
	}
	found := false
	for i, e := range list {
		s, ok := e.(string)
		if !ok || s == "" || strings.ContainsAny(s, " \t\r\n") {
			c.add(vc.CodeType, path+"/"+strconv.Itoa(i), "each type must be a term or a URL")
			continue
		}
		found = found || s == vc.TypeVerifiableCredential
	}
	if credential && !found {
		c.add(vc.CodeType, path, "type must include VerifiableCredential")
	}
}

// issuer checks the issuer: a URL or an object whose id is one, and the
// one this handler signs for.
func (c *checker) issuer(v any, mine string) {
	id := ""
	switch t := v.(type) {
	case string:
		id = t
	case map[string]any:
		s, ok := t["id"].(string)
		if !ok {
			c.add(vc.CodeInvalidValue, "/issuer/id", "the issuer object needs an id that is a URL")
			return
		}
		id = s
		c.languageString(t, "name", "/issuer")
		c.languageString(t, "description", "/issuer")
	default:
		c.add(vc.CodeInvalidValue, "/issuer", "the issuer must be a URL or an object with an id")
		return
	}
	switch {
	case vc.CheckURI(id) != nil:
		c.add(vc.CodeInvalidValue, "/issuer", "the issuer %q is not a URL", id)
	case id != mine:
		c.add(vc.CodeInvalidValue, "/issuer", "this server signs as %s, not as %s", mine, id)
	}
}

// subjects checks credentialSubject: one or more objects, each with at
// least one claim, and single-URL ids.
func (c *checker) subjects(v any) {
	var list []any
	base := "/credentialSubject"
	switch t := v.(type) {
	case nil:
		c.add(vc.CodeMissing, base, "credentialSubject is required")
		return
	case map[string]any:
		list = []any{t}
	case []any:
		list = t
		if len(t) == 0 {
			c.add(vc.CodeMissing, base, "credentialSubject must hold at least one subject")
		}
	default:
		c.add(vc.CodeInvalidValue, base, "credentialSubject must be an object or a list of objects")
		return
	}
	for i, e := range list {
		path := base
		if _, isList := v.([]any); isList {
			path += "/" + strconv.Itoa(i)
		}
		obj, ok := e.(map[string]any)
		if !ok {
			c.add(vc.CodeInvalidValue, path, "each credential subject must be an object")
			continue
		}
		if len(obj) == 0 {
			c.add(vc.CodeMissing, path, "a credential subject must make at least one claim")
		}
		c.idValue(obj, "id", path)
	}
}

// languageString checks name or description: a string, a language value
// object ({"@value", "@language", "@direction"}), or a list of them.
func (c *checker) languageString(obj map[string]any, name, base string) {
	v, ok := obj[name]
	if !ok {
		return
	}
	path := base + "/" + name
	list, isList := v.([]any)
	if !isList {
		list = []any{v}
	}
	for _, e := range list {
		switch t := e.(type) {
		case string:
		case map[string]any:
			if _, ok := t["@value"].(string); !ok {
				c.add(vc.CodeInvalidValue, path, "%s: a language value object needs a string @value", name)
				return
			}
			for k, x := range t {
				if k != "@value" && k != "@language" && k != "@direction" {
					c.add(vc.CodeInvalidValue, path, "%s: a language value object may hold only @value, @language and @direction, not %q", name, k)
					return
				}
				if _, ok := x.(string); !ok {
					c.add(vc.CodeInvalidValue, path, "%s: %s must be a string", name, k)
					return
				}
			}
		default:
			c.add(vc.CodeInvalidValue, path, "%s must be a string or a language value object", name)
			return
		}
	}
}

// dates checks validFrom and validUntil (dateTimeStamps) and their order,
// and issuanceDate/expirationDate of VCDM 1.1.
func (c *checker) dates(doc map[string]any) {
	parse := func(name string) (time.Time, bool) {
		v, ok := doc[name]
		if !ok {
			return time.Time{}, false
		}
		s, _ := v.(string)
		t, err := vc.DateTime(s).Time()
		if err != nil {
			c.add(vc.CodeInvalidValue, "/"+name, "%s must be an XML Schema dateTimeStamp (with a time zone), not %v", name, v)
			return time.Time{}, false
		}
		return t, true
	}
	from, okFrom := parse("validFrom")
	until, okUntil := parse("validUntil")
	if okFrom && okUntil && until.Before(from) {
		c.add(vc.CodeInvalidValue, "/validUntil", "validUntil is before validFrom")
	}
	issued, okIssued := parse("issuanceDate")
	expires, okExpires := parse("expirationDate")
	if okIssued && okExpires && expires.Before(issued) {
		c.add(vc.CodeInvalidValue, "/expirationDate", "expirationDate is before issuanceDate")
	}
}

// typedEntries checks that every entry of a member such as credentialStatus
// is an object with a type (and, for credentialSchema, an id URL).
func (c *checker) typedEntries(doc map[string]any, name string) {
	v, ok := doc[name]
	if !ok {
		return
	}
	list, isList := v.([]any)
	if !isList {
		list = []any{v}
	}
	for i, e := range list {
		path := "/" + name
		if isList {
			path += "/" + strconv.Itoa(i)
		}
		obj, ok := e.(map[string]any)
		if !ok {
			c.add(vc.CodeInvalidValue, path, "each %s entry must be an object", name)
			continue
		}
		if _, ok := obj["type"]; !ok {
			c.add(vc.CodeType, path+"/type", "each %s entry needs a type", name)
		} else {
			c.types(obj["type"], path+"/type", false)
		}
		if name == "credentialSchema" {
			if !isURL(obj["id"]) {
				c.add(vc.CodeInvalidValue, path+"/id", "each credentialSchema needs an id that is a URL")
			}
		} else {
			c.idValue(obj, "id", path)
		}
	}
}

// relatedResources checks relatedResource: objects with a unique id URL
// and a digestSRI or digestMultibase, matching the bytes of resources the
// handler knows.
func (c *checker) relatedResources(v any, known map[string][]byte) {
	if v == nil {
		return
	}
	list, isList := v.([]any)
	if !isList {
		list = []any{v}
	}
	seen := map[string]bool{}
	for i, e := range list {
		path := "/relatedResource"
		if isList {
			path += "/" + strconv.Itoa(i)
		}
		obj, ok := e.(map[string]any)
		if !ok {
			c.add(vc.CodeInvalidValue, path, "each relatedResource must be an object")
			continue
		}
		id, _ := obj["id"].(string)
		if !isURL(id) {
			c.add(vc.CodeMissing, path+"/id", "each relatedResource needs an id that is a URL")
			continue
		}
		if seen[id] {
			c.add(vc.CodeInvalidValue, path+"/id", "relatedResource %s is listed twice", id)
		}
		seen[id] = true
		sri, hasSRI := obj["digestSRI"].(string)
		mb, hasMB := obj["digestMultibase"].(string)
		if !hasSRI && !hasMB {
			c.add(vc.CodeMissing, path, "a relatedResource needs a digestSRI or a digestMultibase")
			continue
		}
		content, ok := known[id]
		if !ok {
			continue
		}
		if hasSRI {
			if err := checkSRI(sri, content); err != nil {
				c.add(vc.CodeInvalidValue, path+"/digestSRI", "%v", err)
			}
		}
		if hasMB {
			if err := checkDigestMultibase(mb, content); err != nil {
				c.add(vc.CodeInvalidValue, path+"/digestMultibase", "%v", err)
			}
		}
	}
}

// checkSRI compares a Subresource Integrity value ("sha384-<base64>") with
// the digest of content.
func checkSRI(sri string, content []byte) error {
	alg, digest, ok := strings.Cut(sri, "-")
	if !ok {
		return fmt.Errorf("digestSRI %q is not <algorithm>-<base64 digest>", sri)
	}
	var h hash.Hash
	switch alg {
	case "sha256":
		h = sha256.New()
	case "sha384":
		h = sha512.New384()
	case "sha512":
		h = sha512.New()
	default:
		return fmt.Errorf("digestSRI algorithm %q is not sha256, sha384 or sha512", alg)
	}
	h.Write(content)
	if base64.StdEncoding.EncodeToString(h.Sum(nil)) != digest {
		return fmt.Errorf("digestSRI does not match the resource")
	}
	return nil
}

// checkDigestMultibase compares a multibase digest (base64url "u" or
// base58btc "z", of the SHA-256 digest, optionally as a multihash) with
// the digest of content.
func checkDigestMultibase(mb string, content []byte) error {
	sum := sha256.Sum256(content)
	if len(mb) < 2 {
		return errors.New("digestMultibase is empty")
	}
	var raw []byte
	var err error
	switch mb[0] {
	case 'u':
		raw, err = base64.RawURLEncoding.DecodeString(mb[1:])
	default:
		return fmt.Errorf("digestMultibase must be base64url-encoded (prefix u)")
	}
	if err != nil {
		return fmt.Errorf("digestMultibase is not valid base64url: %v", err)
	}
	if len(raw) == 34 && raw[0] == 0x12 && raw[1] == 0x20 {
		raw = raw[2:] // a sha2-256 multihash
	}
	if !bytes.Equal(raw, sum[:]) {
		return errors.New("digestMultibase does not match the SHA-256 digest of the resource")
	}
	return nil
}

// derive is POST /credentials/derive: the holder's side of ecdsa-sd-2023.
// It takes a credential with a base proof and options.selectivePointers,
// and answers 201 with the credential disclosing the mandatory statements
// and those selected, with a derived proof; 422 when it cannot be derived
// (no base proof, a pointer that selects nothing, a proof that does not fit
// the credential); 400 for a malformed request. Nothing is signed with the
// handler's key, and the base proof is not verified here: the derived
// credential is, by whoever receives it.
func (h *Handler) derive(ctx context.Context, w http.ResponseWriter, body map[string]json.RawMessage) {
	cred, opts, ok := readRequest(w, body, "verifiableCredential")
	if !ok {
		return
	}
	derived, err := proof.Derive(ctx, cred, opts.SelectivePointers, proof.DeriveOptions{Canonicalizer: h.canon})
	switch {
	case err != nil && ctx.Err() != nil:
		writeUnavailable(w, ctx)
		return
	case errors.Is(err, proof.ErrMalformedDocument):
		writeProblem(w, http.StatusBadRequest, "malformed credential", err.Error(), nil)
		return
	case err != nil:
		writeProblem(w, http.StatusUnprocessableEntity, "cannot derive", err.Error(),
			[]vc.Issue{{Code: vc.CodeInvalidValue, Message: err.Error(), Path: "/proof"}})
		return
	}
	writeJSON(w, http.StatusCreated, struct {
		VerifiableCredential json.RawMessage `json:"verifiableCredential"`
	}{derived})
}

// readRequest reads the document member name and the options of a request,
// answering 400 (and ok false) when either is malformed.
func readRequest(w http.ResponseWriter, body map[string]json.RawMessage, name string) (doc []byte, opts requestOptions, ok bool) {
	doc, err := objectMember(body, name)
	if err == nil {
		opts, err = readOptions(body)
	}
	if err != nil {
		writeProblem(w, http.StatusBadRequest, "malformed request", err.Error(), nil)
		return nil, opts, false
	}
	return doc, opts, true
}
