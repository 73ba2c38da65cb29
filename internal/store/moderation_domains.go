package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"
)

// Severities of an instance domain block, as Mastodon names them.
const (
	SeveritySilence = "silence" // posts kept off the public timelines
	SeveritySuspend = "suspend" // no deliveries in or out, no fetches, posts hidden
)

// InstanceDomainBlock is a domain the instance blocks, subdomains included.
type InstanceDomainBlock struct {
	Domain        string
	Severity      string
	RejectMedia   bool
	PublicComment string
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Digest is the SHA-256 of the domain in hex, as GET /api/v1/instance/domain_blocks shows it.
func (b *InstanceDomainBlock) Digest() string {
	sum := sha256.Sum256([]byte(b.Domain))
	return hex.EncodeToString(sum[:])
}

// ErrBadDomain is returned for a domain name that cannot be blocked.
var ErrBadDomain = errors.New("not a domain name")

// NormalizeDomain turns what an admin typed (Example.COM, https://example.com/, example.com.)
// into the lowercase host name a block is stored under.
func NormalizeDomain(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimPrefix(strings.TrimSuffix(s, "."), "*.")
	if h, _, err := net.SplitHostPort(s); err == nil {
		s = h
	}
	if s == "" || len(s) > 253 || strings.HasPrefix(s, ".") || strings.Contains(s, "..") {
		return "", fmt.Errorf("%q: %w", s, ErrBadDomain)
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_') {
			return "", fmt.Errorf("%q: %w (use the ASCII form of the name)", s, ErrBadDomain)
		}
	}
	return s, nil
}

// domainCandidates are the blocks that cover host (a host name, with or without a port): the
// name itself and every parent domain.
func domainCandidates(host string) []string {
	host = strings.ToLower(host)
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	var out []string
	for host != "" {
		out = append(out, host)
		_, rest, ok := strings.Cut(host, ".")
		if !ok {
			break
		}
		host = rest
	}
	return out
}

const domainBlockColumns = `domain, severity, reject_media, public_comment, created_at, updated_at`

func scanDomainBlock(row interface{ Scan(...any) error }) (*InstanceDomainBlock, error) {
	var b InstanceDomainBlock
	if err := row.Scan(&b.Domain, &b.Severity, &b.RejectMedia, &b.PublicComment, &b.CreatedAt, &b.UpdatedAt); err != nil {
		return nil, err
	}
	b.CreatedAt, b.UpdatedAt = b.CreatedAt.UTC(), b.UpdatedAt.UTC()
	return &b, nil
}

// BlockInstanceDomain adds the block, or changes the block of the same domain.
func (d *DB) BlockInstanceDomain(ctx context.Context, b *InstanceDomainBlock) error {
	domain, err := NormalizeDomain(b.Domain)
	if err != nil {
		return err
	}
	if b.Severity != SeveritySilence && b.Severity != SeveritySuspend {
		return fmt.Errorf("store: domain block severity %q (silence or suspend)", b.Severity)
	}
	now := time.Now().UTC()
	b.Domain, b.CreatedAt, b.UpdatedAt = domain, now, now
	_, err = d.exec(ctx, `INSERT INTO instance_domain_blocks (`+domainBlockColumns+`) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (domain) DO UPDATE SET severity = excluded.severity, reject_media = excluded.reject_media,
			public_comment = excluded.public_comment, updated_at = excluded.updated_at`,
		b.Domain, b.Severity, b.RejectMedia, b.PublicComment, now, now)
	if err != nil {
		return fmt.Errorf("store: block domain %s: %w", b.Domain, err)
	}
	return nil
}

// UnblockInstanceDomain lifts the block of domain; it reports whether there was one.
func (d *DB) UnblockInstanceDomain(ctx context.Context, domain string) (bool, error) {
	domain, err := NormalizeDomain(domain)
	if err != nil {
		return false, err
	}
	res, err := d.exec(ctx, `DELETE FROM instance_domain_blocks WHERE domain = ?`, domain)
	if err != nil {
		return false, fmt.Errorf("store: unblock domain %s: %w", domain, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// InstanceDomainBlocks lists the instance's domain blocks by domain.
func (d *DB) InstanceDomainBlocks(ctx context.Context) ([]*InstanceDomainBlock, error) {
	rows, err := d.query(ctx, `SELECT `+domainBlockColumns+` FROM instance_domain_blocks ORDER BY domain`)
	if err != nil {
		return nil, fmt.Errorf("store: domain blocks: %w", err)
	}
	defer rows.Close()
	var out []*InstanceDomainBlock
	for rows.Next() {
		b, err := scanDomainBlock(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// InstanceDomainBlockFor returns the block that covers host (its own or a parent domain's;
// the most severe when several do), or nil when none does.
func (d *DB) InstanceDomainBlockFor(ctx context.Context, host string) (*InstanceDomainBlock, error) {
	c := domainCandidates(host)
	if len(c) == 0 {
		return nil, nil
	}
	rows, err := d.query(ctx, `SELECT `+domainBlockColumns+` FROM instance_domain_blocks WHERE domain IN (`+inList(len(c))+`)`,
		anys(c)...)
	if err != nil {
		return nil, fmt.Errorf("store: domain block of %s: %w", host, err)
	}
	defer rows.Close()
	var best *InstanceDomainBlock
	for rows.Next() {
		b, err := scanDomainBlock(rows)
		if err != nil {
			return nil, err
		}
		if best == nil || b.Severity == SeveritySuspend {
			best = b
		}
	}
	return best, rows.Err()
}

// DomainSuspended reports whether host is on, or under, a suspended domain: nothing is
// fetched from it, delivered to it, or accepted from it.
func (d *DB) DomainSuspended(ctx context.Context, host string) (bool, error) {
	b, err := d.InstanceDomainBlockFor(ctx, host)
	return b != nil && b.Severity == SeveritySuspend, err
}

// DomainCovers reports whether a block of domain covers host (a host name, with or without
// a port): the same name or a subdomain.
func DomainCovers(domain, host string) bool {
	for _, c := range domainCandidates(host) {
		if c == domain {
			return true
		}
	}
	return false
}
