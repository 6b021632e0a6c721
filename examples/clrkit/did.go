package main

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/clrkit/clrkit/did"
)

const didUsage = "did resolve DID [--allow-http-host HOST:PORT] [--insecure-skip-tls-verify]"

// didResolveTimeout bounds one `did resolve`, network included.
const didResolveTimeout = 30 * time.Second

// runDID runs `did resolve`: it resolves did:key, did:jwk and did:web DIDs
// and prints the DID document as indented JSON. This command is an explicit
// opt-in to the network, for did:web only. Exit status: 0 resolved; 2 usage
// error, a malformed DID or an unsupported method; 1 any other failure to
// resolve (not found, invalid document, network).
func runDID(e *env, args []string) int {
	fs := newCmdline("did resolve", didUsage, "Prints the DID document a DID resolves to, as JSON: did:key and did:jwk offline, did:web\nover HTTPS. Exit 0 resolved, 1 not found or invalid, 2 usage error.")
	if len(args) == 0 || args[0] != "resolve" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fs.printHelp(e.stdout)
			return exitOK
		}
		return fs.usageErrorf(e, "want the subcommand resolve")
	}
	var allowHTTP []string
	fs.Func("allow-http-host", "allow plain http to this HOST:PORT (local test servers; repeatable)", func(s string) error {
		allowHTTP = append(allowHTTP, s)
		return nil
	})
	insecure := fs.Bool("insecure-skip-tls-verify", false, "do not verify TLS certificates (local test servers only)")
	dids, code, ok := fs.parseArgs(e, args[1:], 1, "DID")
	if !ok {
		return code
	}
	// The DID named on the command line is the operator's choice, not a
	// credential's: its host may be a local or internal server. (Verify
	// allows such hosts only when --allow-host names them.)
	var allowHosts []string
	if u, err := did.WebURL(dids[0]); err == nil {
		allowHosts = httpfetchHosts(u)
	}
	resolver, err := newCLIResolver(allowHTTP, allowHosts, *insecure)
	if err != nil {
		return e.fail(exitUsage, "did resolve: %v", err)
	}
	ctx, cancel := context.WithTimeout(e.ctx, didResolveTimeout)
	defer cancel()
	res, err := resolver.Resolve(ctx, dids[0])
	if err != nil {
		return e.fail(didExitCode(err), "did resolve: %v", err)
	}
	out, err := json.MarshalIndent(res.Document, "", "  ")
	if err != nil {
		return e.fail(exitRejected, "did resolve: %v", err)
	}
	e.stdout.Write(append(out, '\n'))
	return exitOK
}

// newCLIResolver assembles the resolvers the command supports. did:web
// goes through its own client; the flags only loosen it for local servers.
func newCLIResolver(allowHTTP, allowHosts []string, insecure bool) (*did.MultiResolver, error) {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	if insecure {
		transport.TLSClientConfig = &tls.Config{InsecureSkipVerify: true}
	}
	client := &http.Client{Transport: transport, Timeout: didResolveTimeout}
	web, err := did.NewWebResolver(client, did.HTTPOptions{
		AllowHTTPHosts: allowHTTP,
		AllowHosts:     allowHosts,
		Timeout:        didResolveTimeout,
		CacheSize:      -1, // one resolution per run
	})
	if err != nil {
		return nil, err
	}
	key, err := did.NewKeyResolver(did.KeyOptions{})
	if err != nil {
		return nil, err
	}
	return did.NewMultiResolver(map[string]did.Resolver{"key": key, "jwk": did.JWKResolver{}, "web": web})
}

// didExitCode maps a resolution error to an exit status: a DID that is not
// well formed, or of a method the command cannot resolve, is a usage error
// (2); everything else means the DID was tried and did not resolve (1).
func didExitCode(err error) int {
	if errors.Is(err, did.ErrInvalidDID) || errors.Is(err, did.ErrMethodNotSupported) || errors.Is(err, did.ErrFetchingDisabled) {
		return exitUsage
	}
	return exitRejected
}

// httpfetchHosts returns the host of an http(s) URL, as an allowance.
func httpfetchHosts(rawURL string) []string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return nil
	}
	return []string{u.Host}
}
