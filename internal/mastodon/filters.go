package mastodon

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/egregoros/egregoros/internal/markup"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
)

// Filter contexts: where statuses are shown.
const (
	filterHome          = "home"
	filterNotifications = "notifications"
	filterPublic        = "public"
	filterThread        = "thread"
	filterAccount       = "account"
)

var filterContexts = []string{filterHome, filterNotifications, filterPublic, filterThread, filterAccount}

// Filter actions.
const (
	filterWarn = "warn"
	filterHide = "hide"
	filterBlur = "blur"
)

// Filter bounds (Mastodon leaves these open; remote clients are untrusted).
const (
	maxFilters          = 100
	maxFilterKeywords   = 100
	maxFilterStatuses   = 500
	maxFilterTitle      = 256
	maxFilterKeyword    = 512
	maxFilterExpiration = 10 * 365 * 24 * 3600 // seconds
)

// eventFiltersChanged is the bus event of a change to a user's filters (UserID).
const eventFiltersChanged = "filters_changed"

// Filter is the Mastodon Filter entity (v2). Keywords and statuses are left out when the
// filter is part of a FilterResult.
type Filter struct {
	ID           string           `json:"id"`
	Title        string           `json:"title"`
	Context      []string         `json:"context"`
	ExpiresAt    *string          `json:"expires_at"`
	FilterAction string           `json:"filter_action"`
	Keywords     *[]FilterKeyword `json:"keywords,omitempty"`
	Statuses     *[]FilterStatus  `json:"statuses,omitempty"`
}

// FilterKeyword is the Mastodon FilterKeyword entity.
type FilterKeyword struct {
	ID        string `json:"id"`
	Keyword   string `json:"keyword"`
	WholeWord bool   `json:"whole_word"`
}

// FilterStatus is the Mastodon FilterStatus entity.
type FilterStatus struct {
	ID       string `json:"id"`
	StatusID string `json:"status_id"`
}

// FilterResult is the Mastodon FilterResult entity: a filter that matched a status.
type FilterResult struct {
	Filter         Filter   `json:"filter"`
	KeywordMatches []string `json:"keyword_matches"`
	StatusMatches  []string `json:"status_matches"`
}

// V1Filter is the Mastodon V1::Filter entity: one keyword of a filter.
type V1Filter struct {
	ID           string   `json:"id"`
	Phrase       string   `json:"phrase"`
	Context      []string `json:"context"`
	WholeWord    bool     `json:"whole_word"`
	ExpiresAt    *string  `json:"expires_at"`
	Irreversible bool     `json:"irreversible"`
}

func renderFilter(f *store.Filter, full bool) Filter {
	out := Filter{ID: f.ID, Title: f.Title, Context: append([]string{}, f.Context...), FilterAction: f.Action}
	if f.ExpiresAt != nil {
		out.ExpiresAt = strPtr(formatTime(*f.ExpiresAt))
	}
	if full {
		kws := make([]FilterKeyword, 0, len(f.Keywords))
		for _, k := range f.Keywords {
			kws = append(kws, FilterKeyword(k))
		}
		sts := make([]FilterStatus, 0, len(f.Statuses))
		for _, st := range f.Statuses {
			sts = append(sts, FilterStatus(st))
		}
		out.Keywords, out.Statuses = &kws, &sts
	}
	return out
}

func renderV1Filter(f *store.Filter, k store.FilterKeyword) V1Filter {
	out := V1Filter{ID: k.ID, Phrase: k.Keyword, Context: append([]string{}, f.Context...), WholeWord: k.WholeWord,
		Irreversible: f.Action == filterHide}
	if f.ExpiresAt != nil {
		out.ExpiresAt = strPtr(formatTime(*f.ExpiresAt))
	}
	return out
}

// filtersChanged tells the user's streams that their filters changed.
func (s *Service) filtersChanged(ctx context.Context, v *viewer) {
	if s.Bus != nil {
		s.Bus.Publish(ctx, stream.Event{Kind: eventFiltersChanged, UserID: v.user.ID})
	}
}

// ownFilter returns the viewer's filter id, 404 when it is not theirs.
func (s *Service) ownFilter(ctx context.Context, v *viewer, id string) (*store.Filter, error) {
	if id == "" || len(id) > 64 {
		return nil, errNotFound
	}
	f, err := s.Store.FilterByID(ctx, v.user.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNotFound
	}
	return f, err
}

