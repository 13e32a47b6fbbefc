package dev.bosun.transport;

/** A running consumer. {@link #close()} stops consuming and is idempotent. */
public interface Subscription extends AutoCloseable {
  /** The queue actually consumed, e.g. the generated {@code reply_<uuid4hex>}. */
  String queue();

  @Override
  void close();
}
