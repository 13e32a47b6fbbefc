package dev.bosun.faults;

import java.util.List;
import java.util.Random;

/**
 * Seeded generators of hostile values: the same seed gives the same inputs, so a failure is
 * reproduced by running the suite again with {@code -Dfaults.seed=N}.
 */
final class Hostile {
  private static final List<String> SPECIAL =
      List.of(
          "",
          " ",
          "\t\n",
          "\u0000",
          "\uD800",
          "\uDFFF\uD800",
          "\u202E\u0645\u0631\u062D\u0628\u0627",
          "e\u0301\u0301\u0301",
          "\uD83D\uDCA5",
          "%",
          "%00",
          "%zz",
          "%2F%2f",
          "@",
          "::",
          "[::1]",
          "[",
          "]",
          "?",
          "#",
          "//",
          "../../../../etc/passwd",
          "-1",
          "0",
          "9223372036854775808",
          "-9223372036854775809",
          "1e309",
          "NaN",
          "Infinity",
          "0x10",
          "%s%n%s",
          "${jndi:ldap://127.0.0.1:1/x}",
          "{\"a\":",
          "[[[[[[[[",
          "null",
          "true",
          "'\"",
          "\\",
          "\r",
          "=",
          "==",
          ";",
          "--",
          "-",
          "--help");

  private Hostile() {}

  /** A hostile string: a special value, random characters, a long run, or a mix. */
  static String string(Random r) {
    switch (r.nextInt(6)) {
      case 0:
      case 1:
        return SPECIAL.get(r.nextInt(SPECIAL.size()));
      case 2:
        return randomChars(r, r.nextInt(40));
      case 3:
        return "x".repeat(r.nextInt(5) == 0 ? 100_000 : 1 + r.nextInt(2_000));
      default:
        return SPECIAL.get(r.nextInt(SPECIAL.size()))
            + randomChars(r, r.nextInt(8))
            + SPECIAL.get(r.nextInt(SPECIAL.size()));
    }
  }

  /** {@code valid} with a few characters inserted, deleted or replaced, or a hostile string. */
  static String mutate(Random r, String valid) {
    if (r.nextInt(4) == 0) {
      return string(r);
    }
    StringBuilder b = new StringBuilder(valid);
    int edits = 1 + r.nextInt(3);
    for (int i = 0; i < edits; i++) {
      int at = b.length() == 0 ? 0 : r.nextInt(b.length());
      switch (r.nextInt(3)) {
        case 0 -> b.insert(at, string(r).substring(0, 0) + SPECIAL.get(r.nextInt(SPECIAL.size())));
        case 1 -> {
          if (b.length() > 0) {
            b.deleteCharAt(at);
          }
        }
        default -> {
          if (b.length() > 0) {
            b.setCharAt(at, (char) r.nextInt(0x3000));
          }
        }
      }
    }
    return b.toString();
  }

  static String randomChars(Random r, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      int kind = r.nextInt(4);
      b.append(
          kind == 0
              ? (char) r.nextInt(32)
              : kind == 1 ? (char) (32 + r.nextInt(95)) : (char) r.nextInt(0xFFFF));
    }
    return b.toString();
  }

  static byte[] bytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }
}
