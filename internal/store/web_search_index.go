package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"

	"github.com/jackc/pgx/v5"

	"github.com/egregoros/egregoros/internal/markup"
)

// Full-text search of statuses. status_search holds each Note's and Question's searchable
// text, as Mastodon indexes it: the content warning, the text without markup, the poll's
// options and the media descriptions. It is written with the object (writeSideTables) and
// goes with it (ON DELETE CASCADE). SQLite indexes it with FTS5 (status_search_fts, the
// unicode61 tokenizer), PostgreSQL with a GIN index over to_tsvector('simple', body) (the
// stored column body_fts): both
// split words on punctuation and spaces and ignore case, and neither stems, so that the two
// databases find the same statuses (migration 0015).

// maxSearchBody bounds the indexed text of one status (remote content is bounded before).
const maxSearchBody = 64 << 10

// SearchableText is the text of a status document that search matches.
func SearchableText(data json.RawMessage) string {
	var doc struct {
		Summary    string                  `json:"summary"`
		Content    string                  `json:"content"`
		OneOf      []struct{ Name string } `json:"oneOf"`
		AnyOf      []struct{ Name string } `json:"anyOf"`
		Attachment json.RawMessage         `json:"attachment"`
	}
	if json.Unmarshal(data, &doc) != nil {
		return ""
	}
	parts := []string{markup.StripTags(doc.Summary), markup.StripTags(doc.Content)}
	for _, o := range append(doc.OneOf, doc.AnyOf...) {
		parts = append(parts, o.Name)
	}
	var atts []struct{ Name string }
	if json.Unmarshal(doc.Attachment, &atts) != nil {
		var one struct{ Name string }
		if json.Unmarshal(doc.Attachment, &one) == nil {
			atts = append(atts, one)
		}
	}
	for _, a := range atts {
		parts = append(parts, a.Name)
	}
	body := strings.TrimSpace(strings.Join(parts, "\n"))
	if len(body) > maxSearchBody {
		body = strings.ToValidUTF8(body[:maxSearchBody], "")
	}
	return body
}

// indexStatusText writes (or, for anything but a status, removes) an object's searchable text.
func (d *DB) indexStatusText(ctx context.Context, o *Object) error {
	if o.Type != "Note" && o.Type != "Question" {
		if _, err := d.exec(ctx, `DELETE FROM status_search WHERE object_id = ?`, o.ID); err != nil {
			return fmt.Errorf("store: search index of %s: %w", o.APID, err)
		}
		return nil
	}
	if _, err := d.exec(ctx, `INSERT INTO status_search (object_id, body) VALUES (?, ?)
		ON CONFLICT (object_id) DO UPDATE SET body = excluded.body`, o.ID, SearchableText(o.Data)); err != nil {
		return fmt.Errorf("store: search index of %s: %w", o.APID, err)
	}
	return nil
}

// searchTerms splits a query into words as the indexes do (letters and digits; everything
// else separates), at most 16 of them.
func searchTerms(q string) []string {
	words := strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
	})
	if len(words) > 16 {
		words = words[:16]
	}
	return words
}

// manyMatches is the number of matches above which a search reads its candidates down the
// object id index (checking each against the full-text index's matches) rather than from the
// full-text index (then sorted): a common word's newest matches are found after a few rows,
// a rare word's few matches are sorted at once. (PostgreSQL's planner, left alone, may take
// a rare word for a common one and walk every row.)
const manyMatches = 1000

// matchingIDs returns, newest first, at most limit ids of statuses whose text holds every
// term, with ids in (after, before) where those are set: one step of SearchStatusesIn, which
// reads candidates from the full-text index in id order and checks them in batches. many
// says that the terms match more than manyMatches statuses.
func (d *DB) matchingIDs(ctx context.Context, terms []string, many bool, after, before string, limit int) ([]string, error) {
	var q string
	var args []any
	if d.d.Name() == "sqlite" {
		q = `SELECT s.object_id FROM status_search_fts f JOIN status_search s ON s.seq = f.rowid WHERE status_search_fts MATCH ?`
		if many { // the unary + keeps SQLite from looking each match up: it scans s.object_id's index
			q = `SELECT s.object_id FROM status_search s WHERE +s.seq IN (SELECT rowid FROM status_search_fts WHERE status_search_fts MATCH ?)`
		}
		args = []any{ftsQuery(terms)}
	} else {
		q = `SELECT s.object_id FROM status_search s WHERE s.body_fts @@ plainto_tsquery('simple', ?)`
		args = []any{strings.Join(terms, " ")}
	}
	order := ` ORDER BY s.object_id DESC LIMIT ?`
	if !many && d.d.Name() != "sqlite" { // the few matches from the GIN index, sorted (not the newest rows, filtered)
		order = ` ORDER BY (s.object_id || '') COLLATE "C" DESC LIMIT ?`
	}
	if after != "" {
		q += ` AND s.object_id > ?`
		args = append(args, after)
	}
	if before != "" {
		q += ` AND s.object_id < ?`
		args = append(args, before)
	}
	rows, err := d.query(ctx, q+order, d.customPlan(append(args, limit))...)
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// ftsQuery is an FTS5 query holding every term: each a string (the terms hold no quotes),
// implicitly ANDed.
func ftsQuery(terms []string) string {
	quoted := make([]string, len(terms))
	for i, t := range terms {
		quoted[i] = `"` + t + `"`
	}
	return strings.Join(quoted, " ")
}

// manyMatch reports whether the terms match more than manyMatches statuses.
func (d *DB) manyMatch(ctx context.Context, terms []string) (bool, error) {
	q := `SELECT count(*) FROM (SELECT 1 FROM status_search WHERE body_fts @@ plainto_tsquery('simple', ?) LIMIT ?) m`
	arg := strings.Join(terms, " ")
	if d.d.Name() == "sqlite" {
		q = `SELECT count(*) FROM (SELECT 1 FROM status_search_fts WHERE status_search_fts MATCH ? LIMIT ?) m`
		arg = ftsQuery(terms)
	}
	var n int
	if err := d.queryRow(ctx, q, d.customPlan([]any{arg, manyMatches + 1})...).Scan(&n); err != nil {
		return false, fmt.Errorf("store: search: %w", err)
	}
	return n > manyMatches, nil
}

// customPlan prepends to a search query's arguments, on PostgreSQL, pgx's "exec" mode: the
// query is planned for its actual words each time. pgx otherwise caches a prepared statement
// per connection, and after five runs PostgreSQL may keep a generic plan, which cannot tell a
// rare word from a common one (measured: 190 ms instead of 5 for a rare word, BENCHMARKS.md).
func (d *DB) customPlan(args []any) []any {
	if d.d.Name() == "sqlite" {
		return args
	}
	return append([]any{pgx.QueryExecModeExec}, args...)
}
