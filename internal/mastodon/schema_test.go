package mastodon_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The Mastodon OpenAPI description (generated from docs.joinmastodon.org), and a small
// validator for what our responses use of JSON Schema: $ref, type (with null), required,
// properties, additionalProperties, items, enum, format (date-time, date, uri),
// oneOf/anyOf/allOf.
//
// Every JSON response the test router gives (newAPI wraps the handler in specChecked) is
// validated against the operation the spec documents for its method and path, with the schema
// of its status code; errors without a documented schema are checked as Error. Paths the spec
// does not describe must be on specAllowed, with the reason.

var (
	acctSpecOnce    sync.Once
	acctSpecSchemas map[string]any
	specOps         []specOp
)

// specOp is one operation of the spec: method, path template split on "/", responses.
type specOp struct {
	method    string
	template  string
	segments  []string
	responses map[string]any
}

// acctSpecPath is the Mastodon OpenAPI description: shared/spec beside the repository (where
// the developers' machines and CI keep it), or EGREGOROS_MASTODON_OPENAPI.
func acctSpecPath() string {
	if p := os.Getenv("EGREGOROS_MASTODON_OPENAPI"); p != "" {
		return p
	}
	return "../../../shared/spec/mastodon-openapi.json"
}

func specLoad() {
	acctSpecOnce.Do(func() {
		raw, err := os.ReadFile(acctSpecPath())
		if err != nil {
			return
		}
		var doc struct {
			Paths      map[string]map[string]json.RawMessage `json:"paths"`
			Components struct {
				Schemas map[string]any `json:"schemas"`
			} `json:"components"`
		}
		if json.Unmarshal(raw, &doc) != nil {
			return
		}
		acctSpecSchemas = doc.Components.Schemas
		for tmpl, item := range doc.Paths {
			for method, rawOp := range item {
				var op struct {
					Responses map[string]any `json:"responses"`
				}
				if json.Unmarshal(rawOp, &op) != nil || op.Responses == nil {
					continue
				}
				specOps = append(specOps, specOp{method: strings.ToUpper(method), template: tmpl,
					segments: strings.Split(strings.Trim(tmpl, "/"), "/"), responses: op.Responses})
			}
		}
	})
}

// acctSchemas returns the spec's component schemas, nil when the spec is not on this machine.
func acctSchemas(t *testing.T) map[string]any {
	t.Helper()
	specLoad()
	return acctSpecSchemas
}

// specMissing reports a missing spec: fatal in CI, logged elsewhere. It says whether to stop.
func specMissing(t *testing.T, what string) bool {
	t.Helper()
	if acctSchemas(t) != nil {
		return false
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("no OpenAPI spec at %s: CI must check %s against it", acctSpecPath(), what)
	}
	t.Logf("no OpenAPI spec at %s: schema of %s not checked", acctSpecPath(), what)
	return true
}

// acctSchema validates body against the named component schema; "[]Name" is an array of it.
func acctSchema(t *testing.T, name string, body []byte) {
	t.Helper()
	if specMissing(t, name) {
		return
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("%s: %v: %s", name, err, body)
	}
	var schema map[string]any
	if elem, ok := strings.CutPrefix(name, "[]"); ok {
		schema = map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/" + elem}}
	} else {
		schema = map[string]any{"$ref": "#/components/schemas/" + name}
	}
	var errs []string
	acctValidate(acctSpecSchemas, schema, v, name, &errs)
	if len(errs) > 0 {
		t.Errorf("response does not match %s:\n  %s", name, strings.Join(errs, "\n  "))
	}
}

