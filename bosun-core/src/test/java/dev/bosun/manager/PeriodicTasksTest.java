package dev.bosun.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PeriodicTasksTest {
  private static final Function<String, Optional<Duration>> NO_OPTIONS = name -> Optional.empty();

  static class Rules {
    final List<String> calls = new ArrayList<>();

    @Periodic(spacing = "10s")
    void regular() {
      calls.add("regular");
    }

    @Periodic(spacing = "-1")
    void negative() {}

    @Periodic(spacing = "10s", enabled = false)
    void disabled() {}

    @Periodic(spacing = "0")
    void zero() {}

    @Periodic
    void bare() {}

    @Periodic(spacing = "500ms", name = "renamed", runImmediately = true, externalProcessOk = true)
    private void withContext(PeriodicContext context) {
      calls.add("context:" + context.taskName());
    }
  }

  @Test
  void negativeDisabledAndZeroSpacingAreNotRegistered() {
    PeriodicTasks tasks = PeriodicTasks.of(new Rules(), NO_OPTIONS);

    assertThat(tasks.tasks())
        .extracting(PeriodicTask::name)
        .containsExactly("bare", "regular", "renamed");
  }

  @Test
  void bareAnnotationGetsOslosDefaultIntervalAndAttributesAreKept() {
    Map<String, PeriodicTask> byName = byName(PeriodicTasks.of(new Rules(), NO_OPTIONS));

    assertThat(byName.get("bare").spacing()).isEqualTo(Spacing.every(Duration.ofSeconds(60)));
    PeriodicTask renamed = byName.get("renamed");
    assertThat(renamed.spacing()).isEqualTo(Spacing.every(Duration.ofMillis(500)));
    assertThat(renamed.runImmediately()).isTrue();
    assertThat(renamed.externalProcessOk()).isTrue();
  }

  @Test
  void boundTasksCallTheMethodWithOrWithoutTheContext() throws Exception {
    Rules rules = new Rules();
    Map<String, PeriodicTask> byName = byName(PeriodicTasks.of(rules, NO_OPTIONS));
    PeriodicContext context = new RunContext("renamed", ManualClock.create().now(), () -> false);

    byName.get("regular").body().run(context);
    byName.get("renamed").body().run(context);

    assertThat(rules.calls).containsExactly("regular", "context:renamed");
  }

  @Test
  void theTaskThrowsWhatTheMethodThrows() {
    class Failing {
      @Periodic(spacing = "1s")
      void fail() throws java.io.IOException {
        throw new java.io.IOException("disk gone");
      }
    }
    PeriodicTask task = PeriodicTasks.of(new Failing(), NO_OPTIONS).tasks().get(0);

    assertThatThrownBy(() -> task.body().run(null))
        .isInstanceOf(java.io.IOException.class)
        .hasMessage("disk gone");
  }

  static class Parent {
    final List<String> calls = new ArrayList<>();

    @Periodic(spacing = "10s")
    void audit() {
      calls.add("parent.audit");
    }

    @Periodic(spacing = "10s")
    void report() {
      calls.add("parent.report");
    }

    @Periodic(spacing = "10s")
    void sweep() {}
  }

  static class Child extends Parent {
    @Override
    void audit() {
      calls.add("child.audit");
    }

    @Override
    @Periodic(spacing = "10s", enabled = false)
    void sweep() {}

    @Periodic(spacing = "5s")
    void childOwn() {}
  }

  @Test
  void subclassInheritsParentTasksOverridesRunAndCanDisable() throws Exception {
    Child child = new Child();
    Map<String, PeriodicTask> byName = byName(PeriodicTasks.of(child, NO_OPTIONS));

    assertThat(byName.keySet()).containsExactly("audit", "report", "childOwn");
    byName.get("audit").body().run(null);
    byName.get("report").body().run(null);
    assertThat(child.calls).containsExactly("child.audit", "parent.report");
    assertThat(PeriodicTasks.of(new Parent(), NO_OPTIONS).tasks()).hasSize(3);
  }

  @Test
  void taskAddedToOneInstanceDoesNotExistForAnother() {
    // Regression for oslo's add_periodic_task: it changed the class's list, so another instance
    // of the class failed with KeyError.
    PeriodicTasks first = PeriodicTasks.of(new Parent(), NO_OPTIONS);
    PeriodicTasks second = PeriodicTasks.of(new Parent(), NO_OPTIONS);

    boolean added = first.add(PeriodicTask.builder("extra", context -> {}).spacing("30s").build());

    assertThat(added).isTrue();
    assertThat(first.tasks()).extracting(PeriodicTask::name).contains("extra");
    assertThat(second.tasks()).extracting(PeriodicTask::name).doesNotContain("extra");
    assertThat(PeriodicTasks.of(new Parent(), NO_OPTIONS).tasks()).hasSize(3);
  }

  @Test
  void addAppliesTheSameRulesAndRefusesDuplicateNames() {
    PeriodicTasks tasks = PeriodicTasks.create("Owner", NO_OPTIONS);

    assertThat(tasks.add(PeriodicTask.builder("zero", c -> {}).spacing(Duration.ZERO).build()))
        .isFalse();
    assertThat(tasks.add(PeriodicTask.builder("neg", c -> {}).spacing("-5s").build())).isFalse();
    assertThat(tasks.add(PeriodicTask.builder("off", c -> {}).enabled(false).build())).isFalse();
    assertThat(tasks.add(PeriodicTask.builder("ok", c -> {}).build())).isTrue();
    assertThatThrownBy(() -> tasks.add(PeriodicTask.builder("ok", c -> {}).build()))
        .isInstanceOf(PeriodicTaskException.class)
        .hasMessageContaining("Owner.ok");
    assertThat(tasks.tasks()).extracting(PeriodicTask::name).containsExactly("ok");
  }

  @Test
  void spacingOptionIsReadAtEveryResolutionAndZeroPauses() {
    Map<String, Duration> options = new HashMap<>(Map.of("audit_interval", Duration.ofSeconds(30)));
    class FromOption {
      @Periodic(spacingOption = "audit_interval")
      void audit() {}
    }
    PeriodicTasks tasks =
        PeriodicTasks.of(new FromOption(), name -> Optional.ofNullable(options.get(name)));
    PeriodicTask audit = tasks.tasks().get(0);

    assertThat(tasks.currentSpacing(audit)).contains(Duration.ofSeconds(30));
    options.put("audit_interval", Duration.ofSeconds(5));
    assertThat(tasks.currentSpacing(audit)).contains(Duration.ofSeconds(5));
    options.put("audit_interval", Duration.ZERO);
    assertThat(tasks.currentSpacing(audit)).isEmpty();
  }

  @Test
  void unknownSpacingOptionFailsAtRegistration() {
    class Unknown {
      @Periodic(spacingOption = "no_such_option")
      void audit() {}
    }
    assertThatThrownBy(() -> PeriodicTasks.of(new Unknown(), NO_OPTIONS))
        .isInstanceOf(PeriodicTaskException.class)
        .hasMessageContaining("no_such_option");
  }

  @Test
  void badDeclarationsAreRefusedNamingTheMethod() {
    class Both {
      @Periodic(spacing = "1s", spacingOption = "x")
      void both() {}
    }
    class BadSpacing {
      @Periodic(spacing = "often")
      void bad() {}
    }
    class BadSignature {
      @Periodic(spacing = "1s")
      void bad(@SuppressWarnings("UnusedVariable") String s) {} // the bad signature under test
    }
    class SameName {
      @Periodic(spacing = "1s", name = "same")
      void one() {}

      @Periodic(spacing = "1s", name = "same")
      void two() {}
    }
    assertThatThrownBy(() -> PeriodicTasks.of(new Both(), NO_OPTIONS))
        .isInstanceOf(PeriodicTaskException.class)
        .hasMessageContaining("Both.both");
    assertThatThrownBy(() -> PeriodicTasks.of(new BadSpacing(), NO_OPTIONS))
        .isInstanceOf(PeriodicTaskException.class)
        .hasMessageContaining("'often'");
    assertThatThrownBy(() -> PeriodicTasks.of(new BadSignature(), NO_OPTIONS))
        .isInstanceOf(PeriodicTaskException.class)
        .hasMessageContaining("BadSignature.bad");
    assertThatThrownBy(() -> PeriodicTasks.of(new SameName(), NO_OPTIONS))
        .isInstanceOf(PeriodicTaskException.class)
        .hasMessageContaining("'same'");
  }

  private static Map<String, PeriodicTask> byName(PeriodicTasks tasks) {
    Map<String, PeriodicTask> byName = new java.util.LinkedHashMap<>();
    tasks.tasks().forEach(task -> byName.put(task.name(), task));
    return byName;
  }
}
