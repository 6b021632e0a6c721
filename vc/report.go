package vc

import (
	"fmt"
	"io"
	"strings"
)

// Status is the outcome of one check.
type Status string

// The outcomes of a check.
const (
	StatusPassed  Status = "passed"
	StatusFailed  Status = "failed"
	StatusSkipped Status = "skipped"
	StatusWarning Status = "warning"
)

// The names of the checks, in the order they run.
const (
	CheckStructure    = "structure"
	CheckSchema       = "schema"
	CheckProof        = "proof"
	CheckRefresh      = "refresh"
	CheckStatus       = "status"
	CheckDates        = "dates"
	CheckRecipient    = "recipient"
	CheckEndorsements = "endorsements"
	CheckNested       = "nested"
	CheckPresentation = "presentation"
)

// Report is the outcome of verifying one document: whether it verified,
// every check with its status, the errors and warnings with stable codes
// (see the Code constants) and JSON pointers into the input, and the reports
// of the credentials inside it (a CLR's, a presentation's) and of its
// endorsements. It is JSON-serialisable in the shape of the clrkit verify
// command's report.
type Report struct {
	Verified bool `json:"verified"`
	// Profile is the profile that decided Verified from the checks.
	Profile Profile `json:"profile,omitempty"`
	Kind    string  `json:"kind"`
	ID      string  `json:"id,omitempty"`
	Issuer  string  `json:"issuer,omitempty"`
	// Format is how the document was secured: "embedded" (Data Integrity
	// proof), "jwt", "sd-jwt", "cose", or "unsigned".
	Format   string  `json:"format,omitempty"`
	Checks   []Check `json:"checks"`
	Errors   []Issue `json:"errors"`
	Warnings []Issue `json:"warnings"`
	// Nested holds one report per credential inside a CLR or a
	// presentation, in document order.
	Nested []*Report `json:"nested"`
	// Endorsements holds one report per endorsement found on the
	// credential, its achievement and its profiles.
	Endorsements []*Report `json:"endorsements,omitempty"`
	// Path is where this document sits in the outermost input (a JSON
	// pointer); empty for the outermost document.
	Path string `json:"path,omitempty"`
	// Explain holds the intermediate values of each proof check, when asked.
	Explain []Explain `json:"explain,omitempty"`
	// LocalDocuments lists the local copies (did.LocalDocuments) that
	// answered the fetches of this document's verification, in place of
	// the network.
	LocalDocuments []LocalDocument `json:"localDocuments,omitempty"`
}

// LocalDocument is a local copy a verification used: the URL it stood for
// and the name of its file.
type LocalDocument struct {
	URL  string `json:"url"`
	File string `json:"file"`
}

// Check is the outcome of one named step of verification.
type Check struct {
	Check string `json:"check"`
	// Class is what the check establishes (see ClassOfCheck); the verdict
	// fills it in where the line was recorded without one.
	Class  Class  `json:"class,omitempty"`
	Status Status `json:"status"`
	Detail string `json:"detail,omitempty"`
}

// Issue is one error or warning of a Report.
type Issue struct {
	// Code is stable and machine-readable; see the Code constants.
	Code string `json:"code"`
	// Class is the class of the check that found the issue, or of the
	// code (ClassOfCode) when it was recorded without a check.
	Class   Class  `json:"class,omitempty"`
	Message string `json:"message"`
	// Path is a JSON pointer into the input document, where it applies.
	Path string `json:"path,omitempty"`
}

// Explain holds what a Data Integrity proof check computed, so that a
// signature mismatch between two implementations can be diffed.
type Explain struct {
	Proof                string `json:"proof"`
	CanonicalProofConfig string `json:"canonicalProofConfig"`
	CanonicalDocument    string `json:"canonicalDocument"`
	ProofConfigHashHex   string `json:"proofConfigHashHex"`
	DocumentHashHex      string `json:"documentHashHex"`
	HashDataHex          string `json:"hashDataHex"`
}

func newReport() *Report {
	return &Report{Kind: "unknown", Checks: []Check{}, Errors: []Issue{}, Warnings: []Issue{}, Nested: []*Report{}}
}

// pass records a passed check.
func (r *Report) pass(check, detail string) {
	r.Checks = append(r.Checks, Check{Check: check, Class: ClassOfCheck(check), Status: StatusPassed, Detail: detail})
}

// skip records a check that did not apply.
func (r *Report) skip(check, detail string) {
	r.Checks = append(r.Checks, Check{Check: check, Class: ClassOfCheck(check), Status: StatusSkipped, Detail: detail})
}

// fail records a failed check and its error. The document does not verify.
func (r *Report) fail(check, code, path, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	class := ClassOfCheck(check)
	r.Checks = append(r.Checks, Check{Check: check, Class: class, Status: StatusFailed, Detail: msg})
	r.Errors = append(r.Errors, Issue{Code: code, Class: class, Message: msg, Path: path})
}

// warn records a check that passed with a reservation, and the warning.
func (r *Report) warn(check, code, path, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	class := ClassOfCheck(check)
	r.Checks = append(r.Checks, Check{Check: check, Class: class, Status: StatusWarning, Detail: msg})
	r.Warnings = append(r.Warnings, Issue{Code: code, Class: class, Message: msg, Path: path})
}

