package dev.bosun.rpc;

import java.util.Optional;

/** A cap that never changes: a version, or none. */
final class FixedVersionCap implements VersionCap {
  static final FixedVersionCap NONE = new FixedVersionCap(Optional.empty());

  private final Optional<Version> cap;

  FixedVersionCap(Optional<Version> cap) {
    this.cap = cap;
  }

  @Override
  public Optional<Version> current() {
    return cap;
  }

  @Override
  public boolean automatic() {
    return false;
  }

  @Override
  public void reset() {}

  @Override
  public boolean equals(Object other) {
    return other instanceof FixedVersionCap fixed && fixed.cap.equals(cap);
  }

  @Override
  public int hashCode() {
    return cap.hashCode();
  }

  @Override
  public String toString() {
    return cap.map(Version::toString).orElse("none");
  }
}
