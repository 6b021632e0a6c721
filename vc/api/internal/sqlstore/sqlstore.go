package sqlstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/clrkit/clrkit/internal/sqldb"
	"github.com/clrkit/clrkit/vc/api"
)

// Component is the name under which the API's schema version is recorded
// in clrkit_migrations.
const Component = "api"

// Migrations returns the statements that create and update the schema, in
// order. Credentials are numbered per owner in the order they were
// created (seq), the order getCredentials pages through.
func Migrations(d *sqldb.Dialect) []string {
	return []string{
		`CREATE TABLE api_credentials (
			owner         TEXT NOT NULL,
			issuer_id     TEXT NOT NULL,
			credential_id TEXT NOT NULL,
			seq           BIGINT NOT NULL,
			valid_from    ` + d.Time + ` NOT NULL,
			format        INTEGER NOT NULL,
			body          ` + d.Blob + ` NOT NULL,
			PRIMARY KEY (owner, issuer_id, credential_id),
			UNIQUE (owner, seq)
		);
		CREATE INDEX api_credentials_since ON api_credentials (owner, valid_from);
		CREATE TABLE api_profiles (
			owner TEXT PRIMARY KEY,
			body  ` + d.Blob + ` NOT NULL
		);`,
	}
}

// Store is an api.Store on a sqldb.DB.
type Store struct {
	DB sqldb.DB
}

var _ api.Store = (*Store)(nil)

// UpsertCredential implements api.Store: one transaction holding the
// owner's lock, so that concurrent upserts of one credential create it
// once.
func (s *Store) UpsertCredential(ctx context.Context, owner string, c api.StoredCredential) (api.Outcome, error) {
	c, err := api.Normalize(c)
	if err != nil {
		return 0, err
	}
	d := s.DB.Dialect()
	var out api.Outcome
	err = s.DB.InTx(ctx, func(tx sqldb.Tx) error {
		if err := d.Lock(ctx, tx, "api", owner); err != nil {
			return err
		}
		var held any
		err := tx.QueryRow(ctx, `SELECT valid_from FROM api_credentials WHERE owner = ? AND issuer_id = ? AND credential_id = ?`+d.ForUpdate,
			owner, c.IssuerID, c.ID).Scan(&held)
		switch {
		case errors.Is(err, d.NoRows):
			out = api.Created
			return tx.Exec(ctx, `INSERT INTO api_credentials (owner, issuer_id, credential_id, seq, valid_from, format, body)
				VALUES (?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM api_credentials WHERE owner = ?), ?, ?, ?)`,
				owner, c.IssuerID, c.ID, owner, d.Stamp(c.ValidFrom), int(c.Format), c.Body)
		case err != nil:
			return err
		}
		t, err := sqldb.ReadTime(held)
		if err != nil {
			return fmt.Errorf("valid_from: %w", err)
		}
		if !c.ValidFrom.After(t) {
			out = api.NotNewer
			return nil
		}
		out = api.Replaced
		return tx.Exec(ctx, `UPDATE api_credentials SET valid_from = ?, format = ?, body = ? WHERE owner = ? AND issuer_id = ? AND credential_id = ?`,
			d.Stamp(c.ValidFrom), int(c.Format), c.Body, owner, c.IssuerID, c.ID)
	})
	if err != nil {
		return 0, fmt.Errorf("%s: %w", d.Name, err)
	}
	return out, nil
}

// Credentials implements api.Store.
func (s *Store) Credentials(ctx context.Context, owner string, q api.Query) ([]api.StoredCredential, int, error) {
	d := s.DB.Dialect()
	where, args := `owner = ?`, []any{owner}
	if !q.Since.IsZero() {
		where += ` AND valid_from > ?`
		args = append(args, d.Stamp(q.Since))
	}
	var out []api.StoredCredential
	var total int
	// One snapshot, so that the count and the page agree.
	err := s.DB.ReadTx(ctx, func(tx sqldb.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM api_credentials WHERE `+where, args...).Scan(&total); err != nil {
			return err
		}
		limit := q.Limit
		if limit <= 0 {
			limit = total // all (SQLite takes no OFFSET without a LIMIT)
		}
		rows, err := tx.Query(ctx, `SELECT issuer_id, credential_id, valid_from, format, body FROM api_credentials WHERE `+where+
			` ORDER BY seq LIMIT ? OFFSET ?`, append(args, limit, q.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c api.StoredCredential
			var format int
			var when any
			if err := rows.Scan(&c.IssuerID, &c.ID, &when, &format, &c.Body); err != nil {
				return err
			}
			if c.ValidFrom, err = sqldb.ReadTime(when); err != nil {
				return fmt.Errorf("valid_from: %w", err)
			}
			c.Format = api.Format(format)
			out = append(out, c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", d.Name, err)
	}
	return out, total, nil
}

// Profile implements api.Store.
func (s *Store) Profile(ctx context.Context, owner string) ([]byte, error) {
	d := s.DB.Dialect()
	var body []byte
	err := s.DB.Read().QueryRow(ctx, `SELECT body FROM api_profiles WHERE owner = ?`, owner).Scan(&body)
	if errors.Is(err, d.NoRows) {
		return nil, fmt.Errorf("%w: no profile for %s", api.ErrNotFound, owner)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", d.Name, err)
	}
	return body, nil
}

// PutProfile implements api.Store.
func (s *Store) PutProfile(ctx context.Context, owner string, profile []byte) error {
	d := s.DB.Dialect()
	err := s.DB.InTx(ctx, func(tx sqldb.Tx) error {
		return tx.Exec(ctx, `INSERT INTO api_profiles (owner, body) VALUES (?, ?) ON CONFLICT (owner) DO UPDATE SET body = excluded.body`, owner, profile)
	})
	if err != nil {
		return fmt.Errorf("%s: %w", d.Name, err)
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error { return s.DB.Close() }
