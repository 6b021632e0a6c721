package main

import (
	"bytes"
	"errors"
	"os"

	"github.com/clrkit/clrkit/openbadges"
)

const (
	bakeUsage   = "bake --in IMAGE --credential FILE --out IMAGE"
	unbakeUsage = "unbake IMAGE"
)

// runBake runs `bake`: it embeds the credential of --credential (a JSON
// credential with an embedded proof, or a compact VC-JWT) in the PNG or SVG
// image of --in, the kind detected from its content, and writes the baked
// image to --out ("-" for standard output). Exit status: 0 baked; 1 the
// credential is not a JSON object or compact JWS, or the image already holds
// one; 2 usage error, unreadable files, or an input that is not a well-formed
// PNG or SVG.
func runBake(e *env, args []string) int {
	fs := newCmdline("bake", bakeUsage, "Embeds a credential (JSON with an embedded proof, or a compact VC-JWT) in a PNG or SVG\nbadge image, as Open Badges 3.0 section 5.3 describes. Exit 0 baked, 1 the credential or\nimage cannot take part (not a credential, already baked), 2 usage error or unreadable input.")
	in := fs.String("in", "", "the PNG or SVG `IMAGE` to bake into (- for standard input)")
	credFile := fs.String("credential", "", "the credential `FILE`: JSON with an embedded proof, or a compact VC-JWT (- for standard input)")
	out := fs.String("out", "", "where to write the baked `IMAGE` (- for standard output)")
	_, code, ok := fs.parseArgs(e, args, 0, "no arguments besides the flags")
	if !ok {
		return code
	}
	switch {
	case *in == "":
		return fs.usageErrorf(e, "--in is required")
	case *credFile == "":
		return fs.usageErrorf(e, "--credential is required")
	case *out == "":
		return fs.usageErrorf(e, "--out is required")
	case *in == "-" && *credFile == "-":
		return fs.usageErrorf(e, "--in and --credential cannot both be standard input")
	}
	img, err := e.readInput(*in)
	if err != nil {
		return e.fail(exitUsage, "bake: %v", err)
	}
	cred, err := e.readInput(*credFile)
	if err != nil {
		return e.fail(exitUsage, "bake: %v", err)
	}
	if looksLikeJSON(cred) {
		if err := jsonSyntax(*credFile, cred); err != nil {
			return e.fail(exitUsage, "%v", err)
		}
	}
	bake := openbadges.BakeSVG
	if bytes.HasPrefix(img, []byte("\x89PNG\r\n\x1a\n")) {
		bake = openbadges.BakePNG
	}
	baked, err := bake(img, cred)
	if err != nil {
		code := exitUsage
		if errors.Is(err, openbadges.ErrCredentialForm) || errors.Is(err, openbadges.ErrAlreadyBaked) {
			code = exitRejected
		}
		return e.fail(code, "bake: %s: %v", *in, err)
	}
	if *out == "-" {
		e.stdout.Write(baked)
		return exitOK
	}
	if err := os.WriteFile(*out, baked, 0o644); err != nil {
		return e.fail(exitUsage, "bake: %v", err)
	}
	return exitOK
}

// runUnbake runs `unbake`: it prints the credential baked into the PNG or
// SVG image IMAGE, exactly as baked, followed by a newline. Exit status: 0
// printed; 1 the image holds no credential, or one the spec does not allow
// (compressed, twice, neither JSON nor a compact JWS); 2 usage error, an
// unreadable file, or an input that is not a well-formed PNG or SVG.
func runUnbake(e *env, args []string) int {
	fs := newCmdline("unbake", unbakeUsage, "Prints the credential baked into a PNG or SVG badge image, exactly as baked. Exit 0\nprinted, 1 the image holds no credential (or one the spec does not allow), 2 usage error\nor an unreadable or malformed image.")
	files, code, ok := fs.parseArgs(e, args, 1, "IMAGE")
	if !ok {
		return code
	}
	img, err := e.readInput(files[0])
	if err != nil {
		return e.fail(exitUsage, "unbake: %v", err)
	}
	cred, err := openbadges.Unbake(img)
	if err != nil {
		code := exitUsage
		if errors.Is(err, openbadges.ErrNotBaked) || errors.Is(err, openbadges.ErrCredentialForm) {
			code = exitRejected
		}
		return e.fail(code, "unbake: %s: %v", files[0], err)
	}
	e.stdout.Write(append(cred, '\n'))
	return exitOK
}
