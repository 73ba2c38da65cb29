package safehttp

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"testing"
)

// TestDialLoopback dials addresses on this machine directly, bypassing CheckURL, so that only
// the dial-time check can refuse them.
func TestDialLoopback(t *testing.T) {
	srv := newCounted(t, ok)
	port := srv.port(t)
	for _, host := range []string{"127.0.0.1", "0.0.0.0"} {
		t.Run(host, func(t *testing.T) {
			for _, allow := range []bool{false, true} {
				c := newTestClient(t, Options{AllowPrivate: allow})
				conn, err := c.transport.DialContext(context.Background(), "tcp", host+":"+port)
				if allow {
					if err != nil {
						t.Fatalf("AllowPrivate: dial %s: %v", host, err)
					}
					conn.Close()
					continue
				}
				if !errors.Is(err, ErrUnsafeURL) {
					t.Fatalf("dial %s = %v, want ErrUnsafeURL", host, err)
				}
			}
		})
	}
}

func TestGetLoopbackServer(t *testing.T) {
	srv := newCounted(t, ok)
	_, err := newTestClient(t, Options{}).Get(context.Background(), srv.URL, nil)
	if !errors.Is(err, ErrUnsafeURL) {
		t.Fatalf("Get %s = %v, want ErrUnsafeURL", srv.URL, err)
	}
	resp, err := newTestClient(t, Options{AllowPrivate: true}).Get(context.Background(), srv.URL, nil)
	if err != nil || resp.Status != http.StatusOK || string(resp.Body) != "ok" {
		t.Fatalf("AllowPrivate: Get = %+v, %v; want 200 ok", resp, err)
	}
	if n := srv.hits.Load(); n != 1 {
		t.Errorf("server got %d requests, want 1", n)
	}
}

// TestDialResolvedLoopback is DNS rebinding: the name passes CheckURL, then resolves to
// loopback (or any private address), which the dial-time check refuses.
func TestDialResolvedLoopback(t *testing.T) {
	srv := newCounted(t, ok)
	dns := fakeDNS{
		"rebind.example": loopback,
		"mixed.example":  {netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("::ffff:127.0.0.1"), netip.MustParseAddr("127.0.0.1")},
	}
	for name := range dns {
		t.Run(name, func(t *testing.T) {
			u := "http://" + name + ":" + srv.port(t) + "/"
			if err := CheckURL(u, false); err != nil {
				t.Fatalf("CheckURL(%s) = %v; the test needs a name that passes it", u, err)
			}
			before := srv.hits.Load()
			_, err := newTestClient(t, Options{Resolver: dns}).Get(context.Background(), u, nil)
			if !errors.Is(err, ErrUnsafeURL) {
				t.Fatalf("Get %s = %v, want ErrUnsafeURL", u, err)
			}
			if n := srv.hits.Load() - before; n != 0 {
				t.Fatalf("server got %d requests, want 0", n)
			}
			resp, err := newTestClient(t, Options{Resolver: dns, AllowPrivate: true}).Get(context.Background(), u, nil)
			if err != nil || resp.Status != http.StatusOK {
				t.Fatalf("AllowPrivate: Get %s = %+v, %v; want 200", u, resp, err)
			}
		})
	}
}

func TestUnknownHost(t *testing.T) {
	_, err := newTestClient(t, Options{Resolver: fakeDNS{}}).Get(context.Background(), "https://nowhere.example/", nil)
	if err == nil {
		t.Fatal("Get of an unresolvable host succeeded")
	}
}
