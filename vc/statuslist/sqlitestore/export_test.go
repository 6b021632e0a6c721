package sqlitestore

import "github.com/clrkit/clrkit/vc/statuslist/internal/sqlstore"

// Fill hands out every entry of the list at url but leaveFree, without
// credentials, for storetest.RunRollover.
func (s *Store) Fill(url string, leaveFree int) error {
	return sqlstore.FillForTest(&s.Store, url, leaveFree)
}
