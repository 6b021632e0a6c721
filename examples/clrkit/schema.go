package main

import (
	"encoding/json"
	"errors"

	"github.com/clrkit/clrkit/schema"
)

const schemaUsage = "schema validate [--strict] FILE"

// runSchema runs `schema validate`: it checks FILE against the embedded
// 1EdTech JSON Schemas its type selects (--strict: the formal ones) and
// prints the report as indented JSON. Exit status: 0 valid, 1 invalid (a
// document whose type names no OB/CLR class included), 2 usage error,
// unreadable or unparseable input.
func runSchema(e *env, args []string) int {
	fs := newCmdline("schema validate", schemaUsage, "Validates FILE against the embedded 1EdTech JSON Schemas its type selects and prints the\nproblems as JSON. Exit 0 valid, 1 invalid, 2 usage error or unreadable input.")
	if len(args) == 0 || args[0] != "validate" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fs.printHelp(e.stdout)
			return exitOK
		}
		return fs.usageErrorf(e, "want the subcommand validate")
	}
	strict := fs.Bool("strict", false, "use the formal schemas issuers must meet")
	files, code, ok := fs.parseArgs(e, args[1:], 1, "FILE")
	if !ok {
		return code
	}
	data, err := e.readInput(files[0])
	if err != nil {
		return e.fail(exitUsage, "schema validate: %v", err)
	}
	if err := jsonSyntax(files[0], data); err != nil {
		return e.fail(exitUsage, "%v", err)
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
