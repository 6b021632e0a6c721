package vc

// Refresh (step 3 of the OB 3.0 verification procedure, VCCR-10): when a
// credential has a refreshService of type 1EdTechCredentialRefresh and the
// Verifier was built with Refresh, the service's id is fetched once (GET,
// JSON accepted, and a compact VC-JWT) after the proof has been checked. The
// response is the refreshed credential, secured like any credential (an
// embedded proof, or a JWT). It replaces the original for the remaining
// steps only when it verifies (structure, schema, proof, status, dates,
// through verifyNested), has the same issuer and id, and is not older
// (validFrom, or issuanceDate). The refreshed credential's own
// refreshService is never followed. Any failure leaves the original
// standing, with the warning CodeRefreshFailed.

import (
	"context"
	"fmt"
)

// TypeCredentialRefresh is the refreshService type of 1EdTech credentials.
const TypeCredentialRefresh = "1EdTechCredentialRefresh"

// refresh is step 3.
func (v *Verifier) refresh(ctx context.Context, d *Document, exp Expectations, r *Report) *Document {
	services := d.Credential.RefreshService
	if len(services) == 0 {
		r.skip(CheckRefresh, "no refreshService")
		return d
	}
	if !v.opts.Refresh || !v.fetch.configured() {
		r.skip(CheckRefresh, "refresh not enabled")
		return d
	}
	if exp.fetched {
		r.skip(CheckRefresh, "a refreshed or fetched credential is not refreshed again")
		return d
	}
	path, service := "", ""
	for i, s := range services {
		if string(s.Type) == TypeCredentialRefresh {
			path, service = "/refreshService", s.ID
			if len(services) > 1 || memberIsArray(d.JSON, "refreshService") {
				path = fmt.Sprintf("/refreshService/%d", i)
			}
			break
		}
	}
	if path == "" {
		r.skip(CheckRefresh, "no refreshService of type "+TypeCredentialRefresh)
		return d
	}
	failed := func(format string, args ...any) *Document {
		r.warn(CheckRefresh, CodeRefreshFailed, path, "the original credential stands: "+format, args...)
		return d
	}
	if CheckURI(service) != nil {
		return failed("the refresh service id %q is not a URL", service)
	}
	body, _, err := v.fetch.refresh.Get(ctx, service)
	if err != nil {
		return failed("%v", err)
	}
	nested, credJSON := v.verifyFetched(ctx, body, exp)
	if credJSON == nil {
		return failed("the refreshed credential from %s does not verify: %s", service, nested.Summary())
	}
	c, err := ParseCredential(credJSON)
	if err != nil {
		return failed("the refreshed credential from %s cannot be read: %v", service, err)
	}
	old, fresh := d.Credential.Identity(), c.Identity()
	if !old.Same(fresh) {
		return failed("the refreshed credential from %s is not a version of this one (issuer %s, id %q)", service, fresh.Issuer, fresh.ID)
	}
	order, err := fresh.Compare(old)
	if err != nil {
		return failed("the refreshed credential from %s cannot be dated against this one: %v", service, err)
	}
	if order < 0 {
		return failed("the refreshed credential from %s is older (valid from %s) than this one (valid from %s)", service, fresh.ValidFrom, old.ValidFrom)
	}
	r.warn(CheckRefresh, CodeRefreshed, path, "replaced by the refreshed credential from %s (valid from %s, was %s): %s",
		service, fresh.ValidFrom, old.ValidFrom, nested.Summary())
	r.Kind, r.ID, r.Issuer = kindOf(c.Type), c.ID, c.Issuer.ID
	if nested.Format != "" {
		r.Format = nested.Format
	}
	return &Document{JSON: credJSON, Credential: c, Format: r.Format}
}
