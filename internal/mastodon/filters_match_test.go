package mastodon

import "testing"

// TestKeywordMatchesWordBoundaries checks whole-word matching as Mastodon's \b around a
// keyword: only where the keyword starts (ends) with a word character is the boundary needed.
func TestKeywordMatchesWordBoundaries(t *testing.T) {
	cases := []struct {
		text, kw string
		whole    bool
		want     bool
	}{
		{"i love cats", "cat", true, false},
		{"i love cats", "cat", false, true},
		{"my cat.", "cat", true, true},
		{"cat", "cat", true, true},
		{"concatenate", "cat", true, false},
		{"a cat and concat", "cat", true, true}, // a later occurrence counts
		{"x #tag y", "#tag", true, true},        // starts with a non-word character: no boundary before
		{"x#tag y", "#tag", true, true},
		{"x #tags", "#tag", true, false},
		{"c++ rocks", "c++", true, true},
		{"c++rocks", "c++", true, true},
		{"émile zola", "émile", true, true},
		{"rémile", "mile", true, false}, // é is a word character
		{"日本語のテキスト", "テキスト", true, false},
		{"under_score", "under", true, false},
		{"", "cat", false, false},
		{"cat", "", false, false},
	}
	for _, c := range cases {
		if got := keywordMatches(c.text, c.kw, c.whole); got != c.want {
			t.Errorf("keywordMatches(%q, %q, %v) = %v, want %v", c.text, c.kw, c.whole, got, c.want)
		}
	}
}
