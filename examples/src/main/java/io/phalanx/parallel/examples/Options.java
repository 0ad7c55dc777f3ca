package io.phalanx.parallel.examples;

import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.dashboard.DashboardOptions;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The command line of {@link ThumbnailsExample}.
 *
 * @param images      how many source images to generate and process
 * @param width       the width of each source image
 * @param height      the height of each source image
 * @param boxWidth    the width of the box every thumbnail must fit in
 * @param boxHeight   the height of that box
 * @param workers     the size of the second pool (the first always has one worker)
 * @param out         where the images go; {@code null} for a new temporary folder
 * @param dashboard   the port of the live dashboard of each pool while it runs, -1 for none, 0 for any free port
 * @param linger      seconds the last pool and its dashboard stay up after the run
 */
public record Options(int images, int width, int height, int boxWidth, int boxHeight, int workers, Path out,
                      int dashboard, int linger) {

  static final int DEFAULT_IMAGES = 48;
  static final int QUICK_IMAGES = 8;
  static final int NO_DASHBOARD = -1;
  static final int DEFAULT_LINGER = 10;

  static final String USAGE = String.join("\n",
    "usage: run-example.sh [options]",
    "",
    "Generates source images, makes a thumbnail of each in a pool of worker JVMs, once with 1 worker and once with",
    "several, and prints the time taken and the speed-up.",
    "",
    "  --images N     source images to process (default " + DEFAULT_IMAGES + ")",
    "  --size WxH     size of the source images (default 1600x1200)",
    "  --box WxH      box each thumbnail must fit in, aspect ratio kept (default 800x600)",
    "  --workers N    workers of the second pool (default: one per processor, at least 2; here "
      + defaultWorkers() + ")",
    "  --out DIR      folder for the images (default: a new temporary folder)",
    "  --dashboard [PORT]  serve a live page of each pool while it runs, on 127.0.0.1 (default port "
      + DashboardOptions.DEFAULT_PORT + ", 0 any free one); its URL is printed",
    "  --dashboard-linger [S]  with the dashboard: keep the last pool and its page up S seconds after the run"
      + " (default " + DEFAULT_LINGER + ")",
    "  --quick        a small run: " + QUICK_IMAGES + " images of 800x600 into 400x300 (other options still apply)",
    "  --help         this text");

  public Options {
    positive("images", images);
    positive("width", width);
    positive("height", height);
    positive("box width", boxWidth);
    positive("box height", boxHeight);
    positive("workers", workers);
    if (dashboard < NO_DASHBOARD || dashboard > 65_535) {
      throw new IllegalArgumentException("dashboard port must be within 0..65535, was " + dashboard);
    }
    if (linger < 0) {
      throw new IllegalArgumentException("linger must be at least 0 seconds, was " + linger);
    }
  }

  /** A run without dashboard. */
  public Options(int images, int width, int height, int boxWidth, int boxHeight, int workers, Path out) {
    this(images, width, height, boxWidth, boxHeight, workers, out, NO_DASHBOARD, 0);
  }

  /**
   * @return the default run: 48 images of 1600x1200 into 800x600, one worker per processor (at least 2)
   */
  public static Options defaults() {
    return new Options(DEFAULT_IMAGES, 1600, 1200, 800, 600, defaultWorkers(), null);
  }

  /**
   * @return a run small enough for a test: 8 images of 800x600 into 400x300
   */
  public static Options quick() {
    return new Options(QUICK_IMAGES, 800, 600, 400, 300, defaultWorkers(), null);
  }

  /**
   * One worker per processor, as {@link ParallelConfig#cpuBound()} does, but at least 2: with a single worker the
   * second run would only repeat the first.
   */
  static int defaultWorkers() {
    return Math.max(2, ParallelConfig.cpuBound().getAgents());
  }

  /**
   * Reads the command line. {@code --quick} picks the small defaults first, so {@code --quick --images 3} works
   * whatever the order.
   *
   * @throws IllegalArgumentException naming the option and the value that is wrong
   */
  public static Options parse(String... args) {
    Options options = defaults();
    for (String arg : args) {
      if (arg.equals("--quick")) {
        options = quick();
      }
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--quick":
          break;
        case "--images":
          options = options.withImages(number(arg, valueOf(args, i++)));
          break;
        case "--workers":
          options = options.withWorkers(number(arg, valueOf(args, i++)));
          break;
        case "--size": {
          int[] size = dimensions(arg, valueOf(args, i++));
          options = new Options(options.images, size[0], size[1], options.boxWidth, options.boxHeight,
            options.workers, options.out, options.dashboard, options.linger);
          break;
        }
        case "--box": {
          int[] box = dimensions(arg, valueOf(args, i++));
          options = new Options(options.images, options.width, options.height, box[0], box[1], options.workers,
            options.out, options.dashboard, options.linger);
          break;
        }
        case "--out":
          options = options.withOut(Path.of(valueOf(args, i++)));
          break;
        case "--dashboard": {
          boolean port = hasValue(args, i);
          options = options.withDashboard(port ? port(arg, args[++i]) : DashboardOptions.DEFAULT_PORT, options.linger);
          break;
        }
        case "--dashboard-linger": {
          boolean seconds = hasValue(args, i);
          int linger = seconds ? seconds(arg, args[++i]) : DEFAULT_LINGER;
          options = options.withDashboard(options.dashboard == NO_DASHBOARD ? DashboardOptions.DEFAULT_PORT
            : options.dashboard, linger);
          break;
        }
        default:
          throw new IllegalArgumentException("unknown option '" + arg + "'");
      }
    }
    return options;
  }

  public Options withImages(int images) {
    return new Options(images, width, height, boxWidth, boxHeight, workers, out, dashboard, linger);
  }

  public Options withWorkers(int workers) {
    return new Options(images, width, height, boxWidth, boxHeight, workers, out, dashboard, linger);
  }

  public Options withOut(Path out) {
    return new Options(images, width, height, boxWidth, boxHeight, workers, Objects.requireNonNull(out, "out"),
      dashboard, linger);
  }

  public Options withBox(int boxWidth, int boxHeight) {
    return new Options(images, width, height, boxWidth, boxHeight, workers, out, dashboard, linger);
  }

  public Options withDashboard(int port, int linger) {
    return new Options(images, width, height, boxWidth, boxHeight, workers, out, port, linger);
  }

  /** An option whose value may be left out: the next argument is its value unless it is another option. */
  private static boolean hasValue(String[] args, int i) {
    return i + 1 < args.length && !args[i + 1].startsWith("--");
  }

  private static int port(String option, String value) {
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65_535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option '" + option + "' needs a port within 0..65535, was '" + value + "'");
    }
  }

  private static int seconds(String option, String value) {
    try {
      int seconds = Integer.parseInt(value);
      if (seconds < 0) {
        throw new NumberFormatException();
      }
      return seconds;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option '" + option + "' needs a whole number of seconds, was '" + value
        + "'");
    }
  }

  private static String valueOf(String[] args, int i) {
    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
      throw new IllegalArgumentException("option '" + args[i] + "' needs a value");
    }
    return args[i + 1];
  }

  private static int number(String option, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option '" + option + "' needs a whole number of at least 1, was '"
        + value + "'");
    }
  }

  private static int[] dimensions(String option, String value) {
    String[] parts = value.toLowerCase(java.util.Locale.ROOT).split("x", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("option '" + option + "' needs WIDTHxHEIGHT, for example 800x600, was '"
        + value + "'");
    }
    return new int[] {number(option, parts[0]), number(option, parts[1])};
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, was " + value);
    }
  }
}
