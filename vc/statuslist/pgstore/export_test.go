package pgstore

import (
	"context"

	"github.com/clrkit/clrkit/vc/statuslist/storetest"
)

// Fill hands out every entry of the list at url but leaveFree, without
// credentials, for storetest.RunRollover.
func (s *Store) Fill(url string, leaveFree int) error {
	ctx := context.Background()
	var raw []byte
	if err := s.pool.QueryRow(ctx, `SELECT alloc FROM status_lists WHERE url = $1`, url).Scan(&raw); err != nil {
		return err
	}
	record, count, err := storetest.Fill(raw, leaveFree)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, `UPDATE status_lists SET alloc = $1, allocated = $2 WHERE url = $3`, record, count, url)
	return err
}
