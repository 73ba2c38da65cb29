package mastodon

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/egregoros/egregoros/internal/markup"
)

// Profile field limits, as Mastodon's defaults.
const (
	maxProfileFields     = 4
	maxFieldNameChars    = 255
	maxFieldValueChars   = 255
	maxFieldsAttrIndexes = 16 // indexes read from fields_attributes, blank rows included
)

var fieldAttrRE = regexp.MustCompile(`^fields_attributes\[(\d{1,3})\]\[(name|value)\]$`)

// fieldsGiven reports whether the request sets the profile fields at all.
func fieldsGiven(p *params) bool {
	for k := range p.v {
		if strings.HasPrefix(k, "fields_attributes") {
			return true
		}
	}
	return false
}

// parseFields reads fields_attributes in every shape clients send: fields_attributes[0][name]
// (form, or a JSON array or object of {name, value}, flattened the same way) and
// fields_attributes[][name] (paired in order). Rows with neither name nor value are dropped.
func parseFields(p *params) ([]sourceField, error) {
	byIndex := map[int]*sourceField{}
	for k, vs := range p.v {
		m := fieldAttrRE.FindStringSubmatch(k)
		if m == nil || len(vs) == 0 {
			continue
		}
		i, _ := strconv.Atoi(m[1])
		if byIndex[i] == nil {
			byIndex[i] = &sourceField{}
		}
		if m[2] == "name" {
			byIndex[i].Name = vs[0]
		} else {
			byIndex[i].Value = vs[0]
		}
	}
	idx := make([]int, 0, len(byIndex))
	for i := range byIndex {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	var rows []sourceField
	for _, i := range idx {
		rows = append(rows, *byIndex[i])
	}
	names, values := p.v["fields_attributes[][name]"], p.v["fields_attributes[][value]"]
	for i := 0; i < max(len(names), len(values)); i++ {
		var f sourceField
		if i < len(names) {
			f.Name = names[i]
		}
		if i < len(values) {
			f.Value = values[i]
		}
		rows = append(rows, f)
	}
	if len(rows) > maxFieldsAttrIndexes {
		return nil, badRequest("Validation failed: Fields is too long")
	}
	out := []sourceField{}
	for _, f := range rows {
		f.Name, f.Value = strings.TrimSpace(f.Name), strings.TrimSpace(oneLine(f.Value))
		if f.Name == "" && f.Value == "" {
			continue
		}
		if utf8.RuneCountInString(f.Name) > maxFieldNameChars || utf8.RuneCountInString(f.Value) > maxFieldValueChars {
			return nil, badRequest(fmt.Sprintf("Validation failed: field names and values are at most %d characters", maxFieldValueChars))
		}
		out = append(out, f)
	}
	if len(out) > maxProfileFields {
		return nil, badRequest(fmt.Sprintf("Validation failed: at most %d profile fields", maxProfileFields))
	}
	return out, nil
}

// oneLine puts a field value on one line: fields have no line breaks.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

// fieldValueHTML formats a field value as Mastodon does: escaped, links linked, no paragraph.
func fieldValueHTML(v string) string {
	h := markup.Format(v, markup.FormatOptions{}).HTML
	if inner, ok := strings.CutPrefix(h, "<p>"); ok && strings.Count(h, "<p>") == 1 {
		h = strings.TrimSuffix(inner, "</p>")
	}
	return h
}
