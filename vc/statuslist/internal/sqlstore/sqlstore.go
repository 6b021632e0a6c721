package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/clrkit/clrkit/internal/sqldb"
	"github.com/clrkit/clrkit/vc/statuslist"
)

// Store is a statuslist.Store on a sqldb.DB: the same queries on SQLite
// and PostgreSQL. sqlitestore and pgstore open the database and embed it.
type Store struct {
	DB  sqldb.DB
	Now func() time.Time
}

var _ statuslist.Store = (*Store)(nil)

// Migrations returns the statements that create and update the schema, in
// order; Migrate applies each once. (Version 1 is both tables.)
func Migrations(d *sqldb.Dialect) []string {
	return []string{
		`CREATE TABLE status_lists (
			url       TEXT PRIMARY KEY,
			issuer    TEXT NOT NULL,
			purpose   TEXT NOT NULL,
			seq       INTEGER NOT NULL,
			bits      ` + d.Blob + ` NOT NULL,
			alloc     ` + d.Blob + ` NOT NULL,
			allocated INTEGER NOT NULL,
			version   BIGINT NOT NULL,
			updated   ` + d.Time + ` NOT NULL,
			UNIQUE (issuer, purpose, seq)
		);
		CREATE TABLE status_entries (
			credential_id TEXT NOT NULL,
			purpose       TEXT NOT NULL,
			list_url      TEXT NOT NULL REFERENCES status_lists (url),
			idx           INTEGER NOT NULL,
			PRIMARY KEY (credential_id, purpose),
			UNIQUE (list_url, idx)
		);`,
	}
}

// Component is the name under which the status lists' schema version is
// recorded in clrkit_migrations.
const Component = "statuslist"

// Allocate implements statuslist.Store: one transaction, which holds the
// lock of the issuer's lists for purpose.
func (s *Store) Allocate(ctx context.Context, issuer, purpose, credentialID string, newListURL func(n int) string) (statuslist.Entry, error) {
	var e statuslist.Entry
	err := s.DB.InTx(ctx, func(tx sqldb.Tx) (err error) {
		if err := s.DB.Dialect().Lock(ctx, tx, "statuslist", issuer, purpose); err != nil {
			return fmt.Errorf("%s: %w", s.DB.Dialect().Name, err)
		}
		e, err = s.allocate(ctx, tx, s.Now(), issuer, purpose, credentialID, newListURL)
		return err
	})
	return e, err
}

func (s *Store) allocate(ctx context.Context, tx sqldb.Tx, now time.Time, issuer, purpose, credentialID string, newListURL func(n int) string) (statuslist.Entry, error) {
	d := s.DB.Dialect()
	e := statuslist.Entry{Purpose: purpose}
	var owner string
	err := tx.QueryRow(ctx, `SELECT e.list_url, e.idx, l.issuer FROM status_entries e JOIN status_lists l ON l.url = e.list_url
		WHERE e.credential_id = ? AND e.purpose = ?`, credentialID, purpose).Scan(&e.ListCredential, &e.Index, &owner)
	if err == nil {
		if owner != issuer {
			return statuslist.Entry{}, fmt.Errorf("%w: %s has the %s entry %s of %s", statuslist.ErrIDInUse, credentialID, purpose, e.ListCredential, owner)
		}
		return e, nil // given before
	}
	if !errors.Is(err, d.NoRows) {
		return e, fmt.Errorf("%s: %w", d.Name, err)
	}
	var url string
	var seq int
	var raw []byte
	var alloc *statuslist.Allocations
	err = tx.QueryRow(ctx, `SELECT url, seq, alloc FROM status_lists WHERE issuer = ? AND purpose = ? ORDER BY seq DESC LIMIT 1`,
		issuer, purpose).Scan(&url, &seq, &raw)
	switch {
	case errors.Is(err, d.NoRows):
	case err != nil:
		return e, fmt.Errorf("%s: %w", d.Name, err)
	default:
		if alloc, err = statuslist.AllocationsFrom(raw); err != nil {
			return e, fmt.Errorf("%s: list %s: %w", d.Name, url, err)
		}
	}
	if alloc == nil || alloc.Count() == alloc.Len() || newListURL(seq) != url {
		seq++
		url = newListURL(seq)
		if url == "" {
			return e, fmt.Errorf("%s: an empty URL for list %d", d.Name, seq)
		}
		alloc = statuslist.NewAllocations(0)
		if err := tx.Exec(ctx, `INSERT INTO status_lists (url, issuer, purpose, seq, bits, alloc, allocated, version, updated)
			VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?)`, url, issuer, purpose, seq, statuslist.New(0).Bytes(), alloc.Bytes(), d.Stamp(now)); err != nil {
			return e, fmt.Errorf("%s: opening list %q (is the URL another list's?): %w", d.Name, url, err)
		}
	}
	i, err := alloc.Take()
	if err != nil {
		return e, err
	}
	if err := tx.Exec(ctx, `UPDATE status_lists SET alloc = ?, allocated = ? WHERE url = ?`, alloc.Bytes(), alloc.Count(), url); err != nil {
		return e, fmt.Errorf("%s: %w", d.Name, err)
	}
	if err := tx.Exec(ctx, `INSERT INTO status_entries (credential_id, purpose, list_url, idx) VALUES (?, ?, ?, ?)`,
		credentialID, purpose, url, i); err != nil {
		return e, fmt.Errorf("%s: %w", d.Name, err)
	}
	e.ListCredential, e.Index = url, i
	return e, nil
}

