package activity

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/markup"
)

// Bounds on documents. Remote input is hostile: every string, list and nesting level is
// bounded before anything is stored.
const (
	MaxContentChars = 20_000   // content, summary and their language maps, for remote documents
	MaxStringBytes  = 64 << 10 // any other string
	MaxElements     = 5_000    // values in the whole document
	MaxNesting      = 16       // levels of objects and arrays
	MaxPayloadBytes = ap.MaxPayloadBytes
)

var contentKeys = map[string]bool{"content": true, "summary": true, "contentMap": true, "summaryMap": true}

// checkBounds refuses documents that are too large anywhere.
func checkBounds(obj ap.Object, remote bool) error {
	b, err := json.Marshal(obj)
	if err != nil {
		return invalid("encode: %v", err)
	}
	if len(b) > MaxPayloadBytes {
		return fmt.Errorf("%w: payload of %d bytes (max %d)", ErrTooLarge, len(b), MaxPayloadBytes)
	}
	n := 0
	var walk func(v any, key string, depth int, content bool) error
	walk = func(v any, key string, depth int, content bool) error {
		n++
		if n > MaxElements {
			return fmt.Errorf("%w: more than %d values", ErrTooLarge, MaxElements)
		}
		if depth > MaxNesting {
			return fmt.Errorf("%w: nested deeper than %d", ErrTooLarge, MaxNesting)
		}
		switch t := v.(type) {
		case string:
			if content && remote && utf8.RuneCountInString(t) > MaxContentChars {
				return fmt.Errorf("%w: %s longer than %d characters", ErrTooLarge, key, MaxContentChars)
			}
			if len(t) > MaxStringBytes {
				return fmt.Errorf("%w: %s longer than %d bytes", ErrTooLarge, key, MaxStringBytes)
			}
		case map[string]any:
			for k, e := range t {
				if len(k) > 1024 {
					return fmt.Errorf("%w: property name longer than 1024 bytes", ErrTooLarge)
				}
				if err := walk(e, k, depth+1, content || contentKeys[k]); err != nil {
					return err
				}
			}
		case ap.Object:
			return walk(map[string]any(t), key, depth, content)
		case []any:
			for _, e := range t {
				if err := walk(e, key, depth+1, content); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return walk(map[string]any(obj), "", 0, false)
}

// hashtagsOf returns the normalized hashtags of a document's tag list.
func hashtagsOf(obj ap.Object) []string {
	var out []string
	for _, t := range obj.Objects("tag") {
		if t.Type() != "Hashtag" {
			continue
		}
		if tag, ok := markup.NormalizeHashtag(t.String("name")); ok {
			out = append(out, tag)
		}
	}
	return out
}
