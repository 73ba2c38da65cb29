package markup

import (
	"reflect"
	"strings"
	"testing"
)

func TestNormalizeHashtag(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"#Go", "go", true},
		{"Go", "go", true},
		{"#café", "café", true},
		{"#CAFÉ", "café", true},
		{"#日本語", "日本語", true},
		{"#tag-", "tag", true},
		{"#a-b_c", "a-b_c", true},
		{"#_x", "_x", true},
		{"#2024", "2024", true},
		{"#İstanbul", "istanbul", true},
		{"#ΣΊΣΥΦΟΣ", "σίσυφοσ", true},
		{"#" + strings.Repeat("x", 64), strings.Repeat("x", 64), true},
		{"#" + strings.Repeat("x", 65), "", false},
		{"", "", false},
		{"#", "", false},
		{"##go", "", false},
		{"#-go", "", false},
		{"#---", "", false},
		{"#go lang", "", false},
		{" go", "", false},
		{"#go!", "", false},
		{"#a.b", "", false},
		{"#\u0301a", "", false},
		{"#a\xff", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := NormalizeHashtag(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("NormalizeHashtag(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
			if ok {
				if again, ok2 := NormalizeHashtag(got); again != got || !ok2 {
					t.Errorf("not a fixed point: NormalizeHashtag(%q) = %q, %v", got, again, ok2)
				}
			}
		})
	}
}

func TestHashtags(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", []string{}},
		{"no tags here", []string{}},
		{"#One #two #ONE", []string{"one", "two"}},
		{"https://x.test/#frag and #real", []string{"real"}},
		{"it&#39;s a#b x/#y", []string{}},
		{"(#paren) [#bracket] #end.", []string{"paren", "bracket", "end"}},
		{"#tag-\n#tag", []string{"tag"}},
		{"@alice#notatag #café", []string{"café"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := Hashtags(tt.in)
			if got == nil {
				t.Fatalf("Hashtags(%q) = nil, want non-nil", tt.in)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Hashtags(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
