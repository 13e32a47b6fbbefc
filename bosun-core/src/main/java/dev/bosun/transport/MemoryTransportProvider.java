package dev.bosun.transport;

import dev.bosun.config.Opt;
import dev.bosun.config.OptionGroup;
import dev.bosun.config.ValueSource;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Provides the {@code memory://} transport (see {@link Transports#open}). Its one setting is {@link
 * #MAX_QUEUE_LENGTH}, from the {@code [memory]} section of the config or the URL's query ({@code
 * memory://name?max_queue_length=50000}); any other query option on a {@code memory://} URL is an
 * error, while settings of other transports passed in {@code options} (configuration hands every
 * transport the same ones) are ignored.
 */
public final class MemoryTransportProvider implements TransportProvider {
  /** The default of {@link #MAX_QUEUE_LENGTH}: {@value} messages per queue. */
  public static final int DEFAULT_MAX_QUEUE_LENGTH = 10_000;

  /** How many messages one memory queue holds before publishes to it fail. */
  public static final Opt<Integer> MAX_QUEUE_LENGTH =
      Opt.integer("max_queue_length")
          .group("memory")
          .defaultValue(DEFAULT_MAX_QUEUE_LENGTH)
          .min(1)
          .help(
              "The most messages one queue of the memory:// transport holds (waiting for a"
                  + " consumer, or received by one and not yet handed to a handler). A publish to a"
                  + " full queue fails at once: a call raises an error instead of timing out, a"
                  + " cast's future fails. Bounds the heap a flood of casts can take.")
          .build();

  /** The {@code [memory]} section. */
  public static final OptionGroup GROUP =
      OptionGroup.of("memory", "The memory:// transport (one process).", MAX_QUEUE_LENGTH);

  public MemoryTransportProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of("memory");
  }

  @Override
  public List<OptionGroup> optionGroups() {
    return List.of(GROUP);
  }

  @Override
  public Transport open(TransportUrl url, Map<String, String> options) {
    Set<String> unknown = new java.util.TreeSet<>(url.options().keySet());
    unknown.remove(MAX_QUEUE_LENGTH.name());
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "The memory transport takes only the option "
              + MAX_QUEUE_LENGTH.name()
              + ", found "
              + unknown
              + " in "
              + url);
    }
    String text = options.get(MAX_QUEUE_LENGTH.name());
    int maxQueueLength =
        text == null
            ? DEFAULT_MAX_QUEUE_LENGTH
            : MAX_QUEUE_LENGTH.parse(
                text,
                url.options().containsKey(MAX_QUEUE_LENGTH.name())
                    ? new ValueSource.Given("transport_url " + url)
                    : new ValueSource.Given("[memory] max_queue_length"));
    return new MemoryTransport(url.name(), maxQueueLength);
  }
}
