package safehttp

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"sync/atomic"
	"testing"
)

// fakeDNS resolves the names it lists and nothing else.
type fakeDNS map[string][]netip.Addr

func (f fakeDNS) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if ips, ok := f[host]; ok {
		return ips, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

var loopback = []netip.Addr{netip.MustParseAddr("127.0.0.1")}

// counted is an httptest server on 127.0.0.1 that counts the requests reaching it.
type counted struct {
	*httptest.Server
	hits atomic.Int64
}

func newCounted(t testing.TB, h http.HandlerFunc) *counted {
	t.Helper()
	s := &counted{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func ok(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) }

// addrPort is the server's listening address.
func (s *counted) addrPort(t testing.TB) netip.AddrPort {
	t.Helper()
	return netip.MustParseAddrPort(s.Listener.Addr().String())
}

// port is the server's port, for building URLs with other host names.
func (s *counted) port(t testing.TB) string {
	t.Helper()
	u, err := url.Parse(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Port()
}

// newTestClient is New with the client's idle connections closed at the end of the test.
func newTestClient(t testing.TB, opt Options) *Client {
	t.Helper()
	c := New(opt)
	t.Cleanup(c.CloseIdleConnections)
	return c
}
