package io.github.anonymizer.core.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A one-request HTTP/1.1 server on 127.0.0.1 that sends a status line, headers and part of a
 * body, then closes the socket: a connection broken mid-body. (The JDK's HttpServer keeps the
 * connection open when a fixed-length body is short.) Test helper.
 */
final class ClosingServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Thread thread;

    /**
     * @param headers the response head up to (excluding) the blank line, e.g.
     *     {@code "HTTP/1.1 200 OK\r\nContent-Length: 100"}
     * @param body bytes sent after the head before the socket is closed
     */
    ClosingServer(String headers, byte[] body) throws IOException {
        socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> {
            try (Socket s = socket.accept()) {
                InputStream in = s.getInputStream();
                int matched = 0;
                byte[] end = {'\r', '\n', '\r', '\n'};
                while (matched < 4) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
                }
                OutputStream out = s.getOutputStream();
                out.write((headers + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // the test sees the outcome on the client side
            }
        }, "closing-server");
        thread.setDaemon(true);
        thread.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
