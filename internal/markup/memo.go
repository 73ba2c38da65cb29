package markup

import (
	"crypto/sha256"
	"sync"
)

// Sanitizing is the costliest step of rendering a status (about a quarter of the CPU of a
// page of 20, BENCHMARKS.md), and the same stored HTML is rendered again on every timeline
// read. memo remembers recent results, keyed by the SHA-256 of the input, so that rendering
// stays a pure function of the stored content while repeated reads skip the work.
//
// It is bounded by bytes: two generations of at most memoGenerationBytes each; when the
// current one fills up it becomes the old one and the old one is dropped. A hit in the old
// generation is copied into the current one, so what is read often survives. Inputs larger
// than memoMaxInput are not remembered, nor are fallbacks (they are rare and tests count them).
type memo struct {
	mu       sync.Mutex
	cur, old map[[sha256.Size]byte]string
	curBytes int
	maxBytes int
}

const (
	memoGenerationBytes = 8 << 20
	memoMaxInput        = 64 << 10
	memoEntryOverhead   = 96 // key, map slot and string header, roughly
)

var sanitized = newMemo(memoGenerationBytes)

func newMemo(maxBytes int) *memo {
	return &memo{cur: map[[sha256.Size]byte]string{}, maxBytes: maxBytes}
}

func (m *memo) get(k [sha256.Size]byte) (string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.cur[k]; ok {
		return v, true
	}
	if v, ok := m.old[k]; ok {
		m.putLocked(k, v)
		return v, true
	}
	return "", false
}

func (m *memo) put(k [sha256.Size]byte, v string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.putLocked(k, v)
}

func (m *memo) putLocked(k [sha256.Size]byte, v string) {
	size := len(v) + memoEntryOverhead
	if size > m.maxBytes {
		return
	}
	if m.curBytes+size > m.maxBytes {
		m.old, m.cur, m.curBytes = m.cur, make(map[[sha256.Size]byte]string, len(m.cur)), 0
	}
	if _, ok := m.cur[k]; !ok {
		m.cur[k] = v
		m.curBytes += size
	}
}

// reset forgets everything (tests that swap the sanitizer's hooks).
func (m *memo) reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cur, m.old, m.curBytes = map[[sha256.Size]byte]string{}, nil, 0
}

// len is the number of remembered results.
func (m *memo) len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.cur) + len(m.old)
}
