package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

const (
	xAlice = "https://local.test/users/alice"
	xBob   = "https://local.test/users/bob"
	xCarol = "https://local.test/users/carol"
)

// threadBuilder builds statuses for the thread tests; n counts them so that ids sort by creation.
type threadBuilder struct {
	t  *testing.T
	st *store.Store
	n  int
}

// add stores a status by actor replying to parent ("" for none), public unless to says
// otherwise (then direct to those actors).
func (th *threadBuilder) add(apID, actor, parent, ctxID string, to ...string) *store.Object {
	th.t.Helper()
	th.n++
	vis, rcpt := ap.VisibilityPublic, []string{ap.Public}
	if len(to) > 0 {
		vis, rcpt = ap.VisibilityDirect, to
	}
	pub := time.Date(2026, 1, 1, 0, 0, th.n, 0, time.UTC)
	o := &store.Object{ID: store.NewIDAt(pub), APID: apID, Type: "Note", Actor: actor, InReplyTo: parent, Context: ctxID,
		Data: []byte(`{}`), Visibility: vis, Recipients: rcpt, Published: pub}
	if _, err := th.st.InsertObject(context.Background(), o); err != nil {
		th.t.Fatal(err)
	}
	return o
}

func xIDs(os []*store.Object) []string {
	out := []string{}
	for _, o := range os {
		out = append(out, o.APID)
	}
	return out
}

