package web

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed templates
var templateFS embed.FS

// templates is the parsed set: the layout and partials, and one clone per page.
type templates struct {
	base  *template.Template
	pages map[string]*template.Template
}

// parseTemplates parses layout.html and partials/*.html once, then each pages/*.html on a
// clone of them, so every page defines its own "title" and "content".
func parseTemplates(funcs template.FuncMap) (*templates, error) {
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	t := &templates{base: base, pages: map[string]*template.Template{}}
	files, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		clone, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := clone.ParseFS(templateFS, f); err != nil {
			return nil, fmt.Errorf("web: template %s: %w", f, err)
		}
		t.pages[strings.TrimSuffix(path.Base(f), ".html")] = clone
	}
	for _, need := range []string{"home", "profile", "thread", "login", "error", "compose"} {
		if t.pages[need] == nil {
			return nil, fmt.Errorf("web: template pages/%s.html is missing", need)
		}
	}
	return t, nil
}

func (s *Service) funcs() template.FuncMap {
	f := template.FuncMap{
		"asset": func(name string) (string, error) { return s.assets.url(name) },
		"ago":   func(t time.Time) string { return ago(s.now(), t) },
		"iso":   func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"long":  func(t time.Time) string { return t.UTC().Format("Jan 2, 2006, 15:04 UTC") },
		"initial": func(name string) string {
			for _, r := range strings.TrimLeft(name, "@") {
				return strings.ToUpper(string(r))
			}
			return "?"
		},
	}
	f["registrationsOpen"] = func() bool { return s.registrationsOpen(context.Background()) } // signup.go
	f["relationAction"] = relationAction
	f["adminEmoji"], f["pickerEmoji"], f["localReaction"] = s.adminEmoji, s.pickerEmoji, s.localReaction // admin_emoji*.go
	s.extraFuncs(f)
	return f
}

// renderPage renders a full page into a buffer, then writes it; a template error is a 500
// with nothing half-written.
func (s *Service) renderPage(w http.ResponseWriter, status int, name string, data any) {
	var buf bytes.Buffer
	if err := s.tmpl.pages[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		slog.Error("web: render page", slog.String("page", name), slog.String("error", err.Error()))
		http.Error(w, "Internal server error", http.StatusInternalServerError)
		return
	}
	writeHTML(w, status, buf.Bytes())
}

// renderPartial renders one fragment (a status card, the composer) for htmx and live updates.
func (s *Service) renderPartial(w http.ResponseWriter, status int, name string, data any) {
	b, err := s.partial(name, data)
	if err != nil {
		slog.Error("web: render partial", slog.String("partial", name), slog.String("error", err.Error()))
		http.Error(w, "Internal server error", http.StatusInternalServerError)
		return
	}
	writeHTML(w, status, b)
}

func (s *Service) partial(name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := s.tmpl.base.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writeHTML(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// ago is a short relative time: "now", "5m", "3h", "2d", then a date.
func ago(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "now"
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	case d < 7*24*time.Hour:
		return fmt.Sprintf("%dd", int(d.Hours()/24))
	case t.Year() == now.Year():
		return t.Format("Jan 2")
	}
	return t.Format("Jan 2, 2006")
}

// part is one fragment of a response made of several (a fresh form and an out-of-band card).
type part struct {
	name string
	data any
}

// writeParts renders fragments one after the other into one 200 response.
func (s *Service) writeParts(w http.ResponseWriter, parts ...part) error {
	var buf bytes.Buffer
	for _, p := range parts {
		b, err := s.partial(p.name, p.data)
		if err != nil {
			return err
		}
		buf.Write(b)
	}
	writeHTML(w, http.StatusOK, buf.Bytes())
	return nil
}
