package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"
	"testing"

	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

// smallSeed is a dataset small enough to seed in a few seconds, yet several times larger
// than the home window (6,000 posts against 1,000 rows), so that a query reading the whole
// table shows in its plan while the window's bounded read stays well under half of it.
var smallSeed = SeedOptions{LocalUsers: 4, RemoteUsers: 40, Days: 30, PostsPerDay: 200, FollowsPerUser: 12, Seed: 42}

// fixture is one seeded database shared by the tests of the package (seeding is the slow part).
var fixture struct {
	once sync.Once
	st   *store.Store
	env  *Env
	res  *SeedResult
	err  error
}

// TestMain drops the shared database after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if fixture.st != nil {
		fixture.st.Close()
	}
	for i := len(deferred) - 1; i >= 0; i-- {
		deferred[i]()
	}
	os.Exit(code)
}

// seeded returns the shared seeded store and its Env. The database lives until the test
// binary exits.
func seeded(t *testing.T) (*store.Store, *Env, *SeedResult) {
	t.Helper()
	fixture.once.Do(func() {
		ctx := context.Background()
		url := testutil.NewDatabaseURL(&keepTB{TB: t})
		fixture.st, fixture.err = store.Open(ctx, url)
		if fixture.err != nil {
			return
		}
		if fixture.res, fixture.err = Seed(ctx, fixture.st, smallSeed, io.Discard); fixture.err != nil {
			return
		}
		if fixture.env, fixture.err = NewEnv(ctx, fixture.st, "http://localhost:4000"); fixture.err != nil {
			return
		}
		fixture.err = addMentions(ctx, fixture.st, fixture.env.Viewer, 45)
	})
	if fixture.err != nil {
		t.Fatal(fixture.err)
	}
	return fixture.st, fixture.env, fixture.res
}

// addMentions gives u n more mention notifications, about the newest public notes, so that
// pages of notifications of every tested size are full.
func addMentions(ctx context.Context, st *store.Store, u *store.User, n int) error {
	notes, err := st.Timeline(ctx, store.Timeline{Public: true, Page: store.Page{Limit: 40}})
	if err != nil {
		return err
	}
	var ns []*store.Notification
	for i := range n {
		o := notes[i%len(notes)]
		ns = append(ns, &store.Notification{UserID: u.ID, Type: store.NotifyMention, Actor: o.Actor, Object: o.APID,
			ActivityAPID: fmt.Sprintf("%s#mention%d", o.APID, i)})
	}
	return st.BulkInsertNotifications(ctx, ns)
}

// deferred are the cleanups of the shared database, run by TestMain.
var deferred []func()

// keepTB lets the shared database outlive the test that created it: its cleanups run when
// the test binary ends.
type keepTB struct {
	testing.TB
}

func (keepTB) Cleanup(f func()) { deferred = append(deferred, f) }

func (k keepTB) TempDir() string {
	dir, err := os.MkdirTemp("", "egregoros-bench-")
	if err != nil {
		k.Fatal(err)
	}
	deferred = append(deferred, func() { os.RemoveAll(dir) })
	return dir
}
