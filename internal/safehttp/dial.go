package safehttp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"
)

// Resolver looks up the addresses of a host name. *net.Resolver implements it.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// control runs after a socket is created and before it connects, with the resolved address:
// the one place that decides which addresses the server may reach, on every dial.
func (c *Client) control(_ context.Context, network, address string, _ syscall.RawConn) error {
	if network != "tcp4" && network != "tcp6" {
		return fmt.Errorf("%w: network %s", ErrUnsafeURL, network)
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: dial address %q: %w", ErrUnsafeURL, address, err)
	}
	if c.opt.AllowPrivate || IsPublicIP(ap.Addr()) || c.permit != nil && c.permit(ap) {
		return nil
	}
	return fmt.Errorf("%w: address %s is not public", ErrUnsafeURL, ap.Addr())
}

// dial is the transport's DialContext. Without Options.Resolver it is the dialer's own; with
// one, it resolves the host itself and tries each address in turn.
func (c *Client) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	if c.opt.Resolver == nil {
		return c.dialer.DialContext(ctx, network, addr)
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return c.dialer.DialContext(ctx, network, addr)
	}
	ips, err := c.opt.Resolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil, err
	}
	if len(ips) == 0 {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	var errs []error
	for _, ip := range ips {
		conn, err := c.dialer.DialContext(ctx, network, net.JoinHostPort(ip.Unmap().String(), port))
		if err == nil {
			return conn, nil
		}
		errs = append(errs, err)
	}
	return nil, errors.Join(errs...)
}
