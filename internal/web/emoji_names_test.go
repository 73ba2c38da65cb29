package web_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestCustomEmojiInNamesOfListsAndSidebar: display names show their custom emoji as images
// in follower lists and in the sidebar too, not only on cards and profiles.
func TestCustomEmojiInNamesOfListsAndSidebar(t *testing.T) {
	s := newSite(t)
	alice := s.user("alice")
	alice.Name = "Alice :sparkle:"
	alice.Emojis = json.RawMessage(`[{"shortcode":"sparkle","url":"https://` + "local.test" + `/sparkle.png"}]`)
	if err := s.st.UpdateUser(s.ctx, alice); err != nil {
		t.Fatal(err)
	}
	bob := s.remoteUser("bob", "remote.test")
	bob.Name = "Bob :wave:"
	bob.Emojis = json.RawMessage(`[{"shortcode":"wave","url":"https://remote.test/wave.png"}]`)
	if err := s.st.UpsertRemoteUser(s.ctx, bob); err != nil {
		t.Fatal(err)
	}
	s.follow(bob, alice)

	b := s.browser()
	b.login("alice")
	r := b.get("/@alice/followers")
	wantStatus(t, r, 200)
	if !strings.Contains(r.body, `src="https://remote.test/wave.png"`) || !strings.Contains(r.body, `alt=":wave:"`) {
		t.Errorf("followers list: no emoji image in Bob's name")
	}
	if !strings.Contains(r.body, `src="https://local.test/sparkle.png"`) {
		t.Errorf("sidebar: no emoji image in the signed-in user's name")
	}
	// The accessible name of the page stays text.
	if strings.Contains(r.body, `Followers of Alice <img`) {
		t.Errorf("heading carries an image")
	}
}
