package mastodon

import "net/http"

// routesOrganize mounts what users organize their reading with: lists, filters, followed and
// featured tags, and domain blocks. GET /api/v1/accounts/:id/lists and /featured_tags are
// mounted with the accounts (routes_accounts_extra.go); their handlers are lists.go's and
// featured_tags.go's.
func (s *Service) routesOrganize(mux *http.ServeMux) {
	// Lists
	mux.HandleFunc("GET /api/v1/lists", s.with(needRead("read:lists"), s.listsIndex))
	mux.HandleFunc("POST /api/v1/lists", s.with(needWrite("write:lists"), s.createList))
	mux.HandleFunc("GET /api/v1/lists/{id}", s.with(needRead("read:lists"), s.showList))
	mux.HandleFunc("PUT /api/v1/lists/{id}", s.with(needWrite("write:lists"), s.updateList))
	mux.HandleFunc("DELETE /api/v1/lists/{id}", s.with(needWrite("write:lists"), s.deleteList))
	mux.HandleFunc("GET /api/v1/lists/{id}/accounts", s.with(needRead("read:lists"), s.listAccounts))
	mux.HandleFunc("POST /api/v1/lists/{id}/accounts", s.with(needWrite("write:lists"), s.addListAccounts))
	mux.HandleFunc("DELETE /api/v1/lists/{id}/accounts", s.with(needWrite("write:lists"), s.removeListAccounts))
	mux.HandleFunc("GET /api/v1/timelines/list/{list_id}", s.with(needRead("read:lists"), s.listTimeline))

	// Filters (v2, and v1 over them: a v1 filter is one keyword)
	mux.HandleFunc("GET /api/v2/filters", s.with(needRead("read:filters"), s.filtersIndex))
	mux.HandleFunc("POST /api/v2/filters", s.with(needWrite("write:filters"), s.createFilter))
	mux.HandleFunc("GET /api/v2/filters/{id}", s.with(needRead("read:filters"), s.showFilter))
	mux.HandleFunc("PUT /api/v2/filters/{id}", s.with(needWrite("write:filters"), s.updateFilter))
	mux.HandleFunc("DELETE /api/v2/filters/{id}", s.with(needWrite("write:filters"), s.deleteFilter))
	// GET /api/v2/filters/keywords/:id and /api/v2/filters/:filter_id/keywords overlap (and
	// the same for statuses): one pattern serves the four (filterParts).
	mux.HandleFunc("GET /api/v2/filters/{a}/{b}", s.with(needRead("read:filters"), s.filterParts))
	mux.HandleFunc("POST /api/v2/filters/{filter_id}/keywords", s.with(needWrite("write:filters"), s.addFilterKeyword))
	mux.HandleFunc("PUT /api/v2/filters/keywords/{id}", s.with(needWrite("write:filters"), s.updateFilterKeyword))
	mux.HandleFunc("DELETE /api/v2/filters/keywords/{id}", s.with(needWrite("write:filters"), s.deleteFilterKeyword))
	mux.HandleFunc("POST /api/v2/filters/{filter_id}/statuses", s.with(needWrite("write:filters"), s.addFilterStatus))
	mux.HandleFunc("DELETE /api/v2/filters/statuses/{id}", s.with(needWrite("write:filters"), s.deleteFilterStatus))
	mux.HandleFunc("GET /api/v1/filters", s.with(needRead("read:filters"), s.v1Filters))
	mux.HandleFunc("GET /api/v1/filters/{id}", s.with(needRead("read:filters"), s.v1Filter))
	mux.HandleFunc("POST /api/v1/filters", s.with(needWrite("write:filters"), s.createV1Filter))
	mux.HandleFunc("PUT /api/v1/filters/{id}", s.with(needWrite("write:filters"), s.updateV1Filter))
	mux.HandleFunc("DELETE /api/v1/filters/{id}", s.with(needWrite("write:filters"), s.deleteV1Filter))

	// Tags
	mux.HandleFunc("GET /api/v1/tags/{name}", s.with(public, s.showTag))
	mux.HandleFunc("POST /api/v1/tags/{name}/follow", s.with(needWrite("write:follows"), s.followTag))
	mux.HandleFunc("POST /api/v1/tags/{name}/unfollow", s.with(needWrite("write:follows"), s.unfollowTag))
	mux.HandleFunc("POST /api/v1/tags/{name}/feature", s.with(needWrite("write:accounts"), s.featureTag))
	mux.HandleFunc("POST /api/v1/tags/{name}/unfeature", s.with(needWrite("write:accounts"), s.unfeatureTag))
	mux.HandleFunc("GET /api/v1/followed_tags", s.with(needRead("read:follows"), s.followedTags))

	// Featured tags
	mux.HandleFunc("GET /api/v1/featured_tags", s.with(needRead("read:accounts"), s.featuredTags))
	mux.HandleFunc("POST /api/v1/featured_tags", s.with(needWrite("write:accounts"), s.createFeaturedTag))
	mux.HandleFunc("DELETE /api/v1/featured_tags/{id}", s.with(needWrite("write:accounts"), s.deleteFeaturedTag))
	mux.HandleFunc("GET /api/v1/featured_tags/suggestions", s.with(needRead("read:accounts"), s.featuredTagSuggestions))

	// Domain blocks
	mux.HandleFunc("GET /api/v1/domain_blocks", s.with(needRead("read:blocks"), s.domainBlocks))
	mux.HandleFunc("POST /api/v1/domain_blocks", s.with(needWrite("write:blocks"), s.blockDomain))
	mux.HandleFunc("DELETE /api/v1/domain_blocks", s.with(needWrite("write:blocks"), s.unblockDomain))
}

// filterParts serves GET /api/v2/filters/keywords/:id, /statuses/:id, /:filter_id/keywords
// and /:filter_id/statuses.
func (s *Service) filterParts(w http.ResponseWriter, r *http.Request, v *viewer) error {
	a, b := r.PathValue("a"), r.PathValue("b")
	switch {
	case a == "keywords":
		r.SetPathValue("id", b)
		return s.showFilterKeyword(w, r, v)
	case a == "statuses":
		r.SetPathValue("id", b)
		return s.showFilterStatus(w, r, v)
	case b == "keywords":
		r.SetPathValue("filter_id", a)
		return s.filterKeywords(w, r, v)
	case b == "statuses":
		r.SetPathValue("filter_id", a)
		return s.filterStatuses(w, r, v)
	}
	return errNotFound
}
