package mastodon

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"net/http"
	"testing"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/media"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

// TestMediaStatusHelpers covers what createStatus and the renderer use to attach and show
// local media (see the change described for statuses.go and render_status.go).
func TestMediaStatusHelpers(t *testing.T) {
	ctx := context.Background()
	st := testutil.NewStore(t)
	disk, err := media.NewDisk(t.TempDir(), "http://localhost:4000")
	if err != nil {
		t.Fatal(err)
	}
	defer disk.Close()
	s := &Service{BaseURL: "http://localhost:4000", Store: st, Limits: DefaultLimits}
	ms := &media.Service{Store: st, Storage: disk}
	s.UseMedia(ms)
	users := map[string]*store.User{}
	for _, nick := range []string{"alice", "bob"} {
		u := &store.User{APID: "http://localhost:4000/users/" + nick, Nickname: nick, Local: true}
		if err := st.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		users[nick] = u
	}
	var buf bytes.Buffer
	png.Encode(&buf, image.NewNRGBA(image.Rect(0, 0, 30, 20)))
	up := func(u *store.User, desc string) *store.Media {
		m, err := ms.Upload(ctx, u, bytes.NewReader(buf.Bytes()), int64(buf.Len()), media.Attributes{Description: desc})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	a1, a2, b1 := up(users["alice"], "first"), up(users["alice"], ""), up(users["bob"], "")
	alice := &viewer{user: users["alice"]}

	status := func(err error) int {
		if e, ok := err.(*Error); ok {
			return e.Status
		}
		return 0
	}
	if _, err := s.statusMedia(ctx, alice, "", []string{a1.ID, b1.ID}); status(err) != http.StatusUnprocessableEntity {
		t.Fatalf("bob's media accepted: %v", err)
	}
	if _, err := s.statusMedia(ctx, alice, "", []string{"1", "2", "3", "4", "5"}); status(err) != http.StatusUnprocessableEntity {
		t.Fatalf("five attachments accepted: %v", err)
	}
	list, err := s.statusMedia(ctx, alice, "", []string{a2.ID, a1.ID})
	if err != nil || len(list) != 2 || list[0].ID != a2.ID {
		t.Fatalf("%v", err)
	}
	docs := s.apAttachments(list)
	d := docs[1].(map[string]any)
	if d["type"] != "Document" || d["mediaType"] != "image/png" || d["name"] != "first" || d["width"] != 30.0 ||
		d["url"] != ms.URL(a1.FileKey) || d["blurhash"] == nil {
		t.Fatalf("%v", d)
	}
	if docs[0].(map[string]any)["name"] != nil {
		t.Fatalf("no description must federate as name null: %v", docs[0])
	}

	note := "http://localhost:4000/objects/n1"
	if err := s.attachStatusMedia(ctx, alice, note, list); err != nil {
		t.Fatal(err)
	}
	if err := s.attachStatusMedia(ctx, alice, "http://localhost:4000/objects/n2", list[1:]); status(err) != http.StatusUnprocessableEntity {
		t.Fatalf("attached twice: %v", err)
	}
	raw, _ := json.Marshal(map[string]any{"id": note, "type": "Note", "attachment": docs})
	doc, err := ap.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	rendered, err := s.localAttachments(ctx, map[string]ap.Object{note: doc}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := rendered[note]
	if len(got) != 2 || got[0].ID != a2.ID || got[1].ID != a1.ID || *got[1].Description != "first" || got[0].RemoteURL != nil {
		t.Fatalf("%+v", got)
	}
}