// addError records an error without a check line of its own (a check
// with several findings adds one line and several errors).
func (r *Report) addError(code, path, format string, args ...any) {
	r.Errors = append(r.Errors, Issue{Code: code, Class: ClassOfCode(code), Message: fmt.Sprintf(format, args...), Path: path})
}

// addWarning records a warning without a check line of its own.
func (r *Report) addWarning(code, path, format string, args ...any) {
	r.Warnings = append(r.Warnings, Issue{Code: code, Class: ClassOfCode(code), Message: fmt.Sprintf(format, args...), Path: path})
}

// Failed reports whether any error has been recorded. (Before the verdict
// is made; the Verified field is the verdict.)
func (r *Report) Failed() bool { return len(r.Errors) > 0 }

// CheckStatus returns the status of the named check (the worst of its
// lines), or "" when it did not run.
func (r *Report) CheckStatus(check string) Status {
	var s Status
	for _, c := range r.Checks {
		if c.Check != check {
			continue
		}
		switch {
		case c.Status == StatusFailed:
			return StatusFailed
		case c.Status == StatusWarning, s == "", s == StatusSkipped:
			s = c.Status
		}
	}
	return s
}

// HasError reports whether an error with the code was recorded.
func (r *Report) HasError(code string) bool {
	for _, e := range r.Errors {
		if e.Code == code {
			return true
		}
	}
	return false
}

// HasWarning reports whether a warning with the code was recorded.
func (r *Report) HasWarning(code string) bool {
	for _, e := range r.Warnings {
		if e.Code == code {
			return true
		}
	}
	return false
}

// Summary is a one-line description: the verdict, kind, id and the first
// error.
func (r *Report) Summary() string {
	if r.Verified {
		return "verified " + r.what()
	}
	return "not verified " + r.what()
}

// what is Summary without the verdict: the kind, id and first error.
func (r *Report) what() string {
	var b strings.Builder
	b.WriteString(r.Kind)
	if r.ID != "" {
		b.WriteString(" " + r.ID)
	}
	if len(r.Errors) > 0 {
		e := r.Errors[0]
		fmt.Fprintf(&b, ": %s: %s", e.Code, e.Message)
		if e.Path != "" {
			b.WriteString(" at " + e.Path)
		}
	}
	return b.String()
}

// WriteText writes the report for people: the verdict, kind, id, issuer
// and profile, one line per check (name, status, class, detail), the
// errors and warnings with their codes and JSON pointers, the local copies
// of documents used, then the reports of nested credentials and
// endorsements, indented. It returns the first write error.
func (r *Report) WriteText(w io.Writer) error {
	tw := &textWriter{w: w}
	r.writeText(tw, "")
	return tw.err
}

// at is " at PATH", or nothing for an issue without a path.
func at(path string) string {
	if path == "" {
		return ""
	}
	return " at " + path
}

// textWriter remembers the first error of a run of writes.
type textWriter struct {
	w   io.Writer
	err error
}

func (t *textWriter) printf(format string, args ...any) {
	if t.err == nil {
		_, t.err = fmt.Fprintf(t.w, format, args...)
	}
}

func (r *Report) writeText(t *textWriter, indent string) {
	verdict := "NOT VERIFIED"
	if r.Verified {
		verdict = "VERIFIED"
	}
	head := verdict + ": " + r.Kind
	if r.ID != "" {
		head += " " + r.ID
	}
	var about []string
	if r.Issuer != "" {
		about = append(about, "issuer "+r.Issuer)
	}
	if r.Profile != "" {
		about = append(about, "profile "+string(r.Profile))
	}
	if len(about) > 0 {
		head += " (" + strings.Join(about, "; ") + ")"
	}
	t.printf("%s%s\n", indent, head)
	for _, c := range r.Checks {
		line := fmt.Sprintf("%s  %-12s %-7s %-12s %s", indent, c.Check, c.Status, c.Class, c.Detail)
		t.printf("%s\n", strings.TrimRight(line, " "))
	}
	for _, x := range r.Errors {
		t.printf("%s  error %s%s: %s\n", indent, x.Code, at(x.Path), x.Message)
	}
	for _, x := range r.Warnings {
		t.printf("%s  warning %s%s: %s\n", indent, x.Code, at(x.Path), x.Message)
	}
	for _, d := range r.LocalDocuments {
		t.printf("%s  local copy %s for %s\n", indent, d.File, d.URL)
	}
	for _, n := range r.Nested {
		n.writeText(t, indent+"    ")
	}
	for _, n := range r.Endorsements {
		t.printf("%s    endorsement at %s:\n", indent, n.Path)
		n.writeText(t, indent+"    ")
	}
}

// prefix rebases the report's paths (and its nested reports') under p.
func (r *Report) prefix(p string) {
	if p == "" {
		return
	}
	r.Path = p + r.Path
	for i := range r.Errors {
		r.Errors[i].Path = p + r.Errors[i].Path
	}
	for i := range r.Warnings {
		r.Warnings[i].Path = p + r.Warnings[i].Path
	}
	for _, n := range r.Nested {
		n.prefix(p)
	}
	for _, n := range r.Endorsements {
		n.prefix(p)
	}
}
