package io.guacdaffinity.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Serves the admin page as Guacamole would (extension files under /app/ext/guacd-affinity/, the
 * REST resource under /api/session/ext/guacd-affinity/), plus the test-only shell, on loopback.
 * The status answers 200 with the given JSON to {@link #ADMIN_TOKEN} and Guacamole's 403 to anyone else.
 * Run main() to look at the page by hand.
 */
final class StatusPageServer implements AutoCloseable {

    static final String ADMIN_TOKEN = "admin-token";
    static final String ANGULAR = "META-INF/resources/webjars/angular/1.8.3/angular.min.js";

    private static final String DENIED = "{\"message\":\"Permission denied: the guacd-affinity status is for"
            + " administrators (system permission ADMINISTER) only.\",\"translatableMessage\":{\"key\":"
            + "\"APP.TEXT_UNTRANSLATED\",\"variables\":{}},\"type\":\"PERMISSION_DENIED\"}";

    private static final Map<String, String> TYPES = Map.of("html", "text/html", "js", "application/javascript",
            "css", "text/css", "json", "application/json");

    private final HttpServer server;
    private final String statusJson;
    private final String explainJson;
    /** Every REST path asked for, in order. */
    private final List<String> restCalls = new CopyOnWriteArrayList<>();

    StatusPageServer(String statusJson) throws IOException {
        this(statusJson, null);
    }

    /** @param explainJson the answer to every explain call from an administrator; null answers 404 */
    StatusPageServer(String statusJson, String explainJson) throws IOException {
        this.statusJson = statusJson;
        this.explainJson = explainJson;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI page(String token, String language) {
        return page(token, language, "");
    }

    /** The page with a query after its route, as in {@code #/guacd-affinity/status?user=alice&connection=12}. */
    URI page(String token, String language, String routeQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/harness.html?token=" + token
                + "&lang=" + language + "#/guacd-affinity/status" + (routeQuery.isEmpty() ? "" : "?" + routeQuery));
    }

    /** The harness showing only the user-menu entry, as on any page of Guacamole. */
    URI menu(String token) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/harness.html?token=" + token
                + "&lang=en&view=menu");
    }

    /** The REST paths asked for so far. */
    List<String> restCalls() {
        return new ArrayList<>(restCalls);
    }

    void forgetRestCalls() {
        restCalls.clear();
    }

    private void handle(HttpExchange x) throws IOException {
        try {
            String path = x.getRequestURI().getPath();
            if (path.contains(".."))
                send(x, 400, "text/plain", "no");
            else if (path.equals("/api/session/ext/guacd-affinity/status")) {
                restCalls.add(path);
                boolean admin = ADMIN_TOKEN.equals(x.getRequestHeaders().getFirst("Guacamole-Token"));
                send(x, admin ? 200 : 403, "application/json", admin ? statusJson : DENIED);
            }
            else if (path.equals("/api/session/ext/guacd-affinity/explain") && explainJson != null) {
                restCalls.add(path + "?" + x.getRequestURI().getRawQuery());
                boolean admin = ADMIN_TOKEN.equals(x.getRequestHeaders().getFirst("Guacamole-Token"));
                send(x, admin ? 200 : 403, "application/json", admin ? explainJson : DENIED);
            }
            else if (path.equals("/api/session/ext/guacd-affinity/access")) {
                restCalls.add(path);
                boolean admin = ADMIN_TOKEN.equals(x.getRequestHeaders().getFirst("Guacamole-Token"));
                send(x, 200, "application/json", "{\"administrator\":" + admin + "}");
            }
            else if (path.startsWith("/api/")) {
                restCalls.add(path);
                send(x, 404, "application/json", "{\"message\":\"not found\",\"type\":\"NOT_FOUND\"}");
            }
            else if (path.equals("/angular/angular.min.js"))
                resource(x, ANGULAR);
            else if (path.startsWith("/app/ext/guacd-affinity/web/") || path.startsWith("/app/ext/guacd-affinity/translations/"))
                resource(x, path.substring("/app/ext/guacd-affinity/".length()));
            else
                resource(x, "web-harness" + path);
        }
        finally {
            x.close();
        }
    }

    private void resource(HttpExchange x, String name) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                send(x, 404, "text/plain", "not found: " + name);
                return;
            }
            String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
            byte[] body = in.readAllBytes();
            x.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
            x.sendResponseHeaders(200, body.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void send(HttpExchange x, int status, String type, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        x.sendResponseHeaders(status, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Serves the sample status until Enter is pressed. */
    public static void main(String[] args) throws IOException {
        try (StatusPageServer s = new StatusPageServer(SampleStatus.json(SampleStatus.report()),
                SampleStatus.json(SampleStatus.explanation()))) {
            System.out.println("admin view:     " + s.page(ADMIN_TOKEN, args.length > 0 ? args[0] : "en",
                    "user=nosuchuser&connection=12"));
            System.out.println("non-admin view: " + s.page("user-token", "en"));
            System.in.read();
        }
    }
}
