package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
)

// TestStmtCacheIsBoundedAndCorrect runs more distinct statements than the cache holds, from
// several goroutines at once, and checks every answer and the bound.
func TestStmtCacheIsBoundedAndCorrect(t *testing.T) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(3)
	c := newStmtCache(db, 8)
	ctx := context.Background()
	if _, err := c.ExecContext(ctx, `CREATE TABLE t (n INTEGER)`); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ExecContext(ctx, `INSERT INTO t (n) VALUES (?), (?), (?)`, 1, 2, 3); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				k := (i*7 + g) % 20 // 20 distinct texts through a cache of 8
				q := fmt.Sprintf(`SELECT sum(n) + %d FROM t WHERE n >= ?`, k)
				var got int
				if err := c.QueryRowContext(ctx, q, 2).Scan(&got); err != nil {
					errs <- err
					return
				}
				if got != 5+k {
					errs <- fmt.Errorf("%s = %d, want %d", q, got, 5+k)
					return
				}
				rows, err := c.QueryContext(ctx, `SELECT n FROM t ORDER BY n`)
				if err != nil {
					errs <- err
					return
				}
				n := 0
				for rows.Next() {
					n++
				}
				rows.Close()
				if n != 3 {
					errs <- fmt.Errorf("%d rows", n)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if c.lru.Len() > 8 || len(c.byKey) != c.lru.Len() {
		t.Fatalf("cache holds %d statements (%d keys), bound 8", c.lru.Len(), len(c.byKey))
	}
	// A statement that does not prepare reports its error.
	if _, err := c.QueryContext(ctx, `SELECT nope FROM t`); err == nil {
		t.Fatal("bad statement ran")
	}
}
