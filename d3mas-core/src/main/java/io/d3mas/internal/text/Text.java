package io.d3mas.internal.text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Tokenising, stop words and light stemming for the offline components. Stateless, thread-safe. */
public final class Text {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:[.,'’][\\p{L}\\p{N}]+)*");

    /** English function words: they say nothing about what a sentence is about. */
    public static final Set<String> STOP_WORDS = Set.of(
            "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "about", "as", "into", "and",
            "or", "but", "nor", "so", "than", "then", "that", "this", "these", "those", "which", "who", "whom", "whose",
            "what", "when", "where", "why", "how", "is", "are", "was", "were", "be", "been", "being", "am", "do",
            "does", "did", "has", "have", "had", "it", "its", "it's", "their", "there", "they", "them", "he", "she",
            "his", "her", "hers", "him", "we", "our", "you", "your", "i", "me", "my", "not", "no", "yes", "can",
            "could", "would", "should", "will", "shall", "may", "might", "must", "also", "very", "much", "many", "more",
            "most", "some", "any", "each", "every", "all", "both", "either", "neither", "one", "ones", "same", "other",
            "such", "only", "own", "up", "down", "out", "over", "under", "again", "further", "once", "here", "if",
            "while", "during", "before", "after", "above", "below", "between", "through", "against", "s", "name",
            "called", "known");

    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001b\\[[0-?]*[ -/]*[@-~]|\u001b[@-_]");

    private Text() {}

    /**
     * A readable name for a component's class, for messages: its simple name; for an anonymous class
     * "Outer (anonymous class)"; for a lambda "lambda in Outer".
     */
    public static String displayName(Class<?> type) {
        String name = type.getName();
        int lambda = name.indexOf("$$Lambda");
        if (lambda >= 0) {
            String outer = name.substring(0, lambda);
            return "lambda in " + outer.substring(outer.lastIndexOf('.') + 1);
        }
        if (type.isAnonymousClass()) {
            Class<?> enclosing = type.getEnclosingClass();
            return (enclosing == null ? "?" : displayName(enclosing)) + " (anonymous class)";
        }
        return type.getSimpleName();
    }

    /**
     * A text without what cannot be read: ANSI escape sequences, control characters other than tab and line
     * breaks, invisible format characters (zero-width spaces and joiners, the byte order mark) and unpaired
     * surrogates. Everything else, spacing included, is kept. The result may be blank.
     */
    public static String clean(String s) {
        String noEscapes = ANSI_ESCAPE.matcher(s).replaceAll("");
        StringBuilder out = new StringBuilder(noEscapes.length());
        for (int i = 0; i < noEscapes.length(); i++) {
            char c = noEscapes.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < noEscapes.length()
                    && Character.isLowSurrogate(noEscapes.charAt(i + 1))) {
                out.append(c).append(noEscapes.charAt(++i));
            } else if (!Character.isSurrogate(c)
                    && Character.getType(c) != Character.FORMAT
                    && (!Character.isISOControl(c) || c == '\t' || c == '\n' || c == '\r')) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Whether a text has at least one letter or digit. */
    public static boolean hasLetterOrDigit(String s) {
        return s.codePoints().anyMatch(Character::isLetterOrDigit);
    }

    /** Lower-cased, punctuation-free, single-spaced: for exact comparisons. */
    public static String normalize(String s) {
        return String.join(" ", words(s.toLowerCase(Locale.ROOT)));
    }

    /** The words of a text, in order, as written. */
    public static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(s);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** Marks punctuation between words in {@link #wordsWithBreaks}. */
    public static final String BREAK = "\u0000";

    /** The words of a text, with {@link #BREAK} where punctuation (",", ";", ":", "(", …) separates two words. */
    public static List<String> wordsWithBreaks(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(s);
        int last = 0;
        while (m.find()) {
            String gap = s.substring(last, m.start());
            if (!out.isEmpty() && !gap.isBlank() && !gap.strip().equals("-")) {
                out.add(BREAK);
            }
            out.add(m.group());
            last = m.end();
        }
        return out;
    }

    public static boolean isStopWord(String word) {
        return STOP_WORDS.contains(word.toLowerCase(Locale.ROOT));
    }

    /** A crude stem: lower case, common inflection endings removed. Same input, same stem. */
    public static String stem(String word) {
        String w = word.toLowerCase(Locale.ROOT).replace("’", "'");
        if (w.endsWith("'s")) {
            w = w.substring(0, w.length() - 2);
        }
        if (w.length() > 5 && w.endsWith("ing")) {
            return w.substring(0, w.length() - 3);
        }
        if (w.length() > 4 && w.endsWith("ied")) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.length() > 4 && w.endsWith("ed")) {
            return w.substring(0, w.length() - 2);
        }
        if (w.length() > 4 && w.endsWith("ies")) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.length() > 4 && w.endsWith("es") && !w.endsWith("ses")) {
            return w.substring(0, w.length() - 1);
        }
        if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }

    /** Stems of the content (non-stop) words of a text. */
    public static Set<String> contentStems(String s) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : words(s)) {
            if (!isStopWord(w)) {
                out.add(stem(w));
            }
        }
        return out;
    }

    /** Share of {@code question}'s content stems that occur in {@code text}; 0 when the question has none. */
    public static double coverage(String question, String text) {
        Set<String> q = contentStems(question);
        if (q.isEmpty()) {
            return 0;
        }
        Set<String> t = contentStems(text);
        long hit = q.stream().filter(t::contains).count();
        return (double) hit / q.size();
    }

    /** Whether a word starts with an upper-case letter. */
    public static boolean isCapitalized(String word) {
        return !word.isEmpty() && Character.isUpperCase(word.codePointAt(0));
    }

    /** Whether a word is a number (digits, possibly with separators). */
    public static boolean isNumber(String word) {
        return !word.isEmpty()
                && Character.isDigit(word.charAt(0))
                && word.chars().allMatch(c -> Character.isDigit(c) || c == ',' || c == '.');
    }

    /** The numeric value of a number word ("6,650" → 6650), or NaN. */
    public static double numberValue(String word) {
        try {
            return Double.parseDouble(word.replace(",", ""));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
