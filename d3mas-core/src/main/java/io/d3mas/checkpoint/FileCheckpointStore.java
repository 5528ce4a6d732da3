package io.d3mas.checkpoint;

import io.d3mas.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Checkpoints as JSON files, one per solve ({@code <solveId>.json}) in a directory. A save writes a temporary
 * file, forces it to disk, renames it over the old one atomically and forces the directory, so a crash at any
 * moment leaves the previous checkpoint or the new one, whole. Thread-safe; several JVMs may share the
 * directory as long as one solve is run by one JVM at a time.
 *
 * @since 0.1.0
 */
public final class FileCheckpointStore implements CheckpointStore {

    private final Path dir;

    /**
     * @param dir the directory; created when missing
     * @throws InvalidInputException when it is a file or cannot be created
     */
    public FileCheckpointStore(Path dir) {
        this.dir = dir.toAbsolutePath();
        if (Files.exists(this.dir) && !Files.isDirectory(this.dir)) {
            throw new InvalidInputException("checkpoint directory " + this.dir + " is a file; give a directory");
        }
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new InvalidInputException("cannot create checkpoint directory " + this.dir + ": " + e, e);
        }
    }

    @Override
    public void save(Checkpoint checkpoint) {
        String id = CheckpointJson.checkId(checkpoint.solveId());
        Path file = dir.resolve(id + ".json");
        Path tmp = dir.resolve(id + ".json." + Thread.currentThread().getId() + ".tmp");
        byte[] bytes = CheckpointJson.write(checkpoint).getBytes(StandardCharsets.UTF_8);
        try {
            try (FileChannel ch = FileChannel.open(
                    tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory();
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the failure below says what matters
            }
            throw new UncheckedIOException("could not save the checkpoint of solve " + id + " in " + dir, e);
        }
    }

    @Override
    public Optional<Checkpoint> load(String solveId) {
        Path file = dir.resolve(CheckpointJson.checkId(solveId) + ".json");
        try {
            return Optional.of(CheckpointJson.read(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the checkpoint " + file, e);
        }
    }

    /** Makes the rename durable (Linux and macOS; a no-op where directories cannot be opened). */
    private void forceDirectory() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows: the rename is durable enough once the file was forced
        }
    }

    @Override
    public String toString() {
        return "FileCheckpointStore(" + dir + ")";
    }
}
