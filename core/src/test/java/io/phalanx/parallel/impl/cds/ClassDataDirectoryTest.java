package io.phalanx.parallel.impl.cds;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The class-data folder is used only when nobody but its user (or root) can have put anything there: the default one
 * has a name anyone can guess in the shared temporary folder.
 */
@EnabledOnOs(OS.LINUX)
class ClassDataDirectoryTest {

  @TempDir
  Path dir;

  private final UserPrincipal self = ClassDataDirectory.currentUser();

  @Test
  void aMissingFolderIsMadeForItsUserOnly() throws IOException {
    Path folder = dir.resolve("tmp").resolve("phalanx-parallel-cds-someone");

    assertThat(ClassDataDirectory.problem(folder, self)).isNull();

    assertThat(folder).isDirectory();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
    assertThat(Files.getOwner(folder)).isEqualTo(self);
  }

  @Test
  void anExistingFolderOfItsUserThatOthersOnlyReadIsUsed() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("cds"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThat(ClassDataDirectory.problem(folder, self)).isNull();
  }

  @Test
  void aFolderOthersCanWriteToIsNotUsed() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("cds"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertThat(ClassDataDirectory.problem(folder, self)).contains("can be written by other users (rwxrwxrwx)");

    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwx---"));
    assertThat(ClassDataDirectory.problem(folder, self)).contains("can be written by other users (rwxrwx---)");
  }

  @Test
  void aLinkIsNotFollowed() throws IOException {
    Path target = Files.createDirectory(dir.resolve("elsewhere"));
    Path link = Files.createSymbolicLink(dir.resolve("cds"), target);

    assertThat(ClassDataDirectory.problem(link, self)).isEqualTo("is a symbolic link");
  }

  @Test
  void aLinkToNothingIsNotFollowedEither() throws IOException {
    Path link = Files.createSymbolicLink(dir.resolve("cds"), dir.resolve("not-yet"));

    assertThat(ClassDataDirectory.problem(link, self)).isEqualTo("is a symbolic link");
    assertThat(dir.resolve("not-yet")).doesNotExist();
  }

  @Test
  void aFileInItsPlaceIsNotUsed() throws IOException {
    Path file = Files.createFile(dir.resolve("cds"));

    assertThat(ClassDataDirectory.problem(file, self)).isEqualTo("is not a folder");
  }

  @Test
  void aFolderOfAnotherUserIsNotUsed() throws IOException {
    Assumptions.assumeTrue("root".equals(self.getName()), "only root can give a folder to another user");
    Path folder = Files.createDirectory(dir.resolve("cds"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    UserPrincipal nobody;
    try {
      nobody = folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    } catch (UserPrincipalNotFoundException e) {
      Assumptions.abort("no user 'nobody' here");
      return;
    }
    Files.setOwner(folder, nobody);

    // root's own folders are trusted anyway: the same folder seen by a third user is refused
    assertThat(ClassDataDirectory.problem(folder, fakeUser("alice"))).isEqualTo(
      "belongs to nobody, not to alice who runs the pool");
    assertThat(ClassDataDirectory.problem(folder, self)).isEqualTo("belongs to nobody, not to root who runs the pool");
  }

  @Test
  void rootsFoldersAreTrusted() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("cds"));
    Assumptions.assumeTrue("root".equals(Files.getOwner(folder).getName()), "a folder of root's");

    assertThat(ClassDataDirectory.problem(folder, fakeUser("alice"))).isNull();
  }

  @Test
  void withoutKnowingItsUserOnlyTheModeAndTheKindAreChecked() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("cds"));

    assertThat(ClassDataDirectory.problem(folder, null)).isNull();
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThat(ClassDataDirectory.problem(folder, null)).contains("can be written by other users");
  }

  @Test
  void theCurrentUserIsTheOwnerOfWhatThisProcessMakes() throws IOException {
    assertThat(self).isEqualTo(Files.getOwner(Files.createFile(dir.resolve("mine"))));
  }

  private static UserPrincipal fakeUser(String name) {
    return () -> name;
  }
}
