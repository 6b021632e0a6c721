package api

import (
	"net/http"

	vcapi "github.com/clrkit/clrkit/vc/api"
)

// Standard is the CLR 2.0 API: base path /ims/clr/v2p0, scopes
// https://purl.imsglobal.org/spec/clr/v2p0/scope/..., and credentials of
// type ClrCredential.
var Standard = vcapi.Standard{
	Name:            "ClrCredentials",
	Version:         "2.0",
	BasePath:        "/ims/clr/v2p0",
	ScopePrefix:     "https://purl.imsglobal.org/spec/clr/v2p0/scope/",
	CredentialTypes: []string{"ClrCredential"},
}

// NewHandler returns the CLR 2.0 API's handler (vc/api.NewHandler with
// Standard; opts.Standard is set here).
func NewHandler(opts vcapi.Options) (http.Handler, error) {
	opts.Standard = Standard
	return vcapi.NewHandler(opts)
}
