package mastodon

import "github.com/egregoros/egregoros/internal/ap"

// Operations on one status the web UI runs through ServeAs (its cards' edit and delete):
// the handlers of the API routes named beside them, so that the browser edits and deletes
// exactly as a client does. The path value is "id".
const (
	OpEditStatus   = "edit_status"   // PUT /api/v1/statuses/{id}
	OpDeleteStatus = "delete_status" // DELETE /api/v1/statuses/{id}
	OpStatusSource = "status_source" // GET /api/v1/statuses/{id}/source
)

// statusOp is the handler of one of those operations, nil for any other.
func (s *Service) statusOp(op string) handler {
	switch op {
	case OpEditStatus:
		return s.editStatus
	case OpDeleteStatus:
		return s.deleteStatus
	case OpStatusSource:
		return s.statusSource
	}
	return nil
}

// LanguageOf is the language of a stored status (the key of its contentMap), "" without one:
// what an edit keeps unless another is given.
func LanguageOf(doc ap.Object) string { return languageOf(doc) }
