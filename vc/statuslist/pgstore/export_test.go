package pgstore

import (
	"context"

	"github.com/clrkit/clrkit/vc/statuslist"
)

// Fill hands out every entry of the list at url but leaveFree, without
// credentials, for the rollover test (storetest.RunRollover).
func (s *Store) Fill(url string, leaveFree int) error {
	ctx := context.Background()
	var raw []byte
	if err := s.pool.QueryRow(ctx, `SELECT alloc FROM status_lists WHERE url = $1`, url).Scan(&raw); err != nil {
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
	_, err = s.pool.Exec(ctx, `UPDATE status_lists SET alloc = $1, allocated = $2 WHERE url = $3`, a.Bytes(), a.Count(), url)
	return err
}
