package store

import (
	"container/list"
	"context"
	"database/sql"
	"sync"
)

// stmtCache runs queries through prepared statements kept by query text (SQLite). database/sql
// prepares a statement anew for every call on a *sql.DB, and SQLite parses and plans it each
// time: about 2 ms of the 5 ms of a home timeline (BENCHMARKS.md). A *sql.Stmt is prepared
// once per connection and reused. The cache is bounded (least recently used statements are
// closed: query texts vary with the length of IN lists); transactions do not use it.
type stmtCache struct {
	db  *sql.DB
	max int

	mu    sync.Mutex
	lru   *list.List // of *cachedStmt, most recent first
	byKey map[string]*list.Element
}

func newStmtCache(db *sql.DB, max int) *stmtCache {
	return &stmtCache{db: db, max: max, lru: list.New(), byKey: map[string]*list.Element{}}
}

type cachedStmt struct {
	query   string
	stmt    *sql.Stmt
	users   int  // callers between prepared and release
	evicted bool // out of the cache: closed by the last user
}

// prepared returns the statement of query, preparing it on first use. The caller must call
// release once its Exec or Query has returned (rows keep the statement alive themselves:
// database/sql closes it for good when they are closed).
func (c *stmtCache) prepared(ctx context.Context, query string) (*cachedStmt, error) {
	c.mu.Lock()
	if e, ok := c.byKey[query]; ok {
		c.lru.MoveToFront(e)
		cs := e.Value.(*cachedStmt)
		cs.users++
		c.mu.Unlock()
		return cs, nil
	}
	c.mu.Unlock()
	st, err := c.db.PrepareContext(context.WithoutCancel(ctx), query)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[query]; ok { // prepared meanwhile by another caller
		st.Close()
		c.lru.MoveToFront(e)
		cs := e.Value.(*cachedStmt)
		cs.users++
		return cs, nil
	}
	cs := &cachedStmt{query: query, stmt: st, users: 1}
	c.byKey[query] = c.lru.PushFront(cs)
	for c.lru.Len() > c.max {
		old := c.lru.Remove(c.lru.Back()).(*cachedStmt)
		delete(c.byKey, old.query)
		old.evicted = true
		if old.users == 0 {
			old.stmt.Close()
		}
	}
	return cs, nil
}

func (c *stmtCache) release(cs *cachedStmt) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cs.users--
	if cs.evicted && cs.users == 0 {
		cs.stmt.Close()
	}
}

func (c *stmtCache) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	cs, err := c.prepared(ctx, query)
	if err != nil {
		return c.db.ExecContext(ctx, query, args...)
	}
	defer c.release(cs)
	return cs.stmt.ExecContext(ctx, args...)
}

func (c *stmtCache) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	cs, err := c.prepared(ctx, query)
	if err != nil {
		return c.db.QueryContext(ctx, query, args...)
	}
	defer c.release(cs)
	return cs.stmt.QueryContext(ctx, args...)
}

func (c *stmtCache) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	cs, err := c.prepared(ctx, query)
	if err != nil {
		return c.db.QueryRowContext(ctx, query, args...)
	}
	defer c.release(cs)
	return cs.stmt.QueryRowContext(ctx, args...)
}
