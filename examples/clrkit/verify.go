package main

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/clrkit/clrkit/clr"
	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/openbadges"
	"github.com/clrkit/clrkit/proof/ld"
	"github.com/clrkit/clrkit/vc"
)

const verifyUsage = "verify [--at RFC3339] [--format json|text] [--explain] [--profile spec|authenticity|1edtech] [--documents DIR] [--recipient ID [--recipient-type TYPE]] [--challenge C] [--domain D] [--allow-network [--allow-host HOST[:PORT]]... [--refresh]] [--allow-unsigned-presentation] [--unsafe-key-from-fragment] [--accept-dialect jsonld-js] FILE"

// report is the verification report of CLI.md: vc.Report as JSON.
type report = vc.Report

// verifyFlags are the options of verify (and of bench --op verify).
type verifyFlags struct {
	unsafeFragment, allowNetwork, refresh, allowUnsigned bool
	acceptDialect, profile, documents                    string
	allowHosts                                           []string
	now                                                  func() time.Time
}

// runVerify runs the OB 3.0 / CLR 2.0 verification procedure on a
// credential, CLR, presentation, compact JWT or baked image and prints the
// report: exit 0 verified, 1 not verified, 2 usage error or unreadable input.
func runVerify(e *env, args []string) int {
	fs := newCmdline("verify", verifyUsage, "Runs the OB 3.0 / CLR 2.0 verification procedure on a credential, a CLR with its nested\ncredentials, a presentation, a compact VC-JWT or a baked image (detected from the input)\nand prints the report. No network unless --allow-network. Exit 0 verified, 1 not verified,\n2 usage error or unreadable input.")
	at := fs.String("at", "", "the time to verify at, RFC 3339 (default: now)")
	format := fs.String("format", "json", "report format: json or text")
	withExplain := fs.Bool("explain", false, "add the canonical forms and hashes of each proof check")
	recipient := fs.String("recipient", "", "the expected recipient: the subject's id, or an identity (email address, ...) matched against its identifier entries")
	recipientType := fs.String("recipient-type", "", "compare --recipient only with identifiers of this identityType (such as emailAddress)")
	challenge := fs.String("challenge", "", "the challenge a presentation's proof must carry")
	domain := fs.String("domain", "", "the domain a presentation's proof must carry")
	var f verifyFlags
	fs.BoolVar(&f.allowNetwork, "allow-network", false, "fetch what verification needs over HTTPS: did:web documents, https key documents, status lists")
	fs.BoolVar(&f.refresh, "refresh", false, "use the credential's 1EdTechCredentialRefresh service (needs --allow-network)")
	fs.BoolVar(&f.allowUnsigned, "allow-unsigned-presentation", false, "accept a presentation without a proof (its credentials are still verified)")
	fs.BoolVar(&f.unsafeFragment, "unsafe-key-from-fragment", false, "accept the 1EdTech convention where the fragment of an https or urn: verification method is its public key (the issuer binding is then not proven)")
	fs.StringVar(&f.profile, "profile", "spec", "what decides the verdict: spec (the OB 3.0 / CLR 2.0 procedure as written), authenticity (proof, issuer binding, dates and status decide; conformance problems are warnings), 1edtech (the verdicts of 1EdTech's public validator)")
	fs.StringVar(&f.documents, "documents", "", "a directory whose index.json maps URLs to local copies (DID documents, key documents, JWK Sets, status lists, JSON-LD contexts beyond the embedded ones), consulted before any network")
	fs.Func("allow-host", "with --allow-network, let fetches reach this HOST[:PORT] even when it resolves to a loopback, private or link-local address (repeatable)", func(s string) error {
		f.allowHosts = append(f.allowHosts, s)
		return nil
	})
	fs.StringVar(&f.acceptDialect, "accept-dialect", "", "also accept a signature over the canonical form of this dialect: jsonld-js (what the JavaScript stack signs where it deviates from the specs), reported with a DIALECT_ACCEPTED warning")
	files, code, ok := fs.parseArgs(e, args, 1, "FILE")
	if !ok {
		return code
	}
	switch {
	case *format != "json" && *format != "text":
		return fs.usageErrorf(e, "--format %q: want json or text", *format)
	case f.refresh && !f.allowNetwork:
		return fs.usageErrorf(e, "--refresh needs --allow-network")
	case len(f.allowHosts) > 0 && !f.allowNetwork:
		return fs.usageErrorf(e, "--allow-host needs --allow-network")
	}
	if _, err := vc.ParseProfile(f.profile); err != nil {
		return e.fail(exitUsage, "verify: --profile %q: want spec, authenticity or 1edtech", f.profile)
	}
	if f.acceptDialect != "" {
		if _, err := ld.ParseDialect(f.acceptDialect); err != nil {
			return e.fail(exitUsage, "verify: --accept-dialect %q: want jsonld-js", f.acceptDialect)
		}
	}
	var when time.Time
	if *at != "" {
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			return e.fail(exitUsage, "verify: --at %q is not an RFC 3339 time", *at)
		}
		when = t
	}
	data, err := e.readInput(files[0])
	if err != nil {
		return e.fail(exitUsage, "%v", err)
	}
	if looksLikeJSON(data) {
		if err := jsonSyntax(files[0], data); err != nil {
			return e.fail(exitUsage, "%v", err)
		}
	}
	v, err := newCLIVerifier(f)
	if err != nil {
		return e.fail(exitUsage, "%v", err)
	}
	r, err := v.Verify(e.ctx, data, vc.Expectations{At: when, Recipient: *recipient, RecipientType: *recipientType,
		Challenge: *challenge, Domain: *domain, Explain: *withExplain})
	if errors.Is(err, vc.ErrMalformed) {
		return e.fail(exitUsage, "%s: %s", files[0], r.Summary())
	}
	if *format == "text" {
		r.WriteText(e.stdout)
	} else {
		out, _ := json.MarshalIndent(r, "", "  ")
		e.stdout.Write(append(out, '\n'))
	}
	if r.Verified {
		return exitOK
	}
	return exitRejected
}

