package httpsig

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/dunglas/httpsfv"
)

// component is one covered component of an RFC 9421 signature.
type component struct {
	name   string          // lowercase name: "@method", "content-digest", ...
	params *httpsfv.Params // sf, key, bs, name
	ident  string          // serialized identifier: `"@query-param";name="Pet"`
}

// derivedComponents are the RFC 9421 §2.2 derived components a request can carry.
var derivedComponents = map[string]bool{
	"@method": true, "@target-uri": true, "@authority": true, "@scheme": true,
	"@request-target": true, "@path": true, "@query": true, "@query-param": true,
}

// sfDictionaryFields are the fields we know to be structured-field dictionaries, for the sf
// component parameter (RFC 9421 §2.1.1).
var sfDictionaryFields = map[string]bool{
	"content-digest": true, "repr-digest": true, "want-content-digest": true,
	"want-repr-digest": true, "signature": true, "signature-input": true,
	"accept-signature": true, "priority": true,
}

func parseRFC9421(h http.Header) (*Parsed, error) {
	inputDict, err := parseDictionaryHeader(h, "Signature-Input")
	if err != nil {
		return nil, err
	}
	sigDict, err := parseDictionaryHeader(h, "Signature")
	if err != nil {
		return nil, err
	}
	// Use the first labelled signature that has both an input and a value.
	for _, label := range inputDict.Names() {
		sigMember, ok := sigDict.Get(label)
		if !ok {
			continue
		}
		input, _ := inputDict.Get(label)
		return parseSignature9421(label, input, sigMember)
	}
	return nil, fmt.Errorf("%w: no Signature matches a Signature-Input label", ErrMalformed)
}

func parseDictionaryHeader(h http.Header, name string) (*httpsfv.Dictionary, error) {
	values := h.Values(name)
	if len(values) == 0 {
		return nil, fmt.Errorf("%w: no %s header", ErrMalformed, name)
	}
	size := 0
	for _, v := range values {
		size += len(v) + 2
	}
	if size > MaxHeaderBytes {
		return nil, fmt.Errorf("%w: %s is %d bytes, over %d", ErrMalformed, name, size, MaxHeaderBytes)
	}
	d, err := httpsfv.UnmarshalDictionary(values)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrMalformed, name, err)
	}
	return d, nil
}

func parseSignature9421(label string, input, sig httpsfv.Member) (*Parsed, error) {
	list, ok := input.(httpsfv.InnerList)
	if !ok {
		return nil, fmt.Errorf("%w: Signature-Input %q is not an inner list", ErrMalformed, label)
	}
	item, ok := sig.(httpsfv.Item)
	if !ok {
		return nil, fmt.Errorf("%w: Signature %q is not an item", ErrMalformed, label)
	}
	sigBytes, ok := item.Value.([]byte)
	if !ok || len(sigBytes) == 0 {
		return nil, fmt.Errorf("%w: Signature %q is not a byte sequence", ErrMalformed, label)
	}
	if len(list.Items) > MaxComponents {
		return nil, fmt.Errorf("%w: %d covered components, over %d", ErrMalformed, len(list.Items), MaxComponents)
	}
	p := &Parsed{Scheme: SchemeRFC9421, Label: label, Signature: sigBytes}
	seen := make(map[string]bool, len(list.Items))
	for _, it := range list.Items {
		c, err := parseComponent(it)
		if err != nil {
			return nil, err
		}
		if seen[c.ident] {
			return nil, fmt.Errorf("%w: component %s covered twice", ErrMalformed, c.ident)
		}
		seen[c.ident] = true
		p.components = append(p.components, c)
		p.Headers = append(p.Headers, c.name+strings.TrimPrefix(c.ident, quoteSF(c.name)))
	}
	if err := readSignatureParams(p, list.Params); err != nil {
		return nil, err
	}
	s, err := httpsfv.Marshal(list)
	if err != nil {
		return nil, fmt.Errorf("%w: Signature-Input %q: %v", ErrMalformed, label, err)
	}
	p.sigParams = s
	return p, nil
}

func quoteSF(s string) string {
	out, err := httpsfv.Marshal(httpsfv.NewItem(s))
	if err != nil {
		return ""
	}
	return out
}

