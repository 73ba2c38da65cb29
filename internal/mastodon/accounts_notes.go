package mastodon

import (
	"fmt"
	"net/http"
	"unicode/utf8"
)

// maxAccountNoteChars bounds a private note, as Mastodon does.
const maxAccountNoteChars = 2000

// setAccountNote is POST /api/v1/accounts/:id/note: the viewer's private note about an
// account (comment; empty removes it), shown only to the viewer in the Relationship.
func (s *Service) setAccountNote(w http.ResponseWriter, r *http.Request, v *viewer) error {
	p, err := parseParams(w, r, maxBodyBytes)
	if err != nil {
		return err
	}
	u, err := s.accountByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	comment := p.String("comment")
	if utf8.RuneCountInString(comment) > maxAccountNoteChars {
		return badRequest(fmt.Sprintf("Validation failed: Comment is too long (maximum is %d characters)", maxAccountNoteChars))
	}
	if err := s.Store.SetAccountNote(r.Context(), v.user.ID, u.APID, comment); err != nil {
		return err
	}
	return s.writeAccountRelationship(w, r, v, u)
}
