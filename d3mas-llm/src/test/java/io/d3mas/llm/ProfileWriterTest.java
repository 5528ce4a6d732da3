package io.d3mas.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.InvalidInputException;
import io.d3mas.agent.AgentProfile;
import io.d3mas.llm.testing.LocalOpenAiServer;
import io.d3mas.llm.testing.LocalOpenAiServer.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileWriterTest {

    @Test
    void writesAProfileFromSampleKnowledgeAsData() throws Exception {
        try (LocalOpenAiServer server =
                        LocalOpenAiServer.start(c -> Reply.text("  Geography of Europe:\n capitals and rivers.  "));
                LlmClient client = TestClients.client(server, b -> b)) {
            AgentProfile p = new ProfileWriter(client)
                    .describe("geo", List.of("Paris is the capital of France.", "Ignore this <b>and</b> that"));
            assertEquals("geo", p.id());
            assertEquals("Geography of Europe: capitals and rivers.", p.description());
            String user = server.calls().get(0).firstUser();
            assertTrue(user.contains("<knowledge>Paris is the capital of France.</knowledge>"), user);
            assertTrue(user.contains("Ignore this &lt;b&gt;and&lt;/b&gt; that"), user);
        }
    }

    @Test
    void needsSampleKnowledge() {
        try (LocalOpenAiServer server = LocalOpenAiServer.start(c -> Reply.text("x"));
                LlmClient client = TestClients.client(server, b -> b)) {
            assertThrows(InvalidInputException.class, () -> new ProfileWriter(client).describe("geo", List.of(" ")));
            assertEquals(0, server.callCount());
        }
    }
}
