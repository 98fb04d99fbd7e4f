package io.github.anonymizer.core.model;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** An HTTP server on 127.0.0.1 (port chosen by the system) that counts requests. Test helper. */
final class LoopbackServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicInteger hits = new AtomicInteger();

    LoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
    }

    /** Serves {@code handler} at {@code path}, counting requests. */
    LoopbackServer on(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            hits.incrementAndGet();
            try {
                handler.handle(exchange);
            } finally {
                exchange.close();
            }
        });
        return this;
    }

    /** Serves {@code body} with a correct Content-Length. */
    LoopbackServer serve(String path, byte[] body) {
        return on(path, exchange -> send(exchange, 200, body.length, body, body.length));
    }

    /** Sends {@code declaredLength} (0 = chunked) in the header and {@code sent} bytes of {@code body}. */
    static void send(HttpExchange exchange, int status, long declaredLength, byte[] body, int sent) throws IOException {
        exchange.sendResponseHeaders(status, declaredLength);
        OutputStream out = exchange.getResponseBody();
        try {
            out.write(body, 0, sent);
            out.flush();
        } finally {
            try {
                out.close();
            } catch (IOException e) {
                // the JDK server refuses to close a fixed-length body that is short: it drops the connection
            }
        }
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    int hits() {
        return hits.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
