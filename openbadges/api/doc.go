// Package api serves the Open Badges 3.0 REST API (base path
// /ims/ob/v3p0; Open Badges Specification 3.0, "Open Badges API"): the
// Standard that vc/api needs for it, and NewHandler.
package api