// specAllowed lists the JSON endpoints of the router that the Mastodon spec does not describe,
// each with why it is not checked: method ("*" for any) and a path template ("{}" is one
// segment, a trailing "/**" any rest).
var specAllowed = []struct{ method, template, reason string }{
	{"*", "/api/v1/pleroma/**", "Pleroma API extension (emoji reactions, notifications/read): not in the Mastodon spec"},
	{"*", "/api/pleroma/**", "Pleroma API extension (frontend_configurations, emoji): not in the Mastodon spec"},
	{"GET", "/api/v1/streaming", "WebSocket upgrade; errors before the upgrade are JSON but the spec has no such path"},
	{"*", "/.well-known/**", "discovery documents (webfinger, nodeinfo, host-meta) belong to federation, not the client API"},
	{"*", "/nodeinfo/**", "NodeInfo document, checked by the federation tests"},
	{"*", "/users/**", "ActivityPub actor documents and collections, not the client API"},
	{"*", "/objects/**", "ActivityPub objects, not the client API"},
	{"*", "/inbox", "ActivityPub shared inbox, not the client API"},
	{"*", "/api/v1/admin/announcements/**", "admin announcements (Pleroma's admin API at Mastodon's admin prefix): not in the Mastodon spec; announcements_test checks each body as Announcement"},
	{"GET", "/api/v1/instance/languages", "Mastodon method (docs.joinmastodon.org/methods/instance/#languages) missing from the OpenAPI file; instance_test checks its entries"},
}

// specEnumExtra are values outside a spec enum that we send on purpose, with the reason.
var specEnumExtra = map[string]string{
	"pleroma:emoji_reaction": "Notification.type of Pleroma emoji reactions, which Pleroma-FE and pl-fe show; Mastodon clients skip unknown types (excluded with exclude_types[])",
}

func specAllowedPath(method, path string) string {
	for _, a := range specAllowed {
		if a.method != "*" && a.method != method {
			continue
		}
		if rest, ok := strings.CutSuffix(a.template, "/**"); ok {
			if path == rest || strings.HasPrefix(path, rest+"/") {
				return a.method + " " + a.template
			}
			continue
		}
		if specMatch(strings.Split(strings.Trim(a.template, "/"), "/"), strings.Split(strings.Trim(path, "/"), "/")) >= 0 {
			return a.method + " " + a.template
		}
	}
	return ""
}

// specMatch scores how well a path matches a template: -1 when it does not, else a score
// preferring literal segments from the left (verify_credentials over {id}).
func specMatch(tmpl, segs []string) int {
	if len(tmpl) != len(segs) {
		return -1
	}
	score := 0
	for i, s := range tmpl {
		score <<= 1
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			if segs[i] == "" {
				return -1
			}
			continue
		}
		if s != segs[i] {
			return -1
		}
		score |= 1
	}
	return score
}

// specFind is the operation for method and path; ok is false when the path is unknown, op nil
// when the path is known but not the method.
func specFind(method, path string) (op *specOp, ok bool) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	best, bestScore := -1, -1
	for i := range specOps {
		if s := specMatch(specOps[i].segments, segs); s >= 0 {
			ok = true
			if specOps[i].method == method && s > bestScore {
				best, bestScore = i, s
			}
		}
	}
	if best < 0 {
		return nil, ok
	}
	return &specOps[best], true
}

// specCoverage counts the validated responses per "METHOD template status".
var specCoverage = struct {
	sync.Mutex
	seen map[string]int
}{seen: map[string]int{}}

