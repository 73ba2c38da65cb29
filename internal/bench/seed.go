package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/egregoros/egregoros/internal/auth"
	"github.com/egregoros/egregoros/internal/store"
)

// ErrRealData is returned by Seed when the database holds accounts the seed did not create
// and SeedOptions.Force is not set.
var ErrRealData = errors.New("the database holds accounts the benchmark seed did not create")

// SeedResult counts what Seed wrote.
type SeedResult struct {
	Options       SeedOptions // with the defaults filled in (the seed used, …)
	LocalUsers    int         // including the two edge users
	RemoteUsers   int
	Posts         int // root notes
	Replies       int
	Follows       int
	Notifications int
	Objects       int // rows of objects: notes, their Create activities, Follow activities
	Elapsed       time.Duration
}

// postsPerBatch is how many posts one transaction inserts.
const postsPerBatch = 1000

// Seed wipes the database and writes the dataset of o, reporting progress on w. It refuses
// (ErrRealData) a database with accounts it did not create unless o.Force is set.
func Seed(ctx context.Context, st *store.Store, o SeedOptions, w io.Writer) (*SeedResult, error) {
	o = o.withDefaults()
	if err := o.validate(); err != nil {
		return nil, err
	}
	start := time.Now()
	if !o.Force {
		known := SeedOptions{LocalUsers: max(o.LocalUsers, 1000)}.LocalNicknames()
		n, err := st.CountUsersOtherThan(ctx, known, Domains())
		if err != nil {
			return nil, err
		}
		if n > 0 {
			return nil, fmt.Errorf("%w (%d); seeding deletes everything: use --force on a database meant for benchmarks", ErrRealData, n)
		}
	}
	if err := st.WipeContent(ctx); err != nil {
		return nil, err
	}
	k, err := newKeys()
	if err != nil {
		return nil, err
	}
	ds := newDataset(o, k)
	res := &SeedResult{Options: o, LocalUsers: len(ds.locals) + 2, RemoteUsers: len(ds.active) + len(ds.dormant)}
	rels, follows, notes := ds.follows()
	res.Follows, res.Objects = len(rels), len(follows)
	err = st.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.BulkInsertUsers(ctx, ds.users()); err != nil {
			return err
		}
		if err := tx.BulkInsertRelationships(ctx, rels); err != nil {
			return err
		}
		if err := tx.BulkInsertObjects(ctx, follows); err != nil {
			return err
		}
		return tx.BulkInsertNotifications(ctx, notes)
	})
	if err != nil {
		return nil, err
	}
	res.Notifications = len(notes)
	fmt.Fprintf(w, "seed %d: %d local users (+2 edge), %d remote users (%d dormant) on %d domains, %d follows\n",
		o.Seed, len(ds.locals), res.RemoteUsers, len(ds.dormant), RemoteDomains, res.Follows)

	workers := o.Workers
	if workers <= 0 {
		workers = 1
		if st.Dialect().Name() == "postgres" {
			workers = 2
		}
	}
	prog := NewProgress(w, "posts", int64(o.Posts()+o.Replies()))
	mentions, objects, err := insertPosts(ctx, st, ds, workers, prog)
	prog.Done()
	if err != nil {
		return nil, err
	}
	res.Posts, res.Replies, res.Objects = o.Posts(), o.Replies(), res.Objects+objects
	if err := st.InTx(ctx, func(tx *store.Tx) error { return tx.BulkInsertNotifications(ctx, mentions) }); err != nil {
		return nil, err
	}
	res.Notifications += len(mentions)
	if err := st.RecountStatuses(ctx); err != nil {
		return nil, err
	}
	if !o.NoAnalyze {
		fmt.Fprintln(w, "updating planner statistics …")
		if err := st.Analyze(ctx); err != nil {
			return nil, err
		}
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

func newKeys() (keys, error) {
	priv, pub, err := auth.NewKeyPair()
	if err != nil {
		return keys{}, err
	}
	hash, err := auth.HashPassword(Password)
	if err != nil {
		return keys{}, err
	}
	return keys{privatePEM: priv, publicPEM: pub, passwordHash: hash}, nil
}

type batch struct {
	rows  []*store.Object
	posts int
}

// insertPosts generates the root posts and the replies and inserts them through workers
// concurrent transactions. It returns the mention notifications of the replies and the
// number of objects rows written.
func insertPosts(ctx context.Context, st *store.Store, ds *dataset, workers int, prog *Progress) ([]*store.Notification, int, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	ch := make(chan batch, 2*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range ch {
				err := st.InTx(ctx, func(tx *store.Tx) error {
					if err := tx.RelaxDurability(ctx); err != nil {
						return err
					}
					if err := tx.DeferStatusCounts(ctx); err != nil {
						return err
					}
					return tx.BulkInsertObjects(ctx, b.rows)
				})
				if err != nil {
					cancel(err)
					for range ch { // drain so that the producer never blocks
					}
					return
				}
				prog.Add(b.posts)
			}
		}()
	}
	mentions, objects, err := producePosts(ctx, ds, ch)
	close(ch)
	wg.Wait()
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		return nil, 0, cause
	}
	if err != nil {
		return nil, 0, err
	}
	return mentions, objects, ctx.Err()
}

// producePosts sends the posts in batches, roots first (oldest first), then the replies.
func producePosts(ctx context.Context, ds *dataset, ch chan<- batch) ([]*store.Notification, int, error) {
	o := ds.opts
	cur := batch{}
	objects := 0
	flush := func() error {
		if cur.posts == 0 {
			return nil
		}
		select {
		case ch <- cur:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
		cur = batch{rows: make([]*store.Object, 0, 2*postsPerBatch)}
		return nil
	}
	add := func(p *post) (*store.Object, rootRef, error) {
		note, create, ref := p.rows(o.BaseURL, o.NoActivities)
		cur.rows = append(cur.rows, note)
		objects++
		if create != nil {
			cur.rows = append(cur.rows, create)
			objects++
		}
		cur.posts++
		if cur.posts >= postsPerBatch {
			return note, ref, flush()
		}
		return note, ref, nil
	}
	parents := make([]rootRef, 0, o.Replies())
	err := ds.roots(func(p *post) error {
		_, ref, err := add(p)
		if len(parents) < cap(parents) {
			parents = append(parents, ref)
		}
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	var mentions []*store.Notification
	for i := range parents {
		p := ds.reply(i+1, &parents[i])
		note, _, err := add(p)
		if err != nil {
			return nil, 0, err
		}
		if pa := p.parent.author; pa.u.Local && pa != p.author {
			apID := note.APID
			mentions = append(mentions, &store.Notification{ID: store.NewIDAt(p.published), UserID: pa.u.ID,
				Type: store.NotifyMention, Actor: p.author.u.APID, Object: apID, ActivityAPID: apID, CreatedAt: p.published})
		}
	}
	return mentions, objects, flush()
}
