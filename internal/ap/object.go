package ap

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Public is the special collection that makes an object public.
const Public = "https://www.w3.org/ns/activitystreams#Public"

// MaxPayloadBytes bounds a remote ActivityPub document.
const MaxPayloadBytes = 1 << 20

// Object is a decoded ActivityPub JSON document (object or activity).
type Object map[string]any

// ErrMalformed is wrapped by every parse and shape error.
var ErrMalformed = errors.New("malformed ActivityPub document")

// Parse decodes one JSON object of at most MaxPayloadBytes. Numbers stay json.Number.
func Parse(b []byte) (Object, error) {
	if len(b) > MaxPayloadBytes {
		return nil, fmt.Errorf("%w: payload of %d bytes exceeds %d", ErrMalformed, len(b), MaxPayloadBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var o Object
	if err := dec.Decode(&o); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if o == nil {
		return nil, fmt.Errorf("%w: not a JSON object", ErrMalformed)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: trailing data", ErrMalformed)
	}
	return o, nil
}

// ID is the object's id ("" when absent or not a string).
func (o Object) ID() string { s, _ := o["id"].(string); return s }

// Type is the object's type; for an array of types, the first string.
func (o Object) Type() string {
	switch t := o["type"].(type) {
	case string:
		return t
	case []any:
		for _, v := range t {
			if s, ok := v.(string); ok {
				return s
			}
		}
	}
	return ""
}

// String returns a string property ("" when absent or of another type).
func (o Object) String(key string) string { s, _ := o[key].(string); return s }

// Bool returns a boolean property.
func (o Object) Bool(key string) bool { b, _ := o[key].(bool); return b }

// Ref returns the id of a property that references one thing: a string, an object with an id,
// or the first of an array.
func (o Object) Ref(key string) string {
	ids := o.IDs(key)
	if len(ids) == 0 {
		return ""
	}
	return ids[0]
}

// IDs returns the ids a property references, whatever the shape (string, object with id, or an
// array of either), with the as:Public spellings normalized to Public.
func (o Object) IDs(key string) []string {
	var out []string
	var add func(v any)
	add = func(v any) {
		switch t := v.(type) {
		case string:
			if t != "" {
				out = append(out, NormalizePublic(t))
			}
		case map[string]any:
			if id, ok := t["id"].(string); ok && id != "" {
				out = append(out, NormalizePublic(id))
			} else if href, ok := t["href"].(string); ok && href != "" {
				out = append(out, href)
			}
		case []any:
			for _, e := range t {
				add(e)
			}
		}
	}
	add(o[key])
	return out
}

// Embedded returns a property as an embedded object, when it is one (or the first object of an
// array).
func (o Object) Embedded(key string) (Object, bool) {
	switch t := o[key].(type) {
	case map[string]any:
		return Object(t), true
	case []any:
		for _, e := range t {
			if m, ok := e.(map[string]any); ok {
				return Object(m), true
			}
		}
	}
	return nil, false
}

// Objects returns a property's embedded objects (a single object counts as one).
func (o Object) Objects(key string) []Object {
	switch t := o[key].(type) {
	case map[string]any:
		return []Object{t}
	case []any:
		var out []Object
		for _, e := range t {
			if m, ok := e.(map[string]any); ok {
				out = append(out, m)
			}
		}
		return out
	}
	return nil
}

// Time parses a date-time property (RFC 3339); ok is false when absent or unparseable.
func (o Object) Time(key string) (time.Time, bool) {
	s := o.String(key)
	if s == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// Author is who an object is by: attributedTo, else actor.
func (o Object) Author() string {
	if a := o.Ref("attributedTo"); a != "" {
		return a
	}
	return o.Ref("actor")
}

// Marshal encodes the object as JSON.
func (o Object) Marshal() ([]byte, error) { return json.Marshal(o) }

// Clone returns a deep copy.
func (o Object) Clone() Object {
	b, err := json.Marshal(o)
	if err != nil {
		return Object{}
	}
	c, _ := Parse(b)
	return c
}

// NormalizePublic maps "as:Public" and "Public" to the full Public IRI.
func NormalizePublic(s string) string {
	if s == "as:Public" || s == "Public" {
		return Public
	}
	return s
}

// Host returns the lowercased host[:port] of an absolute http(s) id, or "".
func Host(id string) string {
	rest, ok := strings.CutPrefix(id, "https://")
	if !ok {
		rest, ok = strings.CutPrefix(id, "http://")
		if !ok {
			return ""
		}
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndex(rest, "@"); i >= 0 {
		rest = rest[i+1:]
	}
	return strings.ToLower(rest)
}
