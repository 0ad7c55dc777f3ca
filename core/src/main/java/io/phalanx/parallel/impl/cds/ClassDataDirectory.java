package io.phalanx.parallel.impl.cds;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * Whether the folder of the class-data archives can be trusted. The default one is in the shared temporary folder under
 * a name anyone can guess ({@code /tmp/phalanx-parallel-cds-<user>}): another local user who made it first could put
 * an archive there for the workers to map, or links where the training writes its log. So the folder is made for its
 * user only, and an existing one is used only when it is a folder (not a link), belongs to this user or to root, and
 * nobody else can write to it; otherwise the workers start without an archive, as they would with none.
 */
final class ClassDataDirectory {

  private static final Set<PosixFilePermission> OTHERS_WRITE = Set.of(PosixFilePermission.GROUP_WRITE,
    PosixFilePermission.OTHERS_WRITE);

  private ClassDataDirectory() {
  }

  /**
   * Makes the folder if it is missing (readable and writable by its user only), then checks it. Blocking.
   *
   * @param self this process's user ({@link #currentUser()}), or {@code null} where it cannot be told: then the owner
   *             is not checked
   * @return why the folder is not used; {@code null} when it is
   */
  static String problem(Path directory, UserPrincipal self) {
    PosixFileAttributes attributes;
    try {
      if (Files.notExists(directory, LinkOption.NOFOLLOW_LINKS)) {
        create(directory);
      }
      attributes = Files.readAttributes(directory, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException e) {
      // no POSIX owners and modes here: nothing to check them against
      return null;
    } catch (IOException e) {
      return "cannot be made or read (" + e + ")";
    }
    if (attributes.isSymbolicLink()) {
      return "is a symbolic link";
    }
    if (!attributes.isDirectory()) {
      return "is not a folder";
    }
    UserPrincipal owner = attributes.owner();
    if (self != null && !owner.equals(self) && !"root".equals(owner.getName())) {
      return "belongs to " + owner.getName() + ", not to " + self.getName() + " who runs the pool";
    }
    if (attributes.permissions().stream().anyMatch(OTHERS_WRITE::contains)) {
      return "can be written by other users (" + PosixFilePermissions.toString(attributes.permissions())
        + "): remove their write permission";
    }
    return null;
  }

  /** @return the user this process runs as, or {@code null} where it cannot be told */
  static UserPrincipal currentUser() {
    try {
      // the kernel's own answer, which needs no entry in the user database (a container's random uid has none)
      return Files.getOwner(Path.of("/proc/self"));
    } catch (IOException | UnsupportedOperationException e) {
      try {
        return Path.of("").getFileSystem().getUserPrincipalLookupService()
          .lookupPrincipalByName(System.getProperty("user.name"));
      } catch (IOException | UnsupportedOperationException unknown) {
        return null;
      }
    }
  }

  private static void create(Path directory) throws IOException {
    Path parent = directory.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      Files.createDirectory(directory,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (FileAlreadyExistsException madeMeanwhile) {
      // by another pool, or by someone else: the checks that follow tell
    }
  }
}
