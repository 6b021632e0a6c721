// Command clrkit composes, signs, canonicalizes and verifies Open Badges 3.0
// and CLR 2.0 credentials from the command line. It is built only on clrkit's
// public packages and doubles as the reference for wiring them together.
//
// Usage:
//
//	clrkit COMMAND [flags] ...
//	clrkit help COMMAND       (or clrkit COMMAND -h): the command and its flags
//	clrkit --version
//
// The commands are keygen, canon, did resolve, sign, jwt sign, verify,
// schema validate, bake, unbake, bench, serve and status; README.md beside
// this file is their contract.
//
// FILE may be "-" for standard input. Exit status: 0 success, 1 the input was
// processed and rejected, 2 usage error or unreadable input.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/clrkit/clrkit/did"
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
	"status": {statusUsage, runStatus},
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
	if len(args) == 0 {
		printUsage(e.stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "--help", "-help":
		printUsage(e.stdout)
		return exitOK
	case "--version", "-version", "version":
		fmt.Fprintln(e.stdout, version())
		return exitOK
	case "help":
		if len(args) == 1 {
			printUsage(e.stdout)
			return exitOK
		}
		// clrkit help COMMAND [SUBCOMMAND]: what COMMAND -h prints.
		args = append(append([]string(nil), args[1:]...), "-h")
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
	fmt.Fprintln(w, "\nclrkit help COMMAND (or clrkit COMMAND -h) describes a command and its flags;\nclrkit --version prints the version.")
}

// version describes the build: the module version (for go install
// ...@version) or "(devel)", and the VCS revision when the build knows it.
func version() string {
	v, rev, dirty := "(devel)", "", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	out := "clrkit " + v + " (" + runtime.Version()
	if rev != "" {
		out += ", revision " + rev
		if dirty {
			out += " with local changes"
		}
	}
	return out + ")"
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

// jsonSyntax reports where data, read from the input named name, stops
// being JSON: the same one-line message, with the byte offset and the line
// and column, whichever command reads it. nil when data is JSON.
func jsonSyntax(name string, data []byte) error {
	if json.Valid(data) {
		return nil // the usual case: no copy, no error to locate
	}
	var raw json.RawMessage
	err := json.Unmarshal(data, &raw)
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return nil // valid, or refused for another reason later
	}
	off := int(se.Offset)
	if off > len(data) {
		off = len(data)
	}
	msg := se.Error()
	if off > 0 && msg != "unexpected end of JSON input" {
		off-- // the decoder's offset is just past the offending byte
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := off - bytes.LastIndexByte(data[:off], '\n')
	return fmt.Errorf("%s: not valid JSON: %s at byte offset %d (line %d, column %d)", name, msg, off, line, col)
}

// looksLikeJSON reports whether data, which may also be a compact JWT or
// an image, is meant as JSON text: it begins as an object or array does
// (after white space or a UTF-8 byte order mark, which JSON does not
// allow), or holds nothing but white space.
func looksLikeJSON(data []byte) bool {
	t := bytes.TrimLeft(bytes.TrimPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte("\xef\xbb\xbf")), " \t\r\n")
	return len(t) == 0 || t[0] == '{' || t[0] == '['
}

// readKeyFile reads a key file as did.ReadKeyFile does, but answers a file
// that is not JSON with the message every command gives malformed JSON.
func readKeyFile(path string) (*did.KeyFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if err := jsonSyntax(path, data); err != nil {
		return nil, err
	}
	kf, err := did.ParseKeyFile(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return kf, nil
}

// fail prints a one-line error and returns code.
func (e *env) fail(code int, format string, args ...any) int {
	msg := fmt.Sprintf(format, args...)
	fmt.Fprintln(e.stderr, "clrkit: "+strings.ReplaceAll(msg, "\n", " "))
	return code
}
