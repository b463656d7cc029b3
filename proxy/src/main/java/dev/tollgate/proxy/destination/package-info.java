/**
 * Destination rules (SPEC §5.2): which logical destination and policy a proxied request maps to.
 * Pure and table-tested: no Netty, no DNS, no network.
 *
 * <h2>Matching, precisely</h2>
 * Rules are tried in file order; the first whose {@code match} fits wins.
 * <ul>
 *   <li><b>host</b>: compared case-insensitively, ignoring one trailing dot ({@code API.Example.com.}
 *       is {@code api.example.com}). {@code *.example.com} matches any depth of subdomain
 *       ({@code a.example.com}, {@code a.b.example.com}) but <em>not</em> {@code example.com} itself:
 *       write a second rule for the apex. An IP literal pattern matches the same address however
 *       the request spells it ({@code [::ffff:10.0.0.1]} is {@code 10.0.0.1}). IDN is left to the
 *       caller: hosts are expected in ASCII (punycode); anything else matches no name pattern.</li>
 *   <li><b>port</b>: when given, must equal the request port, which defaults to 80 for http and
 *       443 for https. Without it any port matches.</li>
 *   <li><b>methods</b>: compared case-insensitively ({@code post} is {@code POST}): a server that
 *       accepts a lower-case method must not let it step around a rule written for the upper-case
 *       one. Without it every method matches, {@code CONNECT} included.</li>
 *   <li><b>path</b>: a glob on the raw path (never the query). {@code *} matches within one
 *       segment ({@code /v1/*}: {@code /v1/a}, not {@code /v1/a/b}, not {@code /v1});
 *       {@code **} as a whole segment matches zero or more segments, so {@code /v1/refunds/**}
 *       matches {@code /v1/refunds} itself and everything below it. Matching is case-sensitive
 *       (RFC 3986). A trailing slash is not significant on either side ({@code /send/} is
 *       {@code /send}): most servers route both to one handler, so a slash must not step around a
 *       rule. Percent-escapes of unreserved characters are decoded ({@code %41} is {@code A},
 *       {@code %2E} is {@code .}); other escapes are compared as written, hex case ignored.</li>
 * </ul>
 *
 * <h2>Ambiguous paths fail closed</h2>
 * Tollgate does not resolve {@code ..}: it cannot know how the upstream will. A request path
 * is <em>unclear</em> when, after decoding unreserved escapes, it contains a {@code .} or
 * {@code ..} segment, an empty segment ({@code //}), an encoded slash or backslash ({@code %2F},
 * {@code %5C}), a backslash, a {@code ;} (path parameters, which servlet containers strip),
 * a bad escape, a character not allowed in a path, or when there is no path at all (a
 * {@code CONNECT} tunnel can carry any). While scanning, rules whose host, port and methods do
 * not fit are skipped as usual and a rule without a path (or with {@code /**}) matches as usual,
 * since the path cannot change their answer. But the first fitting rule that decides on its path
 * cannot be decided for an unclear path, so the scan stops there and the request is
 * <em>blocked</em> ({@code destination_not_allowed}), whatever {@code default_policy} says:
 * {@code /v1/x/../refunds} must neither skip a strict {@code /v1/refunds/**} rule to reach a lax
 * rule below it nor fall to a lax default.
 *
 * <h2>No rule</h2>
 * A request no rule matches gets destination {@code <host>.<scheme>} (Zehrava Gate's naming,
 * {@code api.example.com.https}) and {@code default_policy}; when that is null (the default) it
 * is blocked with reason code {@code destination_not_allowed}.
 */
package dev.tollgate.proxy.destination;
