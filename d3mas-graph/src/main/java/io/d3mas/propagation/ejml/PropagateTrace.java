package io.d3mas.propagation.ejml;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.d3mas.D3MasException;
import io.d3mas.InvalidInputException;
import io.d3mas.propagation.PropagationResult;
import io.d3mas.propagation.PropagationSettings;
import io.d3mas.trace.Trace;
import io.d3mas.trace.TraceJson;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs message passing on a trace file and writes the propagated embeddings as JSON, so results can be checked
 * outside the JVM (docs/message-passing.md).
 *
 * <pre>
 * PropagateTrace TRACE.json OUT.json [--iterations L] [--epsilon E] [--alpha A] [--beta B]
 *                                    [--weights WEIGHTS.json] [--threads T]
 * </pre>
 *
 * @since 0.1.0
 */
public final class PropagateTrace {

    static final String USAGE = "usage: PropagateTrace TRACE.json OUT.json [--iterations L] [--epsilon E]"
            + " [--alpha A] [--beta B] [--weights WEIGHTS.json] [--threads T]";

    private PropagateTrace() {}

    public static void main(String[] args) {
        try {
            run(args, System.out);
        } catch (IllegalArgumentException | D3MasException | UncheckedIOException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
    }

    /** Parses the arguments, propagates and writes the output file; returns the result. */
    static PropagationResult run(String[] args, PrintStream out) {
        if (args.length < 2 || args.length % 2 != 0) {
            throw new InvalidInputException("expected a trace file, an output file and option/value pairs");
        }
        Path traceFile = Path.of(args[0]);
        Path outFile = Path.of(args[1]);
        PropagationSettings d = PropagationSettings.defaults();
        int iterations = d.iterations();
        double epsilon = d.epsilon();
        double alpha = 1.0;
        double beta = 0.5;
        EjmlMessagePassing.Builder builder = EjmlMessagePassing.builder();
        for (int i = 2; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--iterations" -> iterations = parseInt(args[i], value);
                case "--epsilon" -> epsilon = parseDouble(args[i], value);
                case "--alpha" -> alpha = parseDouble(args[i], value);
                case "--beta" -> beta = parseDouble(args[i], value);
                case "--weights" -> builder.weightsFile(Path.of(value));
                case "--threads" -> builder.threads(parseInt(args[i], value));
                default -> throw new InvalidInputException("unknown option " + args[i]);
            }
        }
        PropagationSettings settings = PropagationSettings.uniform(iterations, epsilon, alpha, beta);
        Trace trace = TraceJson.read(traceFile);
        EjmlMessagePassing mp = builder.build();
        PropagationResult result = mp.propagate(trace.graph(), settings);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("implementation", mp.name());
        json.put("settings", settings);
        json.put("maxChangePerIteration", result.maxChangePerIteration());
        json.put("converged", result.converged());
        json.put("embeddings", new TreeMap<>(result.embeddings()));
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(outFile.toFile(), json);
        } catch (IOException e) {
            throw new InvalidInputException("could not write " + outFile.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        out.printf(
                "propagated %d embeddings over %d iteration(s)%s; largest change per iteration %s; wrote %s%n",
                result.embeddings().size(),
                result.maxChangePerIteration().size(),
                result.converged() ? " (converged)" : "",
                result.maxChangePerIteration(),
                outFile.toAbsolutePath());
        return result;
    }

    private static int parseInt(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(option + " needs a whole number, got '" + value + "'", e);
        }
    }

    private static double parseDouble(String option, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(option + " needs a number, got '" + value + "'", e);
        }
    }
}
