package dev.bosun.tck;

import dev.bosun.concurrent.Threads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder from a free port on 127.0.0.1 to a server's port there (a database, a broker), to
 * cause a real outage under a client: {@link #cut()} breaks every open connection and refuses new
 * ones until {@link #restore()}.
 *
 * <p>Each connection is pumped by two daemon threads, accepting by a third; {@link #cut()}, {@link
 * #restore()} and {@link #close()} may be called from any thread.
 */
public final class TcpProxy implements AutoCloseable {
  private final int port;
  private volatile ServerSocket listener;
  private volatile boolean closed;
  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;

  private TcpProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.port = listener.getLocalPort();
    Threads.startDaemon("tcp-proxy-accept", this::acceptLoop);
  }

  /** A proxy forwarding to 127.0.0.1:{@code targetPort}, accepting from now on. */
  public static TcpProxy create(int targetPort) {
    if (targetPort < 1 || targetPort > 65535) {
      throw new IllegalArgumentException("targetPort must be 1..65535, found " + targetPort);
    }
    try {
      return new TcpProxy(targetPort);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on 127.0.0.1 for a proxy to port " + targetPort, e);
    }
  }

  /** The port on 127.0.0.1 that clients connect to. */
  public int port() {
    return port;
  }

  /** Breaks every connection through the proxy and refuses new ones, as a network cut would. */
  public void cut() {
    cut = true;
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    sockets.clear();
  }

  /**
   * Breaks every connection and stops listening, so that connecting is refused, as when the server
   * behind is down; {@link #restore()} listens on the same port again.
   */
  public void stopListening() {
    cut();
    closeQuietly(listener);
  }

  /** Accepts and forwards connections again, listening again on the same port if it stopped. */
  public void restore() {
    if (listener.isClosed() && !closed) {
      try {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        listener = s;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + " again", e);
      }
    }
    cut = false;
  }

  /** Breaks every connection and stops listening; idempotent. */
  @Override
  public void close() {
    closed = true;
    cut();
    closeQuietly(listener);
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      ServerSocket current = listener;
      try {
        client = current.accept();
      } catch (IOException e) {
        if (current.isClosed() && !closed) {
          pause(); // stopListening(): wait for restore()
        }
        continue; // closed (the loop ends) or a failed accept (the loop goes on)
      }
      if (cut) {
        closeQuietly(client);
        continue;
      }
      try {
        Socket upstream = new Socket();
        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
        sockets.add(client);
        sockets.add(upstream);
        Threads.startDaemon("tcp-proxy-up", () -> pump(client, upstream));
        Threads.startDaemon("tcp-proxy-down", () -> pump(upstream, client));
      } catch (IOException e) {
        closeQuietly(client); // the target refused: the client sees its socket closed
      }
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16384];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // connection broken, by cut() or by either end
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      sockets.remove(from);
      sockets.remove(to);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // already closed
    }
  }
}
