package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
)

// A list's accounts are relationships of type RelListPrefix + the list's id, from the owner
// to the account. An account stays in a list only while the owner follows it (or asked to):
// the queries below join the Follow or FollowRequest, as Mastodon binds a list's accounts to
// follows, and when the last of those ends (unfollow, block, Reject, removal from followers)
// a trigger removes the account from all of the owner's lists (migration 0015), so that a
// new follow does not bring it back.
const RelListPrefix = "List:"

// Replies policies of a list: which replies by its accounts it shows, besides those to the
// author themself and to the list's owner.
const (
	RepliesFollowed = "followed" // replies to anyone the owner follows
	RepliesList     = "list"     // replies to the list's accounts
	RepliesNone     = "none"     // no other replies
)

// List is a user's list of followed accounts.
type List struct {
	ID            string
	UserID        string
	Title         string
	RepliesPolicy string
	Exclusive     bool // its accounts' posts are left out of the owner's home timeline
	CreatedAt     time.Time
}

// MemberType is the relationship type of the list's accounts.
func (l *List) MemberType() string { return RelListPrefix + l.ID }

const listColumns = `id, user_id, title, replies_policy, exclusive, created_at`

func scanList(row interface{ Scan(...any) error }) (*List, error) {
	var l List
	if err := row.Scan(&l.ID, &l.UserID, &l.Title, &l.RepliesPolicy, &l.Exclusive, &l.CreatedAt); err != nil {
		return nil, err
	}
	l.CreatedAt = l.CreatedAt.UTC()
	return &l, nil
}

