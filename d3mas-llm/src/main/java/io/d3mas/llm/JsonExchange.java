package io.d3mas.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import io.d3mas.Budget;
import io.d3mas.metrics.TokenCount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One structured question to a model: the system and user messages, the answer read as JSON and checked by
 * the caller's reader, and one repair round that shows the model its error. Shared by the decomposer, the
 * agent and the synthesizer.
 */
final class JsonExchange {

    /** Reads and checks an answer; a {@link LenientJson.Problem} is shown to the model once. */
    @FunctionalInterface
    interface Reader<T> {
        T read(JsonNode answer) throws LenientJson.Problem;
    }

    /** The value read and what the calls cost. */
    record Answer<T>(T value, TokenCount tokens, int calls) {}

    private JsonExchange() {}

    static <T> Answer<T> ask(
            LlmClient client,
            String system,
            String user,
            JsonSchema schema,
            PromptTemplate repair,
            Budget budget,
            Reader<T> reader)
            throws InterruptedException {
        List<ChatMessage> messages = new ArrayList<>(List.of(SystemMessage.from(system), UserMessage.from(user)));
        TokenCount tokens = TokenCount.ZERO;
        int calls = 0;
        String problem = "";
        for (int round = 0; round < 2; round++) {
            LlmClient.Reply reply;
            try {
                reply = client.chat(messages, schema, budget);
            } catch (LlmCallException e) {
                throw new LlmCallException(e.getMessage(), calls + e.calls(), tokens.plus(e.tokens()), e.isRetriable());
            }
            tokens = tokens.plus(reply.tokens());
            calls += reply.calls();
            try {
                return new Answer<>(reader.read(LenientJson.object(reply.text())), tokens, calls);
            } catch (LenientJson.Problem p) {
                problem = p.getMessage();
                messages.add(AiMessage.from(reply.text()));
                // the problem may quote the model's reply: data, escaped in its element
                messages.add(UserMessage.from(repair.render(Map.of("error", Untrusted.escape(problem)))));
            }
        }
        throw new MalformedAnswerException(
                client.name() + " answered in the wrong shape twice; last problem: " + problem, calls, tokens);
    }
}
