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
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/clrkit/clrkit/clr"
	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/proof"
	"github.com/clrkit/clrkit/proof/ld"
	"github.com/clrkit/clrkit/vc"
	"github.com/clrkit/clrkit/vc/vcapi"
)

const serveUsage = "serve --addr 127.0.0.1:PORT --key KEYFILE [--tls-self-signed | --tls-cert FILE --tls-key FILE] [--suite eddsa-rdfc-2022|eddsa-jcs-2022|ecdsa-rdfc-2019|ecdsa-sd-2023] [--documents DIR] [--unsafe-any-address]"

// runServe serves the VC-API endpoints (issue with the key file's key,
// verify and verify presentations with the command's verifier) until it is
// interrupted. It prints the URL it serves on as its first line of output.
func runServe(e *env, args []string) int {
	fs := newCmdline("serve", serveUsage, "Serves the VC-API issuer and verifier endpoints (POST /credentials/issue,\n/credentials/verify, /presentations/verify) on a loopback address until interrupted,\nsigning with the key file's key. Prints the URL it serves on first.")
	addr := fs.String("addr", "", "the address to listen on, such as 127.0.0.1:40443 (port 0 picks a free one)")
	keyFile := fs.String("key", "", "the key file of the issuer (clrkit keygen)")
	selfSigned := fs.Bool("tls-self-signed", false, "serve HTTPS with a certificate generated in memory for the address")
	certFile := fs.String("tls-cert", "", "serve HTTPS with this certificate (PEM)")
	keyPEM := fs.String("tls-key", "", "the private key of --tls-cert (PEM)")
	anyAddr := fs.Bool("unsafe-any-address", false, "listen on a non-loopback address: anyone who reaches it can have credentials signed with the key")
	suite := fs.String("suite", proof.SuiteEdDSARDFC2022, "the cryptosuite of issued proofs: eddsa-rdfc-2022, eddsa-jcs-2022 (Ed25519 keys), ecdsa-rdfc-2019 (P-256, P-384 keys) or ecdsa-sd-2023 (P-256 keys: base proofs, with options.mandatoryPointers)")
	documents := fs.String("documents", "", "a directory whose index.json maps URLs to local copies (DID documents, key documents, JWK Sets, status lists, JSON-LD contexts) the verify endpoints use in place of the network, which they never reach, and the bytes of relatedResource URLs /credentials/issue checks digests against")
	_, code, ok := fs.parseArgs(e, args, 0, "no arguments besides the flags")
	if !ok {
		return code
	}
	switch {
	case *addr == "":
		return fs.usageErrorf(e, "--addr is required")
	case *keyFile == "":
		return fs.usageErrorf(e, "--key is required")
	case (*certFile == "") != (*keyPEM == ""):
		return fs.usageErrorf(e, "--tls-cert and --tls-key go together")
	case *selfSigned && *certFile != "":
		return fs.usageErrorf(e, "--tls-self-signed and --tls-cert exclude each other")
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
	verifier, err := newServeVerifier(docs)
	if err != nil {
		return e.fail(exitUsage, "serve: %v", err)
	}
	h, err := vcapi.NewHandler(vcapi.Options{Signer: signer, VerificationMethod: kf.ID, Issuer: kf.Controller, Verifier: verifier, Suite: cs,
		RelatedResources: related})
	if err != nil {
		return e.fail(exitUsage, "serve: %v", err)
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
	scheme := "http"
	if tlsConfig != nil {
		ln = tls.NewListener(ln, tlsConfig)
		scheme = "https"
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	ctx, stop := signal.NotifyContext(e.ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	fmt.Fprintf(e.stdout, "%s://%s issuer %s\n", scheme, ln.Addr(), kf.Controller)
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

// newServeVerifier is the verifier behind the verify endpoints: did:key and
// did:jwk keys, the built-in contexts, no network, unsigned presentations
// allowed (the verifier still fails one when a challenge or domain is
// asked for); with docs (the --documents directory), did:web, https
// keys and status lists from those local copies only. The request's
// options.profile picks the profile (spec by default).
func newServeVerifier(docs *did.LocalDocuments) (*vc.Verifier, error) {
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
