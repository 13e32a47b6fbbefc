package dev.bosun.transport;

import dev.bosun.config.Secrets;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed {@code transport_url} (wire spec §1.1). Accepted forms:
 *
 * <pre>
 * memory://                     the default in-process bus of this JVM
 * memory://name                 a named in-process bus; the same name is the same bus
 * rabbit://[user:pass@]host[:port][,[user:pass@]host[:port]...]/[virtual_host][?option=value&amp;...]
 * kombu://...                   oslo's alias of rabbit://
 * </pre>
 *
 * <p>For {@code rabbit}: each host has its own credentials, percent-decoded ({@code p%40ss} is
 * {@code p@ss}); an IPv6 host is written in brackets; the port defaults to 5672; no host at all
 * ({@code rabbit:///}) means {@code guest:guest@localhost:5672}; the virtual host is the
 * percent-decoded path, and an empty or missing path means the broker's default vhost {@code /}
 * ({@code %2F} names it explicitly). Query options are percent-decoded and kept in order; which
 * names are valid is the transport's business, not the parser's.
 *
 * <p>Where Bosun is stricter than oslo.messaging: a raw {@code @} after the host list (in the
 * virtual host, the query or the fragment) is rejected. It is what a password holding an unencoded
 * {@code /}, {@code ?} or {@code #} produces, and oslo would silently take the part before that
 * character for a host and port; percent-encode the character ({@code %2F}, {@code %3F}, {@code
 * %23}, {@code %40}) instead.
 *
 * <p>Immutable. {@link #toString()} masks passwords, so a URL may be logged; so do the messages of
 * the exceptions {@link #parse} throws, which show no part of a password however the URL is
 * malformed (with a {@code ,} in a password, which separates hosts, they leave out the port written
 * after it).
 */
public final class TransportUrl {
  /** The default AMQP port, {@value}. */
  public static final int DEFAULT_RABBIT_PORT = 5672;

  static final String ACCEPTED_FORMS =
      "memory://, memory://<name>, "
          + "rabbit://[user:pass@]host[:port][,[user:pass@]host[:port]...]/[virtual_host][?option=value&...]";
  private static final Set<String> SCHEMES = Set.of("memory", "rabbit", "kombu");

  /**
   * One broker host.
   *
   * @param user the user name as written, percent-decoded; empty means the transport's default
   * @param password the password, percent-decoded; empty means the transport's default
   */
  public record Host(Optional<String> user, Optional<String> password, String hostname, int port) {
    public Host {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
      Objects.requireNonNull(hostname, "hostname");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be in 1..65535, found " + port);
      }
    }

    /** {@code user:***@host:port}, the password masked; IPv6 hosts in brackets. */
    @Override
    public String toString() {
      StringBuilder s = new StringBuilder();
      user.ifPresent(
          u -> {
            s.append(u);
            password.ifPresent(p -> s.append(":***"));
            s.append('@');
          });
      s.append(hostname.contains(":") ? "[" + hostname + "]" : hostname);
      return s.append(':').append(port).toString();
    }
  }

  private final String scheme;
  private final List<Host> hosts;
  private final Optional<String> virtualHost;
  private final Map<String, String> options;
  private final String name;

  private TransportUrl(
      String scheme,
      List<Host> hosts,
      Optional<String> virtualHost,
      Map<String, String> options,
      String name) {
    this.scheme = scheme;
    this.hosts = List.copyOf(hosts);
    this.virtualHost = virtualHost;
    this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    this.name = name;
  }

  /**
   * Parses a transport URL.
   *
   * @throws IllegalArgumentException naming the URL (password masked) and the accepted forms
   */
  public static TransportUrl parse(String url) {
    Objects.requireNonNull(url, "url");
    String text = url.trim();
    int schemeEnd = text.indexOf("://");
    if (schemeEnd <= 0) {
      throw bad(text, "it has no scheme");
    }
    String scheme = text.substring(0, schemeEnd).toLowerCase(java.util.Locale.ROOT);
    if (scheme.equals("amqp")) {
      throw bad(
          text,
          "amqp:// is oslo.messaging's AMQP 1.0 driver, which Bosun does not speak; "
              + "for RabbitMQ write rabbit://");
    }
    if (!SCHEMES.contains(scheme)) {
      throw bad(text, "unknown scheme '" + scheme + "'");
    }
    String rest = text.substring(schemeEnd + 3);
    int netlocEnd = indexOfAny(rest, "/?#");
    String netloc = netlocEnd < 0 ? rest : rest.substring(0, netlocEnd);
    String afterNetloc = netlocEnd < 0 ? "" : rest.substring(netlocEnd);
    if (afterNetloc.indexOf('@') >= 0 && !scheme.equals("memory")) {
      throw bad(
          text,
          "it has an '@' after the host list; user:password@ comes before each "
              + "host, and a '/', '?', '#' or '@' in a password, virtual host or query value must be "
              + "percent-encoded (%2F, %3F, %23, %40)");
    }
    int fragment = afterNetloc.indexOf('#');
    if (fragment >= 0) {
      afterNetloc = afterNetloc.substring(0, fragment);
    }
    int queryStart = afterNetloc.indexOf('?');
    String path = queryStart < 0 ? afterNetloc : afterNetloc.substring(0, queryStart);
    String query = queryStart < 0 ? "" : afterNetloc.substring(queryStart + 1);
    Map<String, String> options = parseQuery(text, query);

    if (scheme.equals("memory")) {
      if (netloc.contains("@") || netloc.contains(",") || netloc.contains(":")) {
        throw bad(text, "a memory:// URL names one bus, with no credentials, port or second host");
      }
      if (!(path.isEmpty() || path.equals("/"))) {
        throw bad(text, "a memory:// URL has no path");
      }
      return new TransportUrl(scheme, List.of(), Optional.empty(), options, decode(text, netloc));
    }

    List<Host> hosts = new ArrayList<>();
    String[] parts = netloc.split(",", -1);
    for (int i = 0; i < parts.length; i++) {
      if (!parts[i].isEmpty()) {
        // a part without credentials before one with them may be the start of a password that
        // holds a ',': its text is not shown
        boolean showable =
            parts[i].contains("@")
                || !String.join(",", List.of(parts).subList(i + 1, parts.length)).contains("@");
        hosts.add(parseHost(text, parts[i], showable));
      }
    }
    if (hosts.isEmpty()) {
      hosts.add(
          new Host(Optional.of("guest"), Optional.of("guest"), "localhost", DEFAULT_RABBIT_PORT));
    }
    Optional<String> vhost =
        path.isEmpty() ? Optional.empty() : Optional.of(decode(text, path.substring(1)));
    return new TransportUrl(scheme, hosts, vhost, options, "");
  }

  /**
   * One host of the list; {@code showable} false when {@code part} may hold a piece of a password,
   * so that no message shows its text.
   */
  private static Host parseHost(String url, String part, boolean showable) {
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    String hostPort = part;
    int at = part.lastIndexOf('@');
    if (at >= 0) {
      String credentials = part.substring(0, at);
      hostPort = part.substring(at + 1);
      int colon = credentials.indexOf(':');
      if (colon >= 0) {
        password = Optional.of(decodeSecret(url, credentials.substring(colon + 1)));
        credentials = credentials.substring(0, colon);
      }
      user = Optional.of(decode(url, credentials));
    }
    String hostname;
    String portText = null;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0) {
        throw bad(
            url,
            showable
                ? "IPv6 host '" + hostPort + "' has no closing ']'"
                : "an IPv6 host has no closing ']' (a ',' in a password must be written %2C)");
      }
      hostname = hostPort.substring(1, close);
      String after = hostPort.substring(close + 1);
      if (after.startsWith(":")) {
        portText = after.substring(1);
      } else if (!after.isEmpty()) {
        throw bad(
            url,
            showable
                ? "unexpected '" + after + "' after IPv6 host"
                : "unexpected text after an IPv6 host (a ',' in a password must be written %2C)");
      }
    } else {
      int colon = hostPort.indexOf(':');
      hostname = colon < 0 ? hostPort : hostPort.substring(0, colon);
      portText = colon < 0 ? null : hostPort.substring(colon + 1);
    }
    if (hostname.isEmpty()) {
      throw bad(url, "host '" + maskCredentials(part) + "' has no host name");
    }
    int port = DEFAULT_RABBIT_PORT;
    if (portText != null && !portText.isEmpty()) {
      try {
        port = Integer.parseInt(portText);
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 1 || port > 65535) {
        throw bad(
            url,
            showable
                ? "port '" + portText + "' is not a number in 1..65535"
                : "a port is not a number in 1..65535 (a ',' in a password must be written %2C)");
      }
    }
    return new Host(user, password, hostname, port);
  }

  private static Map<String, String> parseQuery(String url, String query) {
    Map<String, String> options = new LinkedHashMap<>();
    if (query.isEmpty()) {
      return options;
    }
    for (String pair : query.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(url, (eq < 0 ? pair : pair.substring(0, eq)).replace('+', ' '));
      String value = eq < 0 ? "" : decode(url, pair.substring(eq + 1).replace('+', ' '));
      if (key.isEmpty()) {
        throw bad(url, "query option '" + pair + "' has no name");
      }
      options.put(key, value);
    }
    return options;
  }

  /** The scheme as written, lower case: {@code memory}, {@code rabbit} or {@code kombu}. */
  public String scheme() {
    return scheme;
  }

  /**
   * The broker hosts in the order written, defaults applied (port 5672; {@code
   * guest:guest@localhost} when the URL names none). Empty for {@code memory://}.
   */
  public List<Host> hosts() {
    return hosts;
  }

  /**
   * The AMQP virtual host to use: the decoded path, or {@code /} when the path is empty or missing.
   * Empty for {@code memory://}.
   */
  public Optional<String> virtualHost() {
    if (scheme.equals("memory")) {
      return Optional.empty();
    }
    return Optional.of(virtualHost.filter(v -> !v.isEmpty()).orElse("/"));
  }

  /**
   * The bus name of a {@code memory://} URL, {@code ""} for the default bus and for other schemes.
   */
  public String name() {
    return name;
  }

  /** The query options, percent-decoded, in the order written. */
  public Map<String, String> options() {
    return options;
  }

  /** The URL with passwords masked; parsing it again gives the same hosts (without passwords). */
  @Override
  public String toString() {
    if (scheme.equals("memory")) {
      return "memory://" + name + queryString();
    }
    StringBuilder s = new StringBuilder(scheme).append("://");
    for (int i = 0; i < hosts.size(); i++) {
      if (i > 0) {
        s.append(',');
      }
      s.append(hosts.get(i));
    }
    s.append('/');
    virtualHost.ifPresent(v -> s.append(v.equals("/") ? "%2F" : v));
    return s.append(queryString()).toString();
  }

  private String queryString() {
    if (options.isEmpty()) {
      return "";
    }
    StringBuilder s = new StringBuilder("?");
    options.forEach(
        (k, v) -> {
          if (s.length() > 1) {
            s.append('&');
          }
          s.append(k)
              .append('=')
              .append(k.toLowerCase(java.util.Locale.ROOT).contains("password") ? "***" : v);
        });
    return s.toString();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TransportUrl)) {
      return false;
    }
    TransportUrl other = (TransportUrl) o;
    return scheme.equals(other.scheme)
        && hosts.equals(other.hosts)
        && virtualHost.equals(other.virtualHost)
        && options.equals(other.options)
        && name.equals(other.name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scheme, hosts, virtualHost, options, name);
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** {@link #decode} of a password: a bad escape is reported without showing it. */
  private static String decodeSecret(String url, String text) {
    try {
      return decode(url, text);
    } catch (IllegalArgumentException e) {
      throw bad(
          url,
          "a password has a '%' that is not a percent-escape (write %25 for a " + "literal %)");
    }
  }

  /** Percent-decoding as Python's {@code urllib.parse.unquote}: UTF-8, '+' left alone. */
  private static String decode(String url, String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    int i = 0;
    while (i < text.length()) {
      int percent = text.indexOf('%', i);
      int end = percent < 0 ? text.length() : percent;
      byte[] plain = text.substring(i, end).getBytes(StandardCharsets.UTF_8);
      bytes.write(plain, 0, plain.length);
      if (percent < 0) {
        break;
      }
      if (percent + 2 >= text.length()
          || !isHex(text.charAt(percent + 1))
          || !isHex(text.charAt(percent + 2))) {
        throw bad(
            url,
            "'"
                + text.substring(percent, Math.min(text.length(), percent + 3))
                + "' is not a percent-escape (write %25 for a literal %)");
      }
      bytes.write(Integer.parseInt(text.substring(percent + 1, percent + 3), 16));
      i = percent + 3;
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }

  private static IllegalArgumentException bad(String url, String problem) {
    return new IllegalArgumentException(
        "Bad transport_url '"
            + maskCredentials(url)
            + "': "
            + problem
            + ". Accepted forms: "
            + ACCEPTED_FORMS);
  }

  /** Masks the passwords of a raw URL, or of one host of it, for error messages. */
  static String maskCredentials(String url) {
    return Secrets.maskUrl(url);
  }
}
