package markup

import (
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"
)

// TestSanitizeMemoGivesTheSameResult checks that a remembered result is the one sanitizing
// computes, for every seed input, on the first and the second call.
func TestSanitizeMemoGivesTheSameResult(t *testing.T) {
	sanitized.reset()
	defer sanitized.reset()
	for _, in := range sanitizeSeeds {
		want, _ := sanitize(in)
		if got := Sanitize(in); got != want {
			t.Fatalf("first Sanitize(%q) = %q, want %q", in, got, want)
		}
		if got := Sanitize(in); got != want {
			t.Fatalf("remembered Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
	if sanitized.len() == 0 {
		t.Fatal("nothing remembered")
	}
}

// TestMemoIsBounded checks that the memo never holds more than two generations of bytes,
// and that an entry read from the old generation survives the next turn.
func TestMemoIsBounded(t *testing.T) {
	m := newMemo(10 * (100 + memoEntryOverhead))
	key := func(i int) [sha256.Size]byte { return sha256.Sum256([]byte(fmt.Sprint(i))) }
	val := strings.Repeat("x", 100)
	for i := range 1000 {
		m.put(key(i), val)
		if n := m.len(); n > 20 {
			t.Fatalf("%d entries after %d puts", n, i+1)
		}
	}
	// Keep reading 995 while 25 more go in (two turns of the generations).
	hot := key(995)
	for i := 1000; i < 1025; i++ {
		if _, ok := m.get(hot); !ok {
			t.Fatalf("hot entry lost after %d puts", i)
		}
		m.put(key(i), val)
	}
	if _, ok := m.get(key(3)); ok {
		t.Fatal("an old entry was never evicted")
	}
	// An entry larger than a generation is not kept.
	m.put(key(-1), strings.Repeat("y", 10*(100+memoEntryOverhead)))
	if _, ok := m.get(key(-1)); ok {
		t.Fatal("an oversized entry was kept")
	}
}

// BenchmarkSanitizeRemembered is a status's content sanitized again (a timeline read).
func BenchmarkSanitizeRemembered(b *testing.B) {
	in := `<p>Hello <span class="h-card"><a href="https://r.example/@a" class="u-url mention">@<span>a</span></a></span> ` +
		strings.Repeat(`some text with a <a href="https://example.com/x">link</a> and <b>bold</b>. `, 10) + `<a href="https://r.example/tags/bench" class="mention hashtag" rel="tag">#<span>bench</span></a></p>`
	b.Run("remembered", func(b *testing.B) {
		Sanitize(in)
		for b.Loop() {
			Sanitize(in)
		}
	})
	b.Run("uncached", func(b *testing.B) {
		for b.Loop() {
			sanitize(in)
		}
	})
}
