// Package api serves the CLR 2.0 REST API (base path /ims/clr/v2p0;
// Comprehensive Learner Record Standard 2.0, "CLR Standard API"): the
// Standard that vc/api needs for it, and NewHandler.
package api