// SetStatus implements statuslist.Store.
func (s *Store) SetStatus(ctx context.Context, credentialID, purpose string, set bool) error {
	return s.DB.InTx(ctx, func(tx sqldb.Tx) error { return s.setStatus(ctx, tx, s.Now(), credentialID, purpose, set) })
}

func (s *Store) setStatus(ctx context.Context, tx sqldb.Tx, now time.Time, credentialID, purpose string, set bool) error {
	d := s.DB.Dialect()
	var url string
	var idx int
	err := tx.QueryRow(ctx, `SELECT list_url, idx FROM status_entries WHERE credential_id = ? AND purpose = ?`,
		credentialID, purpose).Scan(&url, &idx)
	if errors.Is(err, d.NoRows) {
		return fmt.Errorf("%w: no %s entry for %s", statuslist.ErrNotFound, purpose, credentialID)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", d.Name, err)
	}
	var raw []byte
	if err := tx.QueryRow(ctx, `SELECT bits FROM status_lists WHERE url = ?`+d.ForUpdate, url).Scan(&raw); err != nil {
		return fmt.Errorf("%s: %w", d.Name, err)
	}
	bits, err := statuslist.FromBytes(raw)
	if err != nil {
		return fmt.Errorf("%s: list %s: %w", d.Name, url, err)
	}
	if changed, err := statuslist.ChangeBit(bits, idx, purpose, set); !changed {
		return err
	}
	if err := tx.Exec(ctx, `UPDATE status_lists SET bits = ?, version = version + 1, updated = ? WHERE url = ?`,
		bits.Bytes(), d.Stamp(now), url); err != nil {
		return fmt.Errorf("%s: %w", d.Name, err)
	}
	return nil
}

// Entry implements statuslist.Store.
func (s *Store) Entry(ctx context.Context, credentialID, purpose string) (statuslist.Entry, bool, error) {
	d, q := s.DB.Dialect(), s.DB.Read()
	e := statuslist.Entry{Purpose: purpose}
	var raw []byte
	err := q.QueryRow(ctx, `SELECT e.list_url, e.idx, l.bits FROM status_entries e JOIN status_lists l ON l.url = e.list_url
		WHERE e.credential_id = ? AND e.purpose = ?`, credentialID, purpose).Scan(&e.ListCredential, &e.Index, &raw)
	if errors.Is(err, d.NoRows) {
		return statuslist.Entry{}, false, fmt.Errorf("%w: no %s entry for %s", statuslist.ErrNotFound, purpose, credentialID)
	}
	if err != nil {
		return statuslist.Entry{}, false, fmt.Errorf("%s: %w", d.Name, err)
	}
	bits, err := statuslist.FromBytes(raw)
	if err != nil {
		return statuslist.Entry{}, false, fmt.Errorf("%s: list %s: %w", d.Name, e.ListCredential, err)
	}
	set, err := bits.Get(e.Index)
	return e, set, err
}

// List implements statuslist.Store.
func (s *Store) List(ctx context.Context, url string) (*statuslist.StoredList, error) {
	d, q := s.DB.Dialect(), s.DB.Read()
	l := &statuslist.StoredList{URL: url}
	var raw []byte
	var updated any
	err := q.QueryRow(ctx, `SELECT issuer, purpose, bits, allocated, version, updated FROM status_lists WHERE url = ?`, url).
		Scan(&l.Issuer, &l.Purpose, &raw, &l.Allocated, &l.Version, &updated)
	if errors.Is(err, d.NoRows) {
		return nil, fmt.Errorf("%w: no list at %s", statuslist.ErrNotFound, url)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", d.Name, err)
	}
	if l.Bits, err = statuslist.FromBytes(raw); err != nil {
		return nil, fmt.Errorf("%s: list %s: %w", d.Name, url, err)
	}
	if l.Updated, err = sqldb.ReadTime(updated); err != nil {
		return nil, fmt.Errorf("%s: list %s: updated: %w", d.Name, url, err)
	}
	return l, nil
}

// Close implements statuslist.Store.
func (s *Store) Close() error { return s.DB.Close() }

// FillForTest hands out every entry of the list at url but leaveFree,
// without credentials: the hook with which the stores' tests run
// storetest.RunRollover (filling 131,072 entries one by one would take
// minutes).
func FillForTest(s *Store, url string, leaveFree int) error {
	ctx := context.Background()
	var raw []byte
	if err := s.DB.Read().QueryRow(ctx, `SELECT alloc FROM status_lists WHERE url = ?`, url).Scan(&raw); err != nil {
		return err
	}
	a, err := statuslist.AllocationsFrom(raw)
	if err != nil {
		return err
	}
	for a.Len()-a.Count() > leaveFree {
		if _, err := a.Take(); err != nil {
			return err
		}
	}
	return s.DB.Read().Exec(ctx, `UPDATE status_lists SET alloc = ?, allocated = ? WHERE url = ?`, a.Bytes(), a.Count(), url)
}
