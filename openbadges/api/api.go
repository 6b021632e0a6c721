package api

import (
	"net/http"

	vcapi "github.com/clrkit/clrkit/vc/api"
)

// Standard is the Open Badges 3.0 API: base path /ims/ob/v3p0, scopes
// https://purl.imsglobal.org/spec/ob/v3p0/scope/..., and credentials of
// type AchievementCredential or OpenBadgeCredential.
var Standard = vcapi.Standard{
	Name:            "OpenBadgeCredentials",
	Version:         "3.0",
	BasePath:        "/ims/ob/v3p0",
	ScopePrefix:     "https://purl.imsglobal.org/spec/ob/v3p0/scope/",
	CredentialTypes: []string{"AchievementCredential", "OpenBadgeCredential"},
}

// NewHandler returns the Open Badges 3.0 API's handler (vc/api.NewHandler
// with Standard; opts.Standard is set here).
func NewHandler(opts vcapi.Options) (http.Handler, error) {
	opts.Standard = Standard
	return vcapi.NewHandler(opts)
}
