package mastodon_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
)

// The entities of the status endpoints are checked against the schemas of the Mastodon
// OpenAPI description (/work/shared/spec/mastodon-openapi.json, or $EGREGOROS_MASTODON_OPENAPI):
// every required field present, every field of the documented type, null only where
// documented. Without the file the check is skipped (logged); the rest of each test runs.

var (
	stSpecOnce    sync.Once
	stSpecSchemas map[string]any
)

func stSpecPath() string {
	if p := os.Getenv("EGREGOROS_MASTODON_OPENAPI"); p != "" {
		return p
	}
	return "/work/shared/spec/mastodon-openapi.json"
}

func stSchemas() map[string]any {
	stSpecOnce.Do(func() {
		raw, err := os.ReadFile(stSpecPath())
		if err != nil {
			return
		}
		var doc struct {
			Components struct {
				Schemas map[string]any `json:"schemas"`
			} `json:"components"`
		}
		if json.Unmarshal(raw, &doc) == nil {
			stSpecSchemas = doc.Components.Schemas
		}
	})
	return stSpecSchemas
}

// stSchema checks body against the named component schema; "[]Name" is an array of it.
func stSchema(t *testing.T, name string, body []byte) {
	t.Helper()
	schemas := stSchemas()
	if schemas == nil {
		t.Logf("no OpenAPI description at %s: %s not checked", stSpecPath(), name)
		return
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("%s: %v in %s", name, err, body)
	}
	var sch any = map[string]any{"$ref": "#/components/schemas/" + strings.TrimPrefix(name, "[]")}
	if strings.HasPrefix(name, "[]") {
		sch = map[string]any{"type": "array", "items": sch}
	}
	var errs []string
	stValidate(schemas, name, v, sch, &errs)
	if len(errs) > 0 {
		sort.Strings(errs)
		t.Errorf("response does not match %s:\n  %s", name, strings.Join(errs, "\n  "))
	}
}

func stValidate(schemas map[string]any, path string, v, sch any, errs *[]string) {
	s, ok := sch.(map[string]any)
	if !ok {
		return
	}
	if t, ok := s["type"]; ok && v == nil && stTypeAllows(t, "null") {
		return // a $ref may come with a type list allowing null
	}
	if ref, ok := s["$ref"].(string); ok {
		target, ok := schemas[strings.TrimPrefix(ref, "#/components/schemas/")]
		if !ok {
			*errs = append(*errs, path+": unknown "+ref)
			return
		}
		stValidate(schemas, path, v, target, errs)
		return
	}
	for _, key := range []string{"oneOf", "anyOf"} {
		if alts, ok := s[key].([]any); ok {
			var best []string
			for i, alt := range alts {
				var sub []string
				stValidate(schemas, path, v, alt, &sub)
				if len(sub) == 0 {
					return
				}
				if i == 0 || len(sub) < len(best) {
					best = sub
				}
			}
			*errs = append(*errs, best...)
			return
		}
	}
	if all, ok := s["allOf"].([]any); ok {
		for _, sub := range all {
			stValidate(schemas, path, v, sub, errs)
		}
	}
	if t, ok := s["type"]; ok {
		if typ := stJSONType(v); !stTypeAllows(t, typ) && !(typ == "integer" && stTypeAllows(t, "number")) {
			*errs = append(*errs, fmt.Sprintf("%s: %s, want %v", path, typ, t))
			return
		}
	}
	if enum, ok := s["enum"].([]any); ok && v != nil && !slices.Contains(enum, v) {
		*errs = append(*errs, fmt.Sprintf("%s: %v not in %v", path, v, enum))
	}
	switch val := v.(type) {
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		req, _ := s["required"].([]any)
		for _, k := range req {
			if name, _ := k.(string); name != "" {
				if _, ok := val[name]; !ok {
					*errs = append(*errs, path+": missing "+name)
				}
			}
		}
		for k, pv := range val {
			if ps, ok := props[k]; ok {
				stValidate(schemas, path+"."+k, pv, ps, errs)
			}
		}
	case []any:
		for i, e := range val {
			stValidate(schemas, fmt.Sprintf("%s[%d]", path, i), e, s["items"], errs)
		}
	}
}

func stJSONType(v any) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
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

func stTypeAllows(t any, typ string) bool {
	switch tt := t.(type) {
	case string:
		return tt == typ
	case []any:
		return slices.Contains(tt, any(typ))
	}
	return false
}
