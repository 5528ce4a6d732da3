package io.d3mas.examples.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * MuSiQue-Ans in the original JSON-lines schema: {@code id}, {@code question}, {@code answer},
 * {@code answer_aliases}, {@code paragraphs[]} with {@code title}, {@code paragraph_text}, {@code is_supporting},
 * and {@code question_decomposition[]} with {@code question}, {@code answer}, {@code paragraph_support_idx}.
 * The answer and its aliases are all gold; the hop type ({@code 2hop}, {@code 3hop1}, …, the id's prefix) is the
 * group.
 */
public final class Musique {

    private static final String DATASET = "MuSiQue";

    private Musique() {}

    /** The questions with their paragraphs, for the multi-hop retrieval benchmarks. */
    public static List<MultiHopQuestion> questions(Path file) {
        return JsonLines.read(file, DATASET, Musique::question);
    }

    /** @throws DatasetException when the file is missing or an item lacks a field */
    public static List<EvalItem> load(Path file) {
        return questions(file).stream()
                .map(q -> MultiHopQuestion.toItem(q, hops(q.id())))
                .toList();
    }

    private static MultiHopQuestion question(JsonNode n, String where) {
        List<String> answers = new ArrayList<>();
        answers.add(JsonLines.text(n, "answer", where, DATASET));
        JsonNode aliases = n.get("answer_aliases");
        if (aliases != null) {
            aliases.forEach(a -> answers.add(a.asText()));
        }
        List<Paragraph> paragraphs = new ArrayList<>();
        for (JsonNode p : JsonLines.array(n, "paragraphs", where, DATASET)) {
            paragraphs.add(new Paragraph(
                    JsonLines.text(p, "title", where, DATASET),
                    JsonLines.text(p, "paragraph_text", where, DATASET),
                    p.path("is_supporting").asBoolean(false)));
        }
        List<Hop> hops = new ArrayList<>();
        JsonNode decomposition = n.get("question_decomposition");
        if (decomposition != null) {
            for (JsonNode h : decomposition) {
                hops.add(new Hop(
                        JsonLines.text(h, "question", where, DATASET),
                        JsonLines.text(h, "answer", where, DATASET),
                        h.path("paragraph_support_idx").asInt(-1)));
            }
        }
        return new MultiHopQuestion(
                JsonLines.text(n, "id", where, DATASET),
                JsonLines.text(n, "question", where, DATASET),
                answers,
                paragraphs,
                hops);
    }

    private static String hops(String id) {
        int cut = id.indexOf("__");
        return cut > 0 ? id.substring(0, cut) : "";
    }
}