func (d *DB) lists(ctx context.Context, q string, args ...any) ([]*List, error) {
	rows, err := d.query(ctx, `SELECT `+listColumns+` FROM lists WHERE `+q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: lists: %w", err)
	}
	defer rows.Close()
	var out []*List
	for rows.Next() {
		l, err := scanList(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// CreateList stores a new list.
func (d *DB) CreateList(ctx context.Context, l *List) error {
	l.ID, l.CreatedAt = NewID(), time.Now().UTC()
	_, err := d.exec(ctx, `INSERT INTO lists (`+listColumns+`) VALUES (?, ?, ?, ?, ?, ?)`,
		l.ID, l.UserID, l.Title, l.RepliesPolicy, l.Exclusive, l.CreatedAt)
	if err != nil {
		return fmt.Errorf("store: create list: %w", err)
	}
	return nil
}

// UpdateList saves a list's title, replies policy and exclusivity.
func (d *DB) UpdateList(ctx context.Context, l *List) error {
	_, err := d.exec(ctx, `UPDATE lists SET title = ?, replies_policy = ?, exclusive = ? WHERE id = ? AND user_id = ?`,
		l.Title, l.RepliesPolicy, l.Exclusive, l.ID, l.UserID)
	if err != nil {
		return fmt.Errorf("store: update list: %w", err)
	}
	return nil
}

// DeleteList removes a list of a user and its accounts; false when the user has no such list.
func (d *DB) DeleteList(ctx context.Context, userID, id string) (bool, error) {
	res, err := d.exec(ctx, `DELETE FROM lists WHERE id = ? AND user_id = ?`, id, userID)
	if err != nil {
		return false, fmt.Errorf("store: delete list: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	if _, err := d.exec(ctx, `DELETE FROM relationships WHERE type = ?`, RelListPrefix+id); err != nil {
		return false, fmt.Errorf("store: delete list accounts: %w", err)
	}
	return true, nil
}

// ListByID returns a list of a user, or ErrNotFound (also when another user owns it).
func (d *DB) ListByID(ctx context.Context, userID, id string) (*List, error) {
	l, err := scanList(d.queryRow(ctx, `SELECT `+listColumns+` FROM lists WHERE id = ? AND user_id = ?`, id, userID))
	if err != nil {
		return nil, notFound(err, "list "+id)
	}
	return l, nil
}

// ListsOf returns a user's lists, oldest first.
func (d *DB) ListsOf(ctx context.Context, userID string) ([]*List, error) {
	return d.lists(ctx, `user_id = ? ORDER BY id`, userID)
}

// CountLists counts a user's lists.
func (d *DB) CountLists(ctx context.Context, userID string) (int, error) {
	var n int
	if err := d.queryRow(ctx, `SELECT count(*) FROM lists WHERE user_id = ?`, userID).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count lists: %w", err)
	}
	return n, nil
}

// followedSQL is the condition that owner (an SQL expression) follows, or asked to follow,
// account (another expression).
func followedSQL(owner, account string) string {
	return `EXISTS (SELECT 1 FROM relationships lf WHERE lf.type IN ('Follow', 'FollowRequest') AND lf.actor = ` + owner +
		` AND lf.object = ` + account + `)`
}

// ListsHolding returns the lists of the user (whose actor is owner) that hold account.
func (d *DB) ListsHolding(ctx context.Context, userID, owner, account string) ([]*List, error) {
	return d.lists(ctx, `user_id = ? AND EXISTS (SELECT 1 FROM relationships r WHERE r.type = '`+RelListPrefix+
		`' || lists.id AND r.actor = ? AND r.object = ?) AND `+followedSQL("?", "?")+` ORDER BY id`,
		userID, owner, account, owner, account)
}

// AddListAccounts puts accounts in the list of owner.
func (d *DB) AddListAccounts(ctx context.Context, l *List, owner string, accounts []string) error {
	for _, a := range accounts {
		if _, err := d.PutRelationship(ctx, &Relationship{Type: l.MemberType(), Actor: owner, Object: a}); err != nil {
			return err
		}
	}
	return nil
}

// RemoveListAccounts takes accounts out of the list.
func (d *DB) RemoveListAccounts(ctx context.Context, l *List, owner string, accounts []string) error {
	if len(accounts) == 0 {
		return nil
	}
	_, err := d.exec(ctx, `DELETE FROM relationships WHERE type = ? AND actor = ? AND object IN (`+inList(len(accounts))+`)`,
		append([]any{l.MemberType(), owner}, anys(accounts)...)...)
	if err != nil {
		return fmt.Errorf("store: remove list accounts: %w", err)
	}
	return nil
}

// ListAccountsPage lists, newest first, the list's accounts (still followed, and stored),
// paged by relationship id; a limit of 0 or less lists them all.
func (d *DB) ListAccountsPage(ctx context.Context, l *List, owner string, p Page) ([]*Relationship, error) {
	q := `SELECT r.id, r.type, r.actor, r.object, r.created_at FROM relationships r JOIN users u ON u.ap_id = r.object
		WHERE r.type = ? AND r.actor = ? AND ` + followedSQL("r.actor", "r.object")
	args := []any{l.MemberType(), owner}
	if p.Limit > 0 {
		var c string
		c, args = p.clause("r.id", args)
		q += c
	} else {
		q += ` ORDER BY r.id DESC`
	}
	rows, err := d.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list accounts: %w", err)
	}
	defer rows.Close()
	var out []*Relationship
	for rows.Next() {
		var r Relationship
		if err := rows.Scan(&r.ID, &r.Type, &r.Actor, &r.Object, &r.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, &r)
	}
	return out, rows.Err()
}

// ListHasAccount reports whether account is in the list (and still followed).
func (d *DB) ListHasAccount(ctx context.Context, l *List, owner, account string) (bool, error) {
	var one int
	err := d.queryRow(ctx, `SELECT 1 FROM relationships r WHERE r.type = ? AND r.actor = ? AND r.object = ? AND `+
		followedSQL("r.actor", "r.object"), l.MemberType(), owner, account).Scan(&one)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: list account: %w", err)
	}
	return true, nil
}

// listMembersSQL selects the accounts of the list (a relationship type argument) of owner.
const listMembersSQL = `SELECT lm.object FROM relationships lm WHERE lm.type = ? AND lm.actor = ?
	AND EXISTS (SELECT 1 FROM relationships lf WHERE lf.type IN ('Follow', 'FollowRequest') AND lf.actor = lm.actor AND lf.object = lm.object)`

// ListTimeline is a list's timeline for its owner: the statuses and boosts of its accounts
// that the owner may see, with the replies its policy shows (a reply to the author
// themself, to the owner, or to an unknown status is always shown), newest first.
func (d *DB) ListTimeline(ctx context.Context, l *List, owner string, hide Hiding, p Page, ascend bool) ([]*Object, error) {
	where := []string{`o.type IN ('Note', 'Question', 'Announce')`, `o.actor IN (` + listMembersSQL + `)`}
	args := []any{l.MemberType(), owner}
	replies := `o.in_reply_to IS NULL OR NOT EXISTS (SELECT 1 FROM objects rp WHERE rp.ap_id = o.in_reply_to
		AND rp.actor <> o.actor AND rp.actor <> ?`
	rargs := []any{owner}
	switch l.RepliesPolicy {
	case RepliesFollowed:
		replies += ` AND rp.actor NOT IN (SELECT object FROM relationships WHERE type = 'Follow' AND actor = ?)`
		rargs = append(rargs, owner)
	case RepliesList:
		replies += ` AND rp.actor NOT IN (` + listMembersSQL + `)`
		rargs = append(rargs, l.MemberType(), owner)
	}
	where, args = append(where, `(`+replies+`))`), append(args, rargs...)
	vis, visArgs := visibleSQL(owner)
	hidden, hiddenArgs := hiddenActorSQL("o.actor", owner)
	where, args = append(where, vis, hidden), slices.Concat(args, visArgs, hiddenArgs)
	// Boosts of statuses by accounts the owner blocks or mutes are hidden, as in timelines.
	where = append(where, `NOT (o.type = 'Announce' AND EXISTS (SELECT 1 FROM relationships b WHERE b.actor = ?
			AND b.type IN ('Block', 'Mute') AND (b.expires_at IS NULL OR b.expires_at > ?)
			AND b.object = (SELECT bo.actor FROM objects bo WHERE bo.ap_id = o.object)))`)
	args = append(args, owner, time.Now().UTC())
	if c, a := hide.SQL(); c != "" {
		where, args = append(where, c), append(args, a...)
	}
	order := "DESC"
	if p.MaxID != "" {
		where, args = append(where, "o.id < ?"), append(args, p.MaxID)
	}
	if p.MinID != "" {
		where, args = append(where, "o.id > ?"), append(args, p.MinID)
		if ascend {
			order = "ASC"
		}
	}
	limit := p.Limit
	if limit <= 0 || limit > 40 {
		limit = 20
	}
	rows, err := d.query(ctx, `SELECT `+prefixed("o", objectColumns)+` FROM objects o WHERE `+strings.Join(where, " AND ")+
		` ORDER BY o.id `+order+` LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: list timeline: %w", err)
	}
	out, err := collectObjects(rows)
	if err != nil {
		return nil, err
	}
	if order == "ASC" {
		slices.Reverse(out)
	}
	return out, nil
}

// ExclusiveListIDs returns the ids of a user's exclusive lists.
func (d *DB) ExclusiveListIDs(ctx context.Context, userID string) ([]string, error) {
	return d.strings(ctx, `SELECT id FROM lists WHERE user_id = ? AND exclusive ORDER BY id`, userID)
}

// InExclusiveList reports whether account is in one of the exclusive lists of the user
// (whose actor is owner).
func (d *DB) InExclusiveList(ctx context.Context, userID, owner, account string) (bool, error) {
	var one int
	err := d.queryRow(ctx, `SELECT 1 FROM lists l JOIN relationships r ON r.type = '`+RelListPrefix+`' || l.id
		WHERE l.user_id = ? AND l.exclusive AND r.actor = ? AND r.object = ? LIMIT 1`, userID, owner, account).Scan(&one)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: exclusive lists: %w", err)
	}
	return true, nil
}
