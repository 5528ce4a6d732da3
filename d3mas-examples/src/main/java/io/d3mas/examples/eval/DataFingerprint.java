package io.d3mas.examples.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** What a run's data is, by content: the SHA-256 of a file, or of a folder's files (names and bytes, in name order). */
final class DataFingerprint {

    private DataFingerprint() {}

    /** @throws UncheckedIOException when the data cannot be read */
    static String sha256(Path data) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            if (Files.isDirectory(data)) {
                List<Path> files;
                try (Stream<Path> s = Files.walk(data)) {
                    files = s.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path f : files) {
                    d.update(data.relativize(f).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
                    d.update((byte) 0);
                    digest(d, f);
                }
            } else {
                digest(d, data);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the data " + data + " to fingerprint it: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void digest(MessageDigest d, Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), d)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}
