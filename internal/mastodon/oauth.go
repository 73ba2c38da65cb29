package mastodon

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/egregoros/egregoros/internal/auth"
	"github.com/egregoros/egregoros/internal/store"
)

// OOB is the redirect URI that asks for the code to be shown instead of redirected.
const OOB = "urn:ietf:wg:oauth:2.0:oob"

const codeLifetime = 10 * time.Minute

// randomToken returns 32 random bytes, base64url without padding (43 characters).
func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// appEntity is the Mastodon Application entity.
type appEntity struct {
	ID                    string   `json:"id"`
	Name                  string   `json:"name"`
	Website               *string  `json:"website"`
	Scopes                []string `json:"scopes"`
	RedirectURI           string   `json:"redirect_uri"`
	RedirectURIs          []string `json:"redirect_uris"`
	VapidKey              string   `json:"vapid_key"`
	ClientID              string   `json:"client_id,omitempty"`
	ClientSecret          string   `json:"client_secret,omitempty"`
	ClientSecretExpiresAt *int     `json:"client_secret_expires_at,omitempty"`
}

func renderApp(a *store.App) appEntity {
	uris := strings.Split(a.RedirectURIs, "\n")
	e := appEntity{ID: a.ID, Name: a.Name, Scopes: strings.Fields(a.Scopes), RedirectURI: strings.Join(uris, "\n"), RedirectURIs: uris}
	if a.Website != "" {
		e.Website = &a.Website
	}
	return e
}

func validRedirectURI(u string) bool {
	if u == OOB {
		return true
	}
	p, err := url.Parse(u)
	return err == nil && p.Scheme != "" && p.Scheme != "javascript" && p.Scheme != "data" && len(u) <= 2000 &&
		(p.Host != "" || p.Opaque != "" || p.Path != "") && p.Fragment == ""
}

// createApp is POST /api/v1/apps.
func (s *Service) createApp(w http.ResponseWriter, r *http.Request, v *viewer) error {
	p, err := parseParams(w, r, maxBodyBytes)
	if err != nil {
		return err
	}
	name := strings.TrimSpace(p.String("client_name"))
	if name == "" || len(name) > 200 {
		return badRequest("client_name is required (at most 200 characters)")
	}
	var uris []string
	for _, u := range p.Strings("redirect_uris") {
		for _, line := range strings.Fields(u) {
			uris = append(uris, line)
		}
	}
	if len(uris) == 0 {
		return badRequest("redirect_uris is required")
	}
	for _, u := range uris {
		if !validRedirectURI(u) {
			return badRequest("redirect_uris must be absolute URIs: " + u)
		}
	}
	scopes, ok := parseScopes(p.String("scopes"))
	if !ok {
		return badRequest("scopes contains an unknown scope")
	}
	website := strings.TrimSpace(p.String("website"))
	if website != "" && !(strings.HasPrefix(website, "https://") || strings.HasPrefix(website, "http://")) {
		return badRequest("website must be an http(s) URL")
	}
	secret := randomToken()
	a := &store.App{Name: name, Website: website, RedirectURIs: strings.Join(uris, "\n"), Scopes: strings.Join(scopes, " "),
		ClientID: randomToken(), SecretDigest: store.Digest(secret)}
	if v != nil && v.user != nil {
		a.UserID = v.user.ID
	}
	if err := s.Store.CreateApp(r.Context(), a); err != nil {
		return err
	}
	e := renderApp(a)
	e.VapidKey = s.Push.PublicKey
	e.ClientID, e.ClientSecret = a.ClientID, secret
	zero := 0
	e.ClientSecretExpiresAt = &zero
	writeJSON(w, http.StatusOK, e)
	return nil
}

// verifyApp is GET /api/v1/apps/verify_credentials.
func (s *Service) verifyApp(w http.ResponseWriter, r *http.Request, v *viewer) error {
	a, err := s.Store.AppByID(r.Context(), v.token.AppID)
	if err != nil {
		return err
	}
	e := renderApp(a)
	e.VapidKey = s.Push.PublicKey
	writeJSON(w, http.StatusOK, e)
	return nil
}

// oauthError writes an RFC 6749 error response.
func oauthError(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
}

