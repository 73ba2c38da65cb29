package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"time"
)

// Digest is how secrets, codes and tokens are stored: hex SHA-256.
func Digest(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// App is a registered OAuth client application.
type App struct {
	ID           string
	Name         string
	Website      string
	RedirectURIs string // newline-separated
	Scopes       string // space-separated
	ClientID     string
	SecretDigest string
	UserID       string // the user who created it, when signed in
	CreatedAt    time.Time
}

// CreateApp stores a new application.
func (d *DB) CreateApp(ctx context.Context, a *App) error {
	if a.ID == "" {
		a.ID = NewID()
	}
	a.CreatedAt = time.Now().UTC()
	_, err := d.exec(ctx, `INSERT INTO oauth_apps (id, name, website, redirect_uris, scopes, client_id, client_secret, user_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.ID, a.Name, a.Website, a.RedirectURIs, a.Scopes, a.ClientID, a.SecretDigest,
		nullStr(a.UserID), a.CreatedAt)
	if err != nil {
		return fmt.Errorf("store: create app: %w", err)
	}
	return nil
}

const appColumns = `id, name, website, redirect_uris, scopes, client_id, client_secret, user_id, created_at`

func scanApp(row interface{ Scan(...any) error }) (*App, error) {
	var a App
	var user sql.NullString
	if err := row.Scan(&a.ID, &a.Name, &a.Website, &a.RedirectURIs, &a.Scopes, &a.ClientID, &a.SecretDigest, &user, &a.CreatedAt); err != nil {
		return nil, err
	}
	a.UserID = user.String
	return &a, nil
}

// AppByClientID returns the application with this client_id, or ErrNotFound.
func (d *DB) AppByClientID(ctx context.Context, clientID string) (*App, error) {
	a, err := scanApp(d.queryRow(ctx, `SELECT `+appColumns+` FROM oauth_apps WHERE client_id = ?`, clientID))
	if err != nil {
		return nil, notFound(err, "app")
	}
	return a, nil
}

// AppByID returns the application with this id, or ErrNotFound.
func (d *DB) AppByID(ctx context.Context, id string) (*App, error) {
	a, err := scanApp(d.queryRow(ctx, `SELECT `+appColumns+` FROM oauth_apps WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "app")
	}
	return a, nil
}

// AuthCode is a pending authorization code (stored as a digest).
type AuthCode struct {
	CodeDigest          string
	AppID               string
	UserID              string
	RedirectURI         string
	Scopes              string
	CodeChallenge       string
	CodeChallengeMethod string
	ExpiresAt           time.Time
}

// CreateAuthCode stores an authorization code.
func (d *DB) CreateAuthCode(ctx context.Context, c *AuthCode) error {
	_, err := d.exec(ctx, `INSERT INTO oauth_codes (code_digest, app_id, user_id, redirect_uri, scopes, code_challenge,
		code_challenge_method, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.CodeDigest, c.AppID, c.UserID, c.RedirectURI, c.Scopes, c.CodeChallenge, c.CodeChallengeMethod,
		c.ExpiresAt.UTC(), time.Now().UTC())
	if err != nil {
		return fmt.Errorf("store: create code: %w", err)
	}
	return nil
}

// TakeAuthCode returns and deletes an unexpired code (codes are single-use), or ErrNotFound.
func (d *DB) TakeAuthCode(ctx context.Context, digest string) (*AuthCode, error) {
	var c AuthCode
	err := d.queryRow(ctx, `DELETE FROM oauth_codes WHERE code_digest = ? RETURNING code_digest, app_id, user_id,
		redirect_uri, scopes, code_challenge, code_challenge_method, expires_at`, digest).
		Scan(&c.CodeDigest, &c.AppID, &c.UserID, &c.RedirectURI, &c.Scopes, &c.CodeChallenge, &c.CodeChallengeMethod, &c.ExpiresAt)
	if err != nil {
		return nil, notFound(err, "authorization code")
	}
	if time.Now().After(c.ExpiresAt) {
		return nil, fmt.Errorf("store: authorization code expired: %w", ErrNotFound)
	}
	return &c, nil
}

// Token is an access token (stored as a digest) with its optional refresh token.
type Token struct {
	ID            string
	Digest        string
	RefreshDigest string
	AppID         string
	UserID        string // "" for client_credentials tokens
	Scopes        string
	ExpiresAt     *time.Time
	RevokedAt     *time.Time
	CreatedAt     time.Time
}

// CreateToken stores a token.
func (d *DB) CreateToken(ctx context.Context, t *Token) error {
	if t.ID == "" {
		t.ID = NewID()
	}
	t.CreatedAt = time.Now().UTC()
	var expires any
	if t.ExpiresAt != nil {
		expires = t.ExpiresAt.UTC()
	}
	_, err := d.exec(ctx, `INSERT INTO oauth_tokens (id, token_digest, refresh_token_digest, app_id, user_id, scopes, expires_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, t.ID, t.Digest, nullStr(t.RefreshDigest), t.AppID, nullStr(t.UserID), t.Scopes, expires, t.CreatedAt)
	if err != nil {
		return fmt.Errorf("store: create token: %w", err)
	}
	return nil
}

const tokenColumns = `id, token_digest, refresh_token_digest, app_id, user_id, scopes, expires_at, revoked_at, created_at`

func scanToken(row interface{ Scan(...any) error }) (*Token, error) {
	var t Token
	var refresh, user sql.NullString
	var expires, revoked sql.NullTime
	if err := row.Scan(&t.ID, &t.Digest, &refresh, &t.AppID, &user, &t.Scopes, &expires, &revoked, &t.CreatedAt); err != nil {
		return nil, err
	}
	t.RefreshDigest, t.UserID = refresh.String, user.String
	if expires.Valid {
		e := expires.Time.UTC()
		t.ExpiresAt = &e
	}
	if revoked.Valid {
		r := revoked.Time.UTC()
		t.RevokedAt = &r
	}
	return &t, nil
}

// TokenByDigest returns a live (unrevoked, unexpired) token, or ErrNotFound.
func (d *DB) TokenByDigest(ctx context.Context, digest string) (*Token, error) {
	t, err := scanToken(d.queryRow(ctx, `SELECT `+tokenColumns+` FROM oauth_tokens WHERE token_digest = ?
		AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)`, digest, time.Now().UTC()))
	if err != nil {
		return nil, notFound(err, "token")
	}
	return t, nil
}

// TokenByRefreshDigest returns the unrevoked token holding this refresh token, or ErrNotFound.
func (d *DB) TokenByRefreshDigest(ctx context.Context, digest string) (*Token, error) {
	t, err := scanToken(d.queryRow(ctx, `SELECT `+tokenColumns+` FROM oauth_tokens WHERE refresh_token_digest = ?
		AND revoked_at IS NULL`, digest))
	if err != nil {
		return nil, notFound(err, "refresh token")
	}
	return t, nil
}

// RevokeToken revokes a token by id.
func (d *DB) RevokeToken(ctx context.Context, id string) error {
	if _, err := d.exec(ctx, `UPDATE oauth_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, time.Now().UTC(), id); err != nil {
		return fmt.Errorf("store: revoke token: %w", err)
	}
	return nil
}
