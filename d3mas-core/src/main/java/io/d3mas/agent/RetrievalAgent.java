package io.d3mas.agent;

import io.d3mas.internal.text.AnswerExtractor;
import io.d3mas.internal.text.Comparison;
import io.d3mas.internal.text.Text;
import io.d3mas.memory.MemoryHit;
import io.d3mas.metrics.TokenCount;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The offline agent: answers extractively from the memory retrieved for its task and the premises handed
 * to it, with no model. It picks the sentence that best matches the task (retrieval score and word
 * overlap), takes the short answer out of it, and compares numbers for comparison tasks. Its confidence is
 * that match score, so weak matches get feedback rounds. It makes no LLM calls and spends no tokens.
 * Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class RetrievalAgent implements Agent {

    /** A candidate below this match score is not an answer. */
    static final double MIN_MATCH = 0.45;
    /** The similarity assumed for a premise (it has no retrieval score). */
    private static final double PREMISE_SIMILARITY = 0.7;

    @Override
    public ReasoningResult reason(ReasoningRequest request) {
        String task = request.task();
        Optional<Comparison> comparison = Comparison.parse(task);
        if (comparison.isPresent() && request.premises().size() >= 2) {
            Optional<ReasoningResult> compared = compare(comparison.get(), request.premises());
            if (compared.isPresent()) {
                return compared.get();
            }
        }
        String bestText = null;
        String bestMemory = null;
        Premise bestPremise = null;
        double bestScore = 0;
        for (MemoryHit hit : request.memory()) {
            double s = match(task, hit.record().content(), hit.score());
            if (s > bestScore) {
                bestScore = s;
                bestText = hit.record().content();
                bestMemory = hit.record().id();
                bestPremise = null;
            }
        }
        for (Premise p : request.premises()) {
            if (task.contains(p.answer()) && !p.answer().isBlank()) {
                continue; // already filled into the task: it is what the task is about, not its answer
            }
            double s = match(task, p.conclusion(), PREMISE_SIMILARITY);
            if (s > bestScore) {
                bestScore = s;
                bestText = p.conclusion();
                bestMemory = null;
                bestPremise = p;
            }
        }
        if (bestText == null || bestScore < MIN_MATCH) {
            return ReasoningResult.unanswered(List.of(task));
        }
        // premises are other steps' conclusions it builds on (DEPEND); the memory it read is a GROUND edge instead
        List<String> premises = new ArrayList<>();
        if (bestPremise != null) {
            premises.add(bestPremise.conclusion());
        }
        for (Premise p : request.premises()) {
            if (!p.answer().isBlank() && task.contains(p.answer()) && !premises.contains(p.conclusion())) {
                premises.add(p.conclusion());
            }
        }
        String answer = AnswerExtractor.extract(task, bestText);
        return new ReasoningResult(
                answer,
                bestText,
                premises,
                Math.min(1, bestScore),
                List.of(),
                bestMemory == null ? List.of() : List.of(bestMemory),
                TokenCount.ZERO,
                0);
    }

    /** Retrieval similarity and word overlap with the task, equally weighted. */
    static double match(String task, String text, double similarity) {
        return 0.5 * Math.max(0, similarity) + 0.5 * Text.coverage(task, text);
    }

    private static Optional<ReasoningResult> compare(Comparison c, List<Premise> premises) {
        Premise a = bestFor(c.first(), premises);
        Premise b = bestFor(c.second(), premises);
        if (a == null || b == null || a == b) {
            return Optional.empty();
        }
        String comp = c.comparative().toLowerCase(Locale.ROOT);
        boolean dates =
                comp.equals("older") || comp.equals("younger") || comp.equals("earlier") || comp.equals("later");
        double va = AnswerExtractor.firstNumber(a.answer() + " " + a.conclusion(), dates);
        double vb = AnswerExtractor.firstNumber(b.answer() + " " + b.conclusion(), dates);
        if (Double.isNaN(va) || Double.isNaN(vb) || va == vb) {
            return Optional.empty();
        }
        boolean years = isYear(va) && isYear(vb);
        boolean firstWins = c.largerWins(years) == (va > vb);
        String winner = firstWins ? c.first() : c.second();
        String loser = firstWins ? c.second() : c.first();
        String answer = c.yesNo() ? (firstWins ? "yes" : "no") : strip(winner);
        String conclusion = strip(winner) + " is " + comp + " than " + strip(loser) + " (" + strip(c.first()) + ": "
                + a.answer() + "; " + strip(c.second()) + ": " + b.answer() + ")";
        return Optional.of(new ReasoningResult(
                answer,
                conclusion,
                List.of(a.conclusion(), b.conclusion()),
                0.9,
                List.of(),
                List.of(),
                TokenCount.ZERO,
                0));
    }

    private static Premise bestFor(String entity, List<Premise> premises) {
        Premise best = null;
        double bestCoverage = 0;
        for (Premise p : premises) {
            double cov = Text.coverage(entity, p.taskText() + " " + p.conclusion());
            if (cov > bestCoverage) {
                best = p;
                bestCoverage = cov;
            }
        }
        return best;
    }

    private static boolean isYear(double v) {
        return v == Math.rint(v) && v >= 1000 && v <= 2100;
    }

    private static String strip(String entity) {
        String e = entity.strip();
        return e.toLowerCase(Locale.ROOT).startsWith("the ") ? e.substring(4) : e;
    }
}
