package sqlitestore

import (
	"context"

	"github.com/clrkit/clrkit/vc/statuslist/storetest"
)

// Fill hands out every entry of the list at url but leaveFree, without
// credentials, for storetest.RunRollover.
func (s *Store) Fill(url string, leaveFree int) error {
	ctx := context.Background()
	var raw []byte
	if err := s.db.QueryRowContext(ctx, `SELECT alloc FROM status_lists WHERE url = ?`, url).Scan(&raw); err != nil {
		return err
	}
	record, count, err := storetest.Fill(raw, leaveFree)
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, `UPDATE status_lists SET alloc = ?, allocated = ? WHERE url = ?`, record, count, url)
	return err
}
