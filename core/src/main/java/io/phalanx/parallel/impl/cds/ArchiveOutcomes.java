package io.phalanx.parallel.impl.cds;

import io.phalanx.parallel.impl.pool.PoolEvents;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;

/**
 * Tells what became of a pool's class-data archive: in the log, on the pool's events ({@code archive_created},
 * {@code archive_failed}), and for a failure that would only happen again, in the archive's failure marker, which
 * keeps it from being trained on every start.
 */
final class ArchiveOutcomes {

  private static final System.Logger LOG = System.getLogger("io.phalanx.parallel.supervisor");

  private final Context context;
  private final String address;
  private final PoolEvents events;

  /** @param context the supervisor's context, where the events are published */
  ArchiveOutcomes(Context context, String address, PoolEvents events) {
    this.context = context;
    this.address = address;
    this.events = events;
  }

  /** On the supervisor's context. */
  void created(ClassDataArchive archive, long millis) {
    LOG.log(System.Logger.Level.INFO, "pool '" + address + "': class-data archive " + archive.archive()
      + " created in " + millis + " ms; workers started from now on use it");
    events.publish(event("archive_created", archive).put("millis", millis));
  }

  /**
   * From any thread; blocking when {@code remember}.
   *
   * @param remember whether to write the failure marker
   */
  void failed(ClassDataArchive archive, String reason, boolean remember) {
    if (remember) {
      try {
        Files.writeString(archive.failedMarker(), reason + "\n");
      } catch (IOException e) {
        // then it is tried again next time
      }
    }
    context.runOnContext(v -> {
      LOG.log(System.Logger.Level.WARNING, "pool '" + address + "': no class-data archive for the workers: " + reason
        + (remember ? " (not tried again while " + archive.failedMarker() + " exists)" : ""));
      events.publish(event("archive_failed", archive).put("reason", reason));
    });
  }

  private JsonObject event(String type, ClassDataArchive archive) {
    return new JsonObject()
      .put("type", type)
      .put("address", address)
      .put("archive", archive.archive().toString())
      .put("time", System.currentTimeMillis());
  }
}
