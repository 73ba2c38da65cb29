package httpsig

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
)

const sig64 = "c2lnbmF0dXJl" // base64("signature")

func TestParseCavage(t *testing.T) {
	tests := map[string]struct {
		header, auth string
		keyID, alg   string
		headers      []string
	}{
		"mastodon": {
			header: `keyId="https://mastodon.example/users/alice#main-key",algorithm="rsa-sha256",headers="(request-target) host date digest content-type",signature="` + sig64 + `"`,
			keyID:  "https://mastodon.example/users/alice#main-key", alg: "rsa-sha256",
			headers: []string{"(request-target)", "host", "date", "digest", "content-type"},
		},
		"gotosocial keyId, hs2019": {
			header: `keyId="https://gts.example/users/alice/main-key",algorithm="hs2019",headers="(request-target) host date",signature="` + sig64 + `"`,
			keyID:  "https://gts.example/users/alice/main-key", alg: "hs2019",
			headers: []string{"(request-target)", "host", "date"},
		},
		"spaces, odd case, unquoted created": {
			header: ` KeyId = "k" , Algorithm="RSA-SHA256", created=1402170695, Headers="(Request-Target)  Host Date", signature="` + sig64 + `" `,
			keyID:  "k", alg: "RSA-SHA256",
			headers: []string{"(request-target)", "host", "date"},
		},
		"no headers parameter": {
			header: `keyId="k",signature="` + sig64 + `"`, keyID: "k", headers: []string{"date"},
		},
		"unknown parameters ignored": {
			header: `keyId="k",foo="bar",signature="` + sig64 + `",x=1`, keyID: "k", headers: []string{"date"},
		},
		"unpadded signature": {
			header: `keyId="k",signature="` + strings.TrimRight("c2lnbmF0dXJlcw==", "=") + `"`, keyID: "k", headers: []string{"date"},
		},
		"escaped quote in keyId": {
			header: `keyId="a\"b",signature="` + sig64 + `"`, keyID: `a"b`, headers: []string{"date"},
		},
		"Authorization": {
			auth:  `Signature keyId="k",headers="(request-target) date",signature="` + sig64 + `"`,
			keyID: "k", headers: []string{"(request-target)", "date"},
		},
		"Authorization, lowercase scheme": {
			auth:  `signature keyId="k",signature="` + sig64 + `"`,
			keyID: "k", headers: []string{"date"},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			r, _ := http.NewRequest("GET", "https://egregoros.example/", nil)
			if tt.header != "" {
				r.Header.Set("Signature", tt.header)
			}
			if tt.auth != "" {
				r.Header.Set("Authorization", tt.auth)
			}
			p, err := Parse(r)
			if err != nil {
				t.Fatal(err)
			}
			if p.Scheme != SchemeCavage || p.KeyID != tt.keyID || p.Algorithm != tt.alg || !slices.Equal(p.Headers, tt.headers) {
				t.Errorf("Parse = scheme %q keyId %q alg %q headers %q", p.Scheme, p.KeyID, p.Algorithm, p.Headers)
			}
			if len(p.Signature) == 0 {
				t.Errorf("no signature bytes")
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	many := strings.Repeat("x-h ", MaxComponents+1)
	manyComponents := strings.Repeat(`"x-h" `, MaxComponents+1)
	tests := map[string]struct {
		headers map[string][]string
		want    error
	}{
		"nothing":                   {nil, ErrNoSignature},
		"Authorization: Bearer":     {map[string][]string{"Authorization": {"Bearer abc"}}, ErrNoSignature},
		"Authorization: Signature":  {map[string][]string{"Authorization": {"Signature"}}, ErrNoSignature},
		"empty Signature":           {map[string][]string{"Signature": {""}}, ErrMalformed},
		"garbage":                   {map[string][]string{"Signature": {"!!!"}}, ErrMalformed},
		"no keyId":                  {map[string][]string{"Signature": {`signature="` + sig64 + `"`}}, ErrMalformed},
		"empty keyId":               {map[string][]string{"Signature": {`keyId="",signature="` + sig64 + `"`}}, ErrMalformed},
		"no signature":              {map[string][]string{"Signature": {`keyId="k"`}}, ErrMalformed},
		"bad base64":                {map[string][]string{"Signature": {`keyId="k",signature="!!!"`}}, ErrMalformed},
		"unterminated":              {map[string][]string{"Signature": {`keyId="k,signature="` + sig64}}, ErrMalformed},
		"no value":                  {map[string][]string{"Signature": {`keyId="k",signature`}}, ErrMalformed},
		"missing comma":             {map[string][]string{"Signature": {`keyId="k" signature="` + sig64 + `"`}}, ErrMalformed},
		"repeated parameter":        {map[string][]string{"Signature": {`keyId="k",headers="(request-target) host date",headers="date",signature="` + sig64 + `"`}}, ErrMalformed},
		"empty headers":             {map[string][]string{"Signature": {`keyId="k",headers="",signature="` + sig64 + `"`}}, ErrMalformed},
		"too many headers":          {map[string][]string{"Signature": {`keyId="k",headers="` + many + `",signature="` + sig64 + `"`}}, ErrMalformed},
		"over 8 KiB":                {map[string][]string{"Signature": {`keyId="` + strings.Repeat("k", MaxHeaderBytes) + `",signature="` + sig64 + `"`}}, ErrMalformed},
		"two Signature headers":     {map[string][]string{"Signature": {`keyId="k",signature="` + sig64 + `"`, `keyId="j",signature="` + sig64 + `"`}}, ErrMalformed},
		"(created) without created": {map[string][]string{"Signature": {`keyId="k",headers="(created)",signature="` + sig64 + `"`}}, ErrMalformed},
		"(expires) not a number":    {map[string][]string{"Signature": {`keyId="k",expires=soon,headers="(expires)",signature="` + sig64 + `"`}}, ErrMalformed},

		"9421 without Signature":       {map[string][]string{"Signature-Input": {`sig1=("@method");created=1;keyid="k"`}}, ErrMalformed},
		"9421 labels differ":           {map[string][]string{"Signature-Input": {`sig1=("@method");keyid="k"`}, "Signature": {"sig2=:" + sig64 + ":"}}, ErrMalformed},
		"9421 input not a list":        {map[string][]string{"Signature-Input": {`sig1="@method";keyid="k"`}, "Signature": {"sig1=:" + sig64 + ":"}}, ErrMalformed},
		"9421 signature not bytes":     {map[string][]string{"Signature-Input": {`sig1=("@method");keyid="k"`}, "Signature": {`sig1="abc"`}}, ErrMalformed},
		"9421 bad structured field":    {map[string][]string{"Signature-Input": {`sig1=("@method";keyid="k"`}, "Signature": {"sig1=:" + sig64 + ":"}}, ErrMalformed},
		"9421 no keyid":                {map[string][]string{"Signature-Input": {`sig1=("@method");created=1`}, "Signature": {"sig1=:" + sig64 + ":"}}, ErrMalformed},
		"9421 keyid not a string":      {map[string][]string{"Signature-Input": {`sig1=("@method");keyid=1`}, "Signature": {"sig1=:" + sig64 + ":"}}, ErrMalformed},
		"9421 created not an integer":  {map[string][]string{"Signature-Input": {`sig1=("@method");created="1";keyid="k"`}, "Signature": {"sig1=:" + sig64 + ":"}}, ErrMalformed},
		"9421 uppercase component":     {map[string][]string{"Signature-Input": {`sig1=("Date");keyid="k"`}, "Signature": {"sig1=:" + sig64 + ":"}}, ErrMalformed},
		"9421 token component":         {map[string][]string{"Signature-Input": {`sig1=(date);keyid="k"`}, "Signature": {"sig1=:" + sig64 + ":"}}, ErrMalformed},
		"9421 duplicate component":     {map[string][]string{"Signature-Input": {`sig1=("date" "date");keyid="k"`}, "Signature": {"sig1=:" + sig64 + ":"}}, ErrMalformed},
		"9421 @status":                 {map[string][]string{"Signature-Input": {`sig1=("@status");keyid="k"`}, "Signature": {"sig1=:" + sig64 + ":"}}, ErrUnsupported},
		"9421 unknown derived":         {map[string][]string{"Signature-Input": {`sig1=("@foo");keyid="k"`}, "Signature": {"sig1=:" + sig64 + ":"}}, ErrUnsupported},
		"9421 req parameter":           {map[string][]string{"Signature-Input": {`sig1=("date";req);keyid="k"`}, "Signature": {"sig1=:" + sig64 + ":"}}, ErrUnsupported},
		"9421 @query-param no name":    {map[string][]string{"Signature-Input": {`sig1=("@query-param");keyid="k"`}, "Signature": {"sig1=:" + sig64 + ":"}}, ErrMalformed},
		"9421 name on a header":        {map[string][]string{"Signature-Input": {`sig1=("date";name="x");keyid="k"`}, "Signature": {"sig1=:" + sig64 + ":"}}, ErrMalformed},
		"9421 bs with sf":              {map[string][]string{"Signature-Input": {`sig1=("date";bs;sf);keyid="k"`}, "Signature": {"sig1=:" + sig64 + ":"}}, ErrMalformed},
		"9421 too many components":     {map[string][]string{"Signature-Input": {`sig1=(` + manyComponents + `);keyid="k"`}, "Signature": {"sig1=:" + sig64 + ":"}}, ErrMalformed},
		"9421 over 8 KiB":              {map[string][]string{"Signature-Input": {`sig1=("@method");keyid="` + strings.Repeat("k", MaxHeaderBytes) + `"`}, "Signature": {"sig1=:" + sig64 + ":"}}, ErrMalformed},
		"9421 empty signature":         {map[string][]string{"Signature-Input": {`sig1=("@method");keyid="k"`}, "Signature": {"sig1=::"}}, ErrMalformed},
		"9421 cavage-style Signature":  {map[string][]string{"Signature-Input": {`sig1=("@method");keyid="k"`}, "Signature": {`keyId="k",signature="` + sig64 + `"`}}, ErrMalformed},
		"9421 Signature-Input garbage": {map[string][]string{"Signature-Input": {"\x00"}, "Signature": {"sig1=:" + sig64 + ":"}}, ErrMalformed},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			r, _ := http.NewRequest("GET", "https://egregoros.example/", nil)
			for k, v := range tt.headers {
				r.Header[k] = v
			}
			p, err := Parse(r)
			if !errors.Is(err, tt.want) {
				t.Errorf("Parse = %+v, %v; want %v", p, err, tt.want)
			}
		})
	}
	if _, err := Parse(nil); !errors.Is(err, ErrNoSignature) {
		t.Errorf("Parse(nil) = %v", err)
	}
}

func TestParseRFC9421(t *testing.T) {
	r, _ := http.NewRequest("POST", "https://egregoros.example/", nil)
	r.Header.Add("Signature-Input", `other=("@method");keyid="nope"`)
	r.Header.Add("Signature-Input", `sig-b22=("@authority" "content-digest" "@query-param";name="Pet");created=1618884473;expires=1618884500;keyid="test-key-rsa-pss";alg="rsa-pss-sha512";nonce="n";tag="header-example";custom=?1`)
	r.Header.Set("Signature", "sig-b22=:"+sig64+":, unrelated=:"+sig64+":")
	p, err := Parse(r)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"@authority", "content-digest", `@query-param;name="Pet"`}
	if p.Label != "sig-b22" || p.KeyID != "test-key-rsa-pss" || p.Algorithm != "rsa-pss-sha512" ||
		p.Nonce != "n" || p.Tag != "header-example" || !slices.Equal(p.Headers, want) ||
		p.Created.Unix() != 1618884473 || p.Expires.Unix() != 1618884500 {
		t.Errorf("Parse = %+v", p)
	}
	wantParams := `("@authority" "content-digest" "@query-param";name="Pet");created=1618884473;expires=1618884500;keyid="test-key-rsa-pss";alg="rsa-pss-sha512";nonce="n";tag="header-example";custom`
	if p.sigParams != wantParams {
		t.Errorf("signature params\n got %s\nwant %s", p.sigParams, wantParams)
	}
}

