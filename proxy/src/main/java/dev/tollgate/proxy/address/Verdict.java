package dev.tollgate.proxy.address;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The answer of {@link AddressPolicy#check} for one address and port.
 *
 * @param allowed        whether Tollgate may connect there
 * @param reasonCode     null when allowed, else {@link AddressPolicy#PRIVATE_ADDRESS_BLOCKED} or
 *                       {@link AddressPolicy#OWN_LISTENER_BLOCKED} (the wire reason code)
 * @param address        the address checked
 * @param port           the port checked
 * @param classification what the address is
 */
public record Verdict(boolean allowed, String reasonCode, InetAddress address, int port,
                      Classification classification) {

    /** One line for logs and a delivery's last error; names the address, never a secret. */
    public String message() {
        String where = address instanceof Inet6Address
                ? "[" + address.getHostAddress() + "]:" + port : address.getHostAddress() + ":" + port;
        if (allowed) return where + " is allowed (" + classification.label() + ")";
        if (AddressPolicy.OWN_LISTENER_BLOCKED.equals(reasonCode)) {
            return reasonCode + ": " + where + " is one of Tollgate's own listeners";
        }
        return reasonCode + ": " + address.getHostAddress() + " is a " + classification.label()
                + " address and is not inside proxy.allow_private";
    }
}
