package vc

import "context"

// refresh is step 3.
func (v *Verifier) refresh(ctx context.Context, d *Document, exp Expectations, r *Report) *Document {
	if len(d.Credential.RefreshService) == 0 {
		r.Skip(CheckRefresh, "no refreshService")
		return d
	}
	r.Skip(CheckRefresh, "refresh is not enabled")
	return d
}
