package dev.bosun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.db.Database;
import dev.bosun.servicegroup.ServiceRecord;
import dev.bosun.servicegroup.ServiceRegistration;
import dev.bosun.servicegroup.ServiceStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bosun db} and {@code bosun service}, run in-process through {@link Main} on one kind of
 * database; each test gets a fresh, empty database. Services are registered through the {@link
 * ServiceStore}, as a running service would.
 */
abstract class DatabaseCommandsContract {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  protected String url;
  private Database database;

  /** The JDBC URL of a fresh, empty database. */
  protected abstract String newDatabaseUrl();

  /** Removes what {@link #newDatabaseUrl()} made, after every pool is closed. */
  protected abstract void dropDatabase(String url);

  @BeforeEach
  void createDatabase() {
    url = newDatabaseUrl();
  }

  @AfterEach
  void closeAndDrop() {
    if (database != null) {
      database.close();
    }
    if (url != null) {
      dropDatabase(url);
    }
  }

  /** {@code bosun args... --database-connection URL}. */
  protected Cli bosun(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--database-connection");
    all.add(url);
    return Cli.run(all.toArray(new String[0]));
  }

  private ServiceStore store() {
    if (database == null) {
      database = Database.open(url);
    }
    return database.serviceStore(Duration.ofSeconds(60));
  }

  private void registerTwo() {
    ServiceStore store = store();
    ServiceRecord volume =
        store.register(ServiceRegistration.create("host1", "bosun-volume", "volume", 3, "1.4"));
    store.reportState(volume.id());
    store.reportState(volume.id());
    store.register(ServiceRegistration.create("host2", "bosun-scheduler", "scheduler", 2));
  }

  private Map<String, JsonNode> listJson(String... filters) {
    List<String> args = new ArrayList<>(List.of("service", "list", "--format", "json"));
    args.addAll(List.of(filters));
    Cli list = bosun(args.toArray(new String[0]));
    assertThat(list.exitCode()).as(list.toString()).isZero();
    JsonNode rows = JSON.readTree(list.out());
    assertThat(rows.isArray()).as(list.out()).isTrue();
    List<JsonNode> all = new ArrayList<>();
    rows.forEach(all::add);
    return all.stream()
        .collect(
            Collectors.toMap(
                row -> row.get("binary").asString() + "@" + row.get("host").asString(),
                row -> row));
  }

  private static List<String> tableLines(Cli list) {
    return list.out().lines().toList();
  }

  @Test
  void dbVersionShowsTheSchemaBeforeAndAfterSync() {
    Cli before = bosun("db", "version");
    assertThat(before.exitCode()).as("no schema is a failure: " + before).isEqualTo(1);
    assertThat(before.out())
        .contains("current:  (none)")
        .contains("latest:   1")
        .contains("not created; run 'bosun db sync'");

    Cli sync = bosun("db", "sync");
    assertThat(sync.exitCode()).as(sync.toString()).isZero();
    assertThat(sync.out()).contains("migrated from schema version (none) to 1");

    Cli after = bosun("db", "version");
    assertThat(after.exitCode()).as(after.toString()).isZero();
    assertThat(after.out())
        .contains("current:  1")
        .contains("latest:   1")
        .contains("status:   up to date");

    Cli again = bosun("db", "sync");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("at schema version 1, the latest; nothing to do");
  }

