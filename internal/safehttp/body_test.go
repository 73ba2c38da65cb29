package safehttp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
)

// sized serves /N with N bytes; ?chunked leaves out the Content-Length.
func sized(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if r.URL.Query().Has("chunked") {
		w.(http.Flusher).Flush() // headers go out now, so no Content-Length
	} else {
		w.Header().Set("Content-Length", strconv.Itoa(n))
	}
	_, _ = w.Write(bytes.Repeat([]byte("x"), n))
}

func TestBodyCap(t *testing.T) {
	srv := newCounted(t, sized)
	c := newTestClient(t, Options{AllowPrivate: true, MaxBodyBytes: 100})
	bigger := WithMaxBodyBytes(context.Background(), 5000)
	cases := map[string]struct {
		ctx  context.Context
		size int
		ok   bool
	}{
		"empty":               {context.Background(), 0, true},
		"under the cap":       {context.Background(), 99, true},
		"at the cap":          {context.Background(), 100, true},
		"one over":            {context.Background(), 101, false},
		"far over":            {context.Background(), 100_000, false},
		"per request at cap":  {bigger, 5000, true},
		"per request over":    {bigger, 5001, false},
		"per request, small":  {bigger, 101, true},
		"per request ignored": {WithMaxBodyBytes(context.Background(), 0), 101, false},
	}
	for name, tc := range cases {
		for _, mode := range []string{"", "?chunked"} {
			t.Run(name+mode, func(t *testing.T) {
				resp, err := c.Get(tc.ctx, fmt.Sprintf("%s/%d%s", srv.URL, tc.size, mode), nil)
				if !tc.ok {
					if !errors.Is(err, ErrTooLarge) {
						t.Fatalf("%d bytes: err = %v, want ErrTooLarge", tc.size, err)
					}
					return
				}
				if err != nil {
					t.Fatalf("%d bytes: %v", tc.size, err)
				}
				if len(resp.Body) != tc.size {
					t.Fatalf("got %d bytes, want %d", len(resp.Body), tc.size)
				}
			})
		}
	}
}

func TestHeadHasNoBody(t *testing.T) {
	srv := newCounted(t, sized)
	c := newTestClient(t, Options{AllowPrivate: true, MaxBodyBytes: 10})
	req, _ := http.NewRequest(http.MethodHead, srv.URL+"/1000", nil)
	resp, err := c.Do(req)
	if err != nil || resp.Status != http.StatusOK || len(resp.Body) != 0 {
		t.Fatalf("HEAD = %+v, %v", resp, err)
	}
}

func TestReadBody(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789"), 100_000) // 1 MB, read a byte at a time
	cases := map[string]struct {
		contentLength, limit int64
		ok                   bool
	}{
		"unknown length": {-1, int64(len(data)), true},
		"known length":   {int64(len(data)), int64(len(data)), true},
		"wrong length":   {10, int64(len(data)), true},
		"over, unknown":  {-1, int64(len(data)) - 1, false},
		"over, declared": {int64(len(data)), int64(len(data)) - 1, false},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := readBody(iotest.OneByteReader(bytes.NewReader(data)), tc.contentLength, tc.limit)
			if !tc.ok {
				if !errors.Is(err, ErrTooLarge) {
					t.Fatalf("err = %v, want ErrTooLarge", err)
				}
				return
			}
			if err != nil || !bytes.Equal(got, data) {
				t.Fatalf("readBody = %d bytes, %v", len(got), err)
			}
		})
	}
	t.Run("read error", func(t *testing.T) {
		boom := errors.New("boom")
		if _, err := readBody(iotest.ErrReader(boom), -1, 10); !errors.Is(err, boom) {
			t.Fatalf("err = %v, want boom", err)
		}
	})
}
