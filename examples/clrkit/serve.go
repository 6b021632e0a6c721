package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/clrkit/clrkit/clr"
	clrapi "github.com/clrkit/clrkit/clr/api"
	"github.com/clrkit/clrkit/did"
	obapi "github.com/clrkit/clrkit/openbadges/api"
	"github.com/clrkit/clrkit/proof"
	"github.com/clrkit/clrkit/proof/ld"
	"github.com/clrkit/clrkit/vc"
	"github.com/clrkit/clrkit/vc/api/oauth"
	"github.com/clrkit/clrkit/vc/statuslist"
	"github.com/clrkit/clrkit/vc/vcapi"
)

const serveUsage = "serve --addr 127.0.0.1:PORT --key KEYFILE [--tls-self-signed | --tls-cert FILE --tls-key FILE] [--suite eddsa-rdfc-2022|eddsa-jcs-2022|ecdsa-rdfc-2019|ecdsa-sd-2023] [--documents DIR] [--store S [--status-base-url URL] [--status-max-age DURATION]] [--api --accounts FILE [--allow-loopback-redirects]] [--public-url URL] [--unsafe-any-address]"

// runServe serves the VC-API endpoints (issue with the key file's key,
// verify and verify presentations with the command's verifier) until it is
// interrupted. It prints the URL it serves on as its first line of output.
func runServe(e *env, args []string) (code int) {
	fs := newCmdline("serve", serveUsage, "Serves the VC-API issuer and verifier endpoints (POST /credentials/issue,\n/credentials/verify, /presentations/verify) on a loopback address until interrupted,\nsigning with the key file's key; with --store, also the key's issuer's status lists from\nthat store (clrkit status), signed with the key; with --api, also the OB 3.0 and CLR 2.0\nREST APIs with their OAuth 2.0 server and login page. Prints the URL it serves on first,\nthen, with --store, where the lists are, and with --api, where the APIs are.")
	addr := fs.String("addr", "", "the address to listen on, such as 127.0.0.1:40443 (port 0 picks a free one)")
	keyFile := fs.String("key", "", "the key file of the issuer (clrkit keygen)")
	selfSigned := fs.Bool("tls-self-signed", false, "serve HTTPS with a certificate generated in memory for the address")
	certFile := fs.String("tls-cert", "", "serve HTTPS with this certificate (PEM)")
	keyPEM := fs.String("tls-key", "", "the private key of --tls-cert (PEM)")
	anyAddr := fs.Bool("unsafe-any-address", false, "listen on a non-loopback address: anyone who reaches it can have credentials signed with the key")
	suite := fs.String("suite", proof.SuiteEdDSARDFC2022, "the cryptosuite of issued proofs: eddsa-rdfc-2022, eddsa-jcs-2022 (Ed25519 keys), ecdsa-rdfc-2019 (P-256, P-384 keys) or ecdsa-sd-2023 (P-256 keys: base proofs, with options.mandatoryPointers)")
	documents := fs.String("documents", "", "a directory whose index.json maps URLs to local copies (DID documents, key documents, JWK Sets, status lists, JSON-LD contexts) the verify endpoints use in place of the network, which they never reach, and the bytes of relatedResource URLs /credentials/issue checks digests against")
	store := fs.String("store", "", storeHelp+": publish the status lists of the key's issuer kept there")
	statusBase := fs.String("status-base-url", "", "with --store, the URL the lists were created under (clrkit status create --base-url): requests for paths under its path are answered with the list at the same path (default: this server's URL with the path /status)")
	maxAge := fs.Duration("status-max-age", 5*time.Minute, "with --store, how long verifiers may cache a list: its Cache-Control max-age and ttl, in whole seconds (0: no-cache, no ttl)")
	apiOn := fs.Bool("api", false, "also serve the OB 3.0 (/ims/ob/v3p0) and CLR 2.0 (/ims/clr/v2p0) REST APIs and their OAuth 2.0 server (/register, /authorize, /oauth/token, /revoke, /login), over TLS, on --store (default sqlite:clrkit.db in the working directory)")
	accountsPath := fs.String("accounts", "", "with --api, the `FILE` of the login page's users: JSON {\"accounts\": [{\"username\": U, \"password_bcrypt\": HASH, \"owner\": ACCOUNT}]}, a bcrypt hash per password (htpasswd -nbB U PASSWORD writes one after the colon); owner, the account the user's tokens reach, defaults to the user name")
	publicURL := fs.String("public-url", "", "the server's URL as clients reach it (https://HOST[:PORT], behind a proxy or on another name), for the OAuth 2.0 issuer, the REST APIs' links and the default --status-base-url (default: the listening address)")
	loopback := fs.Bool("allow-loopback-redirects", false, "with --api, let clients register http redirect URIs on loopback addresses (RFC 8252, programs on the user's machine)")
	_, code, ok := fs.parseArgs(e, args, 0, "no arguments besides the flags")
	if !ok {
		return code
	}
	if *apiOn && *store == "" {
		*store = "sqlite:clrkit.db"
	}
	switch {
	case !*apiOn && (*accountsPath != "" || *loopback):
		return fs.usageErrorf(e, "--accounts and --allow-loopback-redirects go with --api")
	case *apiOn && *accountsPath == "":
		return fs.usageErrorf(e, "--api needs --accounts (the users of its login page)")
	case *apiOn && !*selfSigned && *certFile == "":
		return fs.usageErrorf(e, "--api serves OAuth 2.0, which needs TLS: give --tls-self-signed or --tls-cert and --tls-key")
	case *publicURL != "" && !isOrigin(*publicURL):
		return fs.usageErrorf(e, "--public-url %q is not an http(s) URL with a host and no path, query or fragment", *publicURL)
	case *addr == "":
		return fs.usageErrorf(e, "--addr is required")
	case *keyFile == "":
		return fs.usageErrorf(e, "--key is required")
	case (*certFile == "") != (*keyPEM == ""):
		return fs.usageErrorf(e, "--tls-cert and --tls-key go together")
	case *selfSigned && *certFile != "":
		return fs.usageErrorf(e, "--tls-self-signed and --tls-cert exclude each other")
	case *store == "" && (fs.given("status-base-url") || fs.given("status-max-age")):
		return fs.usageErrorf(e, "--status-base-url and --status-max-age go with --store")
	case *statusBase != "" && statuslist.CheckBaseURL(*statusBase) != nil:
		return fs.usageErrorf(e, "--status-base-url %q is not an absolute http(s) URL without query or fragment", *statusBase)
	case *maxAge < 0:
		return fs.usageErrorf(e, "--status-max-age %s is negative", *maxAge)
	}
	if !*anyAddr && !isLoopback(*addr) {
		return e.fail(exitUsage, "serve: %s is not a loopback address: the issue endpoint signs whatever it is sent, so serve it on 127.0.0.1, [::1] or localhost (or pass --unsafe-any-address behind your own access control)", *addr)
	}
	kf, err := readKeyFile(*keyFile)
	if err != nil {
		return e.fail(exitUsage, "serve: %v", err)
	}
	signer, err := kf.Signer()
	if err != nil {
		return e.fail(exitUsage, "serve: %v", err)
	}
	cs, ok := signSuites[*suite]
	if *suite == proof.SuiteECDSASD2023 {
		// Issues base proofs (options.mandatoryPointers); /credentials/derive
		// makes the disclosures.
		cs, ok = proof.ECDSASD2023{}, true
	}
	if !ok {
		return e.fail(exitUsage, "serve: --suite %q is not available (this build supports: %s, %s)", *suite, strings.Join(signSuiteNames, ", "), proof.SuiteECDSASD2023)
	}
	if err := suiteAcceptsKey(*suite, signer.Public()); err != nil {
		return e.fail(exitUsage, "serve: %s: %v", *keyFile, err)
	}
	var docs *did.LocalDocuments
	related := map[string][]byte{}
	if *documents != "" {
		if docs, err = did.ReadLocalDocuments(*documents); err != nil {
			return e.fail(exitUsage, "serve: %v", err)
		}
		// The same copies give the bytes that relatedResource digests are
		// checked against.
		for _, u := range docs.URLs() {
			related[u], _ = docs.Body(u)
		}
	}
	var tlsConfig *tls.Config
	switch {
	case *selfSigned:
		cert, err := selfSignedCertificate(*addr)
		if err != nil {
			return e.fail(exitUsage, "serve: %v", err)
		}
		tlsConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	case *certFile != "":
		cert, err := tls.LoadX509KeyPair(*certFile, *keyPEM)
		if err != nil {
			return e.fail(exitUsage, "serve: %v", err)
		}
		tlsConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return e.fail(exitUsage, "serve: %v", err)
	}
	defer ln.Close() // on the way out before Serve took it; Serve closes it too
	scheme := "http"
	if tlsConfig != nil {
		ln = tls.NewListener(ln, tlsConfig)
		scheme = "https"
	}
	self := *publicURL
	if self == "" {
		if host, _, _ := net.SplitHostPort(ln.Addr().String()); net.ParseIP(host).IsUnspecified() && (*apiOn || (*store != "" && *statusBase == "")) {
			return e.fail(exitUsage, "serve: listening on all addresses (%s), the server cannot name itself: give --public-url", ln.Addr())
		}
		self = scheme + "://" + ln.Addr().String()
	}
	self = strings.TrimSuffix(self, "/")
	var rest *restAPI
	if *apiOn {
		accounts, err := readAccounts(*accountsPath)
		if err != nil {
			return e.fail(exitUsage, "serve: --accounts: %v", err)
		}
		if rest, err = newRESTAPI(e.ctx, self, *store, accounts, *loopback); err != nil {
			return e.fail(exitUsage, "serve: %v", err)
		}
		defer func() {
			if err := rest.close(); err != nil && code == exitOK {
				code = e.fail(exitUsage, "closing the store: %v", err)
			}
		}()
	}
	var lists string
	var pub *statuslist.Publisher
	var status *statuslist.Issuer
	if *store != "" {
		st, err := openStore(e.ctx, *store)
		if err != nil {
			return e.fail(exitUsage, "serve: %v", err)
		}
		defer closeStore(e, st, &code)
		lists = *statusBase
		if lists == "" {
			lists = self + "/status"
			if _, port, _ := net.SplitHostPort(*addr); port == "0" && *publicURL == "" {
				fmt.Fprintf(e.stderr, "clrkit: serve: the status lists' URLs hold this run's port (%s/): credentials issued now point there; give --status-base-url for URLs that outlive the run\n", lists)
			}
		}
		listSuite := cs
		if *suite == proof.SuiteECDSASD2023 {
			listSuite = proof.ECDSARDFC2019{} // a list has nothing to disclose selectively
		}
		// Zero MaxAge means the default to NewPublisher; zero here means
		// no caching.
		age := *maxAge
		if age == 0 {
			age = -1
		}
		if pub, err = statuslist.NewPublisher(statuslist.PublisherOptions{Store: st, BaseURL: lists, Key: kf,
			Sign: proof.SignOptions{Suite: listSuite}, MaxAge: age}); err != nil {
			return e.fail(exitUsage, "serve: %v", err)
		}
		status = &statuslist.Issuer{Store: st, ID: kf.Controller, BaseURL: lists}
	}
	verifier, err := newServeVerifier(docs, pub)
	if err != nil {
		return e.fail(exitUsage, "serve: %v", err)
	}
	h, err := vcapi.NewHandler(vcapi.Options{Signer: signer, VerificationMethod: kf.ID, Issuer: kf.Controller, Verifier: verifier, Suite: cs,
		RelatedResources: related, Status: status})
	if err != nil {
		return e.fail(exitUsage, "serve: %v", err)
	}
	mount := ""
	if pub != nil {
		if mount, err = statusMount(lists); err != nil {
			return e.fail(exitUsage, "serve: --status-base-url: %v", err)
		}
	}
	// By path prefix, not a ServeMux pattern: the status lists' base path
	// is the user's, and may hold what a pattern reads as a wildcard.
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case mount != "" && strings.HasPrefix(r.URL.Path, mount):
			pub.ServeHTTP(w, r)
		case rest != nil && rest.route(w, r):
		default:
			h.ServeHTTP(w, r)
		}
	})
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	ctx, stop := signal.NotifyContext(e.ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	fmt.Fprintf(e.stdout, "%s://%s issuer %s\n", scheme, ln.Addr(), kf.Controller)
	if lists != "" {
		fmt.Fprintf(e.stdout, "status lists %s/\n", strings.TrimSuffix(lists, "/"))
	}
	if rest != nil {
		fmt.Fprintf(e.stdout, "REST APIs %s%s %s%s\n", self, obapi.Standard.BasePath, self, clrapi.Standard.BasePath)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return e.fail(exitUsage, "serve: %v", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return e.fail(exitUsage, "serve: %v", err)
	}
	return exitOK
}

// isOrigin reports whether s is an http(s) URL with a host and nothing
// after it (a trailing slash aside).
func isOrigin(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && (u.Path == "" || u.Path == "/") &&
		u.RawQuery == "" && u.Fragment == "" && !u.ForceQuery && u.User == nil
}

// statusMount returns the path prefix of the lists under base: its
// path and everything below, which must not take the VC-API's paths.
func statusMount(base string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	p := strings.TrimSuffix(u.Path, "/")
	if p == "" {
		return "", errors.New("the lists need a path of their own, such as /status")
	}
	// The paths of the VC-API, the REST APIs and the OAuth 2.0 server
	// (serve --api) are theirs, below and above.
	for _, taken := range []string{"/credentials", "/presentations", "/ims", oauth.PathRegister, oauth.PathAuthorize,
		"/oauth", oauth.PathRevoke, oauth.PathLogin, "/.well-known", "/keys", "/userinfo", "/terms", "/privacy"} {
		if p == taken || strings.HasPrefix(p, taken+"/") || strings.HasPrefix(taken, p+"/") {
			return "", fmt.Errorf("the path %s is taken by the server's own endpoints (%s)", p, taken)
		}
	}
	return p + "/", nil
}

// newServeVerifier is the verifier behind the verify endpoints: did:key and
// did:jwk keys, the built-in contexts, no network, unsigned presentations
// allowed (the verifier still fails one when a challenge or domain is
// asked for); with docs (the --documents directory), did:web, https
// keys and status lists from those local copies only; with pub, the
// server's own status lists, read from it in-process. The request's
// options.profile picks the profile (spec by default).
func newServeVerifier(docs *did.LocalDocuments, pub *statuslist.Publisher) (*vc.Verifier, error) {
	methods := map[string]did.Resolver{"key": &did.KeyResolver{}, "jwk": did.JWKResolver{}}
	var ropts did.RetrieverOptions
	var client *http.Client
	var loader ld.DocumentLoader
	if docs != nil {
		var err error
		if loader, err = localContexts(docs); err != nil {
			return nil, err
		}
		client = docs.Client(nil)
		web, err := did.NewWebResolver(client, did.HTTPOptions{})
		if err != nil {
			return nil, err
		}
		methods["web"] = web
		ropts.HTTPClient = client
	}
	if pub != nil {
		client = pub.Client(client) // its own lists first, then the copies
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
	return clr.NewVerifier(vc.VerifierOptions{Retriever: r, Resolver: mr, Loader: loader, HTTPClient: client, AllowUnsignedPresentations: true})
}

// selfSignedCertificate makes a P-256 certificate, valid for a day, for the
// host of addr, localhost and the loopback addresses.
func selfSignedCertificate(addr string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "clrkit serve"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	if host, _, err := net.SplitHostPort(addr); err == nil && host != "" {
		if ip := net.ParseIP(host); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, host)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

// isLoopback reports whether addr's host is localhost or a loopback IP.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
