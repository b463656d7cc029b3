package dev.tollgate.proxy.address;

import java.util.Locale;

/**
 * What kind of address a destination resolved to. Only {@link #PUBLIC} may be reached without an
 * explicit {@code proxy.allow_private} range; every other class is somewhere a forged request
 * must not go (the host itself, the internal network, cloud metadata, special-purpose space).
 */
public enum Classification {
    PUBLIC,
    LOOPBACK,
    /** RFC 1918 (10/8, 172.16/12, 192.168/16) and the deprecated IPv6 site-local fec0::/10. */
    PRIVATE,
    /** 169.254/16 (includes cloud metadata at 169.254.169.254) and fe80::/10. */
    LINK_LOCAL,
    /** Carrier-grade NAT shared space 100.64/10 (RFC 6598): internal to an operator. */
    CGNAT,
    /** fc00::/7 (RFC 4193), the IPv6 counterpart of RFC 1918. */
    UNIQUE_LOCAL,
    MULTICAST,
    /** 0.0.0.0/8 and ::, which Linux connects to the local host. */
    UNSPECIFIED,
    /** 255.255.255.255. */
    BROADCAST,
    /**
     * Special-purpose space that is not reachable on the public internet: 240/4, 192.0.0/24,
     * benchmarking (198.18/15, 2001:2::/48), documentation (192.0.2/24, 198.51.100/24,
     * 203.0.113/24, 2001:db8::/32, 3fff::/20), and unassigned IPv6 outside 2000::/3.
     * Documentation ranges are refused rather than treated as public: a real name never resolves
     * to them, so an answer inside one is a misconfiguration or a probe.
     */
    RESERVED;

    public boolean isPublic() { return this == PUBLIC; }

    /** Lower-case words for messages: {@code "link local"}. */
    public String label() { return name().toLowerCase(Locale.ROOT).replace('_', ' '); }
}
