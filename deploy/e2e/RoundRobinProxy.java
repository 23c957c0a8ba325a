import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One address in front of several backends, as a Kubernetes Service is in front of a query-service's replicas: each
 * TCP connection goes to the next backend in turn (curl opens one per request, so requests alternate). Run with
 * {@code java RoundRobinProxy.java <listen-port> <host:port> <host:port>...}; it prints one line per connection
 * ("connection N -> backend I host:port"), which deploy/e2e/run counts to show that every backend answered.
 * Plain JDK, no dependencies; stops when killed.
 */
public final class RoundRobinProxy {

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java RoundRobinProxy.java <listen-port> <host:port> <host:port>...");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        InetSocketAddress[] backends = new InetSocketAddress[args.length - 1];
        for (int i = 1; i < args.length; i++) {
            int colon = args[i].lastIndexOf(':');
            backends[i - 1] = new InetSocketAddress(args[i].substring(0, colon),
                    Integer.parseInt(args[i].substring(colon + 1)));
        }
        AtomicLong connections = new AtomicLong();
        try (ServerSocket server = new ServerSocket(port, 200, InetAddress.getLoopbackAddress())) {
            System.out.println("round-robin proxy on 127.0.0.1:" + port + " for " + (args.length - 1) + " backends");
            System.out.flush();
            while (true) {
                Socket client = server.accept();
                long n = connections.getAndIncrement();
                int pick = (int) (n % backends.length);
                System.out.println("connection " + n + " -> backend " + pick + " " + args[pick + 1]);
                System.out.flush();
                Thread thread = new Thread(() -> relay(client, backends[pick]), "relay-" + n);
                thread.setDaemon(true);
                thread.start();
            }
        }
    }

    /** Copies both ways until both sides have finished; a side that ends its output half-closes the other. */
    private static void relay(Socket client, InetSocketAddress backend) {
        try (client; Socket upstream = new Socket()) {
            upstream.connect(backend, 5_000);
            Thread back = new Thread(() -> pump(upstream, client), "relay-back");
            back.setDaemon(true);
            back.start();
            pump(client, upstream);
            back.join();
        } catch (IOException | InterruptedException e) {
            // the backend is away or the client went: the client sees its connection closed
        }
    }

    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            try {
                to.close();
                from.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