// newCLIVerifier returns the command's verifier: did:key and did:jwk
// always; did:web, https key documents and status lists from --documents,
// and from the network only with --allow-network. Every fetch goes through
// one client: the local copies first, then the network, whose connections
// to non-public addresses are refused unless --allow-host names the host.
func newCLIVerifier(f verifyFlags) (*vc.Verifier, error) {
	// did:web without a client: refused, saying what to pass.
	methods := did.OfflineMethods()
	ropts := did.RetrieverOptions{UnsafeKeyFromFragment: f.unsafeFragment}
	var client *http.Client
	if f.allowNetwork {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	var loader ld.DocumentLoader
	if f.documents != "" {
		docs, err := did.ReadLocalDocuments(f.documents)
		if err != nil {
			return nil, err
		}
		// The copies may include JSON-LD contexts beyond the embedded ones,
		// read only from the copies (never fetched).
		if loader, err = localContexts(docs); err != nil {
			return nil, err
		}
		client = docs.Client(client)
	}
	hopts := did.HTTPOptions{AllowHosts: f.allowHosts}
	if client != nil {
		web, err := did.NewWebResolver(client, hopts)
		if err != nil {
			return nil, err
		}
		methods["web"] = web
		ropts.HTTPClient, ropts.HTTP = client, hopts
	}
	mr, err := did.NewMultiResolver(methods)
	if err != nil {
		return nil, err
	}
	ropts.Resolver = mr
	r, err := did.NewRetriever(ropts)
	if err != nil {
		return nil, err
	}
	var dialects []ld.Dialect
	if f.acceptDialect != "" {
		d, _ := ld.ParseDialect(f.acceptDialect) // checked by runVerify
		dialects = append(dialects, d)
	}
	profile, _ := vc.ParseProfile(f.profile) // checked by runVerify
	return clr.NewVerifier(vc.VerifierOptions{Retriever: r, Resolver: mr, Loader: loader, HTTPClient: client, AllowHosts: f.allowHosts, Refresh: f.refresh,
		AllowUnsignedPresentations: f.allowUnsigned, Now: f.now, Unpackers: unpackers(), AcceptDialects: dialects, Profile: profile})
}

// localContexts is the embedded contexts, then those of the local copies
// (a copy is used as a context only where a document names its URL in
// @context, and must be a context document).
func localContexts(docs *did.LocalDocuments) (ld.DocumentLoader, error) {
	if docs.Len() == 0 {
		return nil, nil
	}
	remote, err := ld.NewRemoteLoader(docs.Client(nil), ld.RemoteOptions{Allow: docs.URLs()})
	if err != nil {
		return nil, err
	}
	return ld.NewLoader(ld.WithFallback(remote))
}

// unpackers open the containers verify accepts besides JSON and JWTs:
// baked PNG and SVG badges.
func unpackers() []vc.Unpacker { return []vc.Unpacker{openbadges.BakedImages{}} }
