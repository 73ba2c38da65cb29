package store

import (
	"context"
	"fmt"
	"slices"
)

// A direct conversation of a local user is a thread (context) of direct statuses the user
// wrote or was addressed: it is computed from objects and addressing, and the conversations
// table keeps only the user's state of it (a stable id, what was read, what was removed).

// directOf selects (id, context, actor) of the direct statuses of actor apID: written by them
// or addressed to them.
const directOf = `SELECT o.id, o.context, o.actor FROM objects o
	WHERE o.actor = ? AND o.visibility = 'direct' AND o.type IN ('Note', 'Question') AND o.context IS NOT NULL
	UNION
	SELECT o.id, o.context, o.actor FROM addressing a JOIN objects o ON o.id = a.object_id
	WHERE a.recipient = ? AND o.visibility = 'direct' AND o.type IN ('Note', 'Question') AND o.context IS NOT NULL`

// Conversation is a user's direct conversation: its thread and the user's state of it.
type Conversation struct {
	ID             string
	UserID         string
	Context        string
	LastReadID     string // statuses of others above this id are unread
	RemovedUntilID string // removed from the list until a status above this id arrives
	LastID         string // the newest status of the thread the user has
	LastOtherID    string // the newest status of the thread by someone else
}

// Unread reports whether someone else wrote in the conversation since the user read it.
func (c *Conversation) Unread() bool { return c.LastOtherID > c.LastReadID }

// Conversations returns a page of a user's (userID, actor apID) conversations, by their
// newest status (the page's ids are those), newest first; removed ones are left out until a
// newer status arrives. Each has its row in conversations (made on first sight).
func (d *DB) Conversations(ctx context.Context, userID, apID string, p Page, ascend bool) ([]*Conversation, error) {
	q := `SELECT t.context, max(t.id), COALESCE(max(CASE WHEN t.actor <> ? THEN t.id END), '') FROM (` + directOf + `) t
		LEFT JOIN conversations c ON c.user_id = ? AND c.context = t.context
		GROUP BY t.context HAVING max(t.id) > COALESCE(max(c.removed_until_id), '')`
	tail, args, reversed := p.window("max(t.id)", []any{apID, apID, apID, userID}, ascend)
	out, err := d.threads(ctx, q+tail, args...)
	if err != nil {
		return nil, err
	}
	if reversed {
		slices.Reverse(out)
	}
	return out, d.withState(ctx, userID, out)
}

// ConversationOfContext returns a user's conversation in one thread (ErrNotFound when the
// user has no direct status in it), whether removed or not.
func (d *DB) ConversationOfContext(ctx context.Context, userID, apID, context string) (*Conversation, error) {
	q := `SELECT t.context, max(t.id), COALESCE(max(CASE WHEN t.actor <> ? THEN t.id END), '') FROM (` + directOf + `) t
		WHERE t.context = ? GROUP BY t.context`
	out, err := d.threads(ctx, q, apID, apID, apID, context)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("store: conversation: %w", ErrNotFound)
	}
	return out[0], d.withState(ctx, userID, out)
}

// ConversationByID returns a user's conversation by its id, or ErrNotFound.
func (d *DB) ConversationByID(ctx context.Context, userID, apID, id string) (*Conversation, error) {
	var context string
	if err := d.queryRow(ctx, `SELECT context FROM conversations WHERE id = ? AND user_id = ?`, id, userID).Scan(&context); err != nil {
		return nil, notFound(err, "conversation "+id)
	}
	return d.ConversationOfContext(ctx, userID, apID, context)
}

func (d *DB) threads(ctx context.Context, q string, args ...any) ([]*Conversation, error) {
	rows, err := d.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: conversations: %w", err)
	}
	defer rows.Close()
	var out []*Conversation
	for rows.Next() {
		var c Conversation
		if err := rows.Scan(&c.Context, &c.LastID, &c.LastOtherID); err != nil {
			return nil, err
		}
		out = append(out, &c)
	}
	return out, rows.Err()
}

// withState loads (creating where missing) the user's rows of these conversations.
func (d *DB) withState(ctx context.Context, userID string, list []*Conversation) error {
	if len(list) == 0 {
		return nil
	}
	byCtx := make(map[string]*Conversation, len(list))
	ctxs := make([]string, 0, len(list))
	for _, c := range list {
		c.UserID = userID
		byCtx[c.Context] = c
		ctxs = append(ctxs, c.Context)
		if _, err := d.exec(ctx, `INSERT INTO conversations (id, user_id, context) VALUES (?, ?, ?) ON CONFLICT (user_id, context) DO NOTHING`,
			NewID(), userID, c.Context); err != nil {
			return fmt.Errorf("store: conversation: %w", err)
		}
	}
	rows, err := d.query(ctx, `SELECT id, context, last_read_id, removed_until_id FROM conversations
		WHERE user_id = ? AND context IN (`+inList(len(ctxs))+`)`, append([]any{userID}, anys(ctxs)...)...)
	if err != nil {
		return fmt.Errorf("store: conversations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, cx, read, removed string
		if err := rows.Scan(&id, &cx, &read, &removed); err != nil {
			return err
		}
		if c := byCtx[cx]; c != nil {
			c.ID, c.LastReadID, c.RemovedUntilID = id, read, removed
		}
	}
	return rows.Err()
}

// MarkConversationRead records that the user read the conversation up to upTo.
func (d *DB) MarkConversationRead(ctx context.Context, userID, id, upTo string) error {
	if _, err := d.exec(ctx, `UPDATE conversations SET last_read_id = ? WHERE id = ? AND user_id = ? AND last_read_id < ?`,
		upTo, id, userID, upTo); err != nil {
		return fmt.Errorf("store: read conversation: %w", err)
	}
	return nil
}

// RemoveConversation takes the conversation off the user's list until a status above upTo
// arrives (the statuses stay).
func (d *DB) RemoveConversation(ctx context.Context, userID, id, upTo string) error {
	if _, err := d.exec(ctx, `UPDATE conversations SET removed_until_id = ?, last_read_id = ? WHERE id = ? AND user_id = ?`,
		upTo, upTo, id, userID); err != nil {
		return fmt.Errorf("store: remove conversation: %w", err)
	}
	return nil
}

// DirectTimeline returns a page of the direct statuses of actor apID (written by or
// addressed to them), newest first.
func (d *DB) DirectTimeline(ctx context.Context, apID string, p Page, ascend bool) ([]*Object, error) {
	q := `SELECT ` + objectColumns + ` FROM objects WHERE id IN (SELECT t.id FROM (` + directOf + `) t)`
	tail, args, reversed := p.window("id", []any{apID, apID}, ascend)
	rows, err := d.query(ctx, q+tail, args...)
	if err != nil {
		return nil, fmt.Errorf("store: direct timeline: %w", err)
	}
	out, err := collectObjects(rows)
	if reversed {
		slices.Reverse(out)
	}
	return out, err
}

// ConversationStatuses loads the last statuses of conversations, by id (any order).
func (d *DB) ConversationStatuses(ctx context.Context, ids []string) ([]*Object, error) {
	ids = uniq(ids)
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := d.query(ctx, `SELECT `+objectColumns+` FROM objects WHERE id IN (`+inList(len(ids))+`)`, anys(ids)...)
	if err != nil {
		return nil, fmt.Errorf("store: conversation statuses: %w", err)
	}
	defer rows.Close()
	var out []*Object
	for rows.Next() {
		o, err := scanObject(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
