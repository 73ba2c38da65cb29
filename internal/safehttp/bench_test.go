package safehttp

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"testing"

	"golang.org/x/time/rate"
)

func BenchmarkGet(b *testing.B) {
	for _, size := range []int{100, 64 << 10, 1 << 20} {
		body := bytes.Repeat([]byte("x"), size)
		b.Run(strconv.Itoa(size), func(b *testing.B) {
			srv := newCounted(b, func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(body) })
			c := newTestClient(b, Options{AllowPrivate: true, PerHostRate: rate.Inf, MaxBodyBytes: 2 << 20})
			ctx := context.Background()
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				resp, err := c.Get(ctx, srv.URL, nil)
				if err != nil || len(resp.Body) != size {
					b.Fatalf("Get = %v, %v", resp, err)
				}
			}
		})
	}
}

// BenchmarkGetBaseline is a plain net/http GET of the same kind, for comparison.
func BenchmarkGetBaseline(b *testing.B) {
	srv := newCounted(b, func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(make([]byte, 100)) })
	hc := &http.Client{Transport: &http.Transport{}}
	b.Cleanup(hc.CloseIdleConnections)
	b.ReportAllocs()
	for b.Loop() {
		resp, err := hc.Get(srv.URL)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.ReadAll(resp.Body); err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
	}
}
