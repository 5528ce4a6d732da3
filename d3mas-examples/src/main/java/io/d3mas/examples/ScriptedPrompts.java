package io.d3mas.examples;

import io.d3mas.task.Decomposition;
import io.d3mas.task.DecompositionRequest;
import io.d3mas.task.RuleBasedDecomposer;
import io.d3mas.task.SubTask;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the scripted models of the benchmarks share: reading the task out of a D³MAS prompt, answering the
 * decomposer with the rule-based split, and JSON quoting. Not API.
 */
public final class ScriptedPrompts {

    private static final Pattern TASK = Pattern.compile("<task>(.*?)</task>", Pattern.DOTALL);

    private ScriptedPrompts() {}

    /** The text of the first {@code <task>} element, unescaped; "" when there is none. */
    public static String task(String prompt) {
        Matcher m = TASK.matcher(prompt);
        return m.find() ? unescape(m.group(1)) : "";
    }

    /** The decomposer's answer for the task in {@code user}: the rule-based decomposer's split as JSON. */
    public static String ruleBasedSplit(String user, RuleBasedDecomposer rules) throws Exception {
        String task = task(user);
        Decomposition d = rules.decompose(new DecompositionRequest(task, task, 0, List.of()));
        StringBuilder json =
                new StringBuilder("{\"atomic\": ").append(d.atomic()).append(", \"subtasks\": [");
        for (int i = 0; i < d.subTasks().size(); i++) {
            SubTask s = d.subTasks().get(i);
            json.append(i == 0 ? "" : ", ")
                    .append("{\"task\": ")
                    .append(quote(s.text()))
                    .append(", \"dependsOn\": ")
                    .append(s.dependsOn())
                    .append(", \"atomic\": true}");
        }
        return json.append("]}").toString();
    }

    /** A JSON string literal, on one line (a line break becomes a space, as a model writing one-line JSON would). */
    public static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\"";
    }

    /** Undoes the escaping of D³MAS's data elements (and the usual HTML entities a library may add). */
    public static String unescape(String s) {
        return s.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
    }
}
