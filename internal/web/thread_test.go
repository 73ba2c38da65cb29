package web_test

import (
	"net/url"
	"strings"
	"testing"
)

// A content warning is plain text: "Film <plot>" keeps its "<plot>" on every page that shows
// the post, escaped, never as markup.
func TestContentWarningIsPlainText(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user("alice")
	a := s.browser()
	a.login("alice")
	a.post("/statuses", url.Values{"status": {"the twist #films"}, "spoiler_text": {"Film <plot> & <b>ending</b>"}})
	o := s.statusWithText("the twist #films")
	for _, path := range []string{"/", "/@alice", s.threadPath("alice", o), "/tags/films", "/explore"} {
		body := a.get(path).body
		if !strings.Contains(body, "Film &lt;plot&gt; &amp; &lt;b&gt;ending&lt;/b&gt;") || strings.Contains(body, "<b>ending") {
			t.Errorf("%s: the content warning is not shown as typed", path)
		}
	}
}
