package api

import (
	"encoding/json"
	"strings"
)

// serviceDescription builds the Service Description Document: a profiled
// OpenAPI 3.0 document naming the operations this server offers, their
// scopes, and the OAuth 2.0 endpoints with the registration URL
// (x-imssf-registrationUrl) that clients start from.
func serviceDescription(std Standard, d Discovery, publicURL string) ([]byte, error) {
	type object = map[string]any
	info := object{"title": d.Title, "version": std.Version, "termsOfService": d.TermsOfService, "x-imssf-privacyPolicyUrl": d.PrivacyPolicyURL}
	if info["title"] == "" {
		info["title"] = std.Name
	}
	if d.Image != "" {
		info["x-imssf-image"] = d.Image
	}
	op := func(id, scope, summary string, codes ...string) object {
		responses := object{"default": object{"description": "The request was invalid or cannot be served: an Imsx_StatusInfo says why."}}
		for _, c := range codes {
			responses[c] = object{"description": summary}
		}
		o := object{"operationId": id, "summary": summary, "responses": responses, "tags": []string{std.Name}}
		if scope != "" {
			o["security"] = []object{{"OAuth2ACG": []string{std.Scope(scope)}}}
		}
		return o
	}
	flow := object{"authorizationUrl": d.AuthorizationURL, "tokenUrl": d.TokenURL, "scopes": object{
		std.Scope(ScopeCredentialRead):   "Permission to read credentials for the authenticated entity.",
		std.Scope(ScopeCredentialUpsert): "Permission to create or update credentials for the authenticated entity.",
		std.Scope(ScopeProfileRead):      "Permission to read the profile for the authenticated entity.",
		std.Scope(ScopeProfileUpdate):    "Permission to update the profile for the authenticated entity.",
	}}
	if d.RefreshURL != "" {
		flow["refreshUrl"] = d.RefreshURL
	}
	return json.MarshalIndent(object{
		"openapi": "3.0.1",
		"info":    info,
		"servers": []object{{"url": strings.TrimSuffix(publicURL, "/") + std.BasePath}},
		"tags":    []object{{"name": std.Name}},
		"paths": object{
			"/credentials": object{
				"get":  op("getCredentials", ScopeCredentialRead, "The credentials, a page at a time (limit, offset, since).", "200"),
				"post": op("upsertCredential", ScopeCredentialUpsert, "Create (201) or replace (200) a credential; 304 when the one held is as new.", "200", "201", "304"),
			},
			"/profile": object{
				"get": op("getProfile", ScopeProfileRead, "The profile.", "200", "404"),
				"put": op("putProfile", ScopeProfileUpdate, "Replace the profile (202 when accepted for later processing).", "200", "202"),
			},
			"/discovery": object{
				"get": op("getServiceDescription", "", "This Service Description Document.", "200"),
			},
		},
		"components": object{"securitySchemes": object{"OAuth2ACG": object{
			"type":                    "oauth2",
			"description":             "OAuth 2.0 Authorization Code Grant with PKCE (S256)",
			"x-imssf-registrationUrl": d.RegistrationURL,
			"flows":                   object{"authorizationCode": flow},
		}}},
	}, "", "  ")
}
