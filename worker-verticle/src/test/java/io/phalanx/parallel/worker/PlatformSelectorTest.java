package io.phalanx.parallel.worker;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.channels.spi.SelectorProvider;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformSelectorTest {

  private String before;
  /** The provider this JVM chose by itself: asked before any test sets the property. */
  private String jdksChoice;

  @BeforeEach
  void keepTheProperty() {
    before = System.getProperty(PlatformSelector.PROPERTY);
    System.clearProperty(PlatformSelector.PROPERTY);
    jdksChoice = SelectorProvider.provider().getClass().getName();
  }

  @AfterEach
  void restoreTheProperty() {
    if (before == null) {
      System.clearProperty(PlatformSelector.PROPERTY);
    } else {
      System.setProperty(PlatformSelector.PROPERTY, before);
    }
  }

  @Test
  void namesTheJdksProviderOfEachPlatform() {
    assertThat(PlatformSelector.providerOf("Linux")).isEqualTo("sun.nio.ch.EPollSelectorProvider");
    assertThat(PlatformSelector.providerOf("Mac OS X")).isEqualTo("sun.nio.ch.KQueueSelectorProvider");
    assertThat(PlatformSelector.providerOf("Windows 11")).isEqualTo("sun.nio.ch.WEPollSelectorProvider");
    assertThat(PlatformSelector.providerOf("AIX")).isNull();
  }

  @Test
  void picksTheProviderTheJdkWouldHavePicked() {
    PlatformSelector.prefer();

    assertThat(System.getProperty(PlatformSelector.PROPERTY)).isEqualTo(jdksChoice);
  }

  @Test
  void leavesAProviderTheCommandLineNamed() {
    System.setProperty(PlatformSelector.PROPERTY, "com.example.OwnProvider");

    PlatformSelector.prefer();

    assertThat(System.getProperty(PlatformSelector.PROPERTY)).isEqualTo("com.example.OwnProvider");
  }
}
