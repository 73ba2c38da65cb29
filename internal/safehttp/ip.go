package safehttp

import "net/netip"

// refused4 lists the IPv4 ranges that are never federation targets.
var refused4 = prefixes(
	"0.0.0.0/8",       // "this network", including the unspecified 0.0.0.0
	"10.0.0.0/8",      // private
	"100.64.0.0/10",   // carrier-grade NAT
	"127.0.0.0/8",     // loopback
	"169.254.0.0/16",  // link-local (cloud metadata services live here)
	"172.16.0.0/12",   // private
	"192.0.0.0/24",    // IETF protocol assignments
	"192.0.2.0/24",    // documentation (TEST-NET-1)
	"192.88.99.0/24",  // 6to4 relay anycast (deprecated)
	"192.168.0.0/16",  // private
	"198.18.0.0/15",   // benchmarking
	"198.51.100.0/24", // documentation (TEST-NET-2)
	"203.0.113.0/24",  // documentation (TEST-NET-3)
	"224.0.0.0/4",     // multicast
	"240.0.0.0/4",     // reserved, including the broadcast 255.255.255.255
)

// global6 is IPv6 global unicast; everything outside it (loopback, unspecified, unique-local
// fc00::/7, link-local fe80::/10, multicast ff00::/8, …) is refused unless it embeds an IPv4
// address, which is then checked instead.
var global6 = netip.MustParsePrefix("2000::/3")

// refused6 lists the special ranges inside global6.
var refused6 = prefixes(
	"2001::/32",     // Teredo: the embedded client address is obfuscated, so refuse it all
	"2001:2::/48",   // benchmarking
	"2001:10::/28",  // ORCHID (deprecated)
	"2001:20::/28",  // ORCHIDv2
	"2001:db8::/32", // documentation
	"3fff::/20",     // documentation
)

// IsPublicIP reports whether ip may be a federation target: a unicast address on the public
// internet. IPv6 forms that embed an IPv4 address (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d,
// SIIT ::ffff:0:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by that IPv4 address.
// Addresses with a zone are refused.
func IsPublicIP(ip netip.Addr) bool {
	if !ip.IsValid() || ip.Zone() != "" {
		return false
	}
	if v4, ok := embeddedIPv4(ip); ok {
		ip = v4
	}
	if ip.Is4() {
		return !contains(refused4, ip)
	}
	return global6.Contains(ip) && !contains(refused6, ip)
}

// IPv6 ranges that carry an IPv4 address in their last 32 bits.
var embeds4 = prefixes(
	"::ffff:0:0/96",   // IPv4-mapped
	"::/96",           // IPv4-compatible (deprecated); also :: and ::1
	"::ffff:0:0:0/96", // IPv4-translated (SIIT)
	"64:ff9b::/96",    // NAT64 well-known prefix
)

// sixToFour (2002:aabb:ccdd::/48) carries an IPv4 address in bits 16 to 48.
var sixToFour = netip.MustParsePrefix("2002::/16")

// embeddedIPv4 returns the IPv4 address carried inside an IPv6 address, if it carries one.
func embeddedIPv4(ip netip.Addr) (netip.Addr, bool) {
	b := ip.As16()
	switch {
	case contains(embeds4, ip):
		return netip.AddrFrom4([4]byte(b[12:16])), true
	case sixToFour.Contains(ip):
		return netip.AddrFrom4([4]byte(b[2:6])), true
	}
	return netip.Addr{}, false
}

func contains(ps []netip.Prefix, ip netip.Addr) bool {
	for _, p := range ps {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

func prefixes(s ...string) []netip.Prefix {
	ps := make([]netip.Prefix, len(s))
	for i, p := range s {
		ps[i] = netip.MustParsePrefix(p)
	}
	return ps
}
