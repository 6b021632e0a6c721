package vc

import (
	"context"
	"net/http"
	"time"
)

// fetcher gets status lists and refreshed credentials.
type fetcher interface{}

func newFetcher(client *http.Client, allow []string, maxBytes int64, now func() time.Time) (fetcher, error) {
	return nil, nil
}

// checkStatus is step 4's status part.
func (v *Verifier) checkStatus(ctx context.Context, d *Document, exp Expectations, r *Report) {
	if len(d.Credential.CredentialStatus) == 0 {
		r.Skip(CheckStatus, "no credentialStatus")
		return
	}
	r.Fail(CheckStatus, CodeStatusUnsupported, "/credentialStatus", "status checking is not available yet")
}
