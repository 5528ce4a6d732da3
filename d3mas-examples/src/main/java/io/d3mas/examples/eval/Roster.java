package io.d3mas.examples.eval;

import io.d3mas.agent.AgentProfile;
import io.d3mas.examples.data.Paragraph;
import java.util.ArrayList;
import java.util.List;

/** The agents of an evaluation team. */
final class Roster {

    /** Specialists for the datasets without context paragraphs, in the order {@code --agents} takes them. */
    static final List<AgentProfile> GENERAL = List.of(
            new AgentProfile(
                    "analyst", "breaks a problem into parts, states what is given and what is asked, checks each step"),
            new AgentProfile(
                    "scientist", "physics, chemistry, biology, earth science, medicine and how experiments work"),
            new AgentProfile("mathematician", "arithmetic, algebra, word problems, quantities, units and proofs"),
            new AgentProfile("humanist", "history, law, philosophy, economics, politics and society"),
            new AgentProfile("programmer", "Python, algorithms, data structures, edge cases and tests"),
            new AgentProfile("linguist", "word meanings, grammar, natural everyday sentences and common sense"),
            new AgentProfile("critic", "looks for errors, missing cases and unsupported claims in an answer"),
            new AgentProfile("generalist", "broad general knowledge and everyday facts"));

    private Roster() {}

    /** The first {@code n} general specialists. */
    static List<AgentProfile> general(int n) {
        return GENERAL.subList(0, n);
    }

    /** Agents {@code agent0…} whose profiles list the titles of the paragraphs they hold. */
    static List<AgentProfile> holders(int n, List<List<Paragraph>> held) {
        List<AgentProfile> out = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            List<String> titles =
                    held.get(a).stream().map(Paragraph::title).distinct().toList();
            out.add(new AgentProfile(
                    "agent" + a, titles.isEmpty() ? "general knowledge" : "Knows about " + String.join(", ", titles)));
        }
        return out;
    }
}
