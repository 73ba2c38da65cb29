package mastodon

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"unicode/utf8"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// A report is a Flag: the reporter's own, never addressed (so never delivered; the admins
// are notified by the pipeline), kept in objects with the report's details under reportKey.
// With forward and a remote target, a second Flag goes to the target's server from the
// instance actor, as Mastodon sends it, so that the reporter stays anonymous there.

const reportKey = "egregoros:report"

var reportCategories = []string{"spam", "legal", "violation", "other"}

// reportCommentLimit is Mastodon's limit on a report's comment.
const reportCommentLimit = 1000

// Report is the Mastodon Report entity.
type Report struct {
	ID            string   `json:"id"`
	ActionTaken   bool     `json:"action_taken"`
	ActionTakenAt *string  `json:"action_taken_at"`
	Category      string   `json:"category"`
	Comment       string   `json:"comment"`
	Forwarded     bool     `json:"forwarded"`
	CreatedAt     string   `json:"created_at"`
	StatusIDs     []string `json:"status_ids"`
	RuleIDs       []string `json:"rule_ids"`
	TargetAccount Account  `json:"target_account"`
}

// instanceActor is the federation's instance actor (federation.Service), when there is one.
type instanceActor interface {
	EnsureInstanceActor(ctx context.Context) (*store.User, error)
}

// createReport is POST /api/v1/reports.
func (s *Service) createReport(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	p, err := parseParams(w, r, maxBodyBytes)
	if err != nil {
		return err
	}
	if p.String("account_id") == "" {
		return badRequest("Validation failed: account_id is required")
	}
	target, err := s.accountByID(ctx, p.String("account_id"))
	if err != nil {
		return err
	}
	if target.ID == v.user.ID {
		return badRequest("Validation failed: you cannot report yourself")
	}
	comment := p.String("comment")
	if utf8.RuneCountInString(comment) > reportCommentLimit {
		return badRequest("Validation failed: Comment is too long (maximum is 1000 characters)")
	}
	category := p.String("category")
	ruleIDs := p.Strings("rule_ids")
	if category == "" {
		category = "other"
		if len(ruleIDs) > 0 {
			category = "violation"
		}
	}
	if !slices.Contains(reportCategories, category) {
		return badRequest("Validation failed: Category is not included in the list")
	}
	if len(ruleIDs) > 0 && target.Local {
		return badRequest("Validation failed: Rule ids are invalid") // this server has no rules
	}
	if !target.Local {
		ruleIDs = nil // rules are the server's own
	}
	forward, _, err := p.Bool("forward")
	if err != nil {
		return err
	}
	statusIDs := p.Strings("status_ids")
	if len(statusIDs) >= activity.MaxFlagObjects {
		return badRequest("Validation failed: too many statuses")
	}
	objects := []any{target.APID}
	var remoteObjects []any
	for _, id := range statusIDs {
		o, err := s.statusByID(ctx, v, id)
		if err != nil {
			return err
		}
		if o.Actor != target.APID || o.Type == "Announce" {
			return badRequest("Validation failed: the statuses must be the reported account's")
		}
		objects = append(objects, o.APID)
		remoteObjects = append(remoteObjects, o.APID)
	}
	forwarded := forward && !target.Local
	flag := ap.Object{"@context": "https://www.w3.org/ns/activitystreams", "id": s.Pipeline.NewObjectID(), "type": "Flag",
		"actor": v.user.APID, "object": objects, "content": comment, "published": nowRFC3339(),
		reportKey: map[string]any{"category": category, "rule_ids": nonNilStrings(ruleIDs), "forwarded": forwarded,
			"status_ids": nonNilStrings(statusIDs)}}
	row, err := s.Pipeline.Ingest(ctx, flag, activity.Origin{Source: activity.Local})
	if err != nil {
		return err
	}
	if forwarded {
		if err := s.forwardReport(ctx, target, comment, remoteObjects); err != nil {
			return err
		}
	}
	rep, err := s.renderReport(ctx, row, target)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

// forwardReport sends a Flag of target (and its reported statuses) from the instance actor
// to target, which delivery takes to the target's server.
func (s *Service) forwardReport(ctx context.Context, target *store.User, comment string, statuses []any) error {
	ia, ok := s.Remote.(instanceActor)
	if !ok {
		return errorf(http.StatusUnprocessableEntity, "Validation failed: reports cannot be forwarded from this server")
	}
	inst, err := ia.EnsureInstanceActor(ctx)
	if err != nil {
		return err
	}
	flag := ap.Object{"@context": "https://www.w3.org/ns/activitystreams", "id": s.Pipeline.NewObjectID(), "type": "Flag",
		"actor": inst.APID, "object": append([]any{target.APID}, statuses...), "content": comment,
		"to": []any{target.APID}, "published": nowRFC3339()}
	_, err = s.Pipeline.Ingest(ctx, flag, activity.Origin{Source: activity.Local})
	return err
}

func (s *Service) renderReport(ctx context.Context, row *store.Object, target *store.User) (Report, error) {
	var doc struct {
		Content string `json:"content"`
		Report  struct {
			Category  string   `json:"category"`
			RuleIDs   []string `json:"rule_ids"`
			StatusIDs []string `json:"status_ids"`
			Forwarded bool     `json:"forwarded"`
		} `json:"egregoros:report"`
	}
	if err := json.Unmarshal(row.Data, &doc); err != nil {
		return Report{}, err
	}
	acct, err := s.renderAccount(ctx, target)
	if err != nil {
		return Report{}, err
	}
	return Report{ID: row.ID, Category: doc.Report.Category, Comment: doc.Content, Forwarded: doc.Report.Forwarded,
		CreatedAt: formatTime(row.Published), StatusIDs: nonNilStrings(doc.Report.StatusIDs),
		RuleIDs: nonNilStrings(doc.Report.RuleIDs), TargetAccount: acct}, nil
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
