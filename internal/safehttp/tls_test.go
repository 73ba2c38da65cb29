package safehttp

import (
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestTLS(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(ok))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	srv.StartTLS()
	t.Cleanup(srv.Close)
	roots := srv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs

	resp, err := newTestClient(t, Options{AllowPrivate: true, RootCAs: roots}).Get(context.Background(), srv.URL, nil)
	if err != nil || string(resp.Body) != "ok" {
		t.Fatalf("with the test CA: %+v, %v", resp, err)
	}
	if _, err := newTestClient(t, Options{AllowPrivate: true}).Get(context.Background(), srv.URL, nil); err == nil {
		t.Fatal("an unknown CA was accepted")
	}
}
