package io.phalanx.parallel.worker;

import java.util.Locale;

/**
 * Names the JDK's own selector provider before the worker opens its first socket, unless the command line names one
 * ({@code -Djava.nio.channels.spi.SelectorProvider=...}).
 * <p>
 * Why: the first socket asks {@code SelectorProvider.provider()}, which looks for a provider with a
 * {@code ServiceLoader} over the whole class path before it falls back to the JDK's. That opens every jar of an
 * application's class path, all before the channel is even connected: 65–80 ms of a worker's start with the examples'
 * 50 jars (measured with {@code -Xlog:class+load}). The property makes it take the JDK's provider at once. A provider
 * that an application ships as a service is then not used by the worker's channel; naming it in the JVM options
 * restores it.
 */
final class PlatformSelector {

  static final String PROPERTY = "java.nio.channels.spi.SelectorProvider";

  private PlatformSelector() {
  }

  /** Sets the property to the JDK's provider of this platform, where there is one and nothing else is named. */
  static void prefer() {
    if (System.getProperty(PROPERTY) != null) {
      return;
    }
    String provider = providerOf(System.getProperty("os.name", ""));
    if (provider == null) {
      return;
    }
    try {
      // java.base's own class: found by the boot loader, without touching the class path
      Class.forName(provider, false, null);
      System.setProperty(PROPERTY, provider);
    } catch (ClassNotFoundException | LinkageError e) {
      // another JDK: SelectorProvider finds its own, as it would have
    }
  }

  /** @return the JDK's selector provider class on {@code osName}, or {@code null} where it is not known */
  static String providerOf(String osName) {
    String os = osName.toLowerCase(Locale.ROOT);
    if (os.startsWith("linux")) {
      return "sun.nio.ch.EPollSelectorProvider";
    }
    if (os.startsWith("mac") || os.contains("bsd")) {
      return "sun.nio.ch.KQueueSelectorProvider";
    }
    if (os.startsWith("windows")) {
      return "sun.nio.ch.WEPollSelectorProvider";
    }
    return null;
  }
}
