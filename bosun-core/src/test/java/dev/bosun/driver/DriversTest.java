package dev.bosun.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.manager.ConfigView;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DriversTest {
  private final DriverContext context =
      new DriverContext("node1", ConfigView.of(Map.of("greeting", "hey"), Set.of()));

  @Test
  void loadsARegisteredDriverByShortNameWithoutCreatingTheOthers() {
    int hostsBefore = HostGreeter.CREATED.get();

    Greeter greeter = Drivers.load(Greeter.class, "hello");

    assertThat(greeter).isInstanceOf(HelloGreeter.class);
    assertThat(greeter.greet()).isEqualTo("hello");
    assertThat(HostGreeter.CREATED.get()).isEqualTo(hostsBefore);
  }

  @Test
  void passesTheContextToAConstructorThatTakesIt() {
    assertThat(Drivers.load(Greeter.class, "host", context).greet()).isEqualTo("hey from node1");
    assertThat(Drivers.load(Greeter.class, "host").greet()).isEqualTo("nobody");
  }

  @Test
  void loadsByFullyQualifiedClassName() {
    assertThat(Drivers.load(Greeter.class, PlainGreeter.class.getName()).greet())
        .isEqualTo("plain");
    assertThat(Drivers.load(Greeter.class, ContextOnlyGreeter.class.getName(), context).greet())
        .isEqualTo("context-only on node1");
  }

  @Test
  void knownListsRegisteredNamesWithoutCreatingAnything() {
    int hellosBefore = HelloGreeter.CREATED.get();

    assertThat(Drivers.known(Greeter.class))
        .containsExactly(
            Map.entry("hello", HelloGreeter.class), Map.entry("host", HostGreeter.class));
    assertThat(HelloGreeter.CREATED.get()).isEqualTo(hellosBefore);
  }

  @Test
  void unknownNameFailsListingTheKnownNames() {
    assertThatThrownBy(() -> Drivers.load(Greeter.class, "lvm"))
        .isInstanceOf(DriverLoadException.class)
        .hasMessageContaining("unknown Greeter driver 'lvm'")
        .hasMessageContaining("known names: hello, host")
        .hasMessageContaining("META-INF/services/dev.bosun.driver.Greeter");
  }

  @Test
  void aClassThatIsNotOfTheKindIsRefusedClearly() {
    assertThatThrownBy(() -> Drivers.load(Greeter.class, "java.lang.String"))
        .isInstanceOf(DriverLoadException.class)
        .hasMessageContaining("java.lang.String does not implement dev.bosun.driver.Greeter")
        .hasMessageContaining("hello, host");
  }

  @Test
  void constructorProblemsNameTheClass() {
    assertThatThrownBy(() -> Drivers.load(Greeter.class, ContextOnlyGreeter.class.getName()))
        .isInstanceOf(DriverLoadException.class)
        .hasMessageContaining("ContextOnlyGreeter")
        .hasMessageContaining("DriverContext");
    assertThatThrownBy(() -> Drivers.load(Greeter.class, BrokenGreeter.class.getName()))
        .isInstanceOf(DriverLoadException.class)
        .hasMessageContaining("BrokenGreeter failed in its constructor")
        .hasMessageContaining("no licence file")
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void blankValueAndNonInterfaceKindsAreRefused() {
    assertThatThrownBy(() -> Drivers.load(Greeter.class, " "))
        .isInstanceOf(DriverLoadException.class)
        .hasMessageContaining("hello, host");
    assertThatThrownBy(() -> Drivers.load(PlainGreeter.class, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PlainGreeter");
  }

  @Test
  void nameOfUsesTheAnnotationElseTheClassName() {
    assertThat(Drivers.nameOf(new HelloGreeter())).isEqualTo("hello");
    assertThat(Drivers.nameOf(new PlainGreeter())).isEqualTo("PlainGreeter");
  }
}
