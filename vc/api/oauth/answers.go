package oauth

import (
	"context"
	"errors"

	"github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// answers is the part of op.Storage that both backends answer alike, from
// their live access tokens and their keys: userinfo, introspection, the
// signing key and the grants this provider refuses. Each backend embeds
// one pointing at itself.
type answers struct {
	src interface {
		// access returns a live access token by id; nil when there is
		// none or it expired, an error when the records could not be read.
		access(ctx context.Context, id string) (*token, error)
		keys(ctx context.Context) (keyMaterial, error)
	}
}

// SetUserinfoFromScopes names the subject and nothing else: the provider
// keeps no profile.
func (answers) SetUserinfoFromScopes(_ context.Context, info *oidc.UserInfo, userID, _ string, _ []string) error {
	info.Subject = userID
	return nil
}

// SetUserinfoFromToken answers for a live access token of that subject
// only.
func (a answers) SetUserinfoFromToken(ctx context.Context, info *oidc.UserInfo, tokenID, subject, _ string) error {
	t, err := a.src.access(ctx, tokenID)
	if err != nil {
		return err
	}
	if t == nil || t.subject != subject {
		return errNotFound
	}
	info.Subject = t.subject
	return nil
}

// SetIntrospectionFromToken says a token is active only to the client it
// was issued to, with its own client, subject and scopes. An inactive
// token must be an error: the provider marks the response active whenever
// this returns nil, and answers {"active": false} on an error.
func (a answers) SetIntrospectionFromToken(ctx context.Context, r *oidc.IntrospectionResponse, tokenID, subject, clientID string) error {
	t, err := a.src.access(ctx, tokenID)
	if err != nil {
		return err
	}
	if t == nil || t.clientID != clientID || t.subject != subject {
		return errNotFound
	}
	r.Active, r.Subject, r.ClientID, r.Scope = true, t.subject, t.clientID, oidc.SpaceDelimitedArray(t.scopes)
	return nil
}

func (a answers) SigningKey(ctx context.Context) (op.SigningKey, error) {
	k, err := a.src.keys(ctx)
	if err != nil {
		return nil, err
	}
	return k.signing, nil
}

func (a answers) KeySet(ctx context.Context) ([]op.Key, error) {
	k, err := a.src.keys(ctx)
	if err != nil {
		return nil, err
	}
	return []op.Key{publicKey{k.signing}}, nil
}

func (answers) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.ES256}, nil
}

func (answers) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

func (answers) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errors.New("oauth: JWT client authentication is not offered")
}

func (answers) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, errors.New("oauth: the JWT profile grant is not offered")
}

// TerminateSession has nothing to end: the provider keeps no sign-in
// session, each authorization asks the user again.
func (answers) TerminateSession(context.Context, string, string) error { return nil }

// refreshRefused is the token endpoint's answer to a refresh token that
// was used up, revoked or expired between the provider reading it and
// the rotation: invalid_grant (RFC 6749 section 5.2), as when it is
// missing at the start, and not a server error.
func refreshRefused() error {
	return oidc.ErrInvalidGrant().WithDescription("the refresh token is used up, revoked or expired").WithParent(op.ErrInvalidRefreshToken)
}
