package dev.bosun.servicegroup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** The services table in one JVM; one lock, a map ordered by id; "database now" is the clock. */
final class InMemoryServiceStore implements ServiceStore {
  private final Clock clock;
  private final Duration serviceDownTime;
  private final TreeMap<Long, Row> rows = new TreeMap<>();
  private final Map<String, Row> liveByName = new HashMap<>();
  private long nextId = 1;

  InMemoryServiceStore(Clock clock, Duration serviceDownTime) {
    if (clock == null) {
      throw new IllegalArgumentException("clock must not be null");
    }
    ServiceGroup.requirePositive("serviceDownTime", serviceDownTime);
    this.clock = clock;
    this.serviceDownTime = serviceDownTime;
  }

  @Override
  public Duration serviceDownTime() {
    return serviceDownTime;
  }

  @Override
  public synchronized ServiceRecord register(ServiceRegistration registration) {
    Instant now = clock.instant();
    Optional<Row> existing = live(registration.host(), registration.binary());
    if (existing.isPresent()) {
      Row row = existing.get();
      if (!row.topic.equals(registration.topic())
          || row.version != registration.version()
          || !row.rpcCurrentVersion.equals(registration.rpcCurrentVersion())) {
        row.topic = registration.topic();
        row.version = registration.version();
        row.rpcCurrentVersion = registration.rpcCurrentVersion();
        row.updatedAt = Optional.of(now);
      }
      return row.toRecord(now);
    }
    Row row = new Row(nextId++, UUID.randomUUID().toString(), registration, now);
    rows.put(row.id, row);
    liveByName.put(key(row.host, row.binary), row);
    return row.toRecord(now);
  }

  @Override
  public synchronized boolean reportState(long id) {
    Row row = rows.get(id);
    if (row == null || row.deletedAt.isPresent()) {
      return false;
    }
    Instant now = clock.instant();
    row.reportCount++;
    row.lastSeenUp = Optional.of(now);
    row.updatedAt = Optional.of(now);
    return true;
  }

  @Override
  public synchronized List<ServiceRecord> list(ServiceFilter filter) {
    Instant now = clock.instant();
    List<ServiceRecord> result = new ArrayList<>();
    for (Row row : rows.values()) {
      if (row.deletedAt.isEmpty()) {
        ServiceRecord record = row.toRecord(now);
        if (filter.matches(record)) {
          result.add(record);
        }
      }
    }
    return result;
  }

  @Override
  public synchronized Optional<ServiceRecord> find(String host, String binary) {
    Instant now = clock.instant();
    return live(host, binary).map(row -> row.toRecord(now));
  }

  @Override
  public synchronized ServiceRecord disable(String host, String binary, String reason) {
    Optional<String> why = Optional.ofNullable(reason).filter(r -> !r.isBlank());
    if (why.isPresent() && why.get().length() > 255) {
      throw new IllegalArgumentException(
          "disabled reason must be at most 255 characters, found " + why.get().length());
    }
    Row row = require(host, binary);
    row.disabled = true;
    row.disabledReason = why;
    return touched(row);
  }

  @Override
  public synchronized ServiceRecord enable(String host, String binary) {
    Row row = require(host, binary);
    row.disabled = false;
    row.disabledReason = Optional.empty();
    return touched(row);
  }

  @Override
  public synchronized ServiceRecord forceDown(String host, String binary) {
    Row row = require(host, binary);
    row.forcedDown = true;
    return touched(row);
  }

  @Override
  public synchronized ServiceRecord unforceDown(String host, String binary) {
    Row row = require(host, binary);
    row.forcedDown = false;
    return touched(row);
  }

  @Override
  public synchronized void delete(String host, String binary) {
    Row row = require(host, binary);
    row.deletedAt = Optional.of(clock.instant());
    liveByName.remove(key(host, binary));
  }

  @Override
  public String describe() {
    return "in-memory service store";
  }

  @Override
  public void close() {}

  private ServiceRecord touched(Row row) {
    Instant now = clock.instant();
    row.updatedAt = Optional.of(now);
    return row.toRecord(now);
  }

  private Row require(String host, String binary) {
    return live(host, binary).orElseThrow(() -> new ServiceNotFoundException(host, binary));
  }

  private Optional<Row> live(String host, String binary) {
    return Optional.ofNullable(liveByName.get(key(host, binary)));
  }

  private static String key(String host, String binary) {
    return host + '\u0000' + binary;
  }

  private final class Row {
    final long id;
    final String uuid;
    final String host;
    final String binary;
    final Instant createdAt;
    String topic;
    int version;
    Optional<String> rpcCurrentVersion;
    long reportCount;
    boolean disabled;
    Optional<String> disabledReason = Optional.empty();
    boolean forcedDown;
    Optional<Instant> updatedAt = Optional.empty();
    Optional<Instant> lastSeenUp = Optional.empty();
    Optional<Instant> deletedAt = Optional.empty();

    Row(long id, String uuid, ServiceRegistration registration, Instant now) {
      this.id = id;
      this.uuid = uuid;
      this.host = registration.host();
      this.binary = registration.binary();
      this.topic = registration.topic();
      this.version = registration.version();
      this.rpcCurrentVersion = registration.rpcCurrentVersion();
      this.createdAt = now;
    }

    ServiceRecord toRecord(Instant now) {
      Instant last = lastSeenUp.orElse(createdAt);
      return new ServiceRecord(
          id,
          uuid,
          host,
          binary,
          topic,
          reportCount,
          disabled,
          disabledReason,
          forcedDown,
          version,
          rpcCurrentVersion,
          createdAt,
          updatedAt,
          lastSeenUp,
          deletedAt,
          now,
          ServiceGroup.isUp(forcedDown, last, now, serviceDownTime));
    }
  }
}
