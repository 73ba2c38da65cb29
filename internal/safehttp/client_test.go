package safehttp

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

func TestUserAgent(t *testing.T) {
	var mu sync.Mutex
	var got []string
	srv := newCounted(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.UserAgent())
		mu.Unlock()
		hops(w, r)
	})
	ua := UserAgent("1.2.3", "https://egregoros.example")
	if ua != "Egregoros/1.2.3 (+https://egregoros.example)" {
		t.Fatalf("UserAgent = %q", ua)
	}
	c := newTestClient(t, Options{AllowPrivate: true, UserAgent: ua})
	if _, err := c.Get(context.Background(), srv.URL+"/hop/1", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(context.Background(), srv.URL+"/hop/0", http.Header{"User-Agent": {"custom"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := newTestClient(t, Options{AllowPrivate: true}).Get(context.Background(), srv.URL+"/hop/0", nil); err != nil {
		t.Fatal(err)
	}
	want := []string{ua, ua, "custom", "Egregoros"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("user agents %q, want %q", got, want)
	}
}

func TestDoLeavesRequestAlone(t *testing.T) {
	srv := newCounted(t, ok)
	c := newTestClient(t, Options{AllowPrivate: true, UserAgent: "x"})
	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	if _, err := c.Do(req); err != nil {
		t.Fatal(err)
	}
	if len(req.Header) != 0 {
		t.Errorf("caller's request headers changed: %v", req.Header)
	}
}

func TestDoChecksURL(t *testing.T) {
	c := newTestClient(t, Options{})
	for _, u := range []string{"http://localhost/", "ftp://example.com/", "http://user@example.com/", "http://0x7f000001/"} {
		t.Run(u, func(t *testing.T) {
			if _, err := c.Get(context.Background(), u, nil); !errors.Is(err, ErrUnsafeURL) {
				t.Fatalf("err = %v, want ErrUnsafeURL", err)
			}
		})
	}
	t.Run("unparseable", func(t *testing.T) {
		if _, err := c.Get(context.Background(), "http://[::1", nil); !errors.Is(err, ErrUnsafeURL) {
			t.Fatalf("err = %v, want ErrUnsafeURL", err)
		}
	})
}

func TestNonOKIsNotAnError(t *testing.T) {
	srv := newCounted(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/activity+json")
		w.WriteHeader(http.StatusGone)
		_, _ = w.Write([]byte(`{"type":"Tombstone"}`))
	})
	resp, err := newTestClient(t, Options{AllowPrivate: true}).Get(context.Background(), srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != http.StatusGone || resp.Header.Get("Content-Type") != "application/activity+json" || string(resp.Body) != `{"type":"Tombstone"}` {
		t.Errorf("response = %d %v %q", resp.Status, resp.Header, resp.Body)
	}
}

type closeRecorder struct {
	io.Reader
	closed bool
}

func (r *closeRecorder) Close() error { r.closed = true; return nil }

func TestRefusedRequestBodyClosed(t *testing.T) {
	body := &closeRecorder{Reader: strings.NewReader("{}")}
	req, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1/inbox", body)
	if _, err := newTestClient(t, Options{}).Do(req); !errors.Is(err, ErrUnsafeURL) {
		t.Fatalf("err = %v, want ErrUnsafeURL", err)
	}
	if !body.closed {
		t.Error("the refused request's body was not closed")
	}
}
