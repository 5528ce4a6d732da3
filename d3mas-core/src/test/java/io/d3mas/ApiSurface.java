package io.d3mas;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The public types a module exports, checked against a list kept in the module's test resources: a type added
 * to or removed from the API fails the build until the list is updated, which is the decision. Types in
 * {@code .internal.} packages are not API and not listed. Shared by each library module's {@code ApiSurfaceTest}
 * (d3mas-core's test-jar).
 */
public final class ApiSurface {

    private ApiSurface() {}

    /**
     * @param anchor a class of the module's main jar, to find its classes
     * @param listed the resource holding the expected list, one binary name per line
     */
    public static void check(Class<?> anchor, String listed) {
        TreeSet<String> actual = exported(anchor);
        TreeSet<String> expected = new TreeSet<>();
        try (InputStream in = anchor.getResourceAsStream(listed)) {
            if (in == null) {
                fail("no " + listed + " next to the tests; create it with:\n" + String.join("\n", actual));
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    expected.add(line.strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> added = new ArrayList<>(actual);
        added.removeAll(expected);
        List<String> removed = new ArrayList<>(expected);
        removed.removeAll(actual);
        if (!added.isEmpty() || !removed.isEmpty()) {
            fail("the public API of " + anchor.getPackageName() + "'s module changed:\n  added   " + added
                    + "\n  removed " + removed + "\nIf that is intended, update " + listed
                    + " (and CHANGELOG.md); if a type is not for users, make it package-private or move it to an"
                    + " .internal. package.");
        }
    }

    /** Public types (top-level and public nested ones of public types) outside {@code .internal.} packages. */
    static TreeSet<String> exported(Class<?> anchor) {
        Path root;
        try {
            root = Path.of(
                    anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name =
                        root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".");
                name = name.substring(0, name.length() - ".class".length());
                if (name.endsWith("package-info") || name.endsWith("module-info") || name.contains(".internal.")) {
                    continue;
                }
                Class<?> c = Class.forName(name, false, anchor.getClassLoader());
                if (isExported(c)) {
                    names.add(c.getName());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    private static boolean isExported(Class<?> c) {
        if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) {
            return false;
        }
        for (Class<?> t = c; t != null; t = t.getDeclaringClass()) {
            if (!Modifier.isPublic(t.getModifiers())) {
                return false;
            }
        }
        return true;
    }
}