// specCheckResponse validates one response of the router.
func specCheckResponse(t *testing.T, method, path string, status int, header http.Header, body []byte) {
	t.Helper()
	ct, _, _ := mime.ParseMediaType(header.Get("Content-Type"))
	isJSON := ct == "application/json" || strings.HasSuffix(ct, "+json")
	if specMissing(t, method+" "+path) {
		return
	}
	op, known := specFind(method, path)
	if allowed := specAllowedPath(method, path); !known && allowed != "" {
		if isJSON {
			specCoverage.Lock()
			specCoverage.seen["allow-listed "+allowed]++
			specCoverage.Unlock()
		}
		return
	}
	if !isJSON {
		// Only documented JSON answers must be JSON; HTML pages, media and redirects are not.
		if op != nil && status >= 200 && status < 300 && specResponseSchema(op, status) != nil && len(body) > 0 {
			t.Errorf("%s %s: %d answered %q, the spec documents JSON", method, path, status, ct)
		}
		// A client API failure is {"error": …} too (the HTML pages of /oauth/authorize aside).
		if known && status >= 400 && strings.HasPrefix(path, "/api/") {
			t.Errorf("%s %s: %d answered %q %.100q, want a JSON error", method, path, status, ct, body)
		}
		return
	}
	if !known {
		t.Errorf("%s %s: JSON response to a path the Mastodon spec does not describe: add it to specAllowed (schema_test.go) with the reason", method, path)
		return
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Errorf("%s %s: %d: invalid JSON: %v: %.200s", method, path, status, err, body)
		return
	}
	template := "(no " + method + ")"
	if op != nil {
		template = op.template
	}
	var schema map[string]any
	documented := false
	if op != nil {
		if _, documented = op.responses[strconv.Itoa(status)]; documented {
			schema = specResponseSchema(op, status)
		}
	}
	switch {
	case status >= 400 && (schema == nil || specIsRef(schema, "ValidationError") || specIsRef(schema, "CustomError422")):
		// Errors: the documented Error, or for a 422 also the field-detailed ValidationError;
		// an undocumented error status (400, 405, …) still carries an Error.
		errRef := map[string]any{"$ref": "#/components/schemas/Error"}
		if schema != nil {
			schema = map[string]any{"oneOf": []any{errRef, schema}}
		} else {
			schema = errRef
		}
	case op == nil:
		t.Errorf("%s %s: %d with JSON, but the spec has no %s for this path", method, path, status, method)
		return
	case !documented:
		t.Errorf("%s %s (%s): status %d is not documented", method, path, template, status)
		return
	case schema == nil:
		// Documented without a body schema (DELETEs answering {}): any JSON object.
		if _, isObj := v.(map[string]any); !isObj {
			t.Errorf("%s %s: %d: want a JSON object, got %.200s", method, path, status, body)
		}
	}
	specCoverage.Lock()
	specCoverage.seen[fmt.Sprintf("%s %s %d", method, template, status)]++
	specCoverage.Unlock()
	if schema == nil {
		return
	}
	var errs []string
	acctValidate(acctSpecSchemas, schema, v, "body", &errs)
	if len(errs) > 0 {
		t.Errorf("%s %s: %d does not match the spec (%s):\n  %s", method, path, status, template, strings.Join(errs, "\n  "))
	}
}

func specIsRef(schema map[string]any, name string) bool {
	return schema["$ref"] == "#/components/schemas/"+name
}

// specResponseSchema is the JSON schema documented for status, nil when none.
func specResponseSchema(op *specOp, status int) map[string]any {
	resp, _ := op.responses[strconv.Itoa(status)].(map[string]any)
	content, _ := resp["content"].(map[string]any)
	media, _ := content["application/json"].(map[string]any)
	schema, _ := media["schema"].(map[string]any)
	return schema
}

// specChecked wraps the router: every JSON response it writes is checked by specCheckResponse.
// Streams pass through (Flush, Hijack) and are not buffered.
type specChecked struct {
	t *testing.T
	h http.Handler
}

func (c specChecked) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.t.Helper()
	method, path := r.Method, r.URL.Path
	sw := &specWriter{ResponseWriter: w}
	c.h.ServeHTTP(sw, r)
	if sw.hijacked || sw.stream {
		return
	}
	if sw.status == 0 {
		sw.status = http.StatusOK
	}
	specCheckResponse(c.t, method, path, sw.status, w.Header(), sw.body.Bytes())
}

type specWriter struct {
	http.ResponseWriter
	status   int
	body     bytes.Buffer
	hijacked bool
	stream   bool
}

func (w *specWriter) WriteHeader(code int) {
	if w.status == 0 && code >= 200 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *specWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if !w.stream {
		w.body.Write(p)
	}
	return w.ResponseWriter.Write(p)
}

func (w *specWriter) Flush() {
	if ct, _, _ := mime.ParseMediaType(w.Header().Get("Content-Type")); ct == "text/event-stream" {
		w.stream = true
		w.body.Reset()
	}
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *specWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("not a hijacker")
	}
	w.hijacked = true
	return h.Hijack()
}

