package mastodon

import (
	"crypto/subtle"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/egregoros/egregoros/internal/store"
)

// authorizeRequest is what GET /oauth/authorize carries, validated against the app.
type authorizeRequest struct {
	App           *store.App
	ClientID      string
	RedirectURI   string
	Scope         string
	Scopes        []string
	State         string
	Challenge     string
	ChallengeMeth string
}

const csrfCookie = "_egregoros_oauth_csrf"

var authorizePage = template.Must(template.New("authorize").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Authorize {{.Req.App.Name}}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 28rem; margin: 3rem auto; padding: 0 1rem">
{{if .Code}}
<h1>Authorization code</h1>
<p>Copy this code into {{.Req.App.Name}}:</p>
<p><code id="code" style="font-size: 1.2rem; user-select: all">{{.Code}}</code></p>
{{else}}
<h1>Authorize {{.Req.App.Name}}</h1>
<p><strong>{{.Req.App.Name}}</strong> asks for access to your account: {{range $i, $s := .Req.Scopes}}{{if $i}}, {{end}}<code>{{$s}}</code>{{end}}.</p>
{{if .Error}}<p role="alert" style="color: #b00">{{.Error}}</p>{{end}}
{{if .User}}<p>Signed in as <strong>@{{.User}}</strong>.</p>{{end}}
<form method="post" action="/oauth/authorize">
<input type="hidden" name="client_id" value="{{.Req.ClientID}}">
<input type="hidden" name="redirect_uri" value="{{.Req.RedirectURI}}">
<input type="hidden" name="scope" value="{{.Req.Scope}}">
<input type="hidden" name="state" value="{{.Req.State}}">
<input type="hidden" name="code_challenge" value="{{.Req.Challenge}}">
<input type="hidden" name="code_challenge_method" value="{{.Req.ChallengeMeth}}">
<input type="hidden" name="csrf_token" value="{{.CSRF}}">
{{if not .User}}<p><label>Username or email<br><input name="username" autocomplete="username" required></label></p>
<p><label>Password<br><input name="password" type="password" autocomplete="current-password" required></label></p>{{end}}
<p><button type="submit" name="decision" value="approve">Authorize</button>
<button type="submit" name="decision" value="deny">Deny</button></p>
</form>
{{end}}
</body></html>
`))

// parseAuthorize validates the client, redirect URI, scopes and PKCE parameters.
func (s *Service) parseAuthorize(r *http.Request, v url.Values) (*authorizeRequest, string) {
	req := &authorizeRequest{ClientID: v.Get("client_id"), RedirectURI: v.Get("redirect_uri"), State: v.Get("state"),
		Challenge: v.Get("code_challenge"), ChallengeMeth: v.Get("code_challenge_method")}
	if req.ClientID == "" || len(req.ClientID) > 200 {
		return nil, "client_id is required"
	}
	app, err := s.Store.AppByClientID(r.Context(), req.ClientID)
	if err != nil {
		return nil, "Client authentication failed: unknown client"
	}
	req.App = app
	uris := strings.Split(app.RedirectURIs, "\n")
	if req.RedirectURI == "" && len(uris) == 1 {
		req.RedirectURI = uris[0]
	}
	if !slices.Contains(uris, req.RedirectURI) {
		return nil, "The redirect uri included is not valid."
	}
	if rt := v.Get("response_type"); rt != "" && rt != "code" {
		return nil, "response_type must be code"
	}
	scopes, ok := parseScopes(v.Get("scope"))
	if v.Get("scope") == "" {
		scopes, ok = strings.Fields(app.Scopes), true
	}
	if !ok || !subset(scopes, strings.Fields(app.Scopes)) {
		return nil, "The requested scope is invalid, unknown, or malformed."
	}
	req.Scopes, req.Scope = scopes, strings.Join(scopes, " ")
	if req.Challenge != "" && req.ChallengeMeth != "S256" {
		return nil, "code_challenge_method must be S256"
	}
	if len(req.Challenge) > 128 || len(req.State) > 1024 {
		return nil, "parameters too long"
	}
	return req, ""
}

func renderAuthorize(w http.ResponseWriter, status int, data map[string]any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
	w.Header().Set("X-Frame-Options", "DENY")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = authorizePage.Execute(w, data)
}

func authorizeFailure(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_ = template.Must(template.New("e").Parse(`<!doctype html><title>Authorization error</title><h1>Authorization error</h1><p>{{.}}</p>`)).Execute(w, msg)
}

// authorizeForm is GET /oauth/authorize: the login and consent page.
func (s *Service) authorizeForm(w http.ResponseWriter, r *http.Request) {
	req, msg := s.parseAuthorize(r, r.URL.Query())
	if req == nil {
		authorizeFailure(w, http.StatusBadRequest, msg)
		return
	}
	if u := s.sessionUser(r); u != nil {
		// Signed in on the web UI: consent only, with the session's CSRF token.
		renderAuthorize(w, http.StatusOK, map[string]any{"Req": req, "CSRF": s.Sessions.CSRFToken(r), "User": u.Nickname})
		return
	}
	csrf := randomToken()
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: csrf, Path: "/oauth", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: strings.HasPrefix(s.BaseURL, "https://"), MaxAge: 3600})
	renderAuthorize(w, http.StatusOK, map[string]any{"Req": req, "CSRF": csrf})
}

// sessionUser is the web UI's signed-in user, nil without Sessions or a session.
func (s *Service) sessionUser(r *http.Request) *store.User {
	if s.Sessions == nil {
		return nil
	}
	u, err := s.Sessions.SignedIn(r)
	if err != nil {
		return nil
	}
	return u
}

// authorizeSubmit is POST /oauth/authorize: checks CSRF and the password, then redirects back
// with a code (or shows it for the out-of-band redirect URI).
func (s *Service) authorizeSubmit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		authorizeFailure(w, http.StatusBadRequest, "malformed form")
		return
	}
	req, msg := s.parseAuthorize(r, r.PostForm)
	if req == nil {
		authorizeFailure(w, http.StatusBadRequest, msg)
		return
	}
	// Two ways in: a signed-in web session (its CSRF token) or the password form (the token of
	// the page's own cookie).
	sessionUser := s.sessionUser(r)
	usePassword := r.PostForm.Get("username") != "" || sessionUser == nil
	token := r.PostForm.Get("csrf_token")
	if usePassword {
		cookie, err := r.Cookie(csrfCookie)
		if err != nil || token == "" || subtle.ConstantTimeCompare([]byte(cookie.Value), []byte(token)) != 1 {
			authorizeFailure(w, http.StatusForbidden, "The form expired or was not sent from this site. Go back and try again.")
			return
		}
	} else if !s.Sessions.CheckCSRF(r) {
		authorizeFailure(w, http.StatusForbidden, "The form expired or was not sent from this site. Go back and try again.")
		return
	}
	back := func(q url.Values) {
		if req.State != "" {
			q.Set("state", req.State)
		}
		u, _ := url.Parse(req.RedirectURI)
		existing := u.Query()
		for k, vs := range q {
			existing[k] = vs
		}
		u.RawQuery = existing.Encode()
		http.Redirect(w, r, u.String(), http.StatusFound)
	}
	if r.PostForm.Get("decision") == "deny" {
		if req.RedirectURI == OOB {
			authorizeFailure(w, http.StatusForbidden, "Authorization denied.")
			return
		}
		back(url.Values{"error": {"access_denied"}, "error_description": {"The resource owner denied the request."}})
		return
	}
	u := sessionUser
	if usePassword {
		var err error
		if u, err = s.checkLogin(r.Context(), r.PostForm.Get("username"), r.PostForm.Get("password")); err != nil {
			renderAuthorize(w, http.StatusUnauthorized, map[string]any{"Req": req, "CSRF": token, "Error": "Invalid username or password."})
			return
		}
	}
	code := randomToken()
	if err := s.Store.CreateAuthCode(r.Context(), &store.AuthCode{CodeDigest: store.Digest(code), AppID: req.App.ID,
		UserID: u.ID, RedirectURI: req.RedirectURI, Scopes: req.Scope, CodeChallenge: req.Challenge,
		CodeChallengeMethod: req.ChallengeMeth, ExpiresAt: time.Now().Add(codeLifetime)}); err != nil {
		fail(w, r, err)
		return
	}
	if req.RedirectURI == OOB {
		renderAuthorize(w, http.StatusOK, map[string]any{"Req": req, "Code": code})
		return
	}
	back(url.Values{"code": {code}})
}
