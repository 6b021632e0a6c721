// Command clrkit composes, signs, canonicalizes and verifies Open Badges 3.0
// and CLR 2.0 credentials from the command line. It is built only on clrkit's
// public packages and doubles as the reference for wiring them together.
//
// Usage:
//
//	clrkit canon [--nquads] [--hash-alg sha256|sha384] [--labels] FILE
//	clrkit bench --op canon|sign|verify [--key KEYFILE] [--duration 3s] [--parallel N] FILE
//	clrkit keygen [--type ed25519|p256|p384|rsa] [--seed HEX] [--controller URL] [--id URL]
//	clrkit did resolve DID [--allow-http-host HOST:PORT] [--insecure-skip-tls-verify]
//	clrkit sign --key KEYFILE [--suite eddsa-rdfc-2022|eddsa-jcs-2022|ecdsa-rdfc-2019] [--created RFC3339] [--purpose assertionMethod] FILE
//	clrkit jwt sign --key KEYFILE [--alg RS256|ES256|ES384|EdDSA] [--vc-claim] FILE
//	clrkit schema validate [--strict] FILE
//	clrkit verify [--at RFC3339] [--format json|text] [--explain] [--recipient ID [--recipient-type TYPE]]
//	              [--challenge C] [--domain D] [--allow-network [--refresh]] [--allow-unsigned-presentation]
//	              [--unsafe-key-from-fragment] FILE
//	clrkit bake --in IMAGE --credential FILE --out IMAGE
//	clrkit unbake IMAGE
//	clrkit serve --addr 127.0.0.1:PORT --key KEYFILE [--tls-self-signed | --tls-cert FILE --tls-key FILE] [--unsafe-any-address]
//
// FILE may be "-" for standard input. Exit status: 0 success, 1 the input was
// processed and rejected, 2 usage error or unreadable input.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// Exit statuses of every command.
const (
	exitOK       = 0
	exitRejected = 1
	exitUsage    = 2
)

// env is what a command may touch: its arguments and standard streams.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

type command struct {
	usage string
	run   func(e *env, args []string) int
}

var commands = map[string]command{
	"bake":   {bakeUsage, runBake},
	"bench":  {benchUsage, runBench},
	"canon":  {canonUsage, runCanon},
	"did":    {didUsage, runDID},
	"jwt":    {jwtUsage, runJWT},
	"keygen": {keygenUsage, runKeygen},
	"schema": {schemaUsage, runSchema},
	"serve":  {serveUsage, runServe},
	"sign":   {signUsage, runSign},
	"unbake": {unbakeUsage, runUnbake},
	"verify": {verifyUsage, runVerify},
}

func main() {
	e := &env{ctx: context.Background(), stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}
	os.Exit(run(e, os.Args[1:]))
}

func run(e *env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage(e.stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "clrkit: unknown command %q (run 'clrkit help')\n", args[0])
		return exitUsage
	}
	return cmd.run(e, args[1:])
}

func printUsage(w io.Writer) {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "usage: clrkit COMMAND [flags] ...")
	for _, n := range names {
		fmt.Fprintln(w, "  clrkit "+commands[n].usage)
	}
}

// maxInput bounds what a command reads from FILE or standard input.
const maxInput = 64 << 20

// readInput reads FILE, or standard input for "-", refusing more than
// maxInput bytes.
func (e *env) readInput(name string) ([]byte, error) {
	r := e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxInput {
		return nil, fmt.Errorf("%s: more than %d bytes", name, maxInput)
	}
	return data, nil
}

// fail prints a one-line error and returns code.
func (e *env) fail(code int, format string, args ...any) int {
	msg := fmt.Sprintf(format, args...)
	fmt.Fprintln(e.stderr, "clrkit: "+strings.ReplaceAll(msg, "\n", " "))
	return code
}