// clientAuth finds the app of a token request and checks its secret (form fields or HTTP
// Basic). secretOptional allows public clients that prove themselves with PKCE.
func (s *Service) clientAuth(r *http.Request, p *params, secretOptional bool) (*store.App, bool) {
	id, secret := p.String("client_id"), p.String("client_secret")
	if bid, bsecret, ok := r.BasicAuth(); ok {
		id, secret = bid, bsecret
	}
	if id == "" || len(id) > 200 {
		return nil, false
	}
	a, err := s.Store.AppByClientID(r.Context(), id)
	if err != nil {
		return nil, false
	}
	if secret == "" {
		return a, secretOptional
	}
	return a, subtle.ConstantTimeCompare([]byte(store.Digest(secret)), []byte(a.SecretDigest)) == 1
}

// tokenResponse is the body of a successful POST /oauth/token.
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	Scope        string `json:"scope"`
	CreatedAt    int64  `json:"created_at"`
	RefreshToken string `json:"refresh_token,omitempty"`
}

// NewToken issues an access token (and a refresh token) for an app and, unless userID is "",
// a user. Only digests are stored; the raw values are returned once.
func (s *Service) NewToken(ctx context.Context, appID, userID string, scopes []string) (tokenResponse, error) {
	raw, refresh := randomToken(), randomToken()
	t := &store.Token{Digest: store.Digest(raw), AppID: appID, UserID: userID, Scopes: strings.Join(scopes, " ")}
	if userID != "" {
		t.RefreshDigest = store.Digest(refresh)
	} else {
		refresh = ""
	}
	if err := s.Store.CreateToken(ctx, t); err != nil {
		return tokenResponse{}, err
	}
	return tokenResponse{AccessToken: raw, TokenType: "Bearer", Scope: t.Scopes, CreatedAt: t.CreatedAt.Unix(), RefreshToken: refresh}, nil
}

// token is POST /oauth/token: authorization_code (with PKCE S256), client_credentials,
// refresh_token and password grants.
func (s *Service) token(w http.ResponseWriter, r *http.Request) {
	p, err := parseParams(w, r, maxBodyBytes)
	if err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "malformed request body")
		return
	}
	ctx := r.Context()
	grant := p.String("grant_type")
	var app *store.App
	var ok bool
	switch grant {
	case "authorization_code":
		app, ok = s.clientAuth(r, p, p.String("code_verifier") != "")
	case "client_credentials", "password", "refresh_token":
		app, ok = s.clientAuth(r, p, false)
	default:
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type must be authorization_code, client_credentials, refresh_token or password")
		return
	}
	if !ok {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.")
		return
	}
	appScopes := strings.Fields(app.Scopes)
	requested := func() ([]string, bool) {
		if p.String("scope") == "" {
			return appScopes, true
		}
		sc, ok := parseScopes(p.String("scope"))
		return sc, ok && subset(sc, appScopes)
	}
	var resp tokenResponse
	switch grant {
	case "authorization_code":
		code, err := s.Store.TakeAuthCode(ctx, store.Digest(p.String("code")))
		if err != nil || code.AppID != app.ID || code.RedirectURI != p.String("redirect_uri") {
			oauthError(w, http.StatusBadRequest, "invalid_grant", "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.")
			return
		}
		if code.CodeChallenge != "" && !pkceValid(code.CodeChallenge, p.String("code_verifier")) {
			oauthError(w, http.StatusBadRequest, "invalid_grant", "PKCE verification failed")
			return
		}
		if code.CodeChallenge == "" && p.String("client_secret") == "" {
			if _, _, basic := r.BasicAuth(); !basic {
				oauthError(w, http.StatusUnauthorized, "invalid_client", "client_secret is required without PKCE")
				return
			}
		}
		resp, err = s.NewToken(ctx, app.ID, code.UserID, strings.Fields(code.Scopes))
		if err != nil {
			fail(w, r, err)
			return
		}
	case "client_credentials":
		sc, ok := requested()
		if !ok {
			oauthError(w, http.StatusBadRequest, "invalid_scope", "The requested scope is invalid, unknown, or malformed.")
			return
		}
		if resp, err = s.NewToken(ctx, app.ID, "", sc); err != nil {
			fail(w, r, err)
			return
		}
	case "password":
		sc, ok := requested()
		if !ok {
			oauthError(w, http.StatusBadRequest, "invalid_scope", "The requested scope is invalid, unknown, or malformed.")
			return
		}
		u, err := s.checkLogin(ctx, p.String("username"), p.String("password"))
		if err != nil {
			oauthError(w, http.StatusBadRequest, "invalid_grant", "Invalid username or password")
			return
		}
		if resp, err = s.NewToken(ctx, app.ID, u.ID, sc); err != nil {
			fail(w, r, err)
			return
		}
	case "refresh_token":
		old, err := s.Store.TokenByRefreshDigest(ctx, store.Digest(p.String("refresh_token")))
		if err != nil || old.AppID != app.ID {
			oauthError(w, http.StatusBadRequest, "invalid_grant", "The refresh token is invalid")
			return
		}
		if err := s.Store.RevokeToken(ctx, old.ID); err != nil {
			fail(w, r, err)
			return
		}
		if resp, err = s.NewToken(ctx, app.ID, old.UserID, strings.Fields(old.Scopes)); err != nil {
			fail(w, r, err)
			return
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, resp)
}