func (w *specWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// TestMain prints, with EGREGOROS_SCHEMA_REPORT=1, which operations and statuses the run
// validated.
func TestMain(m *testing.M) {
	code := m.Run()
	if os.Getenv("EGREGOROS_SCHEMA_REPORT") != "" {
		specCoverage.Lock()
		keys := make([]string, 0, len(specCoverage.seen))
		for k := range specCoverage.seen {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		pairs := 0
		for _, k := range keys {
			fmt.Printf("schema-checked %5d  %s\n", specCoverage.seen[k], k)
			if !strings.HasPrefix(k, "allow-listed ") {
				pairs++
			}
		}
		fmt.Printf("schema-checked: %d operation/status pairs\n", pairs)
		specCoverage.Unlock()
	}
	os.Exit(code)
}

func acctValidate(all map[string]any, schema map[string]any, v any, path string, errs *[]string) {
	if ref, ok := schema["$ref"].(string); ok {
		target, _ := all[strings.TrimPrefix(ref, "#/components/schemas/")].(map[string]any)
		if target == nil {
			*errs = append(*errs, path+": unknown "+ref)
			return
		}
		acctValidate(all, target, v, path, errs)
		return
	}
	for _, key := range []string{"oneOf", "anyOf"} {
		if alts, ok := schema[key].([]any); ok {
			var best []string
			for i, alt := range alts {
				var e []string
				acctValidate(all, alt.(map[string]any), v, path, &e)
				if len(e) == 0 {
					return
				}
				if i == 0 || len(e) < len(best) {
					best = e
				}
			}
			*errs = append(*errs, best...)
			return
		}
	}
	if alts, ok := schema["allOf"].([]any); ok {
		for _, alt := range alts {
			acctValidate(all, alt.(map[string]any), v, path, errs)
		}
	}
	if types := acctTypesOf(schema); len(types) > 0 && !slices.Contains(types, acctJSONType(v)) &&
		!(acctJSONType(v) == "integer" && slices.Contains(types, "number")) {
		*errs = append(*errs, fmt.Sprintf("%s: %s, want %s", path, acctJSONType(v), strings.Join(types, "|")))
		return
	}
	if enum, ok := schema["enum"].([]any); ok && v != nil && !slices.Contains(enum, v) && specEnumExtra[fmt.Sprint(v)] == "" {
		*errs = append(*errs, fmt.Sprintf("%s: %v is not one of %v", path, v, enum))
	}
	if s, ok := v.(string); ok {
		if msg := specFormat(schema["format"], s); msg != "" {
			*errs = append(*errs, fmt.Sprintf("%s: %q is not %s", path, s, msg))
		}
	}
	switch t := v.(type) {
	case map[string]any:
		props, _ := schema["properties"].(map[string]any)
		required, _ := schema["required"].([]any)
		for _, req := range required {
			if _, ok := t[req.(string)]; !ok {
				*errs = append(*errs, path+": missing "+req.(string))
			}
		}
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if p, ok := props[k].(map[string]any); ok {
				acctValidate(all, p, t[k], path+"."+k, errs)
			} else if extra, ok := schema["additionalProperties"].(map[string]any); ok {
				acctValidate(all, extra, t[k], path+"."+k, errs)
			}
		}
	case []any:
		if items, ok := schema["items"].(map[string]any); ok {
			for i, e := range t {
				acctValidate(all, items, e, fmt.Sprintf("%s[%d]", path, i), errs)
			}
		}
	}
}

// specFormat checks the string formats clients parse: "" when s is fine, else what it should be.
func specFormat(format any, s string) string {
	switch format {
	case "date-time":
		if _, err := time.Parse(time.RFC3339, s); err != nil {
			return "an RFC 3339 date-time"
		}
	case "date":
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			return "a date (YYYY-MM-DD)"
		}
	case "uri":
		if u, err := url.Parse(s); err != nil || u.Scheme == "" {
			return "an absolute URI"
		}
	}
	return ""
}

func acctTypesOf(schema map[string]any) []string {
	switch t := schema["type"].(type) {
	case string:
		return []string{t}
	case []any:
		out := make([]string, 0, len(t))
		for _, e := range t {
			out = append(out, e.(string))
		}
		return out
	}
	return nil
}

func acctJSONType(v any) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case float64:
		if t == math.Trunc(t) {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}
