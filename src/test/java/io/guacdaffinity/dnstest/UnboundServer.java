package io.guacdaffinity.dnstest;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real unbound process serving a Kubernetes-like {@code cluster.local} zone from local-data on
 * a free loopback port, for integration tests. Records are rewritten and reloaded with
 * unbound-control (through a Unix socket in the temporary directory), as a headless Service's
 * records change when pods come and go. Nothing here touches a system service.
 */
public final class UnboundServer implements AutoCloseable {

    public static final String PACKAGE_HINT = "install the Debian package \"unbound\" (apt-get install unbound;"
            + " .ci/run does this on CI)";

    private final Path unbound;
    private final Path control;
    private final Path dir;
    private final Path config;
    private final Path records;
    private final Path log;
    private final int port;
    /** Answers every query with REFUSED, as a resolver does for clients outside its access control. */
    private final boolean refusing;
    private Process process;

    private UnboundServer(Path unbound, Path control, boolean refusing) throws IOException {
        this.unbound = unbound;
        this.control = control;
        this.refusing = refusing;
        this.dir = Files.createTempDirectory("guacd-affinity-unbound-");
        this.config = dir.resolve("unbound.conf");
        this.records = dir.resolve("records.conf");
        this.log = dir.resolve("unbound.log");
        this.port = freeUdpAndTcpPort();
        Files.writeString(config, configText(), StandardCharsets.UTF_8);
        setRecords(List.of());
    }

    /**
     * Prepares a server (not yet started).
     *
     * @throws AssertionError saying which package to install when unbound is missing: the tests
     *         that need it must fail, not skip
     */
    public static UnboundServer create() throws IOException {
        return create(false);
    }

    /** A started server answering with the records of {@code service}. */
    public static UnboundServer serving(HeadlessService service) throws IOException, InterruptedException {
        UnboundServer server = create();
        server.setRecords(service.records());
        return started(server);
    }

    /** A started server that refuses every query (REFUSED), such as a resolver the pod may not use. */
    public static UnboundServer refusingEveryQuery() throws IOException, InterruptedException {
        return started(create(true));
    }

    /** Starts {@code server}; one that does not come up is closed, so that no unbound outlives the test. */
    private static UnboundServer started(UnboundServer server) throws IOException, InterruptedException {
        try {
            server.start();
            return server;
        }
        catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static UnboundServer create(boolean refusing) throws IOException {
        Path unbound = find("unbound");
        Path control = find("unbound-control");
        if (unbound == null || control == null)
            throw new AssertionError("the DNS server for the SRV integration tests is missing ("
                    + (unbound == null ? "unbound" : "unbound-control") + " not found in /usr/sbin or PATH): "
                    + PACKAGE_HINT);
        return new UnboundServer(unbound, control, refusing);
    }

    private static Path find(String program) {
        List<String> dirs = new ArrayList<>(List.of("/usr/sbin", "/usr/local/sbin", "/sbin"));
        String path = System.getenv("PATH");
        if (path != null)
            dirs.addAll(List.of(path.split(":")));
        for (String d : dirs) {
            Path p = Paths.get(d, program);
            if (Files.isExecutable(p))
                return p;
        }
        return null;
    }

    /** A port free for both UDP and TCP on 127.0.0.1. */
    private static int freeUdpAndTcpPort() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int attempt = 0; attempt < 50; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(0, loopback);
                 ServerSocket tcp = new ServerSocket(udp.getLocalPort(), 1, loopback)) {
                return tcp.getLocalPort();
            }
            catch (IOException e) {
                // TCP side taken: try another
            }
        }
        throw new IOException("no port free for both UDP and TCP on 127.0.0.1 after 50 attempts");
    }

    private String configText() {
        return "server:\n"
                + "    interface: 127.0.0.1\n"
                + "    port: " + port + "\n"
                + "    do-ip6: no\n"
                + "    do-daemonize: no\n"
                + "    username: \"\"\n"
                + "    chroot: \"\"\n"
                + "    directory: \"" + dir + "\"\n"
                + "    pidfile: \"" + dir.resolve("unbound.pid") + "\"\n"
                + "    use-syslog: no\n"
                + "    logfile: \"\"\n"
                + "    verbosity: 1\n"
                + "    num-threads: 1\n"
                + "    so-reuseport: no\n"
                + "    module-config: \"iterator\"\n"
                + "    access-control: 127.0.0.0/8 " + (refusing ? "refuse" : "allow") + "\n"
                + "    local-zone: \"cluster.local.\" static\n"
                + "    include: \"" + records + "\"\n"
                + "remote-control:\n"
                + "    control-enable: yes\n"
                + "    control-interface: \"" + dir.resolve("control.sock") + "\"\n";
    }

    public int port() {
        return port;
    }

    /** host:port as guacd-affinity-dns-servers takes it. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    /** Starts unbound and waits until it answers. */
    public void start() throws IOException, InterruptedException {
        if (running())
            throw new IllegalStateException("unbound is already running");
        process = new ProcessBuilder(unbound.toString(), "-d", "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive())
                throw new IOException("unbound exited with " + process.exitValue() + ":\n" + log());
            if (answers())
                return;
            Thread.sleep(20);
        }
        throw new IOException("unbound did not answer on " + address() + " within 30 s:\n" + log());
    }

    private boolean answers() {
        try {
            SimpleResolver r = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
            r.setTimeout(Duration.ofMillis(200));
            Message m = r.send(Message.newQuery(Record.newRecord(Name.fromString("cluster.local."), Type.SOA, DClass.IN)));
            return m.getRcode() == (refusing ? Rcode.REFUSED : Rcode.NOERROR);
        }
        catch (org.xbill.DNS.WireParseException e) {
            // unbound refuses with a bare header (no question section), which dnsjava will not parse
            return refusing;
        }
        catch (IOException e) {
            return false;
        }
    }

    /** Stops unbound (SIGTERM) and waits until it has exited. */
    public void stop() throws InterruptedException {
        if (process == null)
            return;
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    /**
     * Replaces every record with {@code localData} (unbound local-data lines such as
     * {@code "_x._tcp.svc.cluster.local. 1 IN SRV 0 50 4822 pod-0.svc.cluster.local."}); when
     * running, reloads and returns once unbound serves them.
     */
    public void setRecords(List<String> localData) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("    local-data: \"cluster.local. 1 IN SOA ns.cluster.local. hostmaster.cluster.local."
                + " 1 7200 1800 86400 1\"\n");
        for (String line : localData)
            text.append("    local-data: \"").append(line).append("\"\n");
        Path next = dir.resolve("records.conf.next");
        Files.writeString(next, text.toString(), StandardCharsets.UTF_8);
        Files.move(next, records, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        if (running())
            control("reload");
    }

    private void control(String command) throws IOException {
        Process p = new ProcessBuilder(control.toString(), "-c", config.toString(), command)
                .redirectErrorStream(true).start();
        String output;
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("unbound-control " + command + " did not finish within 30 s");
            }
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0 || !output.equals("ok"))
            throw new IOException("unbound-control " + command + " failed (" + p.exitValue() + "): " + output
                    + "\n" + log());
    }

    /** What unbound printed so far, for failure messages. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        }
        catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
