// Package testutil builds what tests need: a fresh, migrated database per test on the dialect
// that EGREGOROS_TEST_DB names, and builders for users and posts. It is imported only by tests.
package testutil
