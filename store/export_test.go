package store

// SkipEvents makes AddProgress on s leave out its audit row (audit) and
// the update of the item (itemUpdate): the baselines of
// BenchmarkAddProgress.
func SkipEvents(s *Store, audit, itemUpdate bool) {
	s.skip.audit, s.skip.itemUpdate = audit, itemUpdate
}