func sameIDs(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestAncestorsAndDescendants(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	th := &threadBuilder{t: t, st: st}
	root := th.add("https://x.test/1", xAlice, "", "c")
	r1 := th.add("https://x.test/2", xBob, root.APID, "c")
	dm := th.add("https://x.test/3", xBob, r1.APID, "c", xAlice) // direct to alice only
	r3 := th.add("https://x.test/4", xAlice, dm.APID, "c")
	r4 := th.add("https://x.test/5", xCarol, root.APID, "c")

	anc, err := st.Ancestors(ctx, r3, xCarol, 40)
	if err != nil || !sameIDs(xIDs(anc), []string{root.APID, r1.APID}) {
		t.Fatalf("ancestors for xCarol = %v, %v", xIDs(anc), err)
	}
	anc, _ = st.Ancestors(ctx, r3, xAlice, 40)
	if !sameIDs(xIDs(anc), []string{root.APID, r1.APID, dm.APID}) {
		t.Fatalf("ancestors for xAlice = %v", xIDs(anc))
	}
	if anc, _ = st.Ancestors(ctx, r3, xAlice, 1); !sameIDs(xIDs(anc), []string{dm.APID}) {
		t.Fatalf("ancestors limited to 1 = %v", xIDs(anc))
	}
	desc, err := st.Descendants(ctx, root, "", 500)
	if err != nil || !sameIDs(xIDs(desc), []string{r1.APID, r3.APID, r4.APID}) {
		t.Fatalf("descendants for anonymous = %v, %v", xIDs(desc), err)
	}
	if desc, _ = st.Descendants(ctx, root, xAlice, 2); !sameIDs(xIDs(desc), []string{r1.APID, dm.APID}) {
		t.Fatalf("descendants limited = %v", xIDs(desc))
	}
	// Bob blocks xCarol: her reply is hidden from him, and his from her.
	putRel(t, st, store.RelBlock, xBob, xCarol)
	if desc, _ = st.Descendants(ctx, root, xBob, 500); !sameIDs(xIDs(desc), []string{r1.APID, dm.APID, r3.APID}) {
		t.Fatalf("descendants for xBob = %v", xIDs(desc))
	}
	if anc, _ = st.Ancestors(ctx, r3, xCarol, 40); !sameIDs(xIDs(anc), []string{root.APID}) {
		t.Fatalf("ancestors for xCarol, blocked by xBob = %v", xIDs(anc))
	}

	// A reply cycle (a ← b ← a) ends.
	a := th.add("https://x.test/a", xAlice, "https://x.test/b", "")
	b := th.add("https://x.test/b", xAlice, a.APID, "")
	if desc, err = st.Descendants(ctx, a, xAlice, 500); err != nil || !sameIDs(xIDs(desc), []string{b.APID}) {
		t.Fatalf("descendants in a cycle = %v, %v", xIDs(desc), err)
	}
	if anc, err = st.Ancestors(ctx, a, xAlice, 40); err != nil || !sameIDs(xIDs(anc), []string{b.APID}) {
		t.Fatalf("ancestors in a cycle = %v, %v", xIDs(anc), err)
	}
}

func TestRelatedStatusesAndInteractors(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	th := &threadBuilder{t: t, st: st}
	var notes []*store.Object
	for _, id := range []string{"https://x.test/1", "https://x.test/2", "https://x.test/3"} {
		notes = append(notes, th.add(id, xBob, "", ""))
	}
	hidden := th.add("https://x.test/dm", xBob, "", "", xCarol)
	for _, o := range append(notes, hidden) {
		putRel(t, st, store.RelBookmark, xAlice, o.APID)
	}
	all, err := st.RelatedStatuses(ctx, store.RelBookmark, xAlice, xAlice, store.Page{Limit: 20}, false)
	if err != nil || len(all) != 3 || all[0].Status.APID != notes[2].APID || all[2].Status.APID != notes[0].APID {
		t.Fatalf("bookmarks = %+v, %v", all, err)
	}
	page, _ := st.RelatedStatuses(ctx, store.RelBookmark, xAlice, xAlice, store.Page{MaxID: all[0].RelID, Limit: 1}, false)
	if len(page) != 1 || page[0].Status.APID != notes[1].APID {
		t.Fatalf("bookmarks after max_id = %+v", page)
	}
	page, _ = st.RelatedStatuses(ctx, store.RelBookmark, xAlice, xAlice, store.Page{MinID: all[2].RelID, Limit: 1}, true)
	if len(page) != 1 || page[0].Status.APID != notes[1].APID {
		t.Fatalf("bookmarks right after min_id = %+v", page)
	}

	// A followers-only boost counts only for those who may see it.
	boost := &store.Object{APID: "https://x.test/boost", Type: "Announce", Actor: xCarol, Object: notes[0].APID,
		Data: []byte(`{}`), Visibility: ap.VisibilityPrivate, Recipients: []string{xCarol + "/followers"}}
	if _, err := st.InsertObject(ctx, boost); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutRelationship(ctx, &store.Relationship{Type: store.RelAnnounce, Actor: xCarol, Object: notes[0].APID,
		ActivityAPID: boost.APID}); err != nil {
		t.Fatal(err)
	}
	putRel(t, st, store.RelAnnounce, xAlice, notes[0].APID)
	if rs, err := st.Interactors(ctx, store.RelAnnounce, notes[0].APID, xBob, store.Page{}); err != nil || len(rs) != 1 || rs[0].Actor != xAlice {
		t.Fatalf("boosters seen by xBob = %+v, %v", rs, err)
	}
	putRel(t, st, store.RelFollow, xBob, xCarol)
	if rs, _ := st.Interactors(ctx, store.RelAnnounce, notes[0].APID, xBob, store.Page{}); len(rs) != 2 || rs[0].Actor != xAlice {
		t.Fatalf("boosters seen by a follower of xCarol = %+v", rs)
	}

	// Pins, reactions and thread mutes.
	putRel(t, st, store.RelPin, xBob, notes[1].APID)
	if ps, err := st.PinnedStatuses(ctx, xBob, ""); err != nil || len(ps) != 1 || ps[0].APID != notes[1].APID {
		t.Fatalf("pins = %v, %v", ps, err)
	}
	putRel(t, st, store.RelEmojiReact+"👍", xAlice, notes[0].APID)
	putRel(t, st, store.RelEmojiReact+"🎉", xCarol, notes[0].APID)
	if rs, err := st.Reactions(ctx, notes[0].APID, "", 10); err != nil || len(rs) != 2 {
		t.Fatalf("reactions = %v, %v", rs, err)
	}
	if rs, _ := st.Reactions(ctx, notes[0].APID, "🎉", 10); len(rs) != 1 || rs[0].Actor != xCarol {
		t.Fatalf("reactions 🎉 = %v", rs)
	}
	putRel(t, st, store.RelMute, xAlice, store.ThreadKey(notes[2]))
	if m, err := st.ThreadMuted(ctx, xAlice, notes[2].APID); err != nil || !m {
		t.Fatalf("thread muted = %v, %v", m, err)
	}
	if m, _ := st.ThreadMuted(ctx, xAlice, notes[1].APID); m {
		t.Fatal("another thread muted")
	}
}

func TestIdempotencyKeys(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	u := &store.User{APID: xAlice, Nickname: "alice", Local: true}
	if err := st.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	hourAgo := time.Now().Add(-time.Hour)
	if id, ok, err := st.ReserveIdempotencyKey(ctx, u.ID, "k", hourAgo); err != nil || !ok || id != "" {
		t.Fatalf("first reserve = %q %v %v", id, ok, err)
	}
	if id, ok, err := st.ReserveIdempotencyKey(ctx, u.ID, "k", hourAgo); err != nil || ok || id != "" {
		t.Fatalf("reserve while running = %q %v %v", id, ok, err)
	}
	if err := st.CompleteIdempotencyKey(ctx, u.ID, "k", "https://x.test/1"); err != nil {
		t.Fatal(err)
	}
	if id, ok, _ := st.ReserveIdempotencyKey(ctx, u.ID, "k", hourAgo); ok || id != "https://x.test/1" {
		t.Fatalf("reserve after completion = %q %v", id, ok)
	}
	// A key older than the window is forgotten.
	if id, ok, _ := st.ReserveIdempotencyKey(ctx, u.ID, "k", time.Now().Add(time.Minute)); !ok || id != "" {
		t.Fatalf("reserve after expiry = %q %v", id, ok)
	}
	if err := st.ReleaseIdempotencyKey(ctx, u.ID, "k"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := st.ReserveIdempotencyKey(ctx, u.ID, "k", hourAgo); !ok {
		t.Fatal("reserve after release refused")
	}
	if n, err := st.PruneIdempotencyKeys(ctx, time.Now().Add(time.Minute)); err != nil || n != 1 {
		t.Fatalf("prune = %d, %v", n, err)
	}
}
