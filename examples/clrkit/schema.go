package main

import (
	"encoding/json"
	"errors"
	"flag"

	"github.com/clrkit/clrkit/schema"
)

const schemaUsage = "schema validate [--strict] FILE"

// runSchema runs `schema validate`: it checks FILE against the embedded
// 1EdTech JSON Schemas its type selects (--strict: the formal ones) and
// prints the report as indented JSON. Exit status: 0 valid, 1 invalid (a
// document whose type names no OB/CLR class included), 2 usage error,
// unreadable or unparseable input.
func runSchema(e *env, args []string) int {
	if len(args) == 0 || args[0] != "validate" {
		return e.fail(exitUsage, "usage: clrkit %s", schemaUsage)
	}
	fs := flag.NewFlagSet("schema validate", flag.ContinueOnError)
	strict := fs.Bool("strict", false, "use the formal schemas issuers must meet")
	files, err := parseFlags(fs, args[1:])
	if err != nil || len(files) != 1 {
		return e.fail(exitUsage, "usage: clrkit %s", schemaUsage)
	}
	data, err := e.readInput(files[0])
	if err != nil {
		return e.fail(exitUsage, "schema validate: %v", err)
	}
	report, err := schema.New().Validate(data, schema.Options{Strict: *strict})
	if errors.Is(err, schema.ErrUnknownKind) {
		// Not an OB 3.0 or CLR 2.0 credential: invalid as one.
		report, err = &schema.Report{Problems: []schema.Problem{{Pointer: "/type", Keyword: "type",
			Message: "the document's type names no Open Badges 3.0 or CLR 2.0 credential, endorsement, profile or presentation (" + err.Error() + ")"}}}, nil
	}
	if err != nil {
		code := exitUsage
		if errors.Is(err, schema.ErrUnknownSchema) {
			code = exitRejected // a credentialSchema we cannot check
		}
		return e.fail(code, "schema validate: %v", err)
	}
	out, err := json.MarshalIndent(report, "", "  ")
	if err != nil {
		return e.fail(exitUsage, "schema validate: %v", err)
	}
	e.stdout.Write(append(out, '\n'))
	if !report.Valid {
		return exitRejected
	}
	return exitOK
}
