package dev.bosun.rpc;

import java.util.Objects;

/**
 * An RPC API version, {@code "MAJOR.MINOR"} or {@code "MAJOR.MINOR.REV"} (a missing revision is 0),
 * compared as oslo.messaging's {@code version_is_compatible} does (oslo-wire §9.1).
 *
 * <p>{@link #toString()} gives back the text the version was parsed from, so {@code "1.3"} and
 * {@code "1.3.0"} keep their spelling on the wire even though they are {@link #equals equal}.
 */
public final class Version implements Comparable<Version> {
  /** The version a request without {@code version} asks for, and an endpoint without one has. */
  public static final Version DEFAULT = parse("1.0");

  private final int major;
  private final int minor;
  private final int revision;
  private final String text;

  private Version(int major, int minor, int revision, String text) {
    this.major = major;
    this.minor = minor;
    this.revision = revision;
    this.text = text;
  }

  /**
   * Parses {@code "X.Y"} or {@code "X.Y.Z"} (non-negative decimal integers).
   *
   * @throws IllegalArgumentException naming the text when it is not such a version
   */
  public static Version parse(String text) {
    Objects.requireNonNull(text, "version");
    String[] parts = text.trim().split("\\.", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException(
          "an RPC version must be MAJOR.MINOR or MAJOR.MINOR.REV, found '" + text + "'");
    }
    int[] numbers = new int[3];
    for (int i = 0; i < parts.length; i++) {
      if (!allDigits(parts[i])) {
        throw new IllegalArgumentException(
            "an RPC version must be MAJOR.MINOR or MAJOR.MINOR.REV, found '" + text + "'");
      }
      try {
        numbers[i] = Integer.parseInt(parts[i]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("RPC version part too large in '" + text + "'", e);
      }
    }
    return new Version(numbers[0], numbers[1], numbers[2], text.trim());
  }

  private static boolean allDigits(String part) {
    if (part.isEmpty()) {
      return false;
    }
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  public int major() {
    return major;
  }

  public int minor() {
    return minor;
  }

  public int revision() {
    return revision;
  }

  /**
   * Whether something that implements this version can serve a request for {@code requested}: same
   * major, and {@code requested} not newer than this in (minor, revision). An endpoint at 1.3
   * accepts 1.0 ... 1.3, 1.2.9 and 1.3.0, and refuses 1.4, 2.0 and 1.3.1.
   */
  public boolean canServe(Version requested) {
    if (requested.major != major) {
      return false;
    }
    if (requested.minor != minor) {
      return requested.minor < minor;
    }
    return requested.revision <= revision;
  }

  /**
   * oslo's {@code version_is_compatible(implemented, requested)} on strings.
   *
   * @throws IllegalArgumentException when either text is not a version
   */
  public static boolean isCompatible(String implemented, String requested) {
    return parse(implemented).canServe(parse(requested));
  }

  @Override
  public int compareTo(Version other) {
    int byMajor = Integer.compare(major, other.major);
    if (byMajor != 0) {
      return byMajor;
    }
    int byMinor = Integer.compare(minor, other.minor);
    return byMinor != 0 ? byMinor : Integer.compare(revision, other.revision);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Version version && compareTo(version) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(major, minor, revision);
  }

  @Override
  public String toString() {
    return text;
  }
}
