package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

// TestVisibilityGoAndSQLAgree checks the Go predicate and the SQL predicate on the same
// objects and viewers, and the expected answers of the rule itself.
func TestVisibilityGoAndSQLAgree(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	const (
		author    = "https://r.test/users/author"
		addressed = "https://r.test/users/addressed"
		follower  = "https://l.test/users/follower"
		requester = "https://l.test/users/requester"
		stranger  = "https://l.test/users/stranger"
	)
	mustPut := func(r *store.Relationship) {
		if _, err := st.PutRelationship(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	mustPut(&store.Relationship{Type: store.RelFollow, Actor: follower, Object: author})
	mustPut(&store.Relationship{Type: store.RelFollowRequest, Actor: requester, Object: author})
	// A Follow of someone else must not open the author's followers-only posts.
	mustPut(&store.Relationship{Type: store.RelFollow, Actor: stranger, Object: addressed})

	objects := map[string][]string{
		ap.VisibilityPublic:   {ap.Public, author + "/followers"},
		ap.VisibilityUnlisted: {author + "/followers", ap.Public},
		ap.VisibilityPrivate:  {author + "/followers"},
		ap.VisibilityDirect:   {addressed},
	}
	viewers := []string{"", author, addressed, follower, requester, stranger}
	// want[visibility] lists the viewers who may see it.
	want := map[string]map[string]bool{
		ap.VisibilityPublic:   {"": true, author: true, addressed: true, follower: true, requester: true, stranger: true},
		ap.VisibilityUnlisted: {"": true, author: true, addressed: true, follower: true, requester: true, stranger: true},
		ap.VisibilityPrivate:  {author: true, follower: true},
		ap.VisibilityDirect:   {author: true, addressed: true},
	}
	// Followers-only with someone also mentioned: they see it without following.
	objects["private+mention"] = []string{author + "/followers", addressed}
	want["private+mention"] = map[string]bool{author: true, follower: true, addressed: true}

	checked := 0
	for name, rcpt := range objects {
		vis := name
		if name == "private+mention" {
			vis = ap.VisibilityPrivate
		}
		o := &store.Object{APID: "https://r.test/notes/" + name, Type: "Note", Actor: author, Data: []byte(`{}`),
			Visibility: vis, Recipients: rcpt}
		if _, err := st.InsertObject(ctx, o); err != nil {
			t.Fatal(err)
		}
		for _, v := range viewers {
			t.Run(fmt.Sprintf("%s/%q", name, v), func(t *testing.T) {
				follows, _ := st.HasRelationship(ctx, store.RelFollow, v, author)
				goAnswer := store.MayView(store.Audience{Actor: author, Visibility: vis, Recipients: rcpt}, v, follows)
				sqlAnswer, err := st.MayViewObject(ctx, o.ID, v)
				if err != nil {
					t.Fatal(err)
				}
				loaded, err := st.CanView(ctx, o, v)
				if err != nil {
					t.Fatal(err)
				}
				batch, err := st.VisibleIDs(ctx, []string{o.ID}, v)
				if err != nil {
					t.Fatal(err)
				}
				if goAnswer != sqlAnswer || goAnswer != loaded || goAnswer != batch[o.ID] {
					t.Fatalf("Go %v, SQL %v, CanView %v, VisibleIDs %v", goAnswer, sqlAnswer, loaded, batch[o.ID])
				}
				if goAnswer != want[name][v] {
					t.Fatalf("visible = %v, want %v", goAnswer, want[name][v])
				}
				checked++
			})
		}
	}
	if checked != len(objects)*len(viewers) {
		t.Fatalf("checked %d cases", checked)
	}
}

func TestVisibilityFromAddressing(t *testing.T) {
	author := "https://r.test/users/a"
	cases := map[string]struct {
		doc  ap.Object
		want string
	}{
		"public":            {ap.Object{"attributedTo": author, "to": []any{ap.Public}}, ap.VisibilityPublic},
		"as:Public in to":   {ap.Object{"attributedTo": author, "to": "as:Public"}, ap.VisibilityPublic},
		"unlisted":          {ap.Object{"attributedTo": author, "to": author + "/followers", "cc": []any{"Public"}}, ap.VisibilityUnlisted},
		"audience public":   {ap.Object{"attributedTo": author, "audience": ap.Public}, ap.VisibilityUnlisted},
		"followers":         {ap.Object{"attributedTo": author, "to": []any{author + "/followers"}}, ap.VisibilityPrivate},
		"followers in bcc":  {ap.Object{"attributedTo": author, "bcc": []any{author + "/followers"}}, ap.VisibilityPrivate},
		"direct":            {ap.Object{"attributedTo": author, "to": []any{"https://x.test/u/b"}}, ap.VisibilityDirect},
		"nothing":           {ap.Object{"attributedTo": author}, ap.VisibilityDirect},
		"object in to":      {ap.Object{"attributedTo": author, "to": []any{map[string]any{"id": ap.Public}}}, ap.VisibilityPublic},
		"other's followers": {ap.Object{"attributedTo": author, "to": []any{"https://x.test/u/b/followers"}}, ap.VisibilityDirect},
	}
	for name, c := range cases {
		if got := c.doc.Visibility(""); got != c.want {
			t.Errorf("%s: %s, want %s", name, got, c.want)
		}
	}
	if got := (ap.Object{"attributedTo": author, "to": "https://r.test/f/custom"}).Visibility("https://r.test/f/custom"); got != ap.VisibilityPrivate {
		t.Errorf("custom followers URL: %s", got)
	}
}

// TestSuspendedAuthorsAreInvisible checks the suspension part of the rule on every form of
// the predicate (Go, SQL, CanView, VisibleIDs), for every audience and viewer, and that
// lifting the suspension brings the objects back.
func TestSuspendedAuthorsAreInvisible(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	author := &store.User{APID: "https://r.test/users/author", Nickname: "author", Domain: "r.test"}
	if err := st.UpsertRemoteUser(ctx, author); err != nil {
		t.Fatal(err)
	}
	const addressed, follower = "https://r.test/users/addressed", "https://l.test/users/follower"
	if _, err := st.PutRelationship(ctx, &store.Relationship{Type: store.RelFollow, Actor: follower, Object: author.APID}); err != nil {
		t.Fatal(err)
	}
	var objs []*store.Object
	for vis, rcpt := range map[string][]string{ap.VisibilityPublic: {ap.Public}, ap.VisibilityUnlisted: {author.APID + "/followers"},
		ap.VisibilityPrivate: {author.APID + "/followers"}, ap.VisibilityDirect: {addressed}} {
		o := &store.Object{APID: "https://r.test/notes/" + vis, Type: "Note", Actor: author.APID, Data: []byte(`{}`),
			Visibility: vis, Recipients: rcpt}
		if _, err := st.InsertObject(ctx, o); err != nil {
			t.Fatal(err)
		}
		objs = append(objs, o)
	}
	visible := func(o *store.Object, v string) bool {
		t.Helper()
		sqlAnswer, err := st.MayViewObject(ctx, o.ID, v)
		if err != nil {
			t.Fatal(err)
		}
		loaded, err := st.CanView(ctx, o, v)
		if err != nil {
			t.Fatal(err)
		}
		batch, err := st.VisibleIDs(ctx, []string{o.ID}, v)
		if err != nil {
			t.Fatal(err)
		}
		if sqlAnswer != loaded || sqlAnswer != batch[o.ID] {
			t.Fatalf("%s for %q: SQL %v, CanView %v, VisibleIDs %v", o.Visibility, v, sqlAnswer, loaded, batch[o.ID])
		}
		return sqlAnswer
	}
	viewers := []string{"", author.APID, addressed, follower}
	seen := 0
	for _, o := range objs {
		for _, v := range viewers {
			if visible(o, v) {
				seen++
			}
		}
	}
	if seen == 0 {
		t.Fatal("nothing visible before the suspension")
	}
	now := time.Now()
	if err := st.SetSuspended(ctx, author.ID, &now); err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		for _, v := range viewers {
			if visible(o, v) {
				t.Errorf("%s visible to %q while its author is suspended", o.Visibility, v)
			}
		}
	}
	if store.MayView(store.Audience{Actor: author.APID, Visibility: ap.VisibilityPublic, Suspended: true}, "", false) {
		t.Error("MayView shows a suspended author's public post")
	}
	if err := st.SetSuspended(ctx, author.ID, nil); err != nil {
		t.Fatal(err)
	}
	after := 0
	for _, o := range objs {
		for _, v := range viewers {
			if visible(o, v) {
				after++
			}
		}
	}
	if after != seen {
		t.Fatalf("after lifting the suspension %d visible, before %d", after, seen)
	}
}
