package mastodon

import (
	"net/http"

	"github.com/egregoros/egregoros/internal/store"
)

// readNotificationsPleroma is POST /api/v1/pleroma/notifications/read: with id, that
// notification is marked seen and returned; with max_id, every notification up to it, and
// the page below it is returned (as Pleroma answers).
func (s *Service) readNotificationsPleroma(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	p, err := parseParams(w, r, maxBodyBytes)
	if err != nil {
		return err
	}
	id, maxID := p.String("id"), p.String("max_id")
	switch {
	case id != "" && len(id) <= 64:
		ok, err := s.Store.MarkNotificationRead(ctx, v.user.ID, id)
		if err != nil {
			return err
		}
		if !ok {
			return errNotFound
		}
		n, err := s.Store.NotificationByID(ctx, v.user.ID, id)
		if err != nil {
			return err
		}
		list, err := s.renderNotifications(ctx, v, []*store.Notification{n})
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return errNotFound
		}
		writeJSON(w, http.StatusOK, list[0])
	case maxID != "" && len(maxID) <= 64:
		if err := s.Store.MarkNotificationsReadUpTo(ctx, v.user.ID, maxID); err != nil {
			return err
		}
		ns, err := s.Store.NotificationsPage(ctx, store.NotificationFilter{UserID: v.user.ID,
			Page: store.Page{MaxID: maxID + "0", Limit: 40}}) // up to max_id, included (ids have one length)
		if err != nil {
			return err
		}
		list, err := s.renderNotifications(ctx, v, ns)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, list)
	default:
		return badRequest("Validation failed: id or max_id is required")
	}
	return nil
}
