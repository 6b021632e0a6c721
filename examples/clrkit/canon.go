package main

import (
	"crypto"
	"encoding/json"
	"errors"

	"github.com/clrkit/clrkit/proof/ld"
)

const canonUsage = "canon [--nquads] [--hash-alg sha256|sha384] [--labels] [--dialect spec|jsonld-js] [--compare-dialects] FILE"

func runCanon(e *env, args []string) int {
	fs := newCmdline("canon", canonUsage, "Prints the RDFC-1.0 canonical N-Quads of a JSON-LD document (or, with --nquads, of an\nN-Quads dataset). FILE may be - for standard input. Exit 0 printed, 1 the input is refused\n(safe mode, limits), 2 usage error or unreadable input.")
	nquads := fs.Bool("nquads", false, "the input is N-Quads, not JSON-LD")
	hashAlg := fs.String("hash-alg", "sha256", "RDFC-1.0 hash function: sha256 or sha384")
	labels := fs.Bool("labels", false, "print the blank-node identifier map as JSON instead of N-Quads")
	dialect := fs.String("dialect", "spec", "canonicalization dialect: spec (JSON-LD 1.1 and RDFC-1.0 as written) or jsonld-js (jsonld.js 9 and rdf-canonize 5, deviations included)")
	compare := fs.Bool("compare-dialects", false, "print, as JSON, whether the two dialects' canonical forms differ and the constructs (with JSON pointers and remedies) that make them differ")
	files, code, ok := fs.parseArgs(e, args, 1, "FILE")
	if !ok {
		return code
	}
	var h crypto.Hash
	switch *hashAlg {
	case "sha256":
		h = crypto.SHA256
	case "sha384":
		h = crypto.SHA384
	default:
		return e.fail(exitUsage, "--hash-alg %q: want sha256 or sha384", *hashAlg)
	}
	data, err := e.readInput(files[0])
	if err != nil {
		return e.fail(exitUsage, "%v", err)
	}
	if !*nquads {
		if err := jsonSyntax(files[0], data); err != nil {
			return e.fail(exitUsage, "%v", err)
		}
	}
	d, err := ld.ParseDialect(*dialect)
	if err != nil {
		return e.fail(exitUsage, "--dialect %q: want spec or jsonld-js", *dialect)
	}
	c, err := ld.NewCanonicalizer(ld.Options{Hash: h, Dialect: d})
	if err != nil {
		return e.fail(exitUsage, "%v", err)
	}
	if *compare {
		if *nquads {
			return e.fail(exitUsage, "canon: --compare-dialects takes a JSON-LD document, not N-Quads")
		}
		cmp, err := c.CompareDialects(e.ctx, data)
		if err != nil {
			return e.fail(canonExitCode(err), "%s: %v", files[0], err)
		}
		writeComparison(e, cmp)
		return exitOK
	}
	var res *ld.Canonical
	if !*labels {
		c = c.WithoutLabels() // the N-Quads alone: no node map needed
	}
	if *nquads {
		res, err = c.CanonicalizeNQuads(e.ctx, data)
	} else {
		res, err = c.Canonicalize(e.ctx, data)
	}
	if err != nil {
		return e.fail(canonExitCode(err), "%s: %v", files[0], err)
	}
	if *labels {
		out, _ := json.MarshalIndent(res.Labels, "", "  ")
		e.stdout.Write(append(out, '\n'))
		return exitOK
	}
	e.stdout.Write(res.NQuads)
	return exitOK
}

// canonExitCode maps a canonicalization error to an exit status: input that
// cannot be parsed at all is a usage-level failure (2); a document that
// parses but is rejected (safe mode, limits, JSON-LD errors) is 1.
func canonExitCode(err error) int {
	var le *ld.Error
	if errors.As(err, &le) && (le.Code == ld.CodeNQuadsSyntax || le.Code == ld.CodeJSONSyntax) {
		return exitUsage
	}
	return exitRejected
}

// writeComparison prints a dialect comparison as JSON.
func writeComparison(e *env, cmp *ld.DialectComparison) {
	type construct struct {
		Kind     string `json:"kind"`
		Path     string `json:"path"`
		Spec     string `json:"spec"`
		JSONLDJS string `json:"jsonld-js"`
		Remedy   string `json:"remedy"`
	}
	out := struct {
		Differs    bool        `json:"differs"`
		Constructs []construct `json:"constructs"`
	}{Differs: cmp.Differs(), Constructs: []construct{}}
	for _, c := range cmp.Constructs {
		out.Constructs = append(out.Constructs, construct{c.Kind.String(), c.Path, c.Spec, c.JSONLDJS, c.Remedy()})
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false) // N-Quads terms hold < and >
	enc.SetIndent("", "  ")
	enc.Encode(out)
}
