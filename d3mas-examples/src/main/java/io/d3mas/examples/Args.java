package io.d3mas.examples;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} command-line options for the benchmark programs. */
public final class Args {

    private Args() {}

    /**
     * @throws IllegalArgumentException for an option not in {@code known}, or one without a value
     */
    public static Map<String, String> parse(String[] args, Set<String> known) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || !known.contains(a.substring(2))) {
                throw new IllegalArgumentException(
                        "unknown option '" + a + "'; known: --" + String.join(", --", known));
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            out.put(a.substring(2), args[++i]);
        }
        return out;
    }
}
