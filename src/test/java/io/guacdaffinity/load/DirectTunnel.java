package io.guacdaffinity.load;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.InetGuacamoleSocket;
import org.apache.guacamole.net.SimpleGuacamoleTunnel;
import org.apache.guacamole.net.auth.UserContext;
import org.apache.guacamole.protocol.ConfiguredGuacamoleSocket;
import org.apache.guacamole.protocol.GuacamoleClientInformation;
import org.apache.guacamole.protocol.GuacamoleConfiguration;
import org.apache.guacamole.token.TokenFilter;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;

/**
 * The baseline a routed connect is compared with: what Guacamole does without the extension
 * (SimpleConnection.connect: the provider's configuration with its tokens applied, then
 * guacamole-common's ConfiguredGuacamoleSocket over an InetGuacamoleSocket), opened to the same
 * guacd double the extension chose.
 */
final class DirectTunnel {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Wall and CPU time of one connect, in nanoseconds. */
    static final class Timing {

        final long wallNanos;
        final long cpuNanos;

        Timing(long wallNanos, long cpuNanos) {
            this.wallNanos = wallNanos;
            this.cpuNanos = cpuNanos;
        }
    }

    private DirectTunnel() {
    }

    /** CPU time of the calling thread, in nanoseconds. */
    static long cpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** Opens and closes one tunnel to {@code host:port} for {@code connection} of the undecorated context. */
    static Timing measure(UserContext undecorated, String connection, Map<String, String> tokens, String host,
            int port) throws GuacamoleException {
        long cpu = cpuNanos();
        long start = System.nanoTime();
        GuacamoleConfiguration config = new GuacamoleConfiguration(
                undecorated.getConnectionDirectory().get(connection).getConfiguration());
        new TokenFilter(tokens).filterValues(config.getParameters());
        GuacamoleTunnel tunnel = new SimpleGuacamoleTunnel(new ConfiguredGuacamoleSocket(
                new InetGuacamoleSocket(host, port), config, new GuacamoleClientInformation()));
        Timing timing = new Timing(System.nanoTime() - start, cpuNanos() - cpu);
        tunnel.close();
        return timing;
    }
}
