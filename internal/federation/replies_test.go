package federation_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/egregoros/egregoros/internal/ap"
)

// TestResolveCompletesThreadThroughReplies fetches a status whose replies collection lists
// more replies than the bound: the first ones are fetched, the rest are not.
func TestResolveCompletesThreadThroughReplies(t *testing.T) {
	f := newInboxFixture(t)
	peer := newPeer(t)
	bob := peer.actor("bob")
	root := peer.srv.URL + "/notes/root"
	var items []any
	for i := range 60 {
		id := peer.serveDoc(fmt.Sprintf("/notes/r%d", i), map[string]any{"id": peer.srv.URL + fmt.Sprintf("/notes/r%d", i),
			"type": "Note", "attributedTo": bob, "content": "reply", "inReplyTo": root, "to": []any{ap.Public}})
		items = append(items, id)
	}
	items = append(items, "https://elsewhere.test/notes/x") // another host: not trusted from this list
	peer.serveDoc("/notes/root/replies", map[string]any{"id": root + "/replies", "type": "Collection",
		"first": map[string]any{"type": "CollectionPage", "items": items}})
	peer.serveDoc("/notes/root", map[string]any{"id": root, "type": "Note", "attributedTo": bob, "content": "root",
		"to": []any{ap.Public}, "replies": root + "/replies"})

	if err := f.fed.Resolve(context.Background(), root, 0); err != nil {
		t.Fatal(err)
	}
	n, err := f.st.CountObjects(context.Background(), "Note")
	if err != nil {
		t.Fatal(err)
	}
	if n != 1+50 {
		t.Fatalf("stored %d notes, want the root and 50 replies", n)
	}
	// A second resolve of the stored root fetches nothing more.
	before := peer.gets["/notes/r0"]
	if err := f.fed.Resolve(context.Background(), root, 0); err != nil {
		t.Fatal(err)
	}
	if peer.gets["/notes/r0"] != before {
		t.Fatal("stored reply fetched again")
	}
}
