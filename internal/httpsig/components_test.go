package httpsig

import (
	"crypto/tls"
	"errors"
	"net/http"
	"slices"
	"testing"
)

// componentOf evaluates one covered component on r, as the signature base would.
func componentOf(t *testing.T, r *http.Request, ident, scheme string) ([]string, error) {
	t.Helper()
	h := http.Header{}
	h.Set("Signature-Input", "s=("+ident+`);keyid="k"`)
	h.Set("Signature", "s=:AA==:")
	p, err := parseRFC9421(h)
	if err != nil {
		return nil, err
	}
	return componentValues(r, p.components[0], scheme)
}

// TestComponentValues checks the component values of RFC 9421's examples in §2.1 (HTTP
// fields, sf, key, bs) and §2.2 (derived components).
func TestComponentValues(t *testing.T) {
	fields, _ := readRequest(t, "GET /foo HTTP/1.1\n"+
		"Host: www.example.com\n"+
		"Date: Tue, 20 Apr 2021 02:07:56 GMT\n"+
		"X-OWS-Header:   Leading and trailing whitespace.   \n"+
		"X-Obs-Fold-Header: Obsolete\n    line folding.\n"+
		"Cache-Control: max-age=60\n"+
		"Cache-Control:    must-revalidate\n"+
		"Example-Dict:  a=1,    b=2;x=1;y=2,   c=(a   b   c)\n"+
		"Example-Header: value, with, lots\n"+
		"Example-Header: of, commas\n"+
		"Content-Digest: sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:,   sha-512=:AA==:\n\n")
	derived, _ := readRequest(t, "POST /path?param=value HTTP/1.1\nHost: www.example.com\n\n")
	noQuery, _ := readRequest(t, "GET /path HTTP/1.1\nHost: www.example.com:443\n\n")
	query, _ := readRequest(t, "GET /path?param=value&foo=bar&baz=bat%2Dman HTTP/1.1\nHost: www.example.com\n\n")
	params, _ := readRequest(t, "GET /parameters?var=this%20is%20a%20big%0Avalue&bar=with+plus+whitespace&fa%C3%A7ade%22%3A%20=something&dup=1&dup=2 HTTP/1.1\nHost: www.example.com\n\n")
	absolute, _ := readRequest(t, "GET https://www.example.com/path?x=1 HTTP/1.1\nHost: www.example.com\n\n")
	tests := []struct {
		name   string
		r      *http.Request
		ident  string
		scheme string
		want   []string
		err    error
	}{
		{"host", fields, `"host"`, "https", []string{"www.example.com"}, nil},
		{"date", fields, `"date"`, "https", []string{"Tue, 20 Apr 2021 02:07:56 GMT"}, nil},
		{"whitespace", fields, `"x-ows-header"`, "https", []string{"Leading and trailing whitespace."}, nil},
		{"obs-fold", fields, `"x-obs-fold-header"`, "https", []string{"Obsolete line folding."}, nil},
		{"two lines", fields, `"cache-control"`, "https", []string{"max-age=60, must-revalidate"}, nil},
		{"dictionary as sent", fields, `"example-dict"`, "https", []string{"a=1,    b=2;x=1;y=2,   c=(a   b   c)"}, nil},
		{"key a", fields, `"example-dict";key="a"`, "https", []string{"1"}, nil},
		{"key b", fields, `"example-dict";key="b"`, "https", []string{"2;x=1;y=2"}, nil},
		{"key c", fields, `"example-dict";key="c"`, "https", []string{"(a b c)"}, nil},
		{"key absent", fields, `"example-dict";key="d"`, "https", nil, ErrMissingHeaders},
		{"sf on a known dictionary", fields, `"content-digest";sf`, "https", []string{"sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:, sha-512=:AA==:"}, nil},
		{"sf on a field of unknown type", fields, `"example-dict";sf`, "https", nil, ErrUnsupported},
		{"key on a non-dictionary", fields, `"x-ows-header";key="a"`, "https", nil, ErrMalformed},
		{"bs", fields, `"example-header";bs`, "https", []string{":dmFsdWUsIHdpdGgsIGxvdHM=:, :b2YsIGNvbW1hcw==:"}, nil},
		{"absent header", fields, `"x-missing"`, "https", nil, ErrMissingHeaders},

		{"@method", derived, `"@method"`, "https", []string{"POST"}, nil},
		{"@target-uri", derived, `"@target-uri"`, "https", []string{"https://www.example.com/path?param=value"}, nil},
		{"@target-uri over http", derived, `"@target-uri"`, "http", []string{"http://www.example.com/path?param=value"}, nil},
		{"@authority", derived, `"@authority"`, "https", []string{"www.example.com"}, nil},
		{"@authority default port", noQuery, `"@authority"`, "https", []string{"www.example.com"}, nil},
		{"@authority other scheme's port", noQuery, `"@authority"`, "http", []string{"www.example.com:443"}, nil},
		{"@scheme", derived, `"@scheme"`, "https", []string{"https"}, nil},
		{"@request-target", derived, `"@request-target"`, "https", []string{"/path?param=value"}, nil},
		{"@path", derived, `"@path"`, "https", []string{"/path"}, nil},
		{"@query", derived, `"@query"`, "https", []string{"?param=value"}, nil},
		{"@query encoded", query, `"@query"`, "https", []string{"?param=value&foo=bar&baz=bat%2Dman"}, nil},
		{"@query absent", noQuery, `"@query"`, "https", []string{"?"}, nil},
		{"@query-param var", params, `"@query-param";name="var"`, "https", []string{"this%20is%20a%20big%0Avalue"}, nil},
		{"@query-param bar", params, `"@query-param";name="bar"`, "https", []string{"with%20plus%20whitespace"}, nil},
		{"@query-param encoded name", params, `"@query-param";name="fa%C3%A7ade%22%3A%20"`, "https", []string{"something"}, nil},
		{"@query-param repeated", params, `"@query-param";name="dup"`, "https", []string{"1", "2"}, nil},
		{"@query-param absent", params, `"@query-param";name="nope"`, "https", nil, ErrMissingHeaders},
		{"absolute-form target", absolute, `"@target-uri"`, "https", []string{"https://www.example.com/path?x=1"}, nil},
		{"absolute-form path", absolute, `"@path"`, "https", []string{"/path"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := componentOf(t, tt.r, tt.ident, tt.scheme)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Errorf("error = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("value = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRequestParts(t *testing.T) {
	client, _ := http.NewRequest("GET", "https://Example.COM:443/a%2Fb?q", nil)
	if got := targetOf(client); got.path != "/a%2Fb" || got.query != "q" || got.host != "Example.COM:443" {
		t.Errorf("client target = %+v", got)
	}
	if got := schemesOf(client); !slices.Equal(got, []string{"https"}) {
		t.Errorf("client schemes = %q", got)
	}
	server, _ := readRequest(t, "GET / HTTP/1.1\nHost: x\n\n")
	if got := schemesOf(server); !slices.Equal(got, []string{"https", "http"}) {
		t.Errorf("server schemes = %q", got)
	}
	server.TLS = &tls.ConnectionState{}
	if got := schemesOf(server); !slices.Equal(got, []string{"https"}) {
		t.Errorf("TLS server schemes = %q", got)
	}
	bare := &http.Request{Header: http.Header{"Host": {"h.example"}}}
	if requestHost(bare) != "h.example" || targetOf(bare).path != "/" {
		t.Errorf("bare request: host %q target %+v", requestHost(bare), targetOf(bare))
	}
	for in, want := range map[string]string{
		"[::1]:443": "[::1]", "[::1]:8443": "[::1]:8443", "EXAMPLE.com": "example.com", "a:80": "a:80",
	} {
		if got := normalizeAuthority(in, "https"); got != want {
			t.Errorf("normalizeAuthority(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"a b": "a%20b", "~x": "%7Ex", "*-._": "*-._", "é": "%C3%A9"} {
		if got := formEncode(in); got != want {
			t.Errorf("formEncode(%q) = %q, want %q", in, got, want)
		}
	}
	for _, d := range []string{"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "6 Nov 1994 08:49:37 GMT"} {
		if tm, err := parseHTTPDate(d); err != nil || tm.Unix() != 784111777 {
			t.Errorf("parseHTTPDate(%q) = %v, %v", d, tm, err)
		}
	}
}