// filterOfKeyword finds the viewer's filter holding the keyword id, and the keyword's index.
func (s *Service) filterOfKeyword(ctx context.Context, v *viewer, id string) (*store.Filter, int, error) {
	fs, err := s.Store.FiltersOf(ctx, v.user.ID)
	if err != nil {
		return nil, 0, err
	}
	for _, f := range fs {
		for i, k := range f.Keywords {
			if k.ID == id {
				return f, i, nil
			}
		}
	}
	return nil, 0, errNotFound
}

// filterOfStatus finds the viewer's filter holding the filter status id, and its index.
func (s *Service) filterOfStatus(ctx context.Context, v *viewer, id string) (*store.Filter, int, error) {
	fs, err := s.Store.FiltersOf(ctx, v.user.ID)
	if err != nil {
		return nil, 0, err
	}
	for _, f := range fs {
		for i, st := range f.Statuses {
			if st.ID == id {
				return f, i, nil
			}
		}
	}
	return nil, 0, errNotFound
}

// readKeyword validates a keyword's text.
func readKeyword(k string) (string, error) {
	k = strings.TrimSpace(k)
	if k == "" {
		return "", badRequest("Validation failed: Keyword can't be blank")
	}
	if utf8.RuneCountInString(k) > maxFilterKeyword {
		return "", badRequest("Validation failed: Keyword is too long")
	}
	return k, nil
}

// attrList reads a Rails nested attributes array (name[0][field] or name[][field]) as a list
// of field maps, in index order.
func attrList(p *params, name string) []map[string]string {
	byIndex := map[string]map[string]string{}
	var positional []map[string]string
	for key, vals := range p.v {
		rest, ok := strings.CutPrefix(key, name+"[")
		if !ok || len(vals) == 0 {
			continue
		}
		idx, field, ok := strings.Cut(rest, "][")
		if !ok || !strings.HasSuffix(field, "]") {
			continue
		}
		field = strings.TrimSuffix(field, "]")
		if idx == "" { // name[][field]: the i-th value of each field belongs to the i-th element
			for i, val := range vals {
				for len(positional) <= i {
					positional = append(positional, map[string]string{})
				}
				positional[i][field] = val
			}
			continue
		}
		if byIndex[idx] == nil {
			byIndex[idx] = map[string]string{}
		}
		byIndex[idx][field] = vals[0]
	}
	keys := make([]string, 0, len(byIndex))
	for k := range byIndex {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, errA := strconv.Atoi(keys[i])
		b, errB := strconv.Atoi(keys[j])
		if errA == nil && errB == nil {
			return a < b
		}
		return keys[i] < keys[j]
	})
	out := positional
	for _, k := range keys {
		out = append(out, byIndex[k])
	}
	return out
}

func truthy(s string) bool {
	switch strings.ToLower(s) {
	case "true", "1", "on", "t", "yes":
		return true
	}
	return false
}

// readFilter applies the v2 filter parameters to f (creating: title and context are required).
func readFilter(p *params, f *store.Filter, creating bool) error {
	if creating || p.Has("title") {
		title := strings.TrimSpace(p.String("title"))
		if title == "" {
			return badRequest("Validation failed: Title can't be blank")
		}
		if utf8.RuneCountInString(title) > maxFilterTitle {
			return badRequest("Validation failed: Title is too long")
		}
		f.Title = title
	}
	if creating || p.Has("context") {
		var ctxs []string
		for _, c := range p.Strings("context") {
			if !slices.Contains(filterContexts, c) {
				return badRequest("Validation failed: Context contains invalid context types")
			}
			if !slices.Contains(ctxs, c) {
				ctxs = append(ctxs, c)
			}
		}
		if len(ctxs) == 0 {
			return badRequest("Validation failed: Context can't be blank")
		}
		f.Context = ctxs
	}
	if p.Has("filter_action") {
		switch a := p.String("filter_action"); a {
		case filterWarn, filterHide, filterBlur:
			f.Action = a
		default:
			return badRequest("'" + a + "' is not a valid filter_action")
		}
	}
	if p.Has("expires_in") {
		if e := p.String("expires_in"); e == "" {
			f.ExpiresAt = nil
		} else {
			n, err := strconv.Atoi(e)
			if err != nil || n <= 0 || n > maxFilterExpiration {
				return badRequest("Validation failed: Expires in is invalid")
			}
			t := time.Now().UTC().Add(time.Duration(n) * time.Second).Truncate(time.Second)
			f.ExpiresAt = &t
		}
	}
	for _, attrs := range attrList(p, "keywords_attributes") {
		id := attrs["id"]
		i := -1
		if id != "" {
			if i = slices.IndexFunc(f.Keywords, func(k store.FilterKeyword) bool { return k.ID == id }); i < 0 {
				return errNotFound
			}
		}
		if truthy(attrs["_destroy"]) {
			if i >= 0 {
				f.Keywords = slices.Delete(f.Keywords, i, i+1)
			}
			continue
		}
		var k store.FilterKeyword
		if i >= 0 {
			k = f.Keywords[i]
		}
		if _, given := attrs["keyword"]; given || i < 0 {
			kw, err := readKeyword(attrs["keyword"])
			if err != nil {
				return err
			}
			k.Keyword = kw
		}
		if ww, given := attrs["whole_word"]; given {
			k.WholeWord = truthy(ww)
		} else if i < 0 {
			k.WholeWord = true // Mastodon's default
		}
		if i >= 0 {
			f.Keywords[i] = k
		} else {
			f.Keywords = append(f.Keywords, k)
		}
	}
	if len(f.Keywords) > maxFilterKeywords {
		return badRequest("Validation failed: Too many keywords")
	}
	return nil
}

