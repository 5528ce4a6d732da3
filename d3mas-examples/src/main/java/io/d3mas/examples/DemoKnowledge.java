package io.d3mas.examples;

import io.d3mas.agent.AgentProfile;
import io.d3mas.memory.Knowledge;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The demo's team, knowledge base and questions, shipped as tab-separated resources written for this
 * project (five domains, five agents, ~175 facts).
 */
public final class DemoKnowledge {

    /** A demo question and the strings one of which a right answer contains (ignoring case). */
    public record Question(String text, List<String> expected) {
        public boolean isAnsweredBy(String answer) {
            String a = answer.toLowerCase(java.util.Locale.ROOT);
            return expected.stream().anyMatch(e -> a.contains(e.toLowerCase(java.util.Locale.ROOT)));
        }
    }

    private DemoKnowledge() {}

    public static List<AgentProfile> agents() {
        return read("agents.tsv", f -> AgentProfile.of(f[0], f[1]), 2);
    }

    public static List<Knowledge> knowledge() {
        return read("knowledge.tsv", f -> new Knowledge(f[0], f[2], f[1]), 3);
    }

    public static List<Question> questions() {
        return read("questions.tsv", f -> new Question(f[0], List.of(f[1].split("\\|"))), 2);
    }

    private static <T> List<T> read(String name, Function<String[], T> row, int columns) {
        List<T> out = new ArrayList<>();
        try (InputStream in = DemoKnowledge.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("demo resource " + name + " is missing from the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t");
                if (fields.length != columns) {
                    throw new IllegalStateException(
                            name + ":" + number + " has " + fields.length + " fields, expected " + columns);
                }
                out.add(row.apply(fields));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read demo resource " + name, e);
        }
        return out;
    }
}
