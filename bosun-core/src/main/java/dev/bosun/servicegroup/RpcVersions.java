package dev.bosun.servicegroup;

import java.util.Comparator;

/** Compares {@code major.minor} RPC versions numerically ("1.10" is newer than "1.9"). */
final class RpcVersions {
  static final Comparator<String> ORDER =
      (a, b) -> {
        int[] x = parse(a);
        int[] y = parse(b);
        int c = Integer.compare(x[0], y[0]);
        return c != 0 ? c : Integer.compare(x[1], y[1]);
      };

  private RpcVersions() {}

  /** {@code [major, minor]}; a bare {@code major} means {@code major.0}. */
  static int[] parse(String version) {
    if (version == null) {
      throw new IllegalArgumentException("RPC version must be 'major.minor', found null");
    }
    String[] parts = version.trim().split("\\.", -1);
    try {
      if (parts.length == 1) {
        return new int[] {nonNegative(parts[0]), 0};
      }
      if (parts.length == 2) {
        return new int[] {nonNegative(parts[0]), nonNegative(parts[1])};
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(
        "RPC version must be 'major.minor' with non-negative integers, found '" + version + "'");
  }

  static boolean valid(String version) {
    try {
      parse(version);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static int nonNegative(String part) {
    int value = Integer.parseInt(part);
    if (value < 0) {
      throw new NumberFormatException(part);
    }
    return value;
  }
}
