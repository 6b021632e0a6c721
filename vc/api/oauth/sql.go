package oauth

import (
	"context"
	"crypto/ecdsa"
	"crypto/subtle"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"github.com/clrkit/clrkit/internal/sqldb"
)

// sqlMigrations are the OAuth records' tables (component "oauth" in
// clrkit_migrations).
func sqlMigrations(d *sqldb.Dialect) []string {
	return []string{`
		CREATE TABLE oauth_keys (name TEXT PRIMARY KEY, value ` + d.Blob + ` NOT NULL);
		CREATE TABLE oauth_clients (id TEXT PRIMARY KEY, secret TEXT NOT NULL, allowed TEXT NOT NULL, data ` + d.Blob + ` NOT NULL);
		CREATE TABLE oauth_requests (id TEXT PRIMARY KEY, client_id TEXT NOT NULL, created ` + d.Time + ` NOT NULL,
			code TEXT UNIQUE, code_issued ` + d.Time + `, done INTEGER NOT NULL, subject TEXT NOT NULL, auth_time ` + d.Time + `,
			login_nonce TEXT NOT NULL, data ` + d.Blob + ` NOT NULL);
		CREATE INDEX oauth_requests_client ON oauth_requests (client_id);
		CREATE TABLE oauth_tokens (id TEXT PRIMARY KEY, client_id TEXT NOT NULL, subject TEXT NOT NULL, scopes TEXT NOT NULL,
			expires ` + d.Time + ` NOT NULL, refresh_id TEXT NOT NULL);
		CREATE TABLE oauth_refresh (token TEXT PRIMARY KEY, access_id TEXT NOT NULL, client_id TEXT NOT NULL, subject TEXT NOT NULL,
			scopes TEXT NOT NULL, auth_time ` + d.Time + ` NOT NULL);`}
}

// SQLRecords keeps a Server's records in a database that several servers
// may share: they then accept each other's tokens, and a restart keeps
// them. vc/api/oauth/sqlitestore and vc/api/oauth/pgstore open one (the
// database of the API's store and the status lists may be the same).
func SQLRecords(ctx context.Context, db sqldb.DB) (*Records, error) {
	if err := db.Migrate(ctx, "oauth", sqlMigrations(db.Dialect()), nil); err != nil {
		return nil, err
	}
	b := &sqlBackend{db: db}
	b.answers = answers{b}
	return &Records{b: b, close: db.Close}, nil
}

// sqlBackend is a backend in a sqldb.DB.
type sqlBackend struct {
	answers
	db     sqldb.DB
	st     settings
	mu     sync.Mutex
	cached *keyMaterial
}

// requestData is what an authorization request keeps besides its columns.
type requestData struct {
	RedirectURI, State, Nonce string
	Scopes                    []string
	Challenge, Method         string
	ResponseType              oidc.ResponseType
	ResponseMode              oidc.ResponseMode
}

func (b *sqlBackend) setup(st settings) { b.st = st }
func (b *sqlBackend) d() *sqldb.Dialect { return b.db.Dialect() }

// keys reads the shared keys, making them the first time (the first
// server to start), and keeps them: they never change.
func (b *sqlBackend) keys(ctx context.Context) (keyMaterial, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.cached != nil {
		return *b.cached, nil
	}
	k, err := b.loadKeys(ctx)
	if err != nil {
		return k, err
	}
	b.cached = &k
	return k, nil
}

