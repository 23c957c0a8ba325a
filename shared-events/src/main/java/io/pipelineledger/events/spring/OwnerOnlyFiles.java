package io.pipelineledger.events.spring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The ledger's data (database files, keys) readable by its own user only: folders 0700, files 0600. H2 creates its
 * files with the process umask (usually 0644), so the folder is made owner-only first and the files are set after.
 * No-ops on file systems without POSIX permissions.
 */
public final class OwnerOnlyFiles {

    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnlyFiles() {
    }

    /** Creates the folder (and missing parents) owner-only, or makes an existing one owner-only. */
    public static void secureFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder);
        }
        if (POSIX) {
            Files.setPosixFilePermissions(folder, FOLDER);
        }
    }

    /** Every folder and file under {@code folder} (not following links) owner-only. */
    public static void secureTree(Path folder) throws IOException {
        if (!POSIX || !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder, 8)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (Files.isSymbolicLink(path)) {
                    continue;
                }
                try {
                    Files.setPosixFilePermissions(path, Files.isDirectory(path) ? FOLDER : FILE);
                } catch (java.nio.file.NoSuchFileException gone) {
                    // a temporary file that went away meanwhile
                }
            }
        }
    }

    /** Writes {@code text} to {@code file}, which is owner-only from its first byte (written aside, then moved). */
    public static void write(Path file, String text) {
        try {
            Path folder = file.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            Path temp = POSIX ? Files.createTempFile(folder, ".owner-only", ".tmp",
                    PosixFilePermissions.asFileAttribute(FILE)) : Files.createTempFile(folder, ".owner-only", ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