// filtersIndex is GET /api/v2/filters.
func (s *Service) filtersIndex(w http.ResponseWriter, r *http.Request, v *viewer) error {
	fs, err := s.Store.FiltersOf(r.Context(), v.user.ID)
	if err != nil {
		return err
	}
	out := make([]Filter, 0, len(fs))
	for _, f := range fs {
		out = append(out, renderFilter(f, true))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// createFilter is POST /api/v2/filters.
func (s *Service) createFilter(w http.ResponseWriter, r *http.Request, v *viewer) error {
	p, err := parseParams(w, r, maxBodyBytes)
	if err != nil {
		return err
	}
	f := &store.Filter{UserID: v.user.ID, Action: filterWarn}
	if err := readFilter(p, f, true); err != nil {
		return err
	}
	fs, err := s.Store.FiltersOf(r.Context(), v.user.ID)
	if err != nil {
		return err
	}
	if len(fs) >= maxFilters {
		return badRequest("Validation failed: You have reached the maximum number of filters")
	}
	if err := s.Store.CreateFilter(r.Context(), f); err != nil {
		return err
	}
	s.filtersChanged(r.Context(), v)
	writeJSON(w, http.StatusOK, renderFilter(f, true))
	return nil
}

// showFilter is GET /api/v2/filters/:id.
func (s *Service) showFilter(w http.ResponseWriter, r *http.Request, v *viewer) error {
	f, err := s.ownFilter(r.Context(), v, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, renderFilter(f, true))
	return nil
}

// updateFilter is PUT /api/v2/filters/:id (keywords_attributes with id update or, with
// _destroy, remove a keyword; without id they add one).
func (s *Service) updateFilter(w http.ResponseWriter, r *http.Request, v *viewer) error {
	f, err := s.ownFilter(r.Context(), v, r.PathValue("id"))
	if err != nil {
		return err
	}
	p, err := parseParams(w, r, maxBodyBytes)
	if err != nil {
		return err
	}
	if err := readFilter(p, f, false); err != nil {
		return err
	}
	if err := s.Store.UpdateFilter(r.Context(), f); err != nil {
		return err
	}
	s.filtersChanged(r.Context(), v)
	writeJSON(w, http.StatusOK, renderFilter(f, true))
	return nil
}

// deleteFilter is DELETE /api/v2/filters/:id.
func (s *Service) deleteFilter(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ok, err := s.Store.DeleteFilter(r.Context(), v.user.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	if !ok {
		return errNotFound
	}
	s.filtersChanged(r.Context(), v)
	writeJSON(w, http.StatusOK, map[string]any{})
	return nil
}

// filterKeywords is GET /api/v2/filters/:filter_id/keywords.
func (s *Service) filterKeywords(w http.ResponseWriter, r *http.Request, v *viewer) error {
	f, err := s.ownFilter(r.Context(), v, r.PathValue("filter_id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, *renderFilter(f, true).Keywords)
	return nil
}

// addFilterKeyword is POST /api/v2/filters/:filter_id/keywords.
func (s *Service) addFilterKeyword(w http.ResponseWriter, r *http.Request, v *viewer) error {
	f, err := s.ownFilter(r.Context(), v, r.PathValue("filter_id"))
	if err != nil {
		return err
	}
	p, err := parseParams(w, r, maxBodyBytes)
	if err != nil {
		return err
	}
	kw, err := readKeyword(p.String("keyword"))
	if err != nil {
		return err
	}
	ww, given, err := p.Bool("whole_word")
	if err != nil {
		return err
	}
	if !given {
		ww = true
	}
	if len(f.Keywords) >= maxFilterKeywords {
		return badRequest("Validation failed: Too many keywords")
	}
	k := store.FilterKeyword{ID: store.NewID(), Keyword: kw, WholeWord: ww}
	f.Keywords = append(f.Keywords, k)
	if err := s.Store.UpdateFilter(r.Context(), f); err != nil {
		return err
	}
	s.filtersChanged(r.Context(), v)
	writeJSON(w, http.StatusOK, FilterKeyword(k))
	return nil
}

// showFilterKeyword is GET /api/v2/filters/keywords/:id.
func (s *Service) showFilterKeyword(w http.ResponseWriter, r *http.Request, v *viewer) error {
	f, i, err := s.filterOfKeyword(r.Context(), v, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, FilterKeyword(f.Keywords[i]))
	return nil
}

// updateFilterKeyword is PUT /api/v2/filters/keywords/:id.
func (s *Service) updateFilterKeyword(w http.ResponseWriter, r *http.Request, v *viewer) error {
	f, i, err := s.filterOfKeyword(r.Context(), v, r.PathValue("id"))
	if err != nil {
		return err
	}
	p, err := parseParams(w, r, maxBodyBytes)
	if err != nil {
		return err
	}
	if p.Has("keyword") {
		if f.Keywords[i].Keyword, err = readKeyword(p.String("keyword")); err != nil {
			return err
		}
	}
	if ww, given, err := p.Bool("whole_word"); err != nil {
		return err
	} else if given {
		f.Keywords[i].WholeWord = ww
	}
	if err := s.Store.UpdateFilter(r.Context(), f); err != nil {
		return err
	}
	s.filtersChanged(r.Context(), v)
	writeJSON(w, http.StatusOK, FilterKeyword(f.Keywords[i]))
	return nil
}

// deleteFilterKeyword is DELETE /api/v2/filters/keywords/:id.
func (s *Service) deleteFilterKeyword(w http.ResponseWriter, r *http.Request, v *viewer) error {
	f, i, err := s.filterOfKeyword(r.Context(), v, r.PathValue("id"))
	if err != nil {
		return err
	}
	f.Keywords = slices.Delete(f.Keywords, i, i+1)
	if err := s.Store.UpdateFilter(r.Context(), f); err != nil {
		return err
	}
	s.filtersChanged(r.Context(), v)
	writeJSON(w, http.StatusOK, map[string]any{})
	return nil
}

// filterStatuses is GET /api/v2/filters/:filter_id/statuses.
func (s *Service) filterStatuses(w http.ResponseWriter, r *http.Request, v *viewer) error {
	f, err := s.ownFilter(r.Context(), v, r.PathValue("filter_id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, *renderFilter(f, true).Statuses)
	return nil
}

// addFilterStatus is POST /api/v2/filters/:filter_id/statuses: a status the viewer can see,
// once per filter.
func (s *Service) addFilterStatus(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	f, err := s.ownFilter(ctx, v, r.PathValue("filter_id"))
	if err != nil {
		return err
	}
	p, err := parseParams(w, r, maxBodyBytes)
	if err != nil {
		return err
	}
	id := p.String("status_id")
	if id == "" {
		return badRequest("Validation failed: Status can't be blank")
	}
	o, err := s.statusByID(ctx, v, id)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(f.Statuses, func(st store.FilterStatus) bool { return st.StatusID == o.ID }) {
		return badRequest("Validation failed: Status has already been taken")
	}
	if len(f.Statuses) >= maxFilterStatuses {
		return badRequest("Validation failed: Too many statuses")
	}
	st := store.FilterStatus{ID: store.NewID(), StatusID: o.ID}
	f.Statuses = append(f.Statuses, st)
	if err := s.Store.UpdateFilter(ctx, f); err != nil {
		return err
	}
	s.filtersChanged(ctx, v)
	writeJSON(w, http.StatusOK, FilterStatus(st))
	return nil
}

// showFilterStatus is GET /api/v2/filters/statuses/:id.
func (s *Service) showFilterStatus(w http.ResponseWriter, r *http.Request, v *viewer) error {
	f, i, err := s.filterOfStatus(r.Context(), v, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, FilterStatus(f.Statuses[i]))
	return nil
}

// deleteFilterStatus is DELETE /api/v2/filters/statuses/:id. It answers with the removed
// FilterStatus (the OpenAPI description's shape; Mastodon's clients ignore the body).
func (s *Service) deleteFilterStatus(w http.ResponseWriter, r *http.Request, v *viewer) error {
	f, i, err := s.filterOfStatus(r.Context(), v, r.PathValue("id"))
	if err != nil {
		return err
	}
	st := f.Statuses[i]
	f.Statuses = slices.Delete(f.Statuses, i, i+1)
	if err := s.Store.UpdateFilter(r.Context(), f); err != nil {
		return err
	}
	s.filtersChanged(r.Context(), v)
	writeJSON(w, http.StatusOK, FilterStatus(st))
	return nil
}

// v1Filters is GET /api/v1/filters: every keyword of the viewer's filters as a v1 filter.
func (s *Service) v1Filters(w http.ResponseWriter, r *http.Request, v *viewer) error {
	fs, err := s.Store.FiltersOf(r.Context(), v.user.ID)
	if err != nil {
		return err
	}
	out := []V1Filter{}
	for _, f := range fs {
		for _, k := range f.Keywords {
			out = append(out, renderV1Filter(f, k))
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// v1Filter is GET /api/v1/filters/:id (a keyword id).
func (s *Service) v1Filter(w http.ResponseWriter, r *http.Request, v *viewer) error {
	f, i, err := s.filterOfKeyword(r.Context(), v, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, renderV1Filter(f, f.Keywords[i]))
	return nil
}

// Applying filters.

// activeFilters returns the viewer's unexpired filters (none for anonymous viewers).
func (s *Service) activeFilters(ctx context.Context, v *viewer) ([]*store.Filter, error) {
	if v.apID() == "" || v.user == nil {
		return nil, nil
	}
	return s.Store.ActiveFilters(ctx, v.user.ID)
}

// applyFilters applies the viewer's filters of context fctx to rendered statuses.
func (s *Service) applyFilters(ctx context.Context, v *viewer, fctx string, list []Status) ([]Status, error) {
	fs, err := s.activeFilters(ctx, v)
	if err != nil || len(fs) == 0 {
		return list, err
	}
	return filterList(fs, v, fctx, list, time.Now()), nil
}

// markFiltered sets the FilterResults of the viewer's filters of context fctx on one status
// shown on its own (GET /api/v1/statuses/:id): as Mastodon, a status a hide filter matches is
// still shown, carrying that filter, for the client to hide; the viewer's own are never filtered.
func (s *Service) markFiltered(ctx context.Context, v *viewer, fctx string, st *Status) error {
	fs, err := s.activeFilters(ctx, v)
	if err != nil || len(fs) == 0 || (v.user != nil && st.Account.ID == v.user.ID) {
		return err
	}
	now := time.Now()
	var applicable []*store.Filter
	for _, f := range fs {
		if f.Active(now) && slices.Contains(f.Context, fctx) {
			applicable = append(applicable, f)
		}
	}
	if results, _ := matchFilters(applicable, st); len(results) > 0 {
		st.Filtered = results
		if st.Reblog != nil {
			inner := *st.Reblog
			inner.Filtered = results
			st.Reblog = &inner
		}
	}
	return nil
}

// filterList drops the statuses a hide filter matches and marks with FilterResults those
// other filters match. The viewer's own statuses are never filtered (as Mastodon).
func filterList(fs []*store.Filter, v *viewer, fctx string, list []Status, now time.Time) []Status {
	applicable := applicableFilters(fs, fctx, now)
	if len(applicable) == 0 {
		return list
	}
	out := list[:0:0]
	for _, st := range list {
		if v.user != nil && st.Account.ID == v.user.ID {
			out = append(out, st)
			continue
		}
		results, hide := matchFilters(applicable, &st)
		if hide {
			continue
		}
		if len(results) > 0 {
			st.Filtered = results
			if st.Reblog != nil {
				inner := *st.Reblog
				inner.Filtered = results
				st.Reblog = &inner
			}
		}
		out = append(out, st)
	}
	return out
}

// matchFilters returns the results of the filters matching a status and whether one of them
// hides it.
func matchFilters(fs []*store.Filter, st *Status) ([]FilterResult, bool) {
	proper := st
	if st.Reblog != nil {
		proper = st.Reblog
	}
	return matchSubject(fs, []string{st.ID, proper.ID}, func() string { return searchableText(proper) })
}

// matchSubject is matchFilters for a status known by its ids (its own and the boost's showing
// it) and its searchable text, built only when a filter has keywords.
func matchSubject(fs []*store.Filter, ids []string, searchable func() string) ([]FilterResult, bool) {
	var text string
	var results []FilterResult
	hide := false
	for _, f := range fs {
		var kws, sts []string
		for _, k := range f.Keywords {
			if text == "" {
				text = strings.ToLower(searchable())
			}
			if keywordMatches(text, strings.ToLower(k.Keyword), k.WholeWord) {
				kws = append(kws, k.Keyword)
			}
		}
		for _, fst := range f.Statuses {
			if slices.Contains(ids, fst.StatusID) && !slices.Contains(sts, fst.StatusID) {
				sts = append(sts, fst.StatusID)
			}
		}
		if len(kws) == 0 && len(sts) == 0 {
			continue
		}
		hide = hide || f.Action == filterHide
		results = append(results, FilterResult{Filter: renderFilter(f, false), KeywordMatches: kws, StatusMatches: sts})
	}
	return results, hide
}

// searchableText is what keywords are matched against, as Mastodon builds it: the content
// warning, the text, the poll's options and the media descriptions.
func searchableText(st *Status) string {
	var options, descriptions []string
	if st.Poll != nil {
		for _, o := range st.Poll.Options {
			options = append(options, o.Title)
		}
	}
	for _, m := range st.MediaAttachments {
		if m.Description != nil {
			descriptions = append(descriptions, *m.Description)
		}
	}
	return filterText(st.SpoilerText, st.Content, options, descriptions)
}

// filterText joins the parts of a status keywords are matched against; content is HTML.
func filterText(spoiler, content string, pollOptions, descriptions []string) string {
	parts := append([]string{spoiler, stripHTML(content)}, pollOptions...)
	return strings.Join(append(parts, descriptions...), "\n\n")
}

// applicableFilters are the filters of fs active at now in context fctx.
func applicableFilters(fs []*store.Filter, fctx string, now time.Time) []*store.Filter {
	var out []*store.Filter
	for _, f := range fs {
		if f.Active(now) && slices.Contains(f.Context, fctx) {
			out = append(out, f)
		}
	}
	return out
}

// keywordMatches reports whether kw occurs in text (both lowercased); with wholeWord, an
// occurrence counts only where kw starting (ending) with a word character is not preceded
// (followed) by one, as Mastodon's \b around the keyword.
func keywordMatches(text, kw string, wholeWord bool) bool {
	if kw == "" {
		return false
	}
	if !wholeWord {
		return strings.Contains(text, kw)
	}
	first, _ := utf8.DecodeRuneInString(kw)
	last, _ := utf8.DecodeLastRuneInString(kw)
	for from := 0; from <= len(text); {
		i := strings.Index(text[from:], kw)
		if i < 0 {
			return false
		}
		start, end := from+i, from+i+len(kw)
		before, _ := utf8.DecodeLastRuneInString(text[:start])
		after, _ := utf8.DecodeRuneInString(text[end:])
		okStart := !isWordRune(first) || start == 0 || !isWordRune(before)
		okEnd := !isWordRune(last) || end == len(text) || !isWordRune(after)
		if okStart && okEnd {
			return true
		}
		_, size := utf8.DecodeRuneInString(text[start:])
		from = start + size
	}
	return false
}

// isWordRune is Ruby's [[:word:]]: letters, marks, decimal digits and connector punctuation.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) || unicode.Is(unicode.Pc, r)
}

func stripHTML(s string) string { return markup.StripTags(s) }

// writeFiltered renders a timeline page with the viewer's filters of context fctx applied and
// its Link header (from the rows, so that paging goes on past hidden statuses).
func (s *Service) writeFiltered(w http.ResponseWriter, r *http.Request, v *viewer, rows []*store.Object, fctx string) error {
	list, err := s.renderStatuses(r.Context(), v, rows)
	if err != nil {
		return err
	}
	if list, err = s.applyFilters(r.Context(), v, fctx, list); err != nil {
		return err
	}
	if len(rows) > 0 {
		setLink(w, r, s, rows[0].ID, rows[len(rows)-1].ID)
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

// filterContextOf is the filter context of a timeline query.
func filterContextOf(t store.Timeline) string {
	switch {
	case t.Home:
		return filterHome
	case t.Actor != "":
		return filterAccount
	}
	return filterPublic
}

// readV1Filter applies the v1 parameters (phrase, context, irreversible, whole_word,
// expires_in) to a filter and its keyword k.
func readV1Filter(p *params, f *store.Filter, k *store.FilterKeyword, creating bool) error {
	if creating || p.Has("phrase") {
		kw, err := readKeyword(p.String("phrase"))
		if err != nil {
			return err
		}
		k.Keyword = kw
		if creating {
			f.Title = kw
		}
	}
	if ir, given, err := p.Bool("irreversible"); err != nil {
		return err
	} else if given {
		f.Action = filterWarn
		if ir {
			f.Action = filterHide
		}
	}
	if ww, given, err := p.Bool("whole_word"); err != nil {
		return err
	} else if given {
		k.WholeWord = ww
	} else if creating {
		k.WholeWord = true
	}
	// context and expires_in read as in v2 (the title and keywords are left as they are).
	v2 := &params{v: map[string][]string{}}
	for _, key := range []string{"context", "context[]", "expires_in"} {
		if vs, ok := p.v[key]; ok {
			v2.v[key] = vs
		}
	}
	title, keywords := f.Title, f.Keywords
	if creating {
		v2.v["title"] = []string{title}
	}
	err := readFilter(v2, f, creating)
	f.Title, f.Keywords = title, keywords
	return err
}

// createV1Filter is POST /api/v1/filters: a filter titled with its one keyword.
func (s *Service) createV1Filter(w http.ResponseWriter, r *http.Request, v *viewer) error {
	p, err := parseParams(w, r, maxBodyBytes)
	if err != nil {
		return err
	}
	f := &store.Filter{UserID: v.user.ID, Action: filterWarn}
	var k store.FilterKeyword
	if err := readV1Filter(p, f, &k, true); err != nil {
		return err
	}
	fs, err := s.Store.FiltersOf(r.Context(), v.user.ID)
	if err != nil {
		return err
	}
	if len(fs) >= maxFilters {
		return badRequest("Validation failed: You have reached the maximum number of filters")
	}
	f.Keywords = []store.FilterKeyword{k}
	if err := s.Store.CreateFilter(r.Context(), f); err != nil {
		return err
	}
	s.filtersChanged(r.Context(), v)
	writeJSON(w, http.StatusOK, renderV1Filter(f, f.Keywords[0]))
	return nil
}

// updateV1Filter is PUT /api/v1/filters/:id: the keyword, and the settings of its filter.
func (s *Service) updateV1Filter(w http.ResponseWriter, r *http.Request, v *viewer) error {
	f, i, err := s.filterOfKeyword(r.Context(), v, r.PathValue("id"))
	if err != nil {
		return err
	}
	p, err := parseParams(w, r, maxBodyBytes)
	if err != nil {
		return err
	}
	k := f.Keywords[i]
	if err := readV1Filter(p, f, &k, false); err != nil {
		return err
	}
	f.Keywords[i] = k
	if err := s.Store.UpdateFilter(r.Context(), f); err != nil {
		return err
	}
	s.filtersChanged(r.Context(), v)
	writeJSON(w, http.StatusOK, renderV1Filter(f, k))
	return nil
}

// deleteV1Filter is DELETE /api/v1/filters/:id: the keyword, and its filter when it was the
// filter's last keyword and the filter has no statuses.
func (s *Service) deleteV1Filter(w http.ResponseWriter, r *http.Request, v *viewer) error {
	f, i, err := s.filterOfKeyword(r.Context(), v, r.PathValue("id"))
	if err != nil {
		return err
	}
	f.Keywords = slices.Delete(f.Keywords, i, i+1)
	if len(f.Keywords) == 0 && len(f.Statuses) == 0 {
		_, err = s.Store.DeleteFilter(r.Context(), v.user.ID, f.ID)
	} else {
		err = s.Store.UpdateFilter(r.Context(), f)
	}
	if err != nil {
		return err
	}
	s.filtersChanged(r.Context(), v)
	writeJSON(w, http.StatusOK, map[string]any{})
	return nil
}
