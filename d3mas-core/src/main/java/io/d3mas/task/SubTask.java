package io.d3mas.task;

import io.d3mas.InvalidInputException;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One sub-task proposed by a {@link Decomposer}.
 *
 * @param text the sub-task; may contain {@code {{i}}} placeholders for the answers of siblings it depends on
 * @param dependsOn 0-based indices of the siblings it needs first; each placeholder's index must be listed
 * @param atomic true when it must not be split further
 * @since 0.1.0
 */
public record SubTask(String text, List<Integer> dependsOn, boolean atomic) {

    /** {@code {{i}}}: the answer of sibling i. */
    public static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\d+)}}");

    public SubTask {
        Objects.requireNonNull(text, "text");
        dependsOn = List.copyOf(Objects.requireNonNull(dependsOn, "dependsOn"));
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            int ref = Integer.parseInt(m.group(1));
            if (!dependsOn.contains(ref)) {
                throw new InvalidInputException("sub-task '" + text + "' uses {{" + ref
                        + "}} but does not depend on sibling " + ref + "; add it to dependsOn");
            }
        }
    }

    /** An independent sub-task that may be split further. */
    public static SubTask of(String text) {
        return new SubTask(text, List.of(), false);
    }

    /** A sub-task that depends on siblings. */
    public static SubTask dependingOn(String text, Integer... siblings) {
        return new SubTask(text, List.of(siblings), false);
    }
}