func (b *sqlBackend) loadKeys(ctx context.Context) (keyMaterial, error) {
	fresh, err := newKeys()
	if err != nil {
		return fresh, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(fresh.signing.key)
	if err != nil {
		return fresh, err
	}
	var k keyMaterial
	err = b.db.InTx(ctx, func(tx sqldb.Tx) error {
		if err := b.d().Lock(ctx, tx, "oauth", "keys"); err != nil {
			return err
		}
		for name, v := range map[string][]byte{"crypto": fresh.crypto[:], "csrf": fresh.csrf[:], "signing": der, "kid": []byte(fresh.signing.id)} {
			var have []byte
			err := tx.QueryRow(ctx, `SELECT value FROM oauth_keys WHERE name = ?`, name).Scan(&have)
			if errors.Is(err, b.d().NoRows) {
				if err := tx.Exec(ctx, `INSERT INTO oauth_keys (name, value) VALUES (?, ?)`, name, v); err != nil {
					return err
				}
				have = v
			} else if err != nil {
				return err
			}
			switch name {
			case "crypto":
				copy(k.crypto[:], have)
			case "csrf":
				copy(k.csrf[:], have)
			case "signing":
				key, err := x509.ParsePKCS8PrivateKey(have)
				if err != nil {
					return err
				}
				ek, ok := key.(*ecdsa.PrivateKey)
				if !ok {
					return errors.New("the signing key is not ECDSA")
				}
				if k.signing == nil {
					k.signing = &signingKey{}
				}
				k.signing.key = ek
			case "kid":
				if k.signing == nil {
					k.signing = &signingKey{}
				}
				k.signing.id = string(have)
			}
		}
		return nil
	})
	return k, err
}

func (b *sqlBackend) addClient(ctx context.Context, c *client) error {
	data, err := json.Marshal(c.Registered)
	if err != nil {
		return err
	}
	return b.db.InTx(ctx, func(tx sqldb.Tx) error {
		if err := b.d().Lock(ctx, tx, "oauth", "clients"); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM oauth_clients`).Scan(&n); err != nil {
			return err
		}
		if n >= maxClients {
			return errFull
		}
		return tx.Exec(ctx, `INSERT INTO oauth_clients (id, secret, allowed, data) VALUES (?, ?, ?, ?)`,
			c.ClientID, c.secret, strings.Join(c.allowed, " "), data)
	})
}

func (b *sqlBackend) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	var secret, allowed string
	var data []byte
	if err := b.db.Read().QueryRow(ctx, `SELECT secret, allowed, data FROM oauth_clients WHERE id = ?`, id).Scan(&secret, &allowed, &data); err != nil {
		return nil, errNotFound
	}
	c := &client{secret: secret, allowed: strings.Fields(allowed), loginURL: b.st.loginURL}
	if err := json.Unmarshal(data, &c.Registered); err != nil {
		return nil, err
	}
	return c, nil
}

func (b *sqlBackend) AuthorizeClientIDSecret(ctx context.Context, id, secret string) error {
	c, err := b.GetClientByClientID(ctx, id)
	if err != nil || subtle.ConstantTimeCompare([]byte(c.(*client).secret), []byte(secret)) != 1 {
		return oidc.ErrInvalidClient().WithDescription("unknown client or wrong secret")
	}
	return nil
}

// readRequest reads a request by id or by code (where) through q; lock
// takes its row's lock, inside a transaction only.
func (b *sqlBackend) readRequest(ctx context.Context, q sqldb.Tx, lock bool, where string, arg any) (*authRequest, error) {
	forUpdate := ""
	if lock {
		forUpdate = b.d().ForUpdate
	}
	a := &authRequest{}
	var created, codeIssued, authTime any
	var code *string
	var done int
	var data []byte
	err := q.QueryRow(ctx, `SELECT id, client_id, created, code, code_issued, done, subject, auth_time, login_nonce, data FROM oauth_requests WHERE `+where+forUpdate, arg).
		Scan(&a.id, &a.clientID, &created, &code, &codeIssued, &done, &a.subject, &authTime, &a.loginNonce, &data)
	if errors.Is(err, b.d().NoRows) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	var rd requestData
	if err := json.Unmarshal(data, &rd); err != nil {
		return nil, err
	}
	a.redirectURI, a.state, a.nonce, a.scopes, a.responseType, a.responseMode = rd.RedirectURI, rd.State, rd.Nonce, rd.Scopes, rd.ResponseType, rd.ResponseMode
	a.challenge = &oidc.CodeChallenge{Challenge: rd.Challenge, Method: oidc.CodeChallengeMethod(rd.Method)}
	a.done = done != 0
	if code != nil {
		a.code = *code
	}
	for _, tv := range []struct {
		v   any
		dst *time.Time
	}{{created, &a.created}, {codeIssued, &a.codeIssued}, {authTime, &a.authTime}} {
		if tv.v != nil {
			t, err := sqldb.ReadTime(tv.v)
			if err != nil {
				return nil, fmt.Errorf("oauth: a request's time: %w", err)
			}
			*tv.dst = t
		}
	}
	return a, nil
}

func (b *sqlBackend) CreateAuthRequest(ctx context.Context, req *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	if req.CodeChallenge == "" || req.CodeChallengeMethod != oidc.CodeChallengeMethodS256 {
		return nil, oidc.ErrInvalidRequest().WithDescription("PKCE with code_challenge_method S256 is required")
	}
	scopes := slices.Clone(req.Scopes)
	if !slices.Contains(scopes, oidc.ScopeOfflineAccess) {
		scopes = append(scopes, oidc.ScopeOfflineAccess)
	}
	now := b.st.now()
	a := &authRequest{id: randomID(), clientID: req.ClientID, redirectURI: req.RedirectURI, state: req.State, nonce: req.Nonce,
		scopes: scopes, challenge: &oidc.CodeChallenge{Challenge: req.CodeChallenge, Method: req.CodeChallengeMethod},
		responseType: req.ResponseType, responseMode: req.ResponseMode, created: now}
	data, err := json.Marshal(requestData{RedirectURI: a.redirectURI, State: a.state, Nonce: a.nonce, Scopes: scopes,
		Challenge: req.CodeChallenge, Method: string(req.CodeChallengeMethod), ResponseType: a.responseType, ResponseMode: a.responseMode})
	if err != nil {
		return nil, err
	}
	err = b.db.InTx(ctx, func(tx sqldb.Tx) error {
		if err := b.d().Lock(ctx, tx, "oauth", "requests"); err != nil {
			return err
		}
		if err := b.sweep(ctx, tx, now); err != nil {
			return err
		}
		var all, mine int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM oauth_requests`).Scan(&all); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM oauth_requests WHERE client_id = ?`, a.clientID).Scan(&mine); err != nil {
			return err
		}
		if all >= maxPending || mine >= maxPendingPerClient {
			return oidc.ErrServerError().WithDescription("too many authorizations in progress; try again later")
		}
		return tx.Exec(ctx, `INSERT INTO oauth_requests (id, client_id, created, done, subject, login_nonce, data) VALUES (?, ?, ?, 0, '', '', ?)`,
			a.id, a.clientID, b.d().Stamp(now), data)
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// sweep forgets what has expired, as memory.sweep does.
func (b *sqlBackend) sweep(ctx context.Context, tx sqldb.Tx, now time.Time) error {
	old := b.d().Stamp(now.Add(-b.st.codeLife))
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`DELETE FROM oauth_requests WHERE created < ? AND (code IS NULL OR code_issued < ?)`, []any{old, old}},
		{`DELETE FROM oauth_tokens WHERE expires < ?`, []any{b.d().Stamp(now)}},
		{`DELETE FROM oauth_refresh WHERE auth_time < ?`, []any{b.d().Stamp(now.Add(-b.st.refreshLife))}},
	} {
		if err := tx.Exec(ctx, q.sql, q.args...); err != nil {
			return err
		}
	}
	return nil
}

func (b *sqlBackend) AuthRequestByID(ctx context.Context, id string) (op.AuthRequest, error) {
	return b.readRequest(ctx, b.db.Read(), false, "id = ?", id)
}

// AuthRequestByCode uses the code up, as memory's does.
func (b *sqlBackend) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	var a *authRequest
	err := b.db.InTx(ctx, func(tx sqldb.Tx) (err error) {
		if a, err = b.readRequest(ctx, tx, true, "code = ?", code); err != nil {
			return err
		}
		return tx.Exec(ctx, `UPDATE oauth_requests SET code = NULL WHERE id = ?`, a.id)
	})
	if err != nil || b.st.now().Sub(a.codeIssued) > b.st.codeLife {
		return nil, errNotFound
	}
	return a, nil
}

func (b *sqlBackend) SaveAuthCode(ctx context.Context, id, code string) error {
	return b.db.InTx(ctx, func(tx sqldb.Tx) error {
		a, err := b.readRequest(ctx, tx, true, "id = ?", id)
		if err != nil {
			return err
		}
		if a.code != "" || !a.codeIssued.IsZero() {
			return oidc.ErrInvalidRequest().WithDescription("this authorization has had its code")
		}
		return tx.Exec(ctx, `UPDATE oauth_requests SET code = ?, code_issued = ? WHERE id = ?`, code, b.d().Stamp(b.st.now()), id)
	})
}

func (b *sqlBackend) DeleteAuthRequest(ctx context.Context, id string) error {
	return b.db.InTx(ctx, func(tx sqldb.Tx) error { return tx.Exec(ctx, `DELETE FROM oauth_requests WHERE id = ?`, id) })
}

func (b *sqlBackend) complete(id, subject string) error {
	ctx := context.Background()
	return b.db.InTx(ctx, func(tx sqldb.Tx) error {
		a, err := b.readRequest(ctx, tx, true, "id = ?", id)
		if err != nil || a.done {
			return errNotFound
		}
		return tx.Exec(ctx, `UPDATE oauth_requests SET done = 1, subject = ?, auth_time = ? WHERE id = ?`, subject, b.d().Stamp(b.st.now()), id)
	})
}

func (b *sqlBackend) request(id string) (authRequest, bool) {
	a, err := b.readRequest(context.Background(), b.db.Read(), false, "id = ?", id)
	if err != nil {
		return authRequest{}, false
	}
	return *a, true
}

func (b *sqlBackend) newLoginNonce(id string) string {
	ctx := context.Background()
	nonce := randomID()
	err := b.db.InTx(ctx, func(tx sqldb.Tx) error {
		a, err := b.readRequest(ctx, tx, true, "id = ?", id)
		if err != nil || a.done || a.loginNonce != "" {
			return errNotFound
		}
		return tx.Exec(ctx, `UPDATE oauth_requests SET login_nonce = ? WHERE id = ?`, nonce, id)
	})
	if err != nil {
		return ""
	}
	return nonce
}

func (b *sqlBackend) newAccess(ctx context.Context, tx sqldb.Tx, req op.TokenRequest, refreshID string) (string, time.Time, error) {
	id, exp := randomID(), b.st.now().Add(b.st.lifetime)
	err := tx.Exec(ctx, `INSERT INTO oauth_tokens (id, client_id, subject, scopes, expires, refresh_id) VALUES (?, ?, ?, ?, ?, ?)`,
		id, clientOf(req), req.GetSubject(), strings.Join(req.GetScopes(), " "), b.d().Stamp(exp), refreshID)
	return id, exp, err
}

func (b *sqlBackend) CreateAccessToken(ctx context.Context, req op.TokenRequest) (string, time.Time, error) {
	var id string
	var exp time.Time
	err := b.db.InTx(ctx, func(tx sqldb.Tx) (err error) {
		id, exp, err = b.newAccess(ctx, tx, req, "")
		return err
	})
	return id, exp, err
}

func (b *sqlBackend) CreateAccessAndRefreshTokens(ctx context.Context, req op.TokenRequest, current string) (string, string, time.Time, error) {
	var access, rt string
	var exp time.Time
	err := b.db.InTx(ctx, func(tx sqldb.Tx) error {
		grant, authTime := req.GetScopes(), b.st.now()
		if current != "" {
			var accessID, scopes string
			var at any
			err := tx.QueryRow(ctx, `SELECT access_id, scopes, auth_time FROM oauth_refresh WHERE token = ?`+b.d().ForUpdate, current).Scan(&accessID, &scopes, &at)
			if errors.Is(err, b.d().NoRows) {
				return refreshRefused() // rotated or revoked since it was read
			}
			if err != nil {
				return err
			}
			if err := tx.Exec(ctx, `DELETE FROM oauth_refresh WHERE token = ?`, current); err != nil {
				return err
			}
			if err := tx.Exec(ctx, `DELETE FROM oauth_tokens WHERE id = ?`, accessID); err != nil {
				return err
			}
			grant = strings.Fields(scopes)
			t, err := sqldb.ReadTime(at)
			if err != nil {
				return fmt.Errorf("oauth: a refresh token's time: %w", err)
			}
			if b.st.now().Sub(t) > b.st.refreshLife {
				return refreshRefused()
			}
			authTime = t
		}
		rt = randomID()
		var err error
		if access, exp, err = b.newAccess(ctx, tx, req, rt); err != nil {
			return err
		}
		return tx.Exec(ctx, `INSERT INTO oauth_refresh (token, access_id, client_id, subject, scopes, auth_time) VALUES (?, ?, ?, ?, ?, ?)`,
			rt, access, clientOf(req), req.GetSubject(), strings.Join(grant, " "), b.d().Stamp(authTime))
	})
	return access, rt, exp, err
}

func (b *sqlBackend) readRefresh(ctx context.Context, rt string) (*token, error) {
	t := &token{}
	var scopes string
	var at any
	err := b.db.Read().QueryRow(ctx, `SELECT access_id, client_id, subject, scopes, auth_time FROM oauth_refresh WHERE token = ?`, rt).
		Scan(&t.id, &t.clientID, &t.subject, &scopes, &at)
	if errors.Is(err, b.d().NoRows) {
		return nil, op.ErrInvalidRefreshToken
	}
	if err != nil {
		return nil, fmt.Errorf("oauth: reading a refresh token: %w", err)
	}
	t.scopes = strings.Fields(scopes)
	if t.authTime, err = sqldb.ReadTime(at); err != nil {
		return nil, fmt.Errorf("oauth: a refresh token's time: %w", err)
	}
	if b.st.now().Sub(t.authTime) > b.st.refreshLife {
		return nil, op.ErrInvalidRefreshToken
	}
	return t, nil
}

func (b *sqlBackend) TokenRequestByRefreshToken(ctx context.Context, rt string) (op.RefreshTokenRequest, error) {
	t, err := b.readRefresh(ctx, rt)
	if err != nil {
		return nil, err
	}
	return &refreshRequest{t}, nil
}

func (b *sqlBackend) RevokeToken(ctx context.Context, tokenOrID, _ string, clientID string) *oidc.Error {
	var oe *oidc.Error
	noRows := b.d().NoRows
	err := b.db.InTx(ctx, func(tx sqldb.Tx) error {
		// The refresh row goes before the access token, the order in which
		// a rotation locks them: two transactions taking them the other
		// way round deadlock.
		var owner, refreshID string
		err := tx.QueryRow(ctx, `SELECT client_id, refresh_id FROM oauth_tokens WHERE id = ?`, tokenOrID).Scan(&owner, &refreshID)
		switch {
		case err == nil:
			if owner != clientID {
				oe = oidc.ErrUnauthorizedClient().WithDescription("the token is another client's")
				return nil
			}
			if err := tx.Exec(ctx, `DELETE FROM oauth_refresh WHERE token = ?`, refreshID); err != nil {
				return err
			}
			return tx.Exec(ctx, `DELETE FROM oauth_tokens WHERE id = ?`, tokenOrID)
		case !errors.Is(err, noRows):
			return err
		}
		var accessID string
		err = tx.QueryRow(ctx, `SELECT client_id, access_id FROM oauth_refresh WHERE token = ?`+b.d().ForUpdate, tokenOrID).Scan(&owner, &accessID)
		switch {
		case errors.Is(err, noRows):
			return nil // RFC 7009: an unknown token is no error
		case err != nil:
			return err
		case owner != clientID:
			oe = oidc.ErrUnauthorizedClient().WithDescription("the token is another client's")
			return nil
		}
		if err := tx.Exec(ctx, `DELETE FROM oauth_refresh WHERE token = ?`, tokenOrID); err != nil {
			return err
		}
		return tx.Exec(ctx, `DELETE FROM oauth_tokens WHERE id = ?`, accessID)
	})
	if err != nil {
		return oidc.ErrServerError().WithParent(err)
	}
	return oe
}

func (b *sqlBackend) GetRefreshTokenInfo(ctx context.Context, clientID, rt string) (string, string, error) {
	t, err := b.readRefresh(ctx, rt)
	if err != nil {
		return "", "", err // a database error stays one: revocation must not report success
	}
	if t.clientID != clientID {
		return "", "", op.ErrInvalidRefreshToken
	}
	return t.subject, rt, nil
}

func (b *sqlBackend) access(ctx context.Context, id string) (*token, error) {
	t := &token{id: id}
	var scopes string
	var exp any
	err := b.db.Read().QueryRow(ctx, `SELECT client_id, subject, scopes, expires, refresh_id FROM oauth_tokens WHERE id = ?`, id).
		Scan(&t.clientID, &t.subject, &scopes, &exp, &t.refreshID)
	if errors.Is(err, b.d().NoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("oauth: reading an access token: %w", err)
	}
	t.scopes = strings.Fields(scopes)
	if t.expires, err = sqldb.ReadTime(exp); err != nil {
		return nil, fmt.Errorf("oauth: an access token's time: %w", err)
	}
	if b.st.now().After(t.expires) {
		return nil, nil
	}
	return t, nil
}

func (b *sqlBackend) Health(ctx context.Context) error {
	var one int
	if err := b.db.Read().QueryRow(ctx, `SELECT 1`).Scan(&one); err != nil {
		return fmt.Errorf("oauth: the database: %w", err)
	}
	return nil
}
