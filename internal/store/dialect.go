package store

import (
	"errors"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
)

// Dialect holds the few places where PostgreSQL and SQLite SQL differ. Every query is written
// once with ? placeholders; the dialect rebinds them.
type Dialect interface {
	// Name is "postgres" or "sqlite".
	Name() string
	rebind(query string) string
	isUnique(err error) bool
}

type postgresDialect struct{}

func (postgresDialect) Name() string { return "postgres" }

// rebind turns ? into $1, $2, … . Queries never contain ? inside string literals.
func (postgresDialect) rebind(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

func (postgresDialect) isUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

type sqliteDialect struct{}

func (sqliteDialect) Name() string           { return "sqlite" }
func (sqliteDialect) rebind(q string) string { return q }

func (sqliteDialect) isUnique(err error) bool {
	var se *sqlite.Error
	// 2067 SQLITE_CONSTRAINT_UNIQUE, 1555 SQLITE_CONSTRAINT_PRIMARYKEY
	return errors.As(err, &se) && (se.Code() == 2067 || se.Code() == 1555)
}

// queryCounter counts statements, for the query budgets of the benchmark harness and tests.
type queryCounter struct{ n atomic.Int64 }

func (c *queryCounter) inc() {
	if c != nil {
		c.n.Add(1)
	}
}

// CountQueries makes this Store (and every Tx it opens from now on) count statements, and
// returns a function reading the count.
func (s *Store) CountQueries() func() int64 {
	s.qc = &queryCounter{}
	qc := s.qc
	return func() int64 { return qc.n.Load() }
}
