package dev.bosun.db;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The settings that a configured {@code [database] connection} may carry. A JDBC URL is code as
 * much as an address: H2 runs the SQL of {@code INIT} (where {@code RUNSCRIPT FROM '/etc/passwd'}
 * reads a file into an error message and {@code CREATE ALIAS} runs Java), instantiates classes
 * named by {@code DATABASE_EVENT_LISTENER}, and pastes every other setting's value into a {@code
 * SET} statement; PostgreSQL's driver instantiates the classes named by {@code socketFactory},
 * {@code sslfactory} and the like, and {@code loggerFile} writes wherever it points. Whoever can
 * set the configuration is trusted, but a URL copied from a web page or passed through a tool
 * should not become code running as the service, so these are refused.
 *
 * <p>H2: only the settings in {@link #H2_ALLOWED} are accepted, and apart from {@code USER} and
 * {@code PASSWORD} (connection properties, never SQL) their values may hold only letters, digits
 * and {@code _ . , + -}. PostgreSQL: the class-loading parameters are accepted only when they name
 * one of the driver's own classes ({@code org.postgresql.*}), and {@code loggerFile} never. The
 * errors name the setting and never its value, which may be a file name or a password.
 */
final class ConnectionSettings {
  /** H2 settings that neither run SQL nor load classes, with simple values. */
  static final Set<String> H2_ALLOWED =
      Set.of(
          "USER",
          "PASSWORD",
          "IFEXISTS",
          "FORBID_CREATION",
          "ACCESS_MODE_DATA",
          "AUTO_RECONNECT",
          "DB_CLOSE_ON_EXIT",
          "DB_CLOSE_DELAY",
          "FILE_LOCK",
          "CIPHER",
          "NETWORK_TIMEOUT",
          "MODE",
          "LOCK_TIMEOUT",
          "DEFAULT_LOCK_TIMEOUT",
          "CACHE_SIZE",
          "CACHE_TYPE",
          "TRACE_LEVEL_FILE",
          "TRACE_LEVEL_SYSTEM_OUT",
          "TRACE_MAX_FILE_SIZE",
          "MAX_MEMORY_ROWS",
          "WRITE_DELAY",
          "RETENTION_TIME",
          "MAX_COMPACT_TIME",
          "DATABASE_TO_UPPER",
          "DATABASE_TO_LOWER",
          "CASE_INSENSITIVE_IDENTIFIERS",
          "NON_KEYWORDS",
          "QUERY_TIMEOUT",
          "LOCK_MODE",
          "MAX_LENGTH_INPLACE_LOB",
          "DEFRAG_ALWAYS",
          "ANALYZE_AUTO");

  private static final Map<String, String> H2_REFUSED =
      Map.of(
          "INIT",
          "runs SQL when a connection opens (RUNSCRIPT reads files, CREATE ALIAS runs Java code)",
          "DATABASE_EVENT_LISTENER",
          "makes H2 load and run a Java class",
          "JAVA_OBJECT_SERIALIZER",
          "makes H2 load and run a Java class",
          "AUTHREALM",
          "makes H2 authenticate through a pluggable Java realm",
          "AUTHZPWD",
          "belongs to H2's pluggable authentication, which Bosun does not use",
          "AUTO_SERVER",
          "opens a TCP server that other local users can reach; leave [database] connection"
              + " unset to use the embedded database, which Bosun serves to its own user only",
          "AUTO_SERVER_PORT",
          "opens a TCP server that other local users can reach; leave [database] connection"
              + " unset to use the embedded database, which Bosun serves to its own user only");

  /** PostgreSQL driver parameters whose value is a class the driver loads and instantiates. */
  private static final Set<String> PG_CLASS_PARAMETERS =
      Set.of(
          "socketfactory",
          "sslfactory",
          "sslhostnameverifier",
          "sslpasswordcallback",
          "authenticationpluginclassname",
          "xmlfactoryfactory");

  private static final Set<String> PG_FILE_WRITERS = Set.of("loggerfile");

  private static final Pattern SIMPLE_VALUE = Pattern.compile("[A-Za-z0-9_.,+-]*");

  private ConnectionSettings() {}

  /**
   * Checks the settings of a configured JDBC URL.
   *
   * @throws IllegalArgumentException naming the first setting refused and why, never its value
   */
  static void check(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:h2:")) {
      checkH2(url);
    } else if (lower.startsWith("jdbc:postgresql:")) {
      checkPostgresql(url);
    }
  }

  private static void checkH2(String url) {
    List<String> parts = splitH2(url);
    for (String setting : parts.subList(1, parts.size())) {
      if (setting.isEmpty()) {
        continue;
      }
      int equal = setting.indexOf('=');
      // H2 itself refuses a setting without '='; the name is all there is to check then
      String key = (equal < 0 ? setting : setting.substring(0, equal)).toUpperCase(Locale.ROOT);
      String value = equal < 0 ? "" : setting.substring(equal + 1);
      String reason = H2_REFUSED.get(key.strip());
      if (reason != null) {
        throw refused(key.strip(), reason);
      }
      if (!H2_ALLOWED.contains(key)) {
        throw new IllegalArgumentException(
            "[database] connection sets '"
                + printable(key)
                + "', which is not among the H2 settings Bosun accepts ("
                + String.join(", ", new java.util.TreeSet<>(H2_ALLOWED))
                + "); settings that run SQL or load classes are refused");
      }
      if (!key.equals("USER")
          && !key.equals("PASSWORD")
          && !SIMPLE_VALUE.matcher(value).matches()) {
        throw new IllegalArgumentException(
            "[database] connection sets "
                + key
                + " to a value with characters other than letters, digits and _ . , + -;"
                + " H2 pastes it into SQL, so Bosun refuses it");
      }
    }
  }

  /** Whether {@code url} is an H2 URL with {@code AUTO_SERVER=TRUE} and no non-empty password. */
  static boolean startsAutoServerWithoutPassword(String url) {
    if (!url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")) {
      return false;
    }
    boolean autoServer = false;
    boolean password = false;
    for (String setting : splitH2(url)) {
      int equal = setting.indexOf('=');
      if (equal < 0) {
        continue;
      }
      String key = setting.substring(0, equal).strip().toUpperCase(Locale.ROOT);
      String value = setting.substring(equal + 1).strip();
      autoServer |= key.equals("AUTO_SERVER") && value.equalsIgnoreCase("TRUE");
      password |= key.equals("PASSWORD") && !value.isEmpty();
    }
    return autoServer && !password;
  }

  /** H2's own split of a URL at {@code ;}, where a backslash escapes the next character. */
  static List<String> splitH2(String url) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == ';') {
        parts.add(part.toString());
        part.setLength(0);
      } else if (c == '\\' && i < url.length() - 1) {
        part.append(url.charAt(++i));
      } else {
        part.append(c);
      }
    }
    parts.add(part.toString());
    return parts;
  }

  // split dropping trailing empty tokens is harmless: empty tokens are skipped anyway
  @SuppressWarnings("StringSplitter")
  private static void checkPostgresql(String url) {
    int question = url.indexOf('?');
    if (question < 0) {
      return;
    }
    for (String token : url.substring(question + 1).split("&")) {
      if (token.isEmpty()) {
        continue;
      }
      int equal = token.indexOf('=');
      String name = decode(equal < 0 ? token : token.substring(0, equal));
      String value = equal < 0 ? "" : decode(token.substring(equal + 1));
      String key = name.strip().toLowerCase(Locale.ROOT);
      if (PG_FILE_WRITERS.contains(key)) {
        throw refused(name, "makes the driver write its log to any file");
      }
      if (PG_CLASS_PARAMETERS.contains(key) && !value.strip().startsWith("org.postgresql.")) {
        throw refused(
            name,
            "makes the driver load and run a Java class; only the driver's own classes"
                + " (org.postgresql.*) are accepted");
      }
    }
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  private static IllegalArgumentException refused(String setting, String reason) {
    return new IllegalArgumentException(
        "[database] connection sets "
            + printable(setting)
            + ", which "
            + reason
            + "; Bosun refuses it: remove it from the URL");
  }

  /** A setting name as typed, cut short and without control characters. */
  private static String printable(String name) {
    String clean = name.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 40 ? clean.substring(0, 40) + "..." : clean;
  }
}
