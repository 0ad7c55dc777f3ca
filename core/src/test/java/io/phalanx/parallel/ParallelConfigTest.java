package io.phalanx.parallel;

import io.phalanx.parallel.task.TaskAllowlist;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ParallelConfigTest {

  /** A configuration where every property differs from its default. */
  private static ParallelConfig everythingChanged() {
    return new ParallelConfig()
      .setAgents(7)
      .setMailboxLimit(0)
      .setDispatcher(DispatchStrategy.ROUND_ROBIN)
      .setSupervision(SupervisorStrategy.STOP_ALL)
      .setAddress("my.pool")
      .setNodeName("node-a")
      .setStartTimeout(1234)
      .setShutdownGracePeriod(2345)
      .setKillGracePeriod(3456)
      .setMaxFrameBytes(4096)
      .setJavaCommand("/opt/jdk/bin/java")
      .setClasspath("/a.jar:/b.jar")
      .setJvmOptions(List.of("-Xmx1g", "-Dfoo=bar"))
      .setTaskTimeout(5678)
      .setMaxTasksPerWorker(9)
      .setMaxWorkerHeap(1 << 20)
      .setMaxRestarts(2)
      .setRestartWindow(6789)
      .setRestartInitialDelay(11)
      .setRestartMaxDelay(22)
      .setRestartMultiplier(1.5)
      .setRestartResetAfter(33)
      .setRedispatchOnCrash(true)
      .setCancelGracePeriod(44)
      .setTaskAllowlist(TaskAllowlist.PACKAGES)
      .setAllowedTaskPackages(List.of("com.acme.tasks"))
      .setServiceBundles(List.of("com.example.AppServices", "com.example.MoreServices"))
      .addParentService(new ParentService().setType("com.example.Store").setAddress("example.store")
        .setImplementation("com.example.JdbcStore").setConfig(new JsonObject().put("url", "jdbc:h2:mem:x"))
        .setBlocking(true))
      .setLocalServices(java.util.Map.of("com.example.Sieve", "com.example.FastSieve"))
      .setTracingPolicy(io.vertx.core.tracing.TracingPolicy.PROPAGATE)
      .setServiceCallTimeout(4321)
      .setMaxServiceCallsInFlight(17)
      .setAnnounceInterval(55)
      .setNodeLossTimeout(666)
      .setClassDataSharing(false)
      .setClassDataDirectory("/var/cache/phalanx-cds")
      .setRetriesOnCrash(3)
      .setPoisonThreshold(4)
      .setHeartbeatInterval(250)
      .setHeartbeatTimeout(2_500)
      .setStackDumpTimeout(77);
  }

  private static void assertSameValues(ParallelConfig actual, ParallelConfig expected) {
    assertThat(actual.getAgents()).isEqualTo(expected.getAgents());
    assertThat(actual.getMailboxLimit()).isEqualTo(expected.getMailboxLimit());
    assertThat(actual.getDispatcher()).isEqualTo(expected.getDispatcher());
    assertThat(actual.getSupervision()).isEqualTo(expected.getSupervision());
    assertThat(actual.getAddress()).isEqualTo(expected.getAddress());
    assertThat(actual.getNodeName()).isEqualTo(expected.getNodeName());
    assertThat(actual.getStartTimeout()).isEqualTo(expected.getStartTimeout());
    assertThat(actual.getTaskTimeout()).isEqualTo(expected.getTaskTimeout());
    assertThat(actual.getMaxTasksPerWorker()).isEqualTo(expected.getMaxTasksPerWorker());
    assertThat(actual.getMaxWorkerHeap()).isEqualTo(expected.getMaxWorkerHeap());
    assertThat(actual.getMaxRestarts()).isEqualTo(expected.getMaxRestarts());
    assertThat(actual.getRestartWindow()).isEqualTo(expected.getRestartWindow());
    assertThat(actual.getRestartInitialDelay()).isEqualTo(expected.getRestartInitialDelay());
    assertThat(actual.getRestartMaxDelay()).isEqualTo(expected.getRestartMaxDelay());
    assertThat(actual.getRestartMultiplier()).isEqualTo(expected.getRestartMultiplier());
    assertThat(actual.getRestartResetAfter()).isEqualTo(expected.getRestartResetAfter());
    assertThat(actual.isRedispatchOnCrash()).isEqualTo(expected.isRedispatchOnCrash());
    assertThat(actual.getCancelGracePeriod()).isEqualTo(expected.getCancelGracePeriod());
    assertThat(actual.getTaskAllowlist()).isEqualTo(expected.getTaskAllowlist());
    assertThat(actual.getAllowedTaskPackages()).isEqualTo(expected.getAllowedTaskPackages());
    assertThat(actual.getServiceBundles()).isEqualTo(expected.getServiceBundles());
    assertThat(actual.getParentServices()).isEqualTo(expected.getParentServices());
    assertThat(actual.getLocalServices()).isEqualTo(expected.getLocalServices());
    assertThat(actual.getTracingPolicy()).isEqualTo(expected.getTracingPolicy());
    assertThat(actual.getServiceCallTimeout()).isEqualTo(expected.getServiceCallTimeout());
    assertThat(actual.getAnnounceInterval()).isEqualTo(expected.getAnnounceInterval());
    assertThat(actual.getNodeLossTimeout()).isEqualTo(expected.getNodeLossTimeout());
    assertThat(actual.getShutdownGracePeriod()).isEqualTo(expected.getShutdownGracePeriod());
    assertThat(actual.getKillGracePeriod()).isEqualTo(expected.getKillGracePeriod());
    assertThat(actual.getMaxFrameBytes()).isEqualTo(expected.getMaxFrameBytes());
    assertThat(actual.getJavaCommand()).isEqualTo(expected.getJavaCommand());
    assertThat(actual.getClasspath()).isEqualTo(expected.getClasspath());
    assertThat(actual.getJvmOptions()).isEqualTo(expected.getJvmOptions());
    assertThat(actual.isClassDataSharing()).isEqualTo(expected.isClassDataSharing());
    assertThat(actual.getClassDataDirectory()).isEqualTo(expected.getClassDataDirectory());
    assertThat(actual.getRetriesOnCrash()).isEqualTo(expected.getRetriesOnCrash());
    assertThat(actual.getPoisonThreshold()).isEqualTo(expected.getPoisonThreshold());
    assertThat(actual.getHeartbeatInterval()).isEqualTo(expected.getHeartbeatInterval());
    assertThat(actual.getHeartbeatTimeout()).isEqualTo(expected.getHeartbeatTimeout());
    assertThat(actual.getStackDumpTimeout()).isEqualTo(expected.getStackDumpTimeout());
  }

  private static void assertRejected(Executable setter, String property, String badValue) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, setter);
    assertThat(e.getMessage()).contains(property).contains(badValue);
  }

  @Nested
  class Presets {

    @Test
    void defaultsAreFourAgentsMailboxHundred() {
      ParallelConfig config = ParallelConfig.defaults();

      assertThat(config.getAgents()).isEqualTo(4).isEqualTo(ParallelConfig.DEFAULT_AGENTS);
      assertThat(config.getMailboxLimit()).isEqualTo(100).isEqualTo(ParallelConfig.DEFAULT_MAILBOX_LIMIT);
      assertThat(config.getDispatcher()).isEqualTo(DispatchStrategy.LEAST_MAILBOX)
        .isEqualTo(ParallelConfig.DEFAULT_DISPATCHER);
      assertThat(config.getSupervision()).isEqualTo(SupervisorStrategy.RESTART_ON_CRASH)
        .isEqualTo(ParallelConfig.DEFAULT_SUPERVISION);
      assertThat(config.getAddress()).isEqualTo("phalanx.parallel").isEqualTo(ParallelConfig.DEFAULT_ADDRESS);
    }

    @Test
    void defaultsMatchTheRemainingDefaultConstants() {
      ParallelConfig config = ParallelConfig.defaults();

      assertThat(config.getStartTimeout()).isEqualTo(ParallelConfig.DEFAULT_START_TIMEOUT);
      assertThat(config.getShutdownGracePeriod()).isEqualTo(ParallelConfig.DEFAULT_SHUTDOWN_GRACE_PERIOD);
      assertThat(config.getKillGracePeriod()).isEqualTo(ParallelConfig.DEFAULT_KILL_GRACE_PERIOD);
      assertThat(config.getMaxFrameBytes()).isEqualTo(ParallelConfig.DEFAULT_MAX_FRAME_BYTES);
      assertThat(config.getJavaCommand()).isNull();
      assertThat(config.getClasspath()).isNull();
      assertThat(config.getJvmOptions()).isEqualTo(ParallelConfig.DEFAULT_JVM_OPTIONS);
    }

    @Test
    void defaultsReturnsAFreshInstanceEachTime() {
      ParallelConfig first = ParallelConfig.defaults();
      first.setAgents(9).addJvmOption("-Dchanged=true");

      ParallelConfig second = ParallelConfig.defaults();

      assertThat(second.getAgents()).isEqualTo(ParallelConfig.DEFAULT_AGENTS);
      assertThat(second.getJvmOptions()).isEqualTo(ParallelConfig.DEFAULT_JVM_OPTIONS);
    }

    @Test
    void singleWorkerHasOneAgentAndOtherwiseTheDefaults() {
      ParallelConfig config = ParallelConfig.singleWorker();

      assertThat(config.getAgents()).isEqualTo(1);
      assertThat(config.getMailboxLimit()).isEqualTo(ParallelConfig.DEFAULT_MAILBOX_LIMIT);
      assertThat(config.getDispatcher()).isEqualTo(ParallelConfig.DEFAULT_DISPATCHER);
    }

    @Test
    void cpuBoundHasOneAgentPerAvailableProcessor() {
      assertThat(ParallelConfig.cpuBound().getAgents()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }
  }

  @Nested
  class Setters {

    @Test
    void everySetterReturnsTheSameInstance() {
      ParallelConfig config = new ParallelConfig();

      assertThat(config.setAgents(2)).isSameAs(config);
      assertThat(config.setMailboxLimit(3)).isSameAs(config);
      assertThat(config.setDispatcher(DispatchStrategy.ROUND_ROBIN)).isSameAs(config);
      assertThat(config.setSupervision(SupervisorStrategy.IGNORE)).isSameAs(config);
      assertThat(config.setAddress("a.b")).isSameAs(config);
      assertThat(config.setStartTimeout(5)).isSameAs(config);
      assertThat(config.setShutdownGracePeriod(6)).isSameAs(config);
      assertThat(config.setKillGracePeriod(7)).isSameAs(config);
      assertThat(config.setMaxFrameBytes(2048)).isSameAs(config);
      assertThat(config.setJavaCommand("java")).isSameAs(config);
      assertThat(config.setClasspath("cp")).isSameAs(config);
      assertThat(config.setJvmOptions(List.of("-Xss1m"))).isSameAs(config);
      assertThat(config.addJvmOption("-Xms8m")).isSameAs(config);
    }

    @Test
    void everyGetterReturnsWhatItsSetterWasGiven() {
      ParallelConfig config = everythingChanged();

      assertThat(config.getAgents()).isEqualTo(7);
      assertThat(config.getMailboxLimit()).isEqualTo(0);
      assertThat(config.getDispatcher()).isEqualTo(DispatchStrategy.ROUND_ROBIN);
      assertThat(config.getSupervision()).isEqualTo(SupervisorStrategy.STOP_ALL);
      assertThat(config.getAddress()).isEqualTo("my.pool");
      assertThat(config.getStartTimeout()).isEqualTo(1234);
      assertThat(config.getShutdownGracePeriod()).isEqualTo(2345);
      assertThat(config.getKillGracePeriod()).isEqualTo(3456);
      assertThat(config.getMaxFrameBytes()).isEqualTo(4096);
      assertThat(config.getJavaCommand()).isEqualTo("/opt/jdk/bin/java");
      assertThat(config.getClasspath()).isEqualTo("/a.jar:/b.jar");
      assertThat(config.getJvmOptions()).containsExactly("-Xmx1g", "-Dfoo=bar");
    }

    @Test
    void boundaryValuesAreAccepted() {
      ParallelConfig config = new ParallelConfig()
        .setAgents(1)
        .setMailboxLimit(0)
        .setStartTimeout(1)
        .setShutdownGracePeriod(1)
        .setKillGracePeriod(1)
        .setMaxFrameBytes(1024)
        .setJvmOptions(List.of());

      assertThat(config.getAgents()).isEqualTo(1);
      assertThat(config.getMailboxLimit()).isZero();
      assertThat(config.getStartTimeout()).isEqualTo(1);
      assertThat(config.getShutdownGracePeriod()).isEqualTo(1);
      assertThat(config.getKillGracePeriod()).isEqualTo(1);
      assertThat(config.getMaxFrameBytes()).isEqualTo(1024);
      assertThat(config.getJvmOptions()).isEmpty();
    }

    @Test
    void javaCommandAndClasspathMayBeResetToNull() {
      ParallelConfig config = everythingChanged().setJavaCommand(null).setClasspath(null);

      assertThat(config.getJavaCommand()).isNull();
      assertThat(config.getClasspath()).isNull();
    }

    @Test
    void addJvmOptionAppendsToTheCurrentOptions() {
      ParallelConfig config = new ParallelConfig().setJvmOptions(List.of("-Xmx1g")).addJvmOption("-Dx=1");

      assertThat(config.getJvmOptions()).containsExactly("-Xmx1g", "-Dx=1");
    }

    @Test
    void setJvmOptionsCopiesTheGivenList() {
      List<String> options = new ArrayList<>(List.of("-Xmx1g"));
      ParallelConfig config = new ParallelConfig().setJvmOptions(options);

      options.add("-Dlater=true");

      assertThat(config.getJvmOptions()).containsExactly("-Xmx1g");
    }
  }

  @Nested
  class Validation {

    @Test
    void agentsBelowOneAreRejectedNamingTheValue() {
      assertRejected(() -> new ParallelConfig().setAgents(0), "agents", "0");
      assertRejected(() -> new ParallelConfig().setAgents(-1), "agents", "-1");
    }

    @Test
    void negativeMailboxLimitIsRejectedButZeroIsAllowed() {
      assertRejected(() -> new ParallelConfig().setMailboxLimit(-1), "mailboxLimit", "-1");
      assertThat(new ParallelConfig().setMailboxLimit(0).getMailboxLimit()).isZero();
    }

    @Test
    void blankOrNullAddressIsRejectedNamingTheValue() {
      assertRejected(() -> new ParallelConfig().setAddress(""), "address", "''");
      assertRejected(() -> new ParallelConfig().setAddress("   "), "address", "'   '");
      assertRejected(() -> new ParallelConfig().setAddress(null), "address", "null");
    }

    @Test
    void nonPositiveTimeoutsAreRejectedNamingValue() {
      assertRejected(() -> new ParallelConfig().setStartTimeout(0), "startTimeout", "0");
      assertRejected(() -> new ParallelConfig().setStartTimeout(-5), "startTimeout", "-5");
      assertRejected(() -> new ParallelConfig().setShutdownGracePeriod(0), "shutdownGracePeriod", "0");
      assertRejected(() -> new ParallelConfig().setKillGracePeriod(0), "killGracePeriod", "0");
    }

    @Test
    void maxFrameBytesBelow1024IsRejectedNamingTheValue() {
      assertRejected(() -> new ParallelConfig().setMaxFrameBytes(1023), "maxFrameBytes", "1023");
    }

    @Test
    void blankJavaCommandIsRejectedNamingTheValue() {
      assertRejected(() -> new ParallelConfig().setJavaCommand(" "), "javaCommand", "' '");
    }

    @Test
    void blankClasspathIsRejectedNamingTheValue() {
      assertRejected(() -> new ParallelConfig().setClasspath("\t"), "classpath", "'\t'");
    }

    @Test
    void blankOrNullJvmOptionIsRejectedNamingList() {
      assertRejected(() -> new ParallelConfig().setJvmOptions(List.of("-Xmx1g", " ")), "jvmOptions", "[-Xmx1g,  ]");
      assertRejected(() -> new ParallelConfig().setJvmOptions(Arrays.asList("-Xmx1g", null)), "jvmOptions",
        "[-Xmx1g, null]");
    }

    @Test
    void addJvmOptionRejectsBlankOrNullOptions() {
      assertThatThrownBy(() -> new ParallelConfig().addJvmOption(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JVM option");
      assertThatThrownBy(() -> new ParallelConfig().addJvmOption(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
    }

    @Test
    void aRejectedValueLeavesThePreviousValueInPlace() {
      ParallelConfig config = new ParallelConfig().setAgents(3).setJvmOptions(List.of("-Xmx1g"));

      assertThrows(IllegalArgumentException.class, () -> config.setAgents(0));
      assertThrows(IllegalArgumentException.class, () -> config.setJvmOptions(List.of("-Xss1m", "")));

      assertThat(config.getAgents()).isEqualTo(3);
      assertThat(config.getJvmOptions()).containsExactly("-Xmx1g");
    }

    @Test
    void nullEnumsOrJvmOptionsThrowNpe() {
      assertThatThrownBy(() -> new ParallelConfig().setDispatcher(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("dispatcher");
      assertThatThrownBy(() -> new ParallelConfig().setSupervision(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("supervision");
      assertThatThrownBy(() -> new ParallelConfig().setJvmOptions(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("jvmOptions");
    }
  }

  @Nested
  class Copying {

    @Test
    void copyConstructorCopiesEveryProperty() {
      ParallelConfig original = everythingChanged();

      ParallelConfig copy = new ParallelConfig(original);

      assertThat(copy).isNotSameAs(original);
      assertSameValues(copy, original);
      assertThat(copy.toJson()).isEqualTo(original.toJson());
    }

    @Test
    void mutatingTheCopyLeavesTheOriginalUntouched() {
      ParallelConfig original = everythingChanged();
      ParallelConfig copy = new ParallelConfig(original);

      copy.getJvmOptions().add("-Dadded.through.getter=true");
      copy.addJvmOption("-Dadded=true");
      copy.setAgents(1).setAddress("other.pool");

      assertThat(original.getJvmOptions()).containsExactly("-Xmx1g", "-Dfoo=bar");
      assertThat(original.getAgents()).isEqualTo(7);
      assertThat(original.getAddress()).isEqualTo("my.pool");
    }

    @Test
    void mutatingTheOriginalLeavesTheCopyUntouched() {
      ParallelConfig original = everythingChanged();
      ParallelConfig copy = new ParallelConfig(original);

      original.addJvmOption("-Dlater=true");

      assertThat(copy.getJvmOptions()).containsExactly("-Xmx1g", "-Dfoo=bar");
    }
  }

  @Nested
  class Services {

    @Test
    void defaultsAreNoBundlesAndThirtySecondCalls() {
      ParallelConfig config = ParallelConfig.defaults();

      assertThat(config.getServiceBundles()).isEmpty();
      assertThat(config.getServiceCallTimeout()).isEqualTo(30_000).isEqualTo(ParallelConfig.DEFAULT_SERVICE_CALL_TIMEOUT);
    }

    @Test
    void addAppendsAndSetReplacesBundlesWithACopy() {
      List<String> bundles = new ArrayList<>(List.of("a.B"));
      ParallelConfig config = new ParallelConfig().setServiceBundles(bundles).addServiceBundle("c.D");
      bundles.add("e.F");

      assertThat(config.getServiceBundles()).containsExactly("a.B", "c.D");
      assertThat(config.setServiceBundles(List.of("x.Y")).getServiceBundles()).containsExactly("x.Y");
    }

    @Test
    void blankBundleOrZeroTimeoutIsRejected() {
      assertRejected(() -> new ParallelConfig().setServiceBundles(List.of("a.B", " ")), "serviceBundles", "[a.B,  ]");
      assertRejected(() -> new ParallelConfig().setServiceBundles(Arrays.asList("a.B", null)), "serviceBundles",
        "[a.B, null]");
      assertThatThrownBy(() -> new ParallelConfig().addServiceBundle(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("service bundle");
      assertThatThrownBy(() -> new ParallelConfig().setServiceBundles(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("serviceBundles");
      assertRejected(() -> new ParallelConfig().setServiceCallTimeout(0), "serviceCallTimeout", "0");
      assertRejected(() -> new ParallelConfig().setServiceCallTimeout(-30), "serviceCallTimeout", "-30");
      assertRejected(() -> new ParallelConfig().setMaxServiceCallsInFlight(0), "maxServiceCallsInFlight", "0");
    }

    @Test
    void parentServicesAreObjectsInJsonAndRoundTrip() {
      JsonObject json = everythingChanged().toJson();

      assertThat(json.getJsonArray("parentServices")).isEqualTo(new JsonArray().add(new JsonObject()
        .put("type", "com.example.Store").put("address", "example.store").put("implementation", "com.example.JdbcStore")
        .put("config", new JsonObject().put("url", "jdbc:h2:mem:x")).put("blocking", true)));
      assertThat(json.getJsonObject("localServices"))
        .isEqualTo(new JsonObject().put("com.example.Sieve", "com.example.FastSieve"));
      assertThat(new ParallelConfig(json).getParentServices()).isEqualTo(everythingChanged().getParentServices());
    }

    @Test
    void registeringByClassNamesTheBinaryNames() {
      ParallelConfig config = new ParallelConfig()
        .addParentService(Runnable.class, "a.runner", Thread.class, new JsonObject().put("k", 1))
        .addLocalService(CharSequence.class, StringBuilder.class);

      assertThat(config.getParentServices()).containsExactly(new ParentService().setType("java.lang.Runnable")
        .setAddress("a.runner").setImplementation("java.lang.Thread").setConfig(new JsonObject().put("k", 1)));
      assertThat(config.getLocalServices()).containsExactly(java.util.Map.entry("java.lang.CharSequence",
        "java.lang.StringBuilder"));
    }

    @Test
    void anIncompleteParentServiceIsRejected() {
      assertThatThrownBy(() -> new ParallelConfig().addParentService(new ParentService().setType("a.B")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a type, an address and an "
          + "implementation");
      assertRejected(() -> new ParentService().setAddress(" "), "address", " ");
      assertRejected(() -> new ParallelConfig().setLocalServices(java.util.Map.of("a.B", "")), "localServices",
        "a.B");
    }

    @Test
    void aParentServicesSettingsStayOutOfItsToString() {
      assertThat(everythingChanged().getParentServices().get(0).toString()).contains("config keys=[url]")
        .doesNotContain("jdbc:h2");
    }

    @Test
    void theCopyHasItsOwnBundleList() {
      ParallelConfig original = everythingChanged();
      ParallelConfig copy = new ParallelConfig(original);

      copy.addServiceBundle("com.example.Later");

      assertThat(original.getServiceBundles()).containsExactly("com.example.AppServices", "com.example.MoreServices");
    }

    @Test
    void bundlesAreJsonArrayAndTimeoutANumber() {
      JsonObject json = everythingChanged().toJson();

      assertThat(json.getValue("serviceBundles"))
        .isEqualTo(new JsonArray().add("com.example.AppServices").add("com.example.MoreServices"));
      assertThat(json.getLong("serviceCallTimeout")).isEqualTo(4321L);
      assertThat(new ParallelConfig(new JsonObject().put("serviceBundles", new JsonArray().add("a.B")))
        .getServiceBundles()).containsExactly("a.B");
      assertRejected(() -> new ParallelConfig(new JsonObject().put("serviceCallTimeout", 0)), "serviceCallTimeout",
        "0");
    }
  }

  @Nested
  class ClassDataSharing {

    @Test
    void onByDefaultWithTheDefaultFolder() {
      ParallelConfig config = ParallelConfig.defaults();

      assertThat(config.isClassDataSharing()).isEqualTo(ParallelConfig.DEFAULT_CLASS_DATA_SHARING).isTrue();
      assertThat(config.getClassDataDirectory()).isNull();
      assertThat(config.toJson().getBoolean("classDataSharing")).isTrue();
      assertThat(config.toJson().containsKey("classDataDirectory")).isFalse();
    }

    @Test
    void blankFolderIsRejectedAndNullRestoresDefault() {
      assertRejected(() -> new ParallelConfig().setClassDataDirectory("  "), "classDataDirectory", "'  '");

      assertThat(new ParallelConfig().setClassDataDirectory("/x").setClassDataDirectory(null).getClassDataDirectory())
        .isNull();
    }

    @Test
    void bothRoundTripThroughJson() {
      ParallelConfig config = new ParallelConfig(new JsonObject().put("classDataSharing", false)
        .put("classDataDirectory", "/var/cache/cds"));

      assertThat(config.isClassDataSharing()).isFalse();
      assertThat(config.getClassDataDirectory()).isEqualTo("/var/cache/cds");
    }
  }

  @Nested
  class Json {

    @Test
    void jsonKeysAreThePropertyNames() {
      JsonObject json = everythingChanged().toJson();

      assertThat(json.fieldNames()).containsExactlyInAnyOrder("agents", "mailboxLimit", "dispatcher", "supervision",
        "address", "startTimeout", "shutdownGracePeriod", "killGracePeriod", "maxFrameBytes", "javaCommand",
        "classpath", "jvmOptions", "taskTimeout", "maxTasksPerWorker", "prefetch", "maxWorkerHeap", "maxRestarts",
        "restartWindow", "restartInitialDelay", "restartMaxDelay", "restartMultiplier", "restartResetAfter",
        "redispatchOnCrash", "cancelGracePeriod", "serviceBundles", "parentServices", "localServices",
        "tracingPolicy", "serviceCallTimeout", "maxServiceCallsInFlight",
        "taskAllowlist", "allowedTaskPackages", "announceInterval", "nodeLossTimeout", "nodeName",
        "classDataSharing", "classDataDirectory",
        "retriesOnCrash", "poisonThreshold", "heartbeatInterval", "heartbeatTimeout", "stackDumpTimeout",
        "workerNice", "workerLogLinesPerSecond", "maxPendingTaskBytes", "maxWorkerRss", "maxPoolMemory", "minAgents", "maxAgents",
        "idleTimeout");
    }

    @Test
    void roundTwoDefaultsRetryNothingAndBeatEverySecond() {
      ParallelConfig config = ParallelConfig.defaults();
      assertThat(config.getRetriesOnCrash()).isZero();
      assertThat(config.getPoisonThreshold()).isEqualTo(2);
      assertThat(config.getHeartbeatInterval()).isEqualTo(1_000);
      assertThat(config.getHeartbeatTimeout()).isEqualTo(5_000);
      assertThat(config.getStackDumpTimeout()).isEqualTo(500);
    }

    @Test
    void badRoundTwoValuesAreRejectedNamingTheValue() {
      assertRejected(() -> new ParallelConfig().setRetriesOnCrash(-1), "retriesOnCrash", "-1");
      assertRejected(() -> new ParallelConfig().setPoisonThreshold(0), "poisonThreshold", "0");
      assertRejected(() -> new ParallelConfig().setHeartbeatInterval(0), "heartbeatInterval", "0");
      assertRejected(() -> new ParallelConfig().setHeartbeatTimeout(-1), "heartbeatTimeout", "-1");
      assertRejected(() -> new ParallelConfig().setStackDumpTimeout(-1), "stackDumpTimeout", "-1");
      assertRejected(() -> new TaskOptions().setRetriesOnCrash(-2), "retriesOnCrash", "-2");
    }

    @Test
    void supervisionDefaultsAreFiveRestartsPerMinute() {
      ParallelConfig config = ParallelConfig.defaults();
      assertThat(config.getMaxRestarts()).isEqualTo(5);
      assertThat(config.getRestartWindow()).isEqualTo(60_000);
      assertThat(config.getTaskTimeout()).isZero();
      assertThat(config.getMaxTasksPerWorker()).isZero();
      assertThat(config.getMaxWorkerHeap()).isZero();
      assertThat(config.isRedispatchOnCrash()).isFalse();
    }

    @Test
    void badSupervisionValuesAreRejectedNamingTheValue() {
      assertRejected(() -> new ParallelConfig().setTaskTimeout(-1), "taskTimeout", "-1");
      assertRejected(() -> new ParallelConfig().setMaxTasksPerWorker(-1), "maxTasksPerWorker", "-1");
      assertRejected(() -> new ParallelConfig().setMaxWorkerHeap(-1), "maxWorkerHeap", "-1");
      assertRejected(() -> new ParallelConfig().setMaxRestarts(-1), "maxRestarts", "-1");
      assertRejected(() -> new ParallelConfig().setRestartWindow(0), "restartWindow", "0");
      assertRejected(() -> new ParallelConfig().setRestartInitialDelay(-1), "restartInitialDelay", "-1");
      assertRejected(() -> new ParallelConfig().setRestartMaxDelay(-1), "restartMaxDelay", "-1");
      assertRejected(() -> new ParallelConfig().setRestartMultiplier(0.5), "restartMultiplier", "0.5");
      assertRejected(() -> new ParallelConfig().setRestartMultiplier(Double.NaN), "restartMultiplier", "NaN");
      assertRejected(() -> new ParallelConfig().setRestartResetAfter(0), "restartResetAfter", "0");
      assertRejected(() -> new ParallelConfig().setCancelGracePeriod(0), "cancelGracePeriod", "0");
      assertRejected(() -> new ParallelConfig().setAnnounceInterval(9), "announceInterval", "9");
      assertRejected(() -> new ParallelConfig().setNodeLossTimeout(19), "nodeLossTimeout", "19");
    }

    @Test
    void toJsonWritesEnumsAsNamesAndJvmOptionsAsAnArray() {
      JsonObject json = everythingChanged().toJson();

      assertThat(json.getValue("dispatcher")).isEqualTo("ROUND_ROBIN");
      assertThat(json.getValue("supervision")).isEqualTo("STOP_ALL");
      assertThat(json.getValue("jvmOptions")).isEqualTo(new JsonArray().add("-Xmx1g").add("-Dfoo=bar"));
      assertThat(json.getInteger("agents")).isEqualTo(7);
      assertThat(json.getLong("startTimeout")).isEqualTo(1234L);
    }

    @Test
    void defaultJsonOmitsUnsetJavaCommandAndClasspath() {
      JsonObject json = ParallelConfig.defaults().toJson();

      assertThat(json.containsKey("javaCommand")).isFalse();
      assertThat(json.containsKey("classpath")).isFalse();
      assertThat(json.getString("address")).isEqualTo(ParallelConfig.DEFAULT_ADDRESS);
    }

    @Test
    void toJsonAndBackRoundTripsEveryProperty() {
      ParallelConfig original = everythingChanged();

      ParallelConfig back = new ParallelConfig(original.toJson());

      assertSameValues(back, original);
    }

    @Test
    void encodedJsonTextRoundTripsEveryProperty() {
      ParallelConfig original = everythingChanged();

      ParallelConfig back = new ParallelConfig(new JsonObject(original.toJson().encode()));

      assertSameValues(back, original);
    }

    @Test
    void everyEnumConstantRoundTripsByName() {
      for (DispatchStrategy dispatcher : DispatchStrategy.values()) {
        for (SupervisorStrategy supervision : SupervisorStrategy.values()) {
          ParallelConfig original = new ParallelConfig().setDispatcher(dispatcher).setSupervision(supervision);

          ParallelConfig back = new ParallelConfig(original.toJson());

          assertThat(back.getDispatcher()).isEqualTo(dispatcher);
          assertThat(back.getSupervision()).isEqualTo(supervision);
        }
      }
    }

    @Test
    void anEmptyJsonObjectGivesTheDefaults() {
      ParallelConfig fromJson = new ParallelConfig(new JsonObject());

      assertSameValues(fromJson, ParallelConfig.defaults());
    }

    @Test
    void partialJsonKeepsDefaultsOfMissingKeys() {
      ParallelConfig fromJson = new ParallelConfig(new JsonObject().put("agents", 2).put("dispatcher", "ROUND_ROBIN"));

      assertThat(fromJson.getAgents()).isEqualTo(2);
      assertThat(fromJson.getDispatcher()).isEqualTo(DispatchStrategy.ROUND_ROBIN);
      assertThat(fromJson.getMailboxLimit()).isEqualTo(ParallelConfig.DEFAULT_MAILBOX_LIMIT);
      assertThat(fromJson.getJvmOptions()).isEqualTo(ParallelConfig.DEFAULT_JVM_OPTIONS);
    }

    @Test
    void jsonWithBadValuesIsRejectedByTheSameValidation() {
      assertRejected(() -> new ParallelConfig(new JsonObject().put("agents", 0)), "agents", "0");
      assertRejected(() -> new ParallelConfig(new JsonObject().put("mailboxLimit", -1)), "mailboxLimit", "-1");
      assertRejected(() -> new ParallelConfig(new JsonObject().put("address", " ")), "address", "' '");
      assertRejected(() -> new ParallelConfig(new JsonObject().put("maxFrameBytes", 10)), "maxFrameBytes", "10");
      assertRejected(() -> new ParallelConfig(new JsonObject().put("jvmOptions", new JsonArray().add(""))),
        "jvmOptions", "[]");
    }

    @Test
    void jsonWithAnUnknownEnumNameIsRejected() {
      assertThatThrownBy(() -> new ParallelConfig(new JsonObject().put("dispatcher", "FASTEST")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FASTEST");
    }
  }

  @Nested
  class JsonTypesAndRanges {

    /** Every JSON key with the kind of value it takes. */
    private static final Map<String, String> KINDS = Map.ofEntries(
      Map.entry("agents", "int"), Map.entry("mailboxLimit", "int"), Map.entry("maxFrameBytes", "int"),
      Map.entry("maxServiceCallsInFlight", "int"), Map.entry("retriesOnCrash", "int"),
      Map.entry("poisonThreshold", "int"), Map.entry("heartbeatInterval", "long"),
      Map.entry("heartbeatTimeout", "long"), Map.entry("stackDumpTimeout", "long"),
      Map.entry("maxTasksPerWorker", "int"), Map.entry("prefetch", "int"), Map.entry("maxRestarts", "int"),
      Map.entry("startTimeout", "long"), Map.entry("shutdownGracePeriod", "long"),
      Map.entry("killGracePeriod", "long"), Map.entry("taskTimeout", "long"), Map.entry("maxWorkerHeap", "long"),
      Map.entry("restartWindow", "long"), Map.entry("restartInitialDelay", "long"),
      Map.entry("restartMaxDelay", "long"), Map.entry("restartResetAfter", "long"),
      Map.entry("cancelGracePeriod", "long"), Map.entry("serviceCallTimeout", "long"),
      Map.entry("announceInterval", "long"), Map.entry("nodeLossTimeout", "long"),
      Map.entry("restartMultiplier", "double"),
      Map.entry("redispatchOnCrash", "boolean"), Map.entry("classDataSharing", "boolean"),
      Map.entry("dispatcher", "enum"), Map.entry("supervision", "enum"), Map.entry("taskAllowlist", "enum"),
      Map.entry("address", "string"), Map.entry("nodeName", "string"), Map.entry("javaCommand", "string"),
      Map.entry("classpath", "string"), Map.entry("classDataDirectory", "string"),
      Map.entry("jvmOptions", "list"), Map.entry("serviceBundles", "list"), Map.entry("allowedTaskPackages", "list"),
      Map.entry("tracingPolicy", "enum"), Map.entry("parentServices", "objects"), Map.entry("localServices", "map"),
      Map.entry("workerNice", "int"), Map.entry("workerLogLinesPerSecond", "int"),
      Map.entry("maxPendingTaskBytes", "long"), Map.entry("maxWorkerRss", "long"), Map.entry("maxPoolMemory", "long"),
      Map.entry("minAgents", "int"), Map.entry("maxAgents", "int"), Map.entry("idleTimeout", "long"));

    /** The smallest value each numeric key takes, less one (or less than 1.0 for the multiplier). */
    private static final Map<String, Object> BELOW_RANGE = Map.ofEntries(
      Map.entry("agents", 0), Map.entry("mailboxLimit", -1), Map.entry("maxFrameBytes", 1023),
      Map.entry("maxServiceCallsInFlight", 0), Map.entry("retriesOnCrash", -1), Map.entry("poisonThreshold", 0),
      Map.entry("heartbeatInterval", 0), Map.entry("heartbeatTimeout", -1), Map.entry("stackDumpTimeout", -1),
      Map.entry("maxTasksPerWorker", -1), Map.entry("prefetch", -1), Map.entry("maxRestarts", -1),
      Map.entry("startTimeout", 0), Map.entry("shutdownGracePeriod", 0), Map.entry("killGracePeriod", 0),
      Map.entry("taskTimeout", -1), Map.entry("maxWorkerHeap", -1), Map.entry("restartWindow", 0),
      Map.entry("restartInitialDelay", -1), Map.entry("restartMaxDelay", -1), Map.entry("restartResetAfter", 0),
      Map.entry("cancelGracePeriod", 0), Map.entry("serviceCallTimeout", 0), Map.entry("announceInterval", 9),
      Map.entry("nodeLossTimeout", 19), Map.entry("restartMultiplier", 0.99), Map.entry("workerNice", -1),
      Map.entry("workerLogLinesPerSecond", -1), Map.entry("maxPendingTaskBytes", -1L), Map.entry("maxWorkerRss", -1),
      Map.entry("maxPoolMemory", -1), Map.entry("minAgents", -1),
      Map.entry("maxAgents", -1), Map.entry("idleTimeout", -1));

    private void assertRefused(String key, Object value) {
      assertThatThrownBy(() -> new ParallelConfig(new JsonObject().put(key, value)))
        .as("%s = %s", key, value)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(key);
    }

    @Test
    void everyKeyOfTheJsonFormHasAKindHere() {
      assertThat(KINDS.keySet()).containsAll(everythingChanged().toJson().fieldNames());
    }

    @Test
    void eachWrongJsonTypeIsRefusedNamingTheKey() {
      Map<String, List<Object>> wrong = Map.of(
        "int", List.of("4", true, 1.5, 4.0, new JsonArray(), new JsonObject()),
        "long", List.of("1000", false, 0.5, new JsonArray().add(1), new JsonObject()),
        "double", List.of("2.0", true, new JsonArray()),
        "boolean", List.of("true", 1, new JsonArray()),
        "enum", List.of("NO_SUCH_CONSTANT", 0, true, new JsonArray()),
        "string", List.of(5, true, new JsonArray().add("x"), new JsonObject()),
        "list", List.of("-Xmx1g", 3, new JsonObject(), new JsonArray().add(1), new JsonArray().add(new JsonArray())),
        "objects", List.of("x", 3, new JsonObject(), new JsonArray().add(1), new JsonArray().addNull(),
          new JsonArray().add(new JsonObject().put("type", 5)), new JsonArray().add(new JsonObject().put("tpye", "a.B"))),
        "map", List.of("x", 3, new JsonArray(), new JsonObject().put("a.B", 1), new JsonObject().putNull("a.B")));
      KINDS.forEach((key, kind) -> wrong.get(kind).forEach(value -> assertRefused(key, value)));
    }

    @Test
    void eachOutOfRangeValueIsRefusedNamingTheKey() {
      BELOW_RANGE.forEach(this::assertRefused);
      KINDS.forEach((key, kind) -> {
        if (kind.equals("int")) {
          assertRefused(key, 4_294_967_297L);
          assertRefused(key, (long) Integer.MAX_VALUE + 1);
        } else if (kind.equals("long")) {
          assertRefused(key, new BigInteger("18446744073709551617"));
        } else if (kind.equals("double")) {
          assertRefused(key, Double.POSITIVE_INFINITY);
          assertRefused(key, Double.NaN);
        }
      });
    }

    @Test
    void fourBillionAgentsAreRefusedNotNarrowedToOne() {
      assertThatThrownBy(() -> new ParallelConfig(new JsonObject().put("agents", 4_294_967_297L)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("agents").hasMessageContaining("4294967297");
    }

    @Test
    void nullIsRefusedWhereNoDefaultStandsForIt() {
      for (String key : List.of("agents", "taskTimeout", "restartMultiplier", "redispatchOnCrash", "dispatcher",
        "address", "jvmOptions", "serviceBundles")) {
        assertRefused(key, null);
      }
      assertThat(new ParallelConfig(new JsonObject().putNull("javaCommand").putNull("nodeName")).getNodeName())
        .isNull();
    }

    @Test
    void anUnknownKeyIsRefusedNamingIt() {
      assertThatThrownBy(() -> new ParallelConfig(new JsonObject().put("agnets", 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'agnets'");
    }

    @Test
    void wholeNumbersOfAnyJsonWidthAreAccepted() {
      ParallelConfig config = new ParallelConfig(new JsonObject().put("agents", 3L).put("taskTimeout", 7)
        .put("restartMultiplier", 3).put("maxWorkerHeap", new BigInteger("1099511627776")));

      assertThat(config.getAgents()).isEqualTo(3);
      assertThat(config.getTaskTimeout()).isEqualTo(7);
      assertThat(config.getRestartMultiplier()).isEqualTo(3.0);
      assertThat(config.getMaxWorkerHeap()).isEqualTo(1L << 40);
    }
  }

  @Nested
  class CrossFieldRules {

    @Test
    void defaultsAndEverythingChangedAreValid() {
      assertThat(ParallelConfig.defaults().validate()).isNotNull();
      assertThat(everythingChanged().validate()).isNotNull();
    }

    @Test
    void nodeLossTimeoutNotAboveAnnounceIntervalIsRefused() {
      ParallelConfig config = new ParallelConfig().setAnnounceInterval(500).setNodeLossTimeout(500);

      assertThatThrownBy(config::validate).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nodeLossTimeout (500 ms)").hasMessageContaining("announceInterval (500 ms)");
    }

    @Test
    void aMaxRestartDelayBelowTheInitialOneIsRefused() {
      ParallelConfig config = new ParallelConfig().setRestartInitialDelay(200).setRestartMaxDelay(100);

      assertThatThrownBy(config::validate).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("restartMaxDelay (100 ms)").hasMessageContaining("restartInitialDelay (200 ms)");
    }

    @Test
    void packagesWithoutAnyPackageIsRefused() {
      ParallelConfig config = new ParallelConfig().setTaskAllowlist(TaskAllowlist.PACKAGES);

      assertThatThrownBy(config::validate).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("allowedTaskPackages");
    }

    @Test
    void settersAcceptConflictsInAnyOrder() {
      ParallelConfig config = new ParallelConfig().setNodeLossTimeout(100).setAnnounceInterval(1_000)
        .setNodeLossTimeout(5_000);

      assertThat(config.validate().getNodeLossTimeout()).isEqualTo(5_000);
    }
  }

  @Nested
  class NodeName {

    @Test
    void unsetByDefaultAndLeftOutOfTheJson() {
      assertThat(ParallelConfig.defaults().getNodeName()).isNull();
      assertThat(ParallelConfig.defaults().toJson().containsKey("nodeName")).isFalse();
    }

    @Test
    void aBlankNameIsRefusedNamingTheKey() {
      assertRejected(() -> new ParallelConfig().setNodeName(" "), "nodeName", "' '");
    }
  }
}
