package sqlitestore

import (
	"context"

	"github.com/clrkit/clrkit/vc/statuslist"
)

// Fill hands out every entry of the list at url but leaveFree, without
// credentials, for the rollover test (storetest.RunRollover).
func (s *Store) Fill(url string, leaveFree int) error {
	ctx := context.Background()
	var raw []byte
	if err := s.db.QueryRowContext(ctx, `SELECT alloc FROM lists WHERE url = ?`, url).Scan(&raw); err != nil {
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
	_, err = s.db.ExecContext(ctx, `UPDATE lists SET alloc = ?, allocated = ? WHERE url = ?`, a.Bytes(), a.Count(), url)
	return err
}