// pkceValid checks an S256 code verifier against its challenge (RFC 7636).
func pkceValid(challenge, verifier string) bool {
	if len(verifier) < 43 || len(verifier) > 128 {
		return false
	}
	sum := sha256.Sum256([]byte(verifier))
	return subtle.ConstantTimeCompare([]byte(base64.RawURLEncoding.EncodeToString(sum[:])), []byte(challenge)) == 1
}

// checkLogin is auth.CheckLogin on this server's store.
func (s *Service) checkLogin(ctx context.Context, login, password string) (*store.User, error) {
	return auth.CheckLogin(ctx, s.Store, login, password)
}

// revoke is POST /oauth/revoke (RFC 7009): the app revokes one of its tokens.
func (s *Service) revoke(w http.ResponseWriter, r *http.Request) {
	p, err := parseParams(w, r, maxBodyBytes)
	if err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "malformed request body")
		return
	}
	app, ok := s.clientAuth(r, p, false)
	if !ok {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "Client authentication failed")
		return
	}
	t, err := s.Store.TokenByDigest(r.Context(), store.Digest(p.String("token")))
	if err == nil {
		if t.AppID != app.ID {
			oauthError(w, http.StatusForbidden, "unauthorized_client", "You are not authorized to revoke this token")
			return
		}
		if err := s.Store.RevokeToken(r.Context(), t.ID); err != nil {
			fail(w, r, err)
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{})
}

// oauthMetadata is GET /.well-known/oauth-authorization-server (RFC 8414).
func (s *Service) oauthMetadata(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                s.BaseURL + "/",
		"authorization_endpoint":                s.BaseURL + "/oauth/authorize",
		"token_endpoint":                        s.BaseURL + "/oauth/token",
		"revocation_endpoint":                   s.BaseURL + "/oauth/revoke",
		"userinfo_endpoint":                     s.BaseURL + "/oauth/userinfo",
		"app_registration_endpoint":             s.BaseURL + "/api/v1/apps",
		"scopes_supported":                      knownScopes,
		"response_types_supported":              []string{"code"},
		"response_modes_supported":              []string{"query", "fragment", "form_post"},
		"grant_types_supported":                 []string{"authorization_code", "password", "client_credentials", "refresh_token"},
		"code_challenge_methods_supported":      []string{"S256"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post", "none"},
		"service_documentation":                 "https://docs.joinmastodon.org/",
	})
}

// CreateToken issues a user token through a named first-party application (created on first
// use with every scope), for `egregoros token create`. Unknown scopes are refused.
func (s *Service) CreateToken(ctx context.Context, clientID string, u *store.User, scopes []string) (tokenResponse, error) {
	sc, ok := parseScopes(strings.Join(scopes, " "))
	if !ok {
		return tokenResponse{}, fmt.Errorf("unknown scope in %q", strings.Join(scopes, " "))
	}
	app, err := s.Store.AppByClientID(ctx, clientID)
	if errors.Is(err, store.ErrNotFound) {
		app = &store.App{Name: clientID, RedirectURIs: OOB, Scopes: strings.Join(knownScopes, " "), ClientID: clientID,
			SecretDigest: store.Digest(randomToken())}
		err = s.Store.CreateApp(ctx, app)
	}
	if err != nil {
		return tokenResponse{}, err
	}
	return s.NewToken(ctx, app.ID, u.ID, sc)
}