func readSignatureParams(p *Parsed, params *httpsfv.Params) error {
	for _, name := range params.Names() {
		v, _ := params.Get(name)
		var ok bool
		switch name {
		case "created", "expires":
			var i int64
			if i, ok = v.(int64); ok && i > 0 {
				if name == "created" {
					p.Created = time.Unix(i, 0)
				} else {
					p.Expires = time.Unix(i, 0)
				}
			}
		case "keyid":
			p.KeyID, ok = v.(string)
		case "alg":
			p.Algorithm, ok = v.(string)
		case "nonce":
			p.Nonce, ok = v.(string)
		case "tag":
			p.Tag, ok = v.(string)
		default:
			ok = true // unknown parameters are signed along, and otherwise ignored
		}
		if !ok {
			return fmt.Errorf("%w: signature parameter %q has a bad value", ErrMalformed, name)
		}
	}
	if p.KeyID == "" {
		return fmt.Errorf("%w: no keyid parameter", ErrMalformed)
	}
	return nil
}

func parseComponent(it httpsfv.Item) (component, error) {
	name, ok := it.Value.(string)
	if !ok || name == "" {
		return component{}, fmt.Errorf("%w: component identifier is not a string", ErrMalformed)
	}
	if name != strings.ToLower(name) {
		return component{}, fmt.Errorf("%w: component %q is not lowercase", ErrMalformed, name)
	}
	if strings.HasPrefix(name, "@") {
		if !derivedComponents[name] {
			return component{}, fmt.Errorf("%w: component %q", ErrUnsupported, name)
		}
	} else {
		for i := 0; i < len(name); i++ {
			if c := name[i]; !(isTokenChar(c) || strings.IndexByte("!#$%&'*+.^`|~", c) >= 0) {
				return component{}, fmt.Errorf("%w: bad field name %q", ErrMalformed, name)
			}
		}
	}
	seen := map[string]bool{}
	for _, pn := range it.Params.Names() {
		v, _ := it.Params.Get(pn)
		seen[pn] = true
		switch pn {
		case "name":
			if _, ok := v.(string); !ok || name != "@query-param" {
				return component{}, fmt.Errorf("%w: parameter name on %q", ErrMalformed, name)
			}
		case "key":
			if _, ok := v.(string); !ok || strings.HasPrefix(name, "@") {
				return component{}, fmt.Errorf("%w: parameter key on %q", ErrMalformed, name)
			}
		case "sf", "bs":
			if v != true || strings.HasPrefix(name, "@") {
				return component{}, fmt.Errorf("%w: parameter %s on %q", ErrMalformed, pn, name)
			}
		default: // req and tr (responses, trailers) and anything unknown
			return component{}, fmt.Errorf("%w: component parameter %q", ErrUnsupported, pn)
		}
	}
	if name == "@query-param" && !seen["name"] {
		return component{}, fmt.Errorf("%w: @query-param without name", ErrMalformed)
	}
	if seen["bs"] && (seen["sf"] || seen["key"]) {
		return component{}, fmt.Errorf("%w: bs with sf or key on %q", ErrMalformed, name)
	}
	ident, err := httpsfv.Marshal(it)
	if err != nil {
		return component{}, fmt.Errorf("%w: component %q: %v", ErrMalformed, name, err)
	}
	return component{name: name, params: it.Params, ident: ident}, nil
}

// signatureBase builds the RFC 9421 §2.5 signature base of p over r, with scheme as the
// request's scheme for @target-uri and @scheme.
func signatureBase(r *http.Request, p *Parsed, scheme string) (string, error) {
	var b strings.Builder
	for _, c := range p.components {
		values, err := componentValues(r, c, scheme)
		if err != nil {
			return "", err
		}
		for _, v := range values {
			if strings.ContainsAny(v, "\r\n") {
				return "", fmt.Errorf("%w: component %s has a line break", ErrMalformed, c.ident)
			}
			b.WriteString(c.ident)
			b.WriteString(": ")
			b.WriteString(v)
			b.WriteByte('\n')
		}
	}
	b.WriteString(`"@signature-params": `)
	b.WriteString(p.sigParams)
	return b.String(), nil
}

