package testkit

import (
	"encoding/json"
	"testing"

	"github.com/clrkit/clrkit/vc"
)

// RequireVerified fails the test, printing the report, when the document
// did not verify.
func RequireVerified(t testing.TB, r *vc.Report, err error) {
	t.Helper()
	if r == nil {
		t.Fatalf("no report (err %v)", err)
	}
	if err != nil || !r.Verified {
		out, _ := json.MarshalIndent(r, "", "  ")
		t.Fatalf("not verified: %v\n%s", err, out)
	}
}

// Issue returns the first issue with the code, failing the test if there
// is none.
func Issue(t testing.TB, is []vc.Issue, code string) vc.Issue {
	t.Helper()
	for _, i := range is {
		if i.Code == code {
			return i
		}
	}
	t.Fatalf("no %s among %v", code, is)
	return vc.Issue{}
}
