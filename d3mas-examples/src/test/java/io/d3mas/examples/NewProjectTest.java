package io.d3mas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's first hour: a separate Maven project written from the README alone — its dependency block
 * verbatim, its Java examples with the imports an IDE would add — built with Maven against the artifacts this
 * build just packaged, and run: on the JDK running this test, and on JDK 25 where it is installed.
 *
 * <p>The artifacts go into the local Maven repository where {@code mvn install} puts them, so the project
 * resolves {@code io.d3mas} like any other dependency. Everything runs offline.
 */
class NewProjectTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    private static final Path LOCAL_REPOSITORY = Path.of(System.getProperty("user.home"), ".m2", "repository");
    private static String version;

    @BeforeAll
    static void installTheArtifactsThisBuildPackaged() throws Exception {
        version = read(ROOT.resolve("pom.xml"), "<artifactId>d3mas-parent</artifactId>\\s*<version>([^<]+)</version>");
        Path core = ROOT.resolve("d3mas-core/target/d3mas-core-" + version + ".jar");
        Path embed = ROOT.resolve("d3mas-embed/target/d3mas-embed-" + version + ".jar");
        assumeTrue(
                Files.isRegularFile(core) && Files.isRegularFile(embed),
                "the library jars are not packaged yet: run this test with `mvn verify` from the root");
        install(ROOT.resolve("pom.xml"), null);
        install(ROOT.resolve("d3mas-core/pom.xml"), core);
        install(ROOT.resolve("d3mas-embed/pom.xml"), embed);
    }

    @Test
    void theReadmeExamplesBuildAndRunInANewProject(@TempDir Path dir) throws Exception {
        Path project = newProject(dir.resolve("on-current"));
        String out = run(project, null);
        assertTrue(out.contains("ANSWER Seine"), out);
        assertTrue(out.contains("CUSTOM 42"), out);
    }

    @Test
    void andOnJava25(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(JDK_25), "no JDK 25 at " + JDK_25);
        Path project = newProject(dir.resolve("on-25"));
        String out = run(project, JDK_25);
        assertTrue(out.contains("ANSWER Seine"), out);
        assertTrue(out.contains("CUSTOM 42"), out);
    }

    /** The project: the README's dependencies, its example in a main method, and its custom agent. */
    private static Path newProject(Path dir) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        String useIt = readme.substring(readme.indexOf("## Use it"));
        List<String> xml = blocks(useIt, "xml");
        List<String> java = blocks(useIt, "java");
        String example = java.get(0);
        String agent = java.get(1);
        String pom =
                """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>first-hour</artifactId>
                  <version>1</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencies>
                %s
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-compiler-plugin</artifactId>
                        <version>3.14.0</version>
                      </plugin>
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-resources-plugin</artifactId>
                        <version>3.3.1</version>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """
                        .formatted(xml.get(0));
        String main =
                """
                package com.example;

                import io.d3mas.*;
                import io.d3mas.agent.*;
                import io.d3mas.embed.*;

                public class FirstHour {
                    public static void main(String[] args) {
                %s
                        try (BgeEmbeddingModel embeddings = BgeEmbeddingModel.bgeSmallEnV15Quantized().build()) {
                            %s
                            try (D3Mas team = D3Mas.builder()
                                    .embeddingModel(embeddings)
                                    .agent("calc", "arithmetic", calculator)
                                    .build()) {
                                System.out.println("CUSTOM " + team.solve("What is six times seven?").answer());
                            }
                        }
                    }
                }
                """
                        .formatted(
                                example.replace(
                                        "System.out.println(result.answer());",
                                        "System.out.println(\"ANSWER \" + result.answer());"),
                                agent);
        Path src = dir.resolve("src/main/java/com/example");
        Files.createDirectories(src);
        Files.writeString(dir.resolve("pom.xml"), pom.replace("0.1.0-SNAPSHOT", version));
        Files.writeString(src.resolve("FirstHour.java"), main);
        return dir;
    }

    /**
     * Compiles the project with Maven, offline (so the README's dependency block must resolve from what this
     * build has), then runs its main class on the compiled classes and this test's class path, which holds the
     * same artifacts. Only the plugins this build itself used are needed, so no download happens.
     */
    private static String run(Path project, Path javaHome) throws Exception {
        ProcessBuilder build = new ProcessBuilder("mvn", "-B", "-o", "-q", "compile")
                .directory(project.toFile())
                .redirectErrorStream(true);
        if (javaHome != null) {
            build.environment().put("JAVA_HOME", javaHome.toString());
        }
        exec(build, "the new project did not build");
        Path java = (javaHome == null ? Path.of(System.getProperty("java.home")) : javaHome).resolve("bin/java");
        return exec(
                new ProcessBuilder(
                                java.toString(),
                                "-cp",
                                project.resolve("target/classes")
                                        + File.pathSeparator
                                        + System.getProperty("java.class.path"),
                                "com.example.FirstHour")
                        .redirectErrorStream(true),
                "the new project did not run");
    }

    private static String exec(ProcessBuilder pb, String what) throws Exception {
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), what + ": it did not end");
        assertEquals(0, p.exitValue(), what + ":\n" + out);
        return out;
    }

    /** Puts a POM (and its jar) where {@code mvn install} would, in the local repository Maven reads. */
    private static void install(Path pom, Path jar) throws Exception {
        String artifact = jar == null ? "d3mas-parent" : read(pom, "</parent>\\s*<artifactId>([^<]+)</artifactId>");
        Path dir = LOCAL_REPOSITORY.resolve("io/d3mas/" + artifact + "/" + version);
        Files.createDirectories(dir);
        Files.copy(pom, dir.resolve(artifact + "-" + version + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            Files.copy(jar, dir.resolve(artifact + "-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static List<String> blocks(String markdown, String language) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL)
                .matcher(markdown);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String read(Path file, String regex) throws IOException {
        Matcher m = Pattern.compile(regex).matcher(Files.readString(file));
        if (!m.find()) {
            throw new AssertionError("no match for " + regex + " in " + file);
        }
        return m.group(1);
    }
}
