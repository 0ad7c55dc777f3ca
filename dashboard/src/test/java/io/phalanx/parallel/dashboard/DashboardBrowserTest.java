package io.phalanx.parallel.dashboard;

import io.phalanx.parallel.Parallel;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.SupervisorVerticle;
import io.phalanx.parallel.testsupport.ChildProcesses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end: a real pool, the dashboard on a free port, and Debian's headless chromium (driven through
 * chromedriver) watching the page while tasks run. Saves {@code target/dashboard-e2e.png}.
 */
@ExtendWith(VertxExtension.class)
class DashboardBrowserTest {

  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final String ADDRESS = "phalanx.dashboard.e2e";
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private Vertx vertx;
  private WebDriver browser;
  private Path profile;
  private volatile boolean feeding = true;

  @BeforeEach
  void keepVertx(Vertx vertx) {
    this.vertx = vertx;
  }

  @AfterEach
  void leaveNothingRunning() throws Exception {
    feeding = false;
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      vertx.close().await(60, TimeUnit.SECONDS);
      ChildProcesses.assertNoneAlive("io.phalanx.parallel.worker.WorkerMain", Duration.ofSeconds(10));
      ChildProcesses.assertNoneAlive("chromium", Duration.ofSeconds(10));
      ChildProcesses.assertNoneAlive("chromedriver", Duration.ofSeconds(10));
      if (profile != null) {
        deleteTree(profile);
      }
    }
  }

  @Test
  void pageShowsWorkersAndChartMoves() throws Exception {
    requireBrowser();
    await(vertx.deployVerticle(new SupervisorVerticle(ParallelConfig.defaults().setAgents(2).setAddress(ADDRESS))));
    DashboardVerticle dashboard = new DashboardVerticle(new DashboardOptions().setAddress(ADDRESS).setPort(0)
      .setRefreshInterval(250));
    await(vertx.deployVerticle(dashboard));
    feed(Parallel.create(vertx, ADDRESS));

    browser = chromium();
    browser.get(dashboard.url());
    WebDriverWait wait = new WebDriverWait(browser, PATIENCE, Duration.ofMillis(100));

    Map<String, Object> first = wait.until(b -> {
      Map<String, Object> page = page();
      return workers(page).size() == 2 ? page : null;
    });
    assertThat(workers(first)).containsExactly("worker-0", "worker-1");
    // the checks after the test find what they look for: here it is
    assertThat(ChildProcesses.alive("chromium")).isNotEmpty();
    assertThat(ChildProcesses.alive("chromedriver")).hasSize(1);
    assertThat(ChildProcesses.alive("io.phalanx.parallel.worker.WorkerMain")).hasSize(2);

    // the chart gains samples, the workers' counters move and the throughput shows the tasks running now
    Map<String, Object> later = wait.until(b -> {
      Map<String, Object> page = page();
      return number(page, "points") >= number(first, "points") + 4
        && number(page, "completed") > number(first, "completed")
        && number(page, "tasksDone") > number(first, "tasksDone")
        && number(page, "throughput") > 0 ? page : null;
    });
    assertThat(number(later, "maxThroughput")).isPositive();
    assertThat(later.get("health")).isEqualTo("healthy");
    assertThat(workers(later)).containsExactly("worker-0", "worker-1");
    assertThat((List<?>) later.get("rss")).hasSize(2).allSatisfy(rss -> assertThat((String) rss).endsWith("MiB"));

    // a worker dies: the page lists the crash and the restart, and the row shows the new process
    long killed = Long.parseLong(((List<?>) later.get("pids")).get(1).toString());
    ProcessHandle.of(killed).orElseThrow().destroyForcibly();
    Map<String, Object> restarted = wait.until(b -> {
      Map<String, Object> page = page();
      List<?> events = (List<?>) page.get("events");
      return events.contains("crashed") && events.contains("started") && number(page, "restarts") == 1
        && "healthy".equals(page.get("health"))
        && !((List<?>) page.get("pids")).get(1).toString().equals(Long.toString(killed)) ? page : null;
    });
    assertThat(workers(restarted)).containsExactly("worker-0", "worker-1");

    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Path target = Path.of("target", "dashboard-e2e.png");
    Files.createDirectories(target.getParent());
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(target)).isGreaterThan(10_000);
  }

  /**
   * Skips the test where Chromium or chromedriver is missing, saying how to install them; under {@code CI=true} a
   * missing browser fails it instead, so that a green CI run always includes a real browser.
   */
  static void requireBrowser() {
    boolean present = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
    String hint = "the dashboard's browser test needs Debian's headless Chromium and its driver at " + CHROMIUM
      + " and " + CHROMEDRIVER + ": install them with 'sudo apt-get install chromium chromium-driver'";
    if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("CI=true but " + hint);
    }
    if (!present) {
      // surefire's console shows a skip but not its reason: say it where a newcomer reads
      System.err.println("[DashboardBrowserTest] skipped: " + hint);
    }
    Assumptions.assumeTrue(present, "skipped: " + hint);
  }

  /** Keeps both workers busy with short tasks until the test ends. */
  private void feed(Parallel parallel) {
    vertx.setPeriodic(40, id -> {
      if (!feeding) {
        vertx.cancelTimer(id);
        return;
      }
      parallel.inWorker(new Busy(15));
      parallel.inWorker(new Busy(15));
    });
  }

  private WebDriver chromium() throws Exception {
    profile = Files.createTempDirectory("phalanx-chromium-");
    ChromeOptions options = new ChromeOptions();
    // given explicitly, so that Selenium Manager never looks for (or downloads) a browser or a driver
    options.setBinary(CHROMIUM);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
      .usingDriverExecutable(new File(CHROMEDRIVER))
      .usingAnyFreePort()
      .build();
    return new ChromeDriver(service, options);
  }

  /** What the page shows, read in one script so that no re-render can come between two reads. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> page() {
    return (Map<String, Object>) ((JavascriptExecutor) browser).executeScript(
      "const rows = [...document.querySelectorAll('#workers tbody tr')];"
        + "const chart = document.getElementById('chart');"
        + "const text = id => document.getElementById(id).textContent;"
        + "return {workers: rows.map(r => r.dataset.worker),"
        + " rss: rows.map(r => r.querySelector('td.rss').textContent),"
        + " pids: rows.map(r => r.querySelector('td.pid').textContent),"
        + " events: [...document.querySelectorAll('#events li')].map(li => li.className),"
        + " restarts: Number(text('restarts')),"
        + " tasksDone: rows.reduce((n, r) => n + Number(r.querySelector('td.tasks-done').textContent), 0),"
        + " points: Number(chart.dataset.points), maxThroughput: Number(chart.dataset.maxThroughput || 0),"
        + " completed: Number(text('completed')), throughput: Number(text('throughput')), health: text('health')};");
  }

  @SuppressWarnings("unchecked")
  private static List<String> workers(Map<String, Object> page) {
    return (List<String>) page.get("workers");
  }

  private static double number(Map<String, Object> page, String key) {
    return ((Number) page.get(key)).doubleValue();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(60, TimeUnit.SECONDS);
  }

  private static void deleteTree(Path root) throws Exception {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
