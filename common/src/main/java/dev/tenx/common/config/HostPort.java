package dev.tenx.common.config;

import java.net.InetSocketAddress;

/** Parses {@code host:port} config values. Stateless; thread-safe. */
public final class HostPort {

    private static final int MAX_PORT = 65_535;

    private HostPort() {}

    public static InetSocketAddress parse(String key, String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new ConfigException(key + "=" + value + ": expected host:port, for example 127.0.0.1:9092");
        }
        String host = value.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ConfigException(key + "=" + value + ": port is not a number");
        }
        if (port < 0 || port > MAX_PORT) {
            throw new ConfigException(key + "=" + value + ": port must be between 0 and " + MAX_PORT);
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** {@code host:port} of a bound or connected address, for config values. */
    public static String format(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
