package io.d3mas.llm;

import io.d3mas.internal.text.Text;
import io.d3mas.llm.testing.LocalOpenAiServer;
import io.d3mas.llm.testing.LocalOpenAiServer.ChatCall;
import io.d3mas.llm.testing.LocalOpenAiServer.Reply;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted model for the three roles, told apart by their default system prompts. The decomposer answers
 * from a script of question to JSON (atomic when the question is not scripted); an agent answers extractively
 * with the knowledge element that shares most words with its task (the short answer: its capitalised words
 * that the task does not contain); the synthesizer joins the
 * conclusions.
 */
final class ScriptedTeam implements LocalOpenAiServer.Responder {

    private static final Pattern KNOWLEDGE = Pattern.compile("<knowledge id=\"(K\\d+)\"[^>]*>(.*?)</knowledge>");
    private static final Pattern CONCLUSION = Pattern.compile("<conclusion id=\"(C\\d+)\"[^>]*>(.*?)</conclusion>");
    private static final Pattern TASK = Pattern.compile("<task>(.*?)</task>");
    private static final Pattern DECOMPOSE_TASK = Pattern.compile("<task>(.*?)</task>", Pattern.DOTALL);

    final Map<String, String> decompositions = new ConcurrentHashMap<>();

    static boolean isDecomposer(ChatCall c) {
        return c.system().startsWith("You plan the work");
    }

    static boolean isAgent(ChatCall c) {
        return c.system().startsWith("You are agent");
    }

    static boolean isSynthesizer(ChatCall c) {
        return c.system().startsWith("You write the final answer");
    }

    ScriptedTeam decompose(String task, String json) {
        decompositions.put(task, json);
        return this;
    }

    @Override
    public Reply respond(ChatCall c) {
        if (isDecomposer(c)) {
            Matcher m = DECOMPOSE_TASK.matcher(c.firstUser());
            String task = m.find() ? unescape(m.group(1)) : "";
            return Reply.text(decompositions.getOrDefault(task, "{\"atomic\": true, \"subtasks\": []}"));
        }
        if (isAgent(c)) {
            return Reply.text(reason(c.firstUser()));
        }
        if (isSynthesizer(c)) {
            Matcher m = CONCLUSION.matcher(c.firstUser());
            StringBuilder answer = new StringBuilder();
            StringBuilder used = new StringBuilder();
            while (m.find()) {
                answer.append(answer.length() == 0 ? "" : " ").append(unescape(m.group(2)));
                used.append(used.length() == 0 ? "" : ", ")
                        .append('"')
                        .append(m.group(1))
                        .append('"');
            }
            return Reply.text("{\"answer\": " + quote(answer.length() == 0 ? "unknown" : answer.toString())
                    + ", \"used\": [" + used + "]}");
        }
        return Reply.status(400, "unknown role");
    }

    static String reason(String user) {
        String task = taskOf(user);
        Set<String> taskWords = new HashSet<>(Text.contentStems(task));
        String best = null;
        String bestId = null;
        int bestOverlap = 0;
        Matcher k = KNOWLEDGE.matcher(user);
        while (k.find()) {
            Set<String> words = new HashSet<>(Text.contentStems(unescape(k.group(2))));
            words.retainAll(taskWords);
            if (words.size() > bestOverlap) {
                bestOverlap = words.size();
                best = unescape(k.group(2));
                bestId = k.group(1);
            }
        }
        if (best == null) {
            return "{\"answer\": \"\", \"conclusion\": \"\", \"premises\": [], \"confidence\": 0, " + "\"needs\": ["
                    + quote("facts about: " + task) + "], \"usedMemory\": []}";
        }
        StringBuilder answer = new StringBuilder();
        for (String word : best.split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()
                    && Character.isUpperCase(word.charAt(0))
                    && !task.contains(word)
                    && !Text.contentStems(word).isEmpty()) {
                answer.append(answer.length() == 0 ? "" : " ").append(word);
            }
        }
        String shortAnswer = answer.length() == 0 ? best : answer.toString();
        return "{\"answer\": " + quote(shortAnswer) + ", \"conclusion\": " + quote(best) + ", \"premises\": " + "["
                + quote(best) + "], \"confidence\": 0.9, \"needs\": [], \"usedMemory\": [\"" + bestId + "\"]}";
    }

    /** The task an agent is asked, unescaped, or "". */
    static String taskOf(String agentUser) {
        Matcher t = TASK.matcher(agentUser);
        return t.find() ? unescape(t.group(1)) : "";
    }

    static String unescape(String s) {
        return s.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static List<ChatCall> agentCalls(LocalOpenAiServer server) {
        return server.calls().stream().filter(ScriptedTeam::isAgent).toList();
    }
}
