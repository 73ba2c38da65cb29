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

// The Mastodon OpenAPI description (generated from docs.joinmastodon.org), and a small
// validator for what our responses use of JSON Schema: $ref, type (with null), required,
// properties, additionalProperties, items, enum, oneOf/anyOf/allOf.

var (
	acctSpecOnce    sync.Once
	acctSpecSchemas map[string]any
)

// acctSpecPath is the Mastodon OpenAPI description: shared/spec beside the repository (where
// the developers' machines and CI keep it), or EGREGOROS_MASTODON_OPENAPI.
func acctSpecPath() string {
	if p := os.Getenv("EGREGOROS_MASTODON_OPENAPI"); p != "" {
		return p
	}
	return "../../../shared/spec/mastodon-openapi.json"
}

// acctSchemas returns the spec's component schemas, nil when the spec is not on this machine.
func acctSchemas(t *testing.T) map[string]any {
	t.Helper()
	acctSpecOnce.Do(func() {
		raw, err := os.ReadFile(acctSpecPath())
		if err != nil {
			return
		}
		var doc struct {
			Components struct {
				Schemas map[string]any `json:"schemas"`
			} `json:"components"`
		}
		if json.Unmarshal(raw, &doc) == nil {
			acctSpecSchemas = doc.Components.Schemas
		}
	})
	return acctSpecSchemas
}

// acctSchema validates body against the named component schema; "[]Name" is an array of it.
func acctSchema(t *testing.T, name string, body []byte) {
	t.Helper()
	all := acctSchemas(t)
	if all == nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("no OpenAPI spec at %s: CI must check %s against it", acctSpecPath(), name)
		}
		t.Logf("no OpenAPI spec at %s: schema of %s not checked", acctSpecPath(), name)
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
	acctValidate(all, schema, v, name, &errs)
	if len(errs) > 0 {
		t.Errorf("response does not match %s:\n  %s", name, strings.Join(errs, "\n  "))
	}
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
	if enum, ok := schema["enum"].([]any); ok && v != nil && !slices.Contains(enum, v) {
		*errs = append(*errs, fmt.Sprintf("%s: %v is not one of %v", path, v, enum))
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
