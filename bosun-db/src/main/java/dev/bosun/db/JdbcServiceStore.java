package dev.bosun.db;

import dev.bosun.servicegroup.ServiceFilter;
import dev.bosun.servicegroup.ServiceGroup;
import dev.bosun.servicegroup.ServiceNotFoundException;
import dev.bosun.servicegroup.ServiceRecord;
import dev.bosun.servicegroup.ServiceRegistration;
import dev.bosun.servicegroup.ServiceStore;
import dev.bosun.servicegroup.ServiceStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The services table over plain JDBC, one autocommitted statement per step, portable between H2 and
 * PostgreSQL. Every time is the database's {@code CURRENT_TIMESTAMP}; every read selects it as
 * {@code read_at} and liveness is judged against it.
 */
final class JdbcServiceStore implements ServiceStore {
  private static final String COLUMNS =
      "id, uuid, host, \"binary\", topic, report_count, disabled,"
          + " disabled_reason, forced_down, version, rpc_current_version, created_at, updated_at,"
          + " last_seen_up, deleted_at, CURRENT_TIMESTAMP AS read_at";
  private static final String SELECT_LIVE =
      "SELECT " + COLUMNS + " FROM services WHERE deleted = 0";
  private static final String FIND = SELECT_LIVE + " AND host = ? AND \"binary\" = ?";
  private static final String INSERT =
      "INSERT INTO services (uuid, host, \"binary\", topic,"
          + " version, rpc_current_version, report_count, created_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, 0, CURRENT_TIMESTAMP)";
  private static final String UPDATE_VERSIONS =
      "UPDATE services SET topic = ?, version = ?,"
          + " rpc_current_version = ?, updated_at = CURRENT_TIMESTAMP WHERE id = ? AND deleted = 0";
  private static final String REPORT_STATE =
      "UPDATE services SET report_count = report_count + 1,"
          + " last_seen_up = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP"
          + " WHERE id = ? AND deleted = 0";
  private static final String WHERE_SERVICE = " WHERE host = ? AND \"binary\" = ? AND deleted = 0";
  private static final int MAX_REGISTER_ATTEMPTS = 5;

  private final Database database;
  private final Duration serviceDownTime;
  private final int queryTimeoutSeconds;

  JdbcServiceStore(Database database, Duration serviceDownTime) {
    if (serviceDownTime == null || serviceDownTime.isNegative() || serviceDownTime.isZero()) {
      throw new IllegalArgumentException("serviceDownTime must be > 0, found " + serviceDownTime);
    }
    this.database = database;
    this.serviceDownTime = serviceDownTime;
    this.queryTimeoutSeconds = (int) Math.max(1, database.statementTimeout().toSeconds());
  }

  @Override
  public Duration serviceDownTime() {
    return serviceDownTime;
  }

  @Override
  public ServiceRecord register(ServiceRegistration registration) {
    return withConnection(
        "register " + registration.displayName() + " in",
        connection -> {
          for (int attempt = 1; attempt <= MAX_REGISTER_ATTEMPTS; attempt++) {
            Optional<ServiceRecord> existing =
                find(connection, registration.host(), registration.binary());
            if (existing.isPresent()) {
              ServiceRecord row = existing.get();
              if (row.topic().equals(registration.topic())
                  && row.version() == registration.version()
                  && row.rpcCurrentVersion().equals(registration.rpcCurrentVersion())) {
                return row;
              }
              try (PreparedStatement update = prepare(connection, UPDATE_VERSIONS)) {
                update.setString(1, registration.topic());
                update.setInt(2, registration.version());
                setOptional(update, 3, registration.rpcCurrentVersion());
                update.setLong(4, row.id());
                update.executeUpdate();
              }
              continue; // read it back; deleted meanwhile means create
            }
            try (PreparedStatement insert = prepare(connection, INSERT)) {
              insert.setString(1, UUID.randomUUID().toString());
              insert.setString(2, registration.host());
              insert.setString(3, registration.binary());
              insert.setString(4, registration.topic());
              insert.setInt(5, registration.version());
              setOptional(insert, 6, registration.rpcCurrentVersion());
              insert.executeUpdate();
            } catch (SQLException e) {
              if (!isUniqueViolation(e)) {
                throw e;
              }
              // another process created the row between our read and our insert: read it
            }
          }
          throw new ServiceStoreException(
              "Could not register "
                  + registration.displayName()
                  + " in "
                  + database.describe()
                  + " after "
                  + MAX_REGISTER_ATTEMPTS
                  + " attempts: its row keeps changing under us (deleted and recreated?)");
        });
  }

