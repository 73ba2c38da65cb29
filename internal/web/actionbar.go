package web

import "html/template"

// action is one button of a card's action bar (see partials/actions.html).
type action struct {
	ID, CSRF string
	Focused  bool
	Name     string // boost, like, bookmark
	On       bool   // the viewer already did it: the button undoes it
	Count    int    // -1: no count shown
	URL      string
	Label    string
	Class    string
	Icon     string
}

// actionStyles are the colours of each action, off (hover only) and on.
var actionStyles = map[string]struct{ do, undo, off, on string }{
	"boost":    {"Boost", "Undo boost", "hover:text-emerald-600 dark:hover:text-emerald-400", "text-emerald-600 dark:text-emerald-400"},
	"like":     {"Like", "Unlike", "hover:text-rose-600 dark:hover:text-rose-400", "text-rose-600 dark:text-rose-400"},
	"bookmark": {"Bookmark", "Remove bookmark", "hover:text-amber-600 dark:hover:text-amber-400", "text-amber-600 dark:text-amber-400"},
}

// actionOf builds a card's button for name; templates call it as actionOf . "like" .Liked .Likes.
func actionOf(c *card, name string, on bool, count int) action {
	st := actionStyles[name]
	a := action{ID: c.ID, CSRF: c.CSRF, Focused: c.Focused, Name: name, On: on, Count: count,
		URL: "/statuses/" + c.ID + "/" + name, Label: st.do, Class: st.off, Icon: "size-[1.15rem]"}
	if on {
		a.URL, a.Label, a.Class = "/statuses/"+c.ID+"/un"+name, st.undo, st.on
		if name != "boost" {
			a.Icon += " fill-current"
		}
	}
	return a
}

// navItem is an entry of the main navigation.
type navItem struct {
	URL, Label, Icon string
	Current          bool
}

func (s *Service) extraFuncs(f template.FuncMap) {
	f["actionOf"] = actionOf
	f["navItem"] = func(url, label, icon, active string) navItem {
		return navItem{URL: url, Label: label, Icon: icon, Current: icon == active}
	}
	f["personOf"] = s.person
}
