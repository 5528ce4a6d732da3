package io.d3mas.examples.eval;

import io.d3mas.examples.data.Hop;
import io.d3mas.task.Decomposer;
import io.d3mas.task.Decomposition;
import io.d3mas.task.DecompositionRequest;
import io.d3mas.task.SubTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replays a dataset's gold decomposition (MuSiQue's {@code question_decomposition}) for evaluation: the question
 * splits into its hops, in order, each atomic; {@code #k} becomes the engine's {@code {{k-1}}} placeholder with a
 * dependency on hop k, so the hops run as the DEPEND chain the dataset describes. MuSiQue's relation form
 * {@code "entity >> relation"} is asked as "What is the relation of entity?". One instance serves one item: the
 * root task (the question, in whatever prompt wraps it) splits; any other task (a sub-task, a feedback round's
 * second look) is atomic. Stateless and thread-safe.
 */
public final class GoldDecomposer implements Decomposer {

    private static final Pattern HOP_REF = Pattern.compile("#(\\d+)");

    private final List<SubTask> subTasks;

    /** @throws IllegalArgumentException for an empty decomposition or a hop that refers to itself or a later one */
    public GoldDecomposer(String question, List<Hop> hops) {
        Objects.requireNonNull(question, "question");
        if (hops.isEmpty()) {
            throw new IllegalArgumentException("question '" + question + "' has no gold decomposition to replay");
        }
        List<SubTask> subs = new ArrayList<>();
        for (int i = 0; i < hops.size(); i++) {
            subs.add(subTask(hops.get(i).question(), i));
        }
        this.subTasks = List.copyOf(subs);
    }

    @Override
    public Decomposition decompose(DecompositionRequest request) {
        return request.depth() == 0 && !request.isRefinement()
                ? Decomposition.of(subTasks)
                : Decomposition.atomicTask();
    }

    @Override
    public String name() {
        return "GoldDecomposer";
    }

    /** Hop {@code index}'s question as an engine sub-task. */
    static SubTask subTask(String hop, int index) {
        TreeSet<Integer> refs = new TreeSet<>();
        Matcher m = HOP_REF.matcher(hop);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            int ref = Integer.parseInt(m.group(1)) - 1;
            if (ref < 0 || ref >= index) {
                throw new IllegalArgumentException("hop " + (index + 1) + " ('" + hop + "') refers to #" + (ref + 1)
                        + ", which is not an earlier hop");
            }
            refs.add(ref);
            m.appendReplacement(b, Matcher.quoteReplacement("{{" + ref + "}}"));
        }
        m.appendTail(b);
        String text = b.toString()
                .strip()
                .replaceAll("\\s+", " ")
                .replace(" 's", "'s")
                .replace(" ?", "?")
                .replace(" ,", ",");
        int arrow = text.indexOf(">>");
        if (arrow >= 0) {
            text = "What is the " + text.substring(arrow + 2).strip() + " of "
                    + text.substring(0, arrow).strip() + "?";
        } else if (!text.endsWith("?")) {
            text = text + "?";
        }
        text = text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
        return new SubTask(text, List.copyOf(refs), true);
    }
}