  @Test
  void anUnmigratedDatabaseIsNotMigratedByServiceList() {
    Cli list = bosun("service", "list");

    assertThat(list.exitCode()).as(list.toString()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(list.err()).contains("run 'bosun db sync'").contains(Database.maskPassword(url));
    assertThat(list.err().strip().lines()).hasSize(1);
    assertThat(list.out()).isEmpty();
    assertThat(bosun("db", "version").out()).contains("current:  (none)");

    Cli disable = bosun("service", "disable", "host1", "bosun-volume");
    assertThat(disable.exitCode()).as(disable.toString()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(disable.err()).contains("run 'bosun db sync'");
  }

  @Test
  void anEmptyTableListsNothing() {
    bosun("db", "sync");

    Cli table = bosun("service", "list");
    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(tableLines(table)).hasSize(1);
    assertThat(tableLines(table).get(0).split("\\s{2,}"))
        .containsExactly(
            "ID",
            "BINARY",
            "HOST",
            "TOPIC",
            "STATUS",
            "STATE",
            "LAST SEEN",
            "VERSION",
            "DISABLED REASON");

    assertThat(listJson()).isEmpty();
  }

  @Test
  void listShowsEveryLiveServiceAsTableAndJson() {
    bosun("db", "sync");
    registerTwo();
    ServiceRecord volume = store().get("host1", "bosun-volume");

    Cli table = bosun("service", "list");
    assertThat(table.exitCode()).as(table.toString()).isZero();
    List<String> lines = tableLines(table);
    assertThat(lines).hasSize(3);
    String[] volumeRow = lines.get(1).split("\\s{2,}");
    assertThat(volumeRow)
        .containsExactly(
            Long.toString(volume.id()),
            "bosun-volume",
            "host1",
            "volume",
            "enabled",
            "up",
            volume
                .lastSeenUp()
                .orElseThrow()
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString(),
            "3",
            "-");
    assertThat(lines.get(2).split("\\s{2,}"))
        .containsSubsequence(
            "bosun-scheduler", "host2", "scheduler", "enabled", "up", "-", "2", "-");

    Map<String, JsonNode> rows = listJson();
    assertThat(rows).containsOnlyKeys("bosun-volume@host1", "bosun-scheduler@host2");
    JsonNode v = rows.get("bosun-volume@host1");
    assertThat(v.get("id").asLong()).isEqualTo(volume.id());
    assertThat(v.get("uuid").asString()).isEqualTo(volume.uuid());
    assertThat(v.get("topic").asString()).isEqualTo("volume");
    assertThat(v.get("status").asString()).isEqualTo("enabled");
    assertThat(v.get("state").asString()).isEqualTo("up");
    assertThat(v.get("last_seen").asString())
        .isEqualTo(volume.lastSeenUp().orElseThrow().toString());
    assertThat(v.get("version").asInt()).isEqualTo(3);
    assertThat(v.get("disabled_reason").isNull()).isTrue();
    assertThat(v.get("forced_down").asBoolean()).isFalse();
    assertThat(v.get("rpc_current_version").asString()).isEqualTo("1.4");
    assertThat(v.get("report_count").asLong()).isEqualTo(2);
    JsonNode s = rows.get("bosun-scheduler@host2");
    assertThat(s.get("last_seen").isNull()).isTrue();
    assertThat(s.get("rpc_current_version").isNull()).isTrue();
    assertThat(s.get("report_count").asLong()).isZero();
  }

  @Test
  void listFiltersByHostAndBinary() {
    bosun("db", "sync");
    registerTwo();

    assertThat(listJson("--host", "host2")).containsOnlyKeys("bosun-scheduler@host2");
    assertThat(listJson("--binary", "bosun-volume")).containsOnlyKeys("bosun-volume@host1");
    assertThat(listJson("--host", "host2", "--binary", "bosun-volume")).isEmpty();
  }

  @Test
  void disableWithAReasonShowsInTheListAndEnableClearsIt() {
    bosun("db", "sync");
    registerTwo();

    Cli disable =
        bosun("service", "disable", "host1", "bosun-volume", "--reason", "disk replacement");
    assertThat(disable.exitCode()).as(disable.toString()).isZero();
    assertThat(disable.out())
        .contains("Disabled service 'bosun-volume' on host 'host1'")
        .contains("reason: disk replacement");

    JsonNode v = listJson().get("bosun-volume@host1");
    assertThat(v.get("status").asString()).isEqualTo("disabled");
    assertThat(v.get("disabled_reason").asString()).isEqualTo("disk replacement");
    assertThat(v.get("state").asString()).as("disabling is not liveness").isEqualTo("up");
    assertThat(listJson().get("bosun-scheduler@host2").get("status").asString())
        .isEqualTo("enabled");
    assertThat(bosun("service", "list").out()).contains("disk replacement");

    Cli enable = bosun("service", "enable", "host1", "bosun-volume");
    assertThat(enable.exitCode()).as(enable.toString()).isZero();
    assertThat(enable.out()).contains("Enabled service 'bosun-volume' on host 'host1'");
    v = listJson().get("bosun-volume@host1");
    assertThat(v.get("status").asString()).isEqualTo("enabled");
    assertThat(v.get("disabled_reason").isNull()).isTrue();
  }

  @Test
  void forceDownMakesTheServiceDownUntilUnforced() {
    bosun("db", "sync");
    registerTwo();

    Cli forceDown = bosun("service", "force-down", "host1", "bosun-volume");
    assertThat(forceDown.exitCode()).as(forceDown.toString()).isZero();
    assertThat(forceDown.out()).contains("Forced down service 'bosun-volume' on host 'host1'");
    JsonNode v = listJson().get("bosun-volume@host1");
    assertThat(v.get("state").asString()).isEqualTo("down");
    assertThat(v.get("forced_down").asBoolean()).isTrue();
    assertThat(listJson().get("bosun-scheduler@host2").get("state").asString()).isEqualTo("up");

    Cli unforce = bosun("service", "unforce-down", "host1", "bosun-volume");
    assertThat(unforce.exitCode()).as(unforce.toString()).isZero();
    assertThat(unforce.out()).contains("No longer forced down").contains("it is up");
    v = listJson().get("bosun-volume@host1");
    assertThat(v.get("state").asString()).isEqualTo("up");
    assertThat(v.get("forced_down").asBoolean()).isFalse();
  }

  @Test
  void deleteRemovesTheServiceFromTheList() {
    bosun("db", "sync");
    registerTwo();

    Cli delete = bosun("service", "delete", "host1", "bosun-volume");

    assertThat(delete.exitCode()).as(delete.toString()).isZero();
    assertThat(delete.out()).contains("Deleted service 'bosun-volume' on host 'host1'");
    assertThat(listJson()).containsOnlyKeys("bosun-scheduler@host2");
    assertThat(store().find("host1", "bosun-volume")).isEmpty();
    Cli again = bosun("service", "delete", "host1", "bosun-volume");
    assertThat(again.exitCode()).isEqualTo(Main.EXIT_FAILURE);
  }

  @Test
  void anUnknownHostOrBinaryIsNamedAndFails() {
    bosun("db", "sync");
    registerTwo();

    for (String command : List.of("disable", "enable", "force-down", "unforce-down", "delete")) {
      Cli wrongHost = bosun("service", command, "h1", "bosun-volume");
      assertThat(wrongHost.exitCode()).as(wrongHost.toString()).isEqualTo(Main.EXIT_FAILURE);
      assertThat(wrongHost.err().strip())
          .isEqualTo(
              "bosun: No service 'bosun-volume' on host"
                  + " 'h1'; 'bosun service list' shows the services");
      Cli wrongBinary = bosun("service", command, "host1", "bosun-api");
      assertThat(wrongBinary.exitCode()).as(wrongBinary.toString()).isEqualTo(Main.EXIT_FAILURE);
      assertThat(wrongBinary.err()).contains("No service 'bosun-api' on host 'host1'");
    }
    assertThat(listJson()).hasSize(2);
    assertThat(listJson().get("bosun-volume@host1").get("status").asString()).isEqualTo("enabled");
  }

  @Test
  void configArgumentsMayComeBeforeHostAndBinary() {
    bosun("db", "sync");
    registerTwo();

    Cli disable =
        Cli.run(
            "service",
            "disable",
            "--database-connection",
            url,
            "host1",
            "--reason",
            "why",
            "bosun-volume");

    assertThat(disable.exitCode()).as(disable.toString()).isZero();
    assertThat(listJson().get("bosun-volume@host1").get("disabled_reason").asString())
        .isEqualTo("why");
  }

  @Test
  void aSchemaNewerThanThisBosunIsLeftAloneAndFails() {
    bosun("db", "sync");
    store();
    try (var connection = database.dataSource().getConnection();
        var statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO \"bosun_schema_history\" (\"installed_rank\","
              + " \"version\", \"description\", \"type\", \"script\", \"checksum\","
              + " \"installed_by\", \"execution_time\", \"success\") VALUES (99, '999',"
              + " 'from the future', 'SQL', 'V999__from_the_future.sql', 0, 'test', 0, TRUE)");
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }

    Cli sync = bosun("db", "sync");
    assertThat(sync.exitCode()).as(sync.toString()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(sync.err()).contains("999").contains("newer than this Bosun's 1");
    assertThat(sync.err().strip().lines()).hasSize(1);

    Cli version = bosun("db", "version");
    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).contains("current:  999").contains("newer than this Bosun");

    Cli list = bosun("service", "list");
    assertThat(list.exitCode()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(list.err()).contains("newer than this Bosun's 1");
  }
}