func TestActorID(t *testing.T) {
	tests := map[string]string{
		"https://mastodon.example/users/alice#main-key":       "https://mastodon.example/users/alice",
		"https://gts.example/users/alice/main-key":            "https://gts.example/users/alice",
		"https://misskey.example/users/9a8b7c#main-key":       "https://misskey.example/users/9a8b7c",
		"https://pleroma.example/users/alice#main-key":        "https://pleroma.example/users/alice",
		"https://friendica.example/profile/alice/publickey":   "https://friendica.example/profile/alice",
		"https://x.example/users/alice/publicKey":             "https://x.example/users/alice",
		"https://x.example/users/alice/Main-Key#frag":         "https://x.example/users/alice",
		"https://x.example/users/alice":                       "https://x.example/users/alice",
		"https://x.example/users/main-key-fan":                "https://x.example/users/main-key-fan",
		"https://x.example/actor#key-1":                       "https://x.example/actor",
		"":                                                    "",
		"#main-key":                                           "",
		"https://x.example/users/alice/main-key/main-key":     "https://x.example/users/alice/main-key",
		"https://x.example/users/alice?key=main-key#main-key": "https://x.example/users/alice?key=main-key",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			if got := ActorID(in); got != want {
				t.Errorf("ActorID(%q) = %q, want %q", in, got, want)
			}
		})
	}
}
