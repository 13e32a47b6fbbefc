package dev.bosun.rpc;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code _msg_id} and {@code _unique_id} of RPC messages: 32 lower-case hex digits in the form
 * of oslo's {@code uuid.uuid4().hex} (version 4, RFC 4122 variant), so a Python peer sees what it
 * would send itself.
 *
 * <p>Where Bosun differs from oslo: the 122 random bits come from {@link ThreadLocalRandom}, not
 * from a cryptographic source. These ids only have to be unique: {@code _msg_id} matches a reply to
 * its waiting call and {@code _unique_id} lets a server drop a re-delivered message; the reply
 * queue name and the message itself travel in clear through the broker, so an unguessable id would
 * protect nothing. {@code UUID.randomUUID()} draws from a shared {@link SecureRandom} behind a
 * lock, which cost more per call than the rest of id handling together. Uniqueness: each thread's
 * generator has its own 64-bit seed sequence, and both halves are mixed with a per-JVM salt drawn
 * once from {@link SecureRandom}, so two processes do not share a sequence.
 *
 * <p>Thread-safe and lock-free.
 */
final class MessageIds {
  private static final long SALT_HIGH;
  private static final long SALT_LOW;
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  static {
    SecureRandom seed = new SecureRandom();
    SALT_HIGH = seed.nextLong();
    SALT_LOW = seed.nextLong();
  }

  private MessageIds() {}

  /** A new id: 32 hex digits, uuid4-shaped. */
  static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = ((random.nextLong() ^ SALT_HIGH) & ~0xf000L) | 0x4000L; // version 4
    long low = ((random.nextLong() ^ SALT_LOW) & ~(0xcL << 60)) | (0x8L << 60); // variant 10
    byte[] digits = new byte[32];
    for (int i = 15; i >= 0; i--) {
      digits[i] = HEX[(int) (high & 0xf)];
      high >>>= 4;
      digits[i + 16] = HEX[(int) (low & 0xf)];
      low >>>= 4;
    }
    return new String(digits, StandardCharsets.ISO_8859_1);
  }
}
