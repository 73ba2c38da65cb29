package safehttp

import (
	"net/netip"
	"testing"
)

func TestIsPublicIP(t *testing.T) {
	cases := map[string]bool{
		// public
		"8.8.8.8":              true,
		"1.1.1.1":              true,
		"93.184.216.34":        true,
		"100.63.255.255":       true, // just below CGNAT
		"100.128.0.0":          true, // just above CGNAT
		"172.15.255.255":       true, // just below 172.16/12
		"172.32.0.0":           true, // just above 172.16/12
		"2606:4700:4700::1111": true,
		"2001:4860:4860::8888": true,
		"::ffff:8.8.8.8":       true, // mapped, public
		"64:ff9b::808:808":     true, // NAT64 of 8.8.8.8
		"2002:808:808::1":      true, // 6to4 of 8.8.8.8
		// IPv4 special ranges
		"0.0.0.0":         false,
		"0.1.2.3":         false,
		"10.0.0.1":        false,
		"10.255.255.255":  false,
		"100.64.0.1":      false,
		"100.127.255.255": false,
		"127.0.0.1":       false,
		"127.255.255.254": false,
		"169.254.169.254": false,
		"172.16.0.1":      false,
		"172.31.255.255":  false,
		"192.0.0.8":       false,
		"192.0.2.1":       false,
		"192.88.99.1":     false,
		"192.168.1.1":     false,
		"198.18.0.1":      false,
		"198.19.255.255":  false,
		"198.51.100.7":    false,
		"203.0.113.9":     false,
		"224.0.0.1":       false,
		"239.255.255.250": false,
		"240.0.0.1":       false,
		"255.255.255.255": false,
		// IPv6 special ranges
		"::":                     false,
		"::1":                    false,
		"fc00::1":                false,
		"fd12:3456::1":           false,
		"fe80::1":                false,
		"febf::1":                false,
		"fec0::1":                false,
		"ff02::1":                false,
		"ff0e::1":                false,
		"100::1":                 false,
		"2001::1":                false, // Teredo
		"2001:db8::1":            false,
		"2001:2::1":              false,
		"2001:10::1":             false,
		"2001:20::1":             false,
		"3fff::1":                false,
		"64:ff9b:1::1":           false, // local-use NAT64
		"4000::1":                false, // outside global unicast
		"fe80::1%eth0":           false,
		"2606:4700:4700::1%eth0": false, // zoned
		// IPv6 forms embedding a private IPv4
		"::ffff:127.0.0.1":       false, // mapped
		"::ffff:7f00:1":          false, // mapped, hex
		"::ffff:10.0.0.1":        false,
		"::ffff:169.254.169.254": false,
		"::127.0.0.1":            false, // compatible
		"::10.0.0.1":             false,
		"::ffff:0:127.0.0.1":     false, // SIIT
		"64:ff9b::7f00:1":        false, // NAT64 of 127.0.0.1
		"64:ff9b::a9fe:a9fe":     false, // NAT64 of 169.254.169.254
		"64:ff9b::c0a8:101":      false, // NAT64 of 192.168.1.1
		"2002:7f00:1::1":         false, // 6to4 of 127.0.0.1
		"2002:a00:1::":           false, // 6to4 of 10.0.0.1
		"2002:c0a8:101::1":       false, // 6to4 of 192.168.1.1
	}
	for s, want := range cases {
		t.Run(s, func(t *testing.T) {
			ip := netip.MustParseAddr(s)
			if got := IsPublicIP(ip); got != want {
				t.Errorf("IsPublicIP(%s) = %v, want %v", s, got, want)
			}
		})
	}
	t.Run("invalid", func(t *testing.T) {
		if IsPublicIP(netip.Addr{}) {
			t.Error("IsPublicIP(zero Addr) = true")
		}
	})
}
