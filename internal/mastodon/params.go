package mastodon

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// maxBodyBytes bounds request bodies other than media uploads.
const maxBodyBytes = 1 << 20

// params is a request's parameters from the query string and the body, whatever the body's
// encoding: form-urlencoded, multipart, or JSON (flattened to the same keys, so that
// {"poll":{"options":["a"]}} reads as poll[options][]=a, like Rails does for Mastodon).
type params struct {
	v     url.Values
	files map[string][]*multipart.FileHeader
}

func parseParams(w http.ResponseWriter, r *http.Request, maxBytes int64) (*params, error) {
	p := &params{v: url.Values{}}
	for k, vs := range r.URL.Query() {
		p.v[k] = append(p.v[k], vs...)
	}
	if r.Body == nil || r.Method == http.MethodGet {
		return p, nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBytes)
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, badRequest("request body too large or unreadable")
		}
		if len(bytes.TrimSpace(body)) == 0 {
			return p, nil
		}
		var v any
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			return nil, errorf(http.StatusBadRequest, "invalid JSON body")
		}
		m, ok := v.(map[string]any)
		if !ok {
			return nil, errorf(http.StatusBadRequest, "JSON body must be an object")
		}
		flatten("", m, p.v)
	case "multipart/form-data":
		if err := r.ParseMultipartForm(maxBytes); err != nil {
			return nil, badRequest("request body too large or malformed")
		}
		for k, vs := range r.MultipartForm.Value {
			p.v[k] = append(p.v[k], vs...)
		}
		p.files = r.MultipartForm.File
	default:
		if err := r.ParseForm(); err != nil {
			return nil, badRequest("request body too large or malformed")
		}
		for k, vs := range r.PostForm {
			p.v[k] = append(p.v[k], vs...)
		}
	}
	return p, nil
}

func flatten(prefix string, v any, out url.Values) {
	key := func(k string) string {
		if prefix == "" {
			return k
		}
		return prefix + "[" + k + "]"
	}
	switch t := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			flatten(key(k), t[k], out)
		}
	case []any:
		for i, e := range t {
			switch e.(type) {
			case map[string]any, []any:
				flatten(prefix+"["+strconv.Itoa(i)+"]", e, out)
			default:
				flatten(prefix+"[]", e, out)
			}
		}
	case nil:
		out[prefix] = append(out[prefix], "")
	case string:
		out.Add(prefix, t)
	case json.Number:
		out.Add(prefix, t.String())
	case bool:
		out.Add(prefix, strconv.FormatBool(t))
	default:
		out.Add(prefix, fmt.Sprint(t))
	}
}

// Has reports whether the parameter was given at all.
func (p *params) Has(k string) bool {
	_, ok := p.v[k]
	if !ok {
		_, ok = p.v[k+"[]"]
	}
	return ok
}

// String returns a parameter's first value.
func (p *params) String(k string) string { return p.v.Get(k) }

// Strings returns every value of an array parameter, given as k[], k, or k[0], k[1], ….
func (p *params) Strings(k string) []string {
	out := append([]string{}, p.v[k+"[]"]...)
	out = append(out, p.v[k]...)
	for i := 0; ; i++ {
		vs, ok := p.v[k+"["+strconv.Itoa(i)+"]"]
		if !ok {
			break
		}
		out = append(out, vs...)
	}
	return out
}

// Bool reads a boolean the way Rails does: true, 1, "on" are true.
func (p *params) Bool(k string) (value, given bool, err error) {
	s, ok := p.v[k]
	if !ok || len(s) == 0 {
		return false, false, nil
	}
	switch strings.ToLower(s[0]) {
	case "true", "1", "on", "t", "yes":
		return true, true, nil
	case "false", "0", "off", "f", "no", "":
		return false, true, nil
	}
	return false, true, badRequest(fmt.Sprintf("%s must be a boolean", k))
}

// Int reads an integer parameter, def when absent.
func (p *params) Int(k string, def int) (int, error) {
	s := p.v.Get(k)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, badRequest(fmt.Sprintf("%s must be an integer", k))
	}
	return n, nil
}

// File returns an uploaded file.
func (p *params) File(k string) *multipart.FileHeader {
	if fs := p.files[k]; len(fs) > 0 {
		return fs[0]
	}
	return nil
}
