package dev.bosun.rpc;

import java.util.Optional;

/** A {@link Target} being put together, whose topic may still be missing. */
record PartialTarget(
    Optional<String> exchange,
    Optional<String> topic,
    Optional<String> server,
    boolean fanout,
    Optional<String> namespace,
    Optional<String> version) {

  static final PartialTarget EMPTY =
      new PartialTarget(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          false,
          Optional.empty(),
          Optional.empty());

  static PartialTarget of(Target target) {
    return new PartialTarget(
        target.exchange(),
        Optional.of(target.topic()),
        target.server(),
        target.fanout(),
        target.namespace(),
        target.version());
  }

  /** The complete target, if the topic is known; checks every field as {@link Target} does. */
  Optional<Target> complete() {
    return topic.map(name -> new Target(exchange, name, server, fanout, namespace, version));
  }

  PartialTarget withTopic(String value) {
    return checked(
        new PartialTarget(exchange, Optional.of(value), server, fanout, namespace, version));
  }

  PartialTarget withExchange(String value) {
    return checked(
        new PartialTarget(Optional.of(value), topic, server, fanout, namespace, version));
  }

  PartialTarget withServer(String value) {
    return checked(
        new PartialTarget(exchange, topic, Optional.of(value), fanout, namespace, version));
  }

  PartialTarget withAnyServer() {
    return new PartialTarget(exchange, topic, Optional.empty(), fanout, namespace, version);
  }

  PartialTarget withFanout(boolean value) {
    return new PartialTarget(exchange, topic, server, value, namespace, version);
  }

  PartialTarget withNamespace(String value) {
    return checked(new PartialTarget(exchange, topic, server, fanout, Optional.of(value), version));
  }

  PartialTarget withoutNamespace() {
    return new PartialTarget(exchange, topic, server, fanout, Optional.empty(), version);
  }

  PartialTarget withVersion(String value) {
    return checked(
        new PartialTarget(exchange, topic, server, fanout, namespace, Optional.of(value)));
  }

  PartialTarget withoutVersion() {
    return new PartialTarget(exchange, topic, server, fanout, namespace, Optional.empty());
  }

  private static PartialTarget checked(PartialTarget target) {
    new Target(
        target.exchange,
        target.topic.orElse("placeholder"),
        target.server,
        target.fanout,
        target.namespace,
        target.version);
    return target;
  }
}
