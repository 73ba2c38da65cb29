package mastodon

import "net/http"

// routesSocial mounts scheduled statuses, conversations, grouped notifications and their
// policy, reports, suggestions, the directory, trends and the Pleroma extras.
func (s *Service) routesSocial(mux *http.ServeMux) {
	// Scheduled statuses (scheduled.go)
	mux.HandleFunc("GET /api/v1/scheduled_statuses", s.with(needRead("read:statuses"), s.scheduledStatuses))
	mux.HandleFunc("GET /api/v1/scheduled_statuses/{id}", s.with(needRead("read:statuses"), s.scheduledStatus))
	mux.HandleFunc("PUT /api/v1/scheduled_statuses/{id}", s.with(needWrite("write:statuses"), s.rescheduleStatus))
	mux.HandleFunc("DELETE /api/v1/scheduled_statuses/{id}", s.with(needWrite("write:statuses"), s.cancelScheduled))

	// Conversations and the direct timeline (conversations.go)
	mux.HandleFunc("GET /api/v1/conversations", s.with(needRead("read:statuses"), s.conversations))
	mux.HandleFunc("POST /api/v1/conversations/{id}/read", s.with(needWrite("write:conversations"), s.readConversation))
	mux.HandleFunc("DELETE /api/v1/conversations/{id}", s.with(needWrite("write:conversations"), s.removeConversation))
	mux.HandleFunc("GET /api/v1/timelines/direct", s.with(needRead("read:statuses"), s.directTimeline))

	// Grouped notifications (notifications_v2.go)
	mux.HandleFunc("GET /api/v2/notifications", s.with(needRead("read:notifications"), s.notificationsV2))
	mux.HandleFunc("GET /api/v2/notifications/unread_count", s.with(needRead("read:notifications"), s.unreadNotificationGroups))
	mux.HandleFunc("GET /api/v2/notifications/{group_key}", s.with(needRead("read:notifications"), s.notificationGroup))
	mux.HandleFunc("GET /api/v2/notifications/{group_key}/accounts", s.with(needRead("read:notifications"), s.notificationGroupAccounts))
	mux.HandleFunc("POST /api/v2/notifications/{group_key}/dismiss", s.with(needWrite("write:notifications"), s.dismissNotificationGroup))

	// Reports (reports.go)
	mux.HandleFunc("POST /api/v1/reports", s.with(needWrite("write:reports"), s.createReport))

	// Pleroma extensions (pleroma.go)
	mux.HandleFunc("POST /api/v1/pleroma/notifications/read", s.with(needWrite("write:notifications"), s.readNotificationsPleroma))
	mux.HandleFunc("GET /api/v1/pleroma/emoji", s.with(public, s.pleromaEmoji))
	mux.HandleFunc("GET /api/pleroma/emoji", s.with(public, s.pleromaEmoji))

	// Discovery: suggestions, the profile directory, trends
	mux.HandleFunc("GET /api/v2/suggestions", s.with(needRead("read:accounts"), s.suggestionsV2))
	mux.HandleFunc("GET /api/v1/suggestions", s.with(needRead("read:accounts"), s.suggestionsV1))
	mux.HandleFunc("DELETE /api/v1/suggestions/{account_id}", s.with(needRead("read:accounts"), s.dismissSuggestion))
	mux.HandleFunc("GET /api/v1/directory", s.with(public, s.directory))
	mux.HandleFunc("GET /api/v1/trends", s.with(public, s.trendsTags))
	mux.HandleFunc("GET /api/v1/trends/tags", s.with(public, s.trendsTags))
	mux.HandleFunc("GET /api/v1/trends/statuses", s.with(public, s.trendsStatuses))
	mux.HandleFunc("GET /api/v1/trends/links", s.with(public, s.trendsLinks))

	// Notification policy (notification_policy.go)
	mux.HandleFunc("GET /api/v2/notifications/policy", s.with(needRead("read:notifications"), s.notificationPolicy(false)))
	mux.HandleFunc("PATCH /api/v2/notifications/policy", s.with(needWrite("write:notifications"), s.updateNotificationPolicy(false)))
	mux.HandleFunc("GET /api/v1/notifications/policy", s.with(needRead("read:notifications"), s.notificationPolicy(true)))
	mux.HandleFunc("PUT /api/v1/notifications/policy", s.with(needWrite("write:notifications"), s.updateNotificationPolicy(true)))
	mux.HandleFunc("PATCH /api/v1/notifications/policy", s.with(needWrite("write:notifications"), s.updateNotificationPolicy(true)))
	mux.HandleFunc("GET /api/v1/notifications/requests", s.with(needRead("read:notifications"), s.listNotificationRequests))
	mux.HandleFunc("GET /api/v1/notifications/requests/{id}", s.with(needRead("read:notifications"), s.showNotificationRequest))
	mux.HandleFunc("POST /api/v1/notifications/requests/{id}/accept", s.with(needWrite("write:notifications"), s.answerNotificationRequest(relAcceptNotifications)))
	mux.HandleFunc("POST /api/v1/notifications/requests/{id}/dismiss", s.with(needWrite("write:notifications"), s.answerNotificationRequest(relDismissNotifications)))
}
