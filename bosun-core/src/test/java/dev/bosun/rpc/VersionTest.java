package dev.bosun.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VersionTest {
  @Test
  void endpointAtOnePointThreeServesOlderMinorsAndRevisions() {
    for (String requested : new String[] {"1.0", "1.1", "1.3", "1.2.9", "1.3.0"}) {
      assertThat(Version.isCompatible("1.3", requested)).as(requested).isTrue();
    }
  }

  @Test
  void endpointAtOnePointThreeRefusesNewerMinorRevisionAndOtherMajor() {
    for (String requested : new String[] {"1.4", "2.0", "1.3.1", "0.9"}) {
      assertThat(Version.isCompatible("1.3", requested)).as(requested).isFalse();
    }
  }

  @Test
  void keepsItsSpellingButComparesByValue() {
    assertThat(Version.parse("1.3.0").toString()).isEqualTo("1.3.0");
    assertThat(Version.parse("1.3.0")).isEqualTo(Version.parse("1.3"));
    assertThat(Version.parse("1.10")).isGreaterThan(Version.parse("1.9"));
  }

  @Test
  void badVersionsAreRefusedWithTheText() {
    for (String bad : new String[] {"1", "1.x", "", "1.2.3.4", "-1.0", "1..2"}) {
      assertThatThrownBy(() -> Version.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "'");
    }
  }
}