  @Override
  public boolean reportState(long id) {
    return withConnection(
        "report the state of service id " + id + " to",
        connection -> {
          try (PreparedStatement update = prepare(connection, REPORT_STATE)) {
            update.setLong(1, id);
            return update.executeUpdate() == 1;
          }
        });
  }

  @Override
  public List<ServiceRecord> list(ServiceFilter filter) {
    StringBuilder sql = new StringBuilder(SELECT_LIVE);
    List<String> args = new ArrayList<>();
    filter
        .host()
        .ifPresent(
            host -> {
              sql.append(" AND host = ?");
              args.add(host);
            });
    filter
        .binary()
        .ifPresent(
            binary -> {
              sql.append(" AND \"binary\" = ?");
              args.add(binary);
            });
    filter
        .topic()
        .ifPresent(
            topic -> {
              sql.append(" AND topic = ?");
              args.add(topic);
            });
    sql.append(" ORDER BY id");
    return withConnection(
        "list services in",
        connection -> {
          try (PreparedStatement query = prepare(connection, sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
              query.setString(i + 1, args.get(i));
            }
            List<ServiceRecord> records = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
              while (rows.next()) {
                records.add(read(rows));
              }
            }
            return records;
          }
        });
  }

  @Override
  public Optional<ServiceRecord> find(String host, String binary) {
    return withConnection(
        "find " + binary + " on " + host + " in", connection -> find(connection, host, binary));
  }

  @Override
  public ServiceRecord disable(String host, String binary, String reason) {
    Optional<String> why = Optional.ofNullable(reason).filter(r -> !r.isBlank());
    if (why.isPresent() && why.get().length() > 255) {
      throw new IllegalArgumentException(
          "disabled reason must be at most 255 characters, found " + why.get().length());
    }
    return change(
        host,
        binary,
        "disable",
        "disabled = TRUE, disabled_reason = ?",
        statement -> setOptional(statement, 1, why));
  }

  @Override
  public ServiceRecord enable(String host, String binary) {
    return change(host, binary, "enable", "disabled = FALSE, disabled_reason = NULL", s -> {});
  }

  @Override
  public ServiceRecord forceDown(String host, String binary) {
    return change(host, binary, "force down", "forced_down = TRUE", s -> {});
  }

  @Override
  public ServiceRecord unforceDown(String host, String binary) {
    return change(host, binary, "unforce down", "forced_down = FALSE", s -> {});
  }

  @Override
  public void delete(String host, String binary) {
    withConnection(
        "delete " + binary + " on " + host + " in",
        connection -> {
          update(connection, host, binary, "deleted = id, deleted_at = CURRENT_TIMESTAMP", s -> {});
          return Boolean.TRUE; // withConnection returns the body's result; delete has none
        });
  }

  @Override
  public String describe() {
    return database.describe();
  }

  /** Does nothing: the pool belongs to the {@link Database}. */
  @Override
  public void close() {}

  private ServiceRecord change(
      String host, String binary, String what, String assignments, Binder binder) {
    return withConnection(
        what + " " + binary + " on " + host + " in",
        connection -> {
          update(connection, host, binary, assignments, binder);
          return find(connection, host, binary)
              .orElseThrow(() -> new ServiceNotFoundException(host, binary));
        });
  }

  private void update(
      Connection connection, String host, String binary, String assignments, Binder binder)
      throws SQLException {
    String sql =
        "UPDATE services SET " + assignments + ", updated_at = CURRENT_TIMESTAMP" + WHERE_SERVICE;
    try (PreparedStatement update = prepare(connection, sql)) {
      binder.bind(update);
      int first = (int) assignments.chars().filter(c -> c == '?').count() + 1;
      update.setString(first, host);
      update.setString(first + 1, binary);
      if (update.executeUpdate() == 0) {
        throw new ServiceNotFoundException(host, binary);
      }
    }
  }

  private Optional<ServiceRecord> find(Connection connection, String host, String binary)
      throws SQLException {
    try (PreparedStatement query = prepare(connection, FIND)) {
      query.setString(1, host);
      query.setString(2, binary);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    }
  }

  private ServiceRecord read(ResultSet rows) throws SQLException {
    boolean forcedDown = rows.getBoolean("forced_down");
    Instant createdAt = instant(rows, "created_at").orElseThrow();
    Optional<Instant> lastSeenUp = instant(rows, "last_seen_up");
    Instant readAt = instant(rows, "read_at").orElseThrow();
    return new ServiceRecord(
        rows.getLong("id"),
        rows.getString("uuid"),
        rows.getString("host"),
        rows.getString("binary"),
        rows.getString("topic"),
        rows.getLong("report_count"),
        rows.getBoolean("disabled"),
        Optional.ofNullable(rows.getString("disabled_reason")),
        forcedDown,
        rows.getInt("version"),
        Optional.ofNullable(rows.getString("rpc_current_version")),
        createdAt,
        instant(rows, "updated_at"),
        lastSeenUp,
        instant(rows, "deleted_at"),
        readAt,
        ServiceGroup.isUp(forcedDown, lastSeenUp.orElse(createdAt), readAt, serviceDownTime));
  }

  private static Optional<Instant> instant(ResultSet rows, String column) throws SQLException {
    return Optional.ofNullable(rows.getObject(column, OffsetDateTime.class))
        .map(OffsetDateTime::toInstant);
  }

  private PreparedStatement prepare(Connection connection, String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    statement.setQueryTimeout(queryTimeoutSeconds);
    return statement;
  }

  private static void setOptional(PreparedStatement statement, int index, Optional<String> value)
      throws SQLException {
    if (value.isPresent()) {
      statement.setString(index, value.get());
    } else {
      statement.setNull(index, Types.VARCHAR);
    }
  }

  private static boolean isUniqueViolation(SQLException e) {
    return "23505".equals(e.getSQLState());
  }

  private <T> T withConnection(String what, SqlFunction<T> body) {
    Connection connection;
    try {
      connection = database.pool().getConnection();
    } catch (SQLException e) {
      throw new ServiceStoreException(
          "Could not "
              + what
              + " "
              + database.describe()
              + ": no connection ("
              + Database.cause(e)
              + ")",
          e);
    }
    try {
      return body.apply(connection);
    } catch (SQLException e) {
      evictIfBroken(connection);
      throw new ServiceStoreException(
          "Could not " + what + " " + database.describe() + ": " + Database.cause(e), e);
    } finally {
      try {
        connection.close();
      } catch (SQLException e) {
        // returned to the pool or already gone; nothing to do
      }
    }
  }

  /** Hikari evicts on SQL states it knows; H2's "connection broken" is not one, so check. */
  private void evictIfBroken(Connection connection) {
    try {
      if (!connection.isValid(1)) {
        database.pool().evictConnection(connection);
      }
    } catch (SQLException e) {
      database.pool().evictConnection(connection);
    }
  }

  @FunctionalInterface
  private interface SqlFunction<T> {
    T apply(Connection connection) throws SQLException;
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }
}
