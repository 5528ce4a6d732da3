package io.d3mas.internal.text;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A comparison question between two entities: "Which is longer, the Nile or the Amazon?", "Is the Nile
 * longer than the Amazon?". Knows which attribute to ask for and which value wins.
 *
 * @param comparative the comparative as written ("longer", "more populous")
 * @param first the first entity
 * @param second the second entity
 * @param yesNo true for "Is A longer than B?" questions
 */
public record Comparison(String comparative, String first, String second, boolean yesNo) {

    /** Attribute question template and whether the larger value wins. */
    private record Rule(String template, boolean largerWins) {}

    /** Marks the age rule, whose question depends on what is compared: people, organisations or things. */
    private static final String AGE = "age";

    /** Words in "Which … is older" that name an organisation, which is founded rather than born. */
    private static final Set<String> FOUNDED = Set.of(
            "company",
            "companies",
            "firm",
            "firms",
            "university",
            "universities",
            "college",
            "colleges",
            "school",
            "schools",
            "band",
            "bands",
            "club",
            "clubs",
            "team",
            "teams",
            "business",
            "businesses",
            "organisation",
            "organization",
            "organisations",
            "organizations",
            "newspaper",
            "newspapers",
            "magazine",
            "magazines",
            "brand",
            "brands",
            "bank",
            "banks",
            "party",
            "parties",
            "institution",
            "institutions");

    private static final Map<String, Rule> RULES = Map.ofEntries(
            Map.entry("longer", new Rule("How long is %s?", true)),
            Map.entry("shorter", new Rule("How long is %s?", false)),
            Map.entry("taller", new Rule("How tall is %s?", true)),
            Map.entry("higher", new Rule("How high is %s?", true)),
            Map.entry("larger", new Rule("How large is %s?", true)),
            Map.entry("bigger", new Rule("How large is %s?", true)),
            Map.entry("smaller", new Rule("How large is %s?", false)),
            Map.entry("deeper", new Rule("How deep is %s?", true)),
            Map.entry("heavier", new Rule("How heavy is %s?", true)),
            Map.entry("lighter", new Rule("How heavy is %s?", false)),
            Map.entry("faster", new Rule("How fast is %s?", true)),
            Map.entry("slower", new Rule("How fast is %s?", false)),
            Map.entry("hotter", new Rule("How hot is %s?", true)),
            Map.entry("warmer", new Rule("How warm is %s?", true)),
            Map.entry("colder", new Rule("How cold is %s?", false)),
            Map.entry("older", new Rule(AGE, true)),
            Map.entry("younger", new Rule(AGE, false)),
            Map.entry("earlier", new Rule("When was %s?", false)),
            Map.entry("later", new Rule("When was %s?", true)),
            Map.entry("more populous", new Rule("What is the population of %s?", true)),
            Map.entry("less populous", new Rule("What is the population of %s?", false)));

    private static final Pattern CHOICE = Pattern.compile(
            "^(?<head>.*?)\\b(?<comp>more \\w+|less \\w+|\\w+)\\s*[,:]?\\s+(?<a>[^,:?]+?)\\s+or\\s+(?<b>[^,:?]+?)\\s*\\??$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern YES_NO = Pattern.compile(
            "^(?:is|was|are|were|does|did)\\s+(?<a>.+?)\\s+(?:(?<verb>\\w+ed|born|built|written)\\s+)?(?<comp>more \\w+|less \\w+|\\w+)\\s+than\\s+(?<b>[^?]+?)\\s*\\??$",
            Pattern.CASE_INSENSITIVE);

    /** The comparison in a question, if it is one. */
    public static Optional<Comparison> parse(String question) {
        String q = question.strip();
        Matcher m = YES_NO.matcher(q);
        if (m.matches() && RULES.containsKey(m.group("comp").toLowerCase(Locale.ROOT))) {
            return Optional.of(new Comparison(m.group("comp"), m.group("a"), m.group("b"), true));
        }
        m = CHOICE.matcher(q);
        if (m.matches()
                && RULES.containsKey(m.group("comp").toLowerCase(Locale.ROOT))
                && startsAsQuestion(m.group("head"))) {
            return Optional.of(new Comparison(m.group("comp"), m.group("a"), m.group("b"), false));
        }
        return Optional.empty();
    }

    private static boolean startsAsQuestion(String head) {
        String h = head.strip().toLowerCase(Locale.ROOT);
        return h.startsWith("which") || h.startsWith("who") || h.startsWith("what");
    }

    /** "How long is the Nile?" for each entity; for earlier/later the verb of the question is kept. */
    public List<String> attributeQuestions(String question) {
        Rule rule = RULES.get(comparative.toLowerCase(Locale.ROOT));
        String template = rule.template();
        if (template.equals(AGE)) {
            template = ageTemplate(question);
        } else if (template.equals("When was %s?")) {
            String verb = participle(question);
            template = verb == null ? "When was %s?" : "When was %s " + verb + "?";
        }
        return List.of(String.format(Locale.ROOT, template, first), String.format(Locale.ROOT, template, second));
    }

    /** Whether the larger value wins; for dates of birth or founding (older, earlier) the smaller year wins. */
    public boolean largerWins(boolean valuesAreYears) {
        String c = comparative.toLowerCase(Locale.ROOT);
        boolean larger = RULES.get(c).largerWins();
        if (valuesAreYears && (c.equals("older") || c.equals("younger"))) {
            return !larger;
        }
        return larger;
    }

    /**
     * "When was X born?" when people are compared ("Who is older"), "When was X founded?" for organisations
     * ("Which company is older"), "How old is X?" when the kind is unknown: each a question a person would ask.
     */
    private static String ageTemplate(String question) {
        List<String> words = Text.words(question.toLowerCase(Locale.ROOT));
        if (!words.isEmpty() && (words.get(0).equals("who") || words.get(0).equals("whom"))) {
            return "When was %s born?";
        }
        String verb = participle(question);
        if ("born".equals(verb)) {
            return "When was %s born?";
        }
        if (verb != null && !verb.equals("founded")) {
            return "When was %s " + verb + "?";
        }
        int comparative = words.indexOf("older") < 0 ? words.indexOf("younger") : words.indexOf("older");
        List<String> head = comparative < 0 ? words : words.subList(0, comparative);
        if ("founded".equals(verb) || head.stream().anyMatch(FOUNDED::contains)) {
            return "When was %s founded?";
        }
        return "How old is %s?";
    }

    private static String participle(String question) {
        for (String w : Text.words(question)) {
            String l = w.toLowerCase(Locale.ROOT);
            if (l.endsWith("ed") || l.equals("born") || l.equals("built") || l.equals("written") || l.equals("begun")) {
                return l;
            }
        }
        return null;
    }
}
