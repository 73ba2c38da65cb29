// Package store is all SQL: the objects, users, relationships and notifications tables and
// their side tables, on PostgreSQL (pgx) and SQLite (modernc) through database/sql, with
// embedded migrations per dialect and the visibility predicate in Go and in SQL.
//
// It imports only ap and config from this project.
package store
