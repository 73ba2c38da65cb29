package safehttp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// hops serves /hop/N, which redirects to /hop/N-1, and /hop/0, which answers "done".
func hops(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/hop/"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if n > 0 {
		http.Redirect(w, r, fmt.Sprintf("/hop/%d", n-1), http.StatusFound)
		return
	}
	_, _ = w.Write([]byte("done"))
}

func TestRedirectCount(t *testing.T) {
	srv := newCounted(t, hops)
	c := newTestClient(t, Options{AllowPrivate: true})
	for n := 0; n <= 5; n++ {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			resp, err := c.Get(context.Background(), fmt.Sprintf("%s/hop/%d", srv.URL, n), nil)
			if n > 3 {
				if !errors.Is(err, ErrTooManyRedirects) {
					t.Fatalf("%d redirects: err = %v, want ErrTooManyRedirects", n, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("%d redirects: %v", n, err)
			}
			if string(resp.Body) != "done" || resp.FinalURL != srv.URL+"/hop/0" {
				t.Fatalf("%d redirects: body %q, final URL %s", n, resp.Body, resp.FinalURL)
			}
		})
	}
}

func TestRedirectOptions(t *testing.T) {
	srv := newCounted(t, hops)
	t.Run("MaxRedirects 1", func(t *testing.T) {
		c := newTestClient(t, Options{AllowPrivate: true, MaxRedirects: 1})
		if _, err := c.Get(context.Background(), srv.URL+"/hop/1", nil); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Get(context.Background(), srv.URL+"/hop/2", nil); !errors.Is(err, ErrTooManyRedirects) {
			t.Fatalf("2 redirects: err = %v, want ErrTooManyRedirects", err)
		}
	})
	t.Run("MaxRedirects -1", func(t *testing.T) {
		c := newTestClient(t, Options{AllowPrivate: true, MaxRedirects: -1})
		resp, err := c.Get(context.Background(), srv.URL+"/hop/1", nil)
		if err != nil || resp.Status != http.StatusFound || resp.Header.Get("Location") != "/hop/0" {
			t.Fatalf("Get = %+v, %v; want the 302 itself", resp, err)
		}
	})
}

// TestRedirectToPrivate lets the client reach one server as if it were public (a fake name and
// the test-only permit hook) and has it redirect to another server on loopback.
func TestRedirectToPrivate(t *testing.T) {
	target := newCounted(t, ok)
	front := newCounted(t, func(w http.ResponseWriter, r *http.Request) {
		if to := r.URL.Query().Get("to"); to != "" {
			http.Redirect(w, r, to, http.StatusFound)
			return
		}
		ok(w, r)
	})
	frontAddr := front.addrPort(t)
	dns := fakeDNS{"public.example": loopback, "internal.example": loopback}
	c := newTestClient(t, Options{Resolver: dns})
	c.permit = func(ap netip.AddrPort) bool { return ap == frontAddr }

	tp := target.port(t)
	cases := map[string]struct {
		to string
		ok bool
	}{
		"same public server":        {"http://public.example:" + front.port(t) + "/done", true},
		"loopback literal":          {"http://127.0.0.1:" + tp + "/", false},
		"localhost":                 {"http://localhost:" + tp + "/", false},
		"name resolving to private": {"http://internal.example:" + tp + "/", false},
		"mapped literal":            {"http://[::ffff:127.0.0.1]:" + tp + "/", false},
		"decimal literal":           {"http://2130706433:" + tp + "/", false},
		"non-http scheme":           {"file:///etc/passwd", false},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			u := "http://public.example:" + front.port(t) + "/?to=" + url.QueryEscape(tc.to)
			resp, err := c.Get(context.Background(), u, nil)
			if tc.ok {
				if err != nil || resp.Status != http.StatusOK || string(resp.Body) != "ok" {
					t.Fatalf("Get = %+v, %v", resp, err)
				}
				return
			}
			if !errors.Is(err, ErrUnsafeURL) {
				t.Fatalf("Get redirected to %s: err = %v, want ErrUnsafeURL", tc.to, err)
			}
		})
	}
	if n := target.hits.Load(); n != 0 {
		t.Errorf("private target got %d requests, want 0", n)
	}
}

func TestRedirectNotFollowedForPOST(t *testing.T) {
	srv := newCounted(t, hops)
	c := newTestClient(t, Options{AllowPrivate: true})
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/hop/1", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(req)
	if err != nil || resp.Status != http.StatusFound {
		t.Fatalf("POST = %+v, %v; want the 302 itself", resp, err)
	}
	if n := srv.hits.Load(); n != 1 {
		t.Errorf("server got %d requests, want 1 (no redirect followed)", n)
	}
}

// TestRedirectPrepare checks that prepare signs every hop for its own URL and that a
// signature set by the caller never travels past the first hop.
func TestRedirectPrepare(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]string{} // path → Signature header
	srv := newCounted(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen[r.URL.Path] = r.Header.Get("Signature")
		mu.Unlock()
		hops(w, r)
	})
	c := newTestClient(t, Options{AllowPrivate: true})

	t.Run("prepare", func(t *testing.T) {
		clear(seen)
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/hop/2", nil)
		calls := 0
		sign := func(r *http.Request) error {
			calls++
			r.Header.Set("Signature", "sig "+r.URL.Path)
			return nil
		}
		if _, err := c.DoPrepared(req, sign); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"/hop/2", "/hop/1", "/hop/0"} {
			if seen[p] != "sig "+p {
				t.Errorf("%s got Signature %q, want %q", p, seen[p], "sig "+p)
			}
		}
		if calls != 3 {
			t.Errorf("prepare called %d times, want 3", calls)
		}
	})
	t.Run("no prepare", func(t *testing.T) {
		clear(seen)
		h := http.Header{"Signature": {"first hop only"}}
		if _, err := c.Get(context.Background(), srv.URL+"/hop/1", h); err != nil {
			t.Fatal(err)
		}
		if seen["/hop/1"] != "first hop only" || seen["/hop/0"] != "" {
			t.Errorf("signatures seen: %q", seen)
		}
	})
	t.Run("prepare error", func(t *testing.T) {
		boom := errors.New("boom")
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/hop/1", nil)
		fail := func(r *http.Request) error {
			if r.URL.Path == "/hop/0" {
				return boom
			}
			return nil
		}
		if _, err := c.DoPrepared(req, fail); !errors.Is(err, boom) {
			t.Fatalf("err = %v, want boom", err)
		}
	})
}
