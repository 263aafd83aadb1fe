package dev.vigil.bench.reliability;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stand-ins for Loki, an OTLP collector and Alertmanager on one loopback port, in the three states
 * the outage run needs: {@link #healthy()} (accepts every request at once), {@link #stalled()}
 * (accepts the TCP connection and never reads or answers) and {@link #unreachable()} (a port
 * nobody listens on: connection refused).
 */
abstract class Downstreams implements AutoCloseable {
    /** The base URL ({@code http://127.0.0.1:<port>}) of all three. */
    abstract String url();

    /** Requests answered, by downstream: Loki pushes, OTLP exports, Alertmanager posts. */
    long lokiPushes() {
        return 0;
    }

    long otlpExports() {
        return 0;
    }

    long alertmanagerPosts() {
        return 0;
    }

    @Override
    public void close() {
    }

    static Downstreams healthy() {
        return new Healthy();
    }

    static Downstreams stalled() {
        return new Stalled();
    }

    static Downstreams unreachable() {
        int port = dev.vigil.bench.VigilProcess.freePort();
        return new Downstreams() {
            @Override
            String url() {
                return "http://127.0.0.1:" + port;
            }
        };
    }

    /** Answers everything: 204 to Loki, 200 with an empty body to OTLP (an empty protobuf message) and Alertmanager. */
    private static final class Healthy extends Downstreams {
        private final HttpServer server;
        private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "fake-downstream");
            t.setDaemon(true);
            return t;
        });
        private final AtomicLong loki = new AtomicLong();
        private final AtomicLong otlp = new AtomicLong();
        private final AtomicLong alertmanager = new AtomicLong();

        Healthy() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                try (InputStream body = exchange.getRequestBody()) {
                    body.transferTo(OutputStreamSink.INSTANCE);
                }
                String path = exchange.getRequestURI().getPath();
                int status = 200;
                if (path.startsWith("/loki/")) {
                    loki.incrementAndGet();
                    status = 204;
                } else if (path.startsWith("/v1/")) {
                    otlp.incrementAndGet();
                    exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                } else if (path.startsWith("/api/v2/alerts")) {
                    alertmanager.incrementAndGet();
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.setExecutor(executor);
            server.start();
        }

        @Override
        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        long lokiPushes() {
            return loki.get();
        }

        @Override
        long otlpExports() {
            return otlp.get();
        }

        @Override
        long alertmanagerPosts() {
            return alertmanager.get();
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    /** Accepts connections and holds them open without reading a byte or answering. */
    private static final class Stalled extends Downstreams {
        private final ServerSocket socket;
        private final List<Socket> held = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        Stalled() {
            try {
                socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        held.add(socket.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "stalled-downstream");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        @Override
        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        /** Connections accepted (and never answered) so far. */
        @Override
        long lokiPushes() {
            return 0;
        }

        int connectionsHeld() {
            return held.size();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            for (Socket s : held) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }

    /** Discards what is written to it. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