// componentValues returns the value(s) of one component; @query-param may have several.
func componentValues(r *http.Request, c component, scheme string) ([]string, error) {
	t := targetOf(r)
	switch c.name {
	case "@method":
		return []string{r.Method}, nil
	case "@target-uri":
		return []string{scheme + "://" + normalizeAuthority(t.host, scheme) + t.requestTarget()}, nil
	case "@authority":
		return []string{normalizeAuthority(t.host, scheme)}, nil
	case "@scheme":
		return []string{scheme}, nil
	case "@request-target":
		return []string{t.requestTarget()}, nil
	case "@path":
		return []string{t.path}, nil
	case "@query":
		return []string{"?" + t.query}, nil
	case "@query-param":
		return queryParamValues(t.query, c)
	}
	return fieldValue(r, c)
}

func queryParamValues(rawQuery string, c component) ([]string, error) {
	n, _ := c.params.Get("name")
	want, err := url.QueryUnescape(n.(string))
	if err != nil {
		return nil, fmt.Errorf("%w: @query-param name %q", ErrMalformed, n)
	}
	var out []string
	for _, pair := range strings.Split(rawQuery, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		if k, err = url.QueryUnescape(k); err != nil || k != want {
			continue
		}
		if v, err = url.QueryUnescape(v); err != nil {
			return nil, fmt.Errorf("%w: @query-param %q value", ErrMalformed, want)
		}
		out = append(out, formEncode(v))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: query parameter %q absent", ErrMissingHeaders, want)
	}
	return out, nil
}

// formEncode percent-encodes s with the application/x-www-form-urlencoded percent-encode set,
// a space as %20, as RFC 9421 §2.2.8 re-encodes query parameter values.
func formEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("*-._", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// fieldValue is the RFC 9421 §2.1 value of a header field component.
func fieldValue(r *http.Request, c component) ([]string, error) {
	lines := headerLines(r, c.name)
	if len(lines) == 0 {
		return nil, fmt.Errorf("%w: covered header %q absent", ErrMissingHeaders, c.name)
	}
	if _, bs := c.params.Get("bs"); bs {
		enc := make([]string, len(lines))
		for i, l := range lines {
			enc[i] = ":" + base64.StdEncoding.EncodeToString([]byte(strings.TrimSpace(l))) + ":"
		}
		return []string{strings.Join(enc, ", ")}, nil
	}
	key, hasKey := c.params.Get("key")
	_, sf := c.params.Get("sf")
	if !hasKey && !sf {
		return []string{joinLines(lines)}, nil
	}
	if !hasKey && !sfDictionaryFields[c.name] {
		return nil, fmt.Errorf("%w: sf on field %q of unknown type", ErrUnsupported, c.name)
	}
	d, err := httpsfv.UnmarshalDictionary(lines)
	if err != nil {
		return nil, fmt.Errorf("%w: field %q is not a dictionary: %v", ErrMalformed, c.name, err)
	}
	if !hasKey {
		s, err := httpsfv.Marshal(d)
		if err != nil {
			return nil, fmt.Errorf("%w: field %q: %v", ErrMalformed, c.name, err)
		}
		return []string{s}, nil
	}
	m, ok := d.Get(key.(string))
	if !ok {
		return nil, fmt.Errorf("%w: %q has no member %q", ErrMissingHeaders, c.name, key)
	}
	s, err := httpsfv.Marshal(m.(httpsfv.StructuredFieldValue))
	if err != nil {
		return nil, fmt.Errorf("%w: field %q: %v", ErrMalformed, c.name, err)
	}
	return []string{s}, nil
}

// headerLines returns the field lines of name (lowercase) in r; "host" falls back to r.Host,
// since a Go server moves Host out of r.Header.
func headerLines(r *http.Request, name string) []string {
	lines := r.Header.Values(name)
	if len(lines) == 0 && name == "host" {
		if h := requestHost(r); h != "" {
			lines = []string{h}
		}
	}
	return lines
}

// joinLines combines field lines as both cavage and RFC 9421 do: each trimmed, joined by ", ".
func joinLines(lines []string) string {
	if len(lines) == 1 {
		return strings.TrimSpace(lines[0])
	}
	trimmed := make([]string, len(lines))
	for i, l := range lines {
		trimmed[i] = strings.TrimSpace(l)
	}
	return strings.Join(trimmed, ", ")
}
