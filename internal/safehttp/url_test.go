package safehttp

import (
	"errors"
	"testing"
)

func TestCheckURL(t *testing.T) {
	type tc struct {
		url          string
		allowPrivate bool
		ok           bool
	}
	cases := map[string]tc{
		"https":               {"https://mastodon.social/users/alice", false, true},
		"http":                {"http://example.com/", false, true},
		"uppercase scheme":    {"HTTPS://Example.COM/a", false, true},
		"any port":            {"https://example.com:8443/", false, true},
		"public literal":      {"http://93.184.216.34:4721/", false, true},
		"public IPv6 literal": {"https://[2606:4700:4700::1111]/", false, true},
		"IDN":                 {"https://münchen.social/@a", false, true},
		"punycode":            {"https://xn--mnchen-3ya.social/", false, true},
		"underscore":          {"https://a_b.example.com/", false, true},
		"trailing dot":        {"https://example.com./", false, true},
		"numeric label":       {"https://123.example.com/", false, true},
		"hex-looking label":   {"https://0xdead.example.com/", false, true},

		"ftp":             {"ftp://example.com/", false, false},
		"javascript":      {"javascript:alert(1)", false, false},
		"data":            {"data:text/html,hi", false, false},
		"file":            {"file:///etc/passwd", false, false},
		"no scheme":       {"//example.com/", false, false},
		"relative":        {"/users/alice", false, false},
		"opaque":          {"http:example.com", false, false},
		"empty host":      {"http:///path", false, false},
		"port only":       {"http://:80/", false, false},
		"userinfo":        {"https://user@example.com/", false, false},
		"userinfo pass":   {"https://user:pw@example.com/", false, false},
		"userinfo trick":  {"https://example.com@127.0.0.1/", true, false},
		"port zero":       {"https://example.com:0/", false, false},
		"port too big":    {"https://example.com:65536/", false, false},
		"bad escape":      {"http://%6c%6f%63alhost/", false, false},
		"bad hostname":    {"http://exa mple.com/", false, false},
		"empty label":     {"http://example..com/", false, false},
		"sub-delim host":  {"http://exa!mple.com/", true, false},
		"bad IDN":         {"http://\u200dexample.com/", false, false},
		"zoned IPv6":      {"http://[fe80::1%25eth0]/", true, false},
		"unparseable":     {"http://[::1/", false, false},
		"localhost":       {"http://localhost/", false, false},
		"LOCALHOST.":      {"http://LOCALHOST./", false, false},
		"sub.localhost":   {"http://a.b.localhost:4000/", false, false},
		"fullwidth local": {"http://ｌｏｃａｌｈｏｓｔ/", false, false},

		"loopback":        {"http://127.0.0.1/", false, false},
		"loopback port":   {"http://127.0.0.1:4721/", false, false},
		"private 10":      {"http://10.1.2.3/", false, false},
		"private 172":     {"http://172.16.0.1/", false, false},
		"private 192":     {"http://192.168.0.1/", false, false},
		"link-local":      {"http://169.254.169.254/latest/meta-data/", false, false},
		"CGNAT":           {"http://100.64.0.1/", false, false},
		"zero":            {"http://0.0.0.0/", false, false},
		"multicast":       {"http://224.0.0.1/", false, false},
		"broadcast":       {"http://255.255.255.255/", false, false},
		"benchmark":       {"http://198.18.0.1/", false, false},
		"IPv6 loopback":   {"http://[::1]/", false, false},
		"IPv6 any":        {"http://[::]/", false, false},
		"ULA":             {"http://[fd00::1]/", false, false},
		"IPv6 link-local": {"http://[fe80::1]/", false, false},
		"mapped":          {"http://[::ffff:127.0.0.1]/", false, false},
		"mapped hex":      {"http://[::ffff:7f00:1]/", false, false},
		"compatible":      {"http://[::127.0.0.1]/", false, false},
		"NAT64":           {"http://[64:ff9b::7f00:1]/", false, false},
		"6to4":            {"http://[2002:7f00:1::]/", false, false},
		"fullwidth IP":    {"http://１２７。０。０。１/", false, false},

		"decimal":         {"http://2130706433/", false, false},
		"hex":             {"http://0x7f000001/", false, false},
		"HEX":             {"http://0X7F000001/", false, false},
		"short dotted":    {"http://127.1/", false, false},
		"short dotted 3":  {"http://127.0.1/", false, false},
		"octal":           {"http://0177.0.0.1/", false, false},
		"leading zero":    {"http://127.0.0.01/", false, false},
		"hex dotted":      {"http://0x7f.0.0.1/", false, false},
		"mixed":           {"http://0x7f.1/", false, false},
		"five parts":      {"http://1.2.3.4.5/", false, false},
		"public decimal":  {"http://134744072/", false, false}, // 8.8.8.8, still obfuscated
		"bare 0x":         {"http://0x/", false, false},
		"numeric TLD":     {"http://example.123/", false, false},
		"trailing dot IP": {"http://127.0.0.1./", false, false},

		// AllowPrivate lifts only the address and localhost checks.
		"private allowed":    {"http://127.0.0.1:4721/", true, true},
		"localhost allowed":  {"http://localhost:4000/", true, true},
		"ULA allowed":        {"http://[fd00::1]/", true, true},
		"decimal still":      {"http://2130706433/", true, false},
		"short dotted still": {"http://127.1/", true, false},
		"scheme still":       {"gopher://127.0.0.1/", true, false},
		"userinfo still":     {"http://a:b@127.0.0.1/", true, false},
		"empty host still":   {"http:///", true, false},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			err := CheckURL(c.url, c.allowPrivate)
			if c.ok && err != nil {
				t.Errorf("CheckURL(%q, %v) = %v, want nil", c.url, c.allowPrivate, err)
			}
			if !c.ok && !errors.Is(err, ErrUnsafeURL) {
				t.Errorf("CheckURL(%q, %v) = %v, want ErrUnsafeURL", c.url, c.allowPrivate, err)
			}
		})
	}
}
