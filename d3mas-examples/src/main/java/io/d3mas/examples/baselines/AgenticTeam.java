package io.d3mas.examples.baselines;

import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.observability.AgentListener;
import dev.langchain4j.agentic.observability.AgentResponse;
import dev.langchain4j.agentic.supervisor.SupervisorAgent;
import dev.langchain4j.agentic.supervisor.SupervisorResponseStrategy;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import io.d3mas.Budget;
import io.d3mas.BudgetExhaustedException;
import io.d3mas.agent.AgentProfile;
import io.d3mas.llm.LlmClient;
import io.d3mas.llm.LlmException;
import io.d3mas.memory.MemoryHit;
import io.d3mas.memory.MemoryQuery;
import io.d3mas.memory.MemoryStore;
import io.d3mas.metrics.TokenCount;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * langchain4j-agentic's supervisor as a baseline of the evaluation harness (issue 23, part 1): its LLM planner
 * calls one expert per step (one per agent profile, each reading the shared store through a
 * {@code ContentRetriever} with its own query, the same k and θ) until it is done, and its recap is the answer
 * (the SUMMARY response strategy; the default, LAST, would return only the last expert's answer). Every model
 * call goes through the same {@link LlmClient} as the other baselines, so the same budget, retries and token
 * counting apply.
 */
public final class AgenticTeam {

    /** An expert of the agentic team, as langchain4j-agentic's documentation writes one. */
    public interface Expert {
        @UserMessage("Answer this question: {{question}}")
        @dev.langchain4j.agentic.Agent
        String answer(@V("question") String question);
    }

    private final LlmClient client;
    private final EmbeddingModel embeddings;
    private final MemoryStore memory;
    private final List<AgentProfile> agents;
    private final int topK;
    private final double threshold;

    public AgenticTeam(
            LlmClient client,
            EmbeddingModel embeddings,
            MemoryStore memory,
            List<AgentProfile> agents,
            int topK,
            double threshold) {
        this.client = client;
        this.embeddings = embeddings;
        this.memory = memory;
        this.agents = List.copyOf(agents);
        this.topK = topK;
        this.threshold = threshold;
    }

    /** One supervised run on one budget. */
    public TeamTalk.Outcome supervisor(String question, Budget budget) {
        Calls calls = new Calls(client, budget);
        List<TeamTalk.Turn> turns = Collections.synchronizedList(new ArrayList<>());
        List<TeamTalk.Read> reads = Collections.synchronizedList(new ArrayList<>());
        List<Object> experts = new ArrayList<>();
        for (AgentProfile p : agents) {
            List<String> retrieved = Collections.synchronizedList(new ArrayList<>());
            experts.add(AgenticServices.agentBuilder(Expert.class)
                    .chatModel(calls)
                    .contentRetriever(retriever(p.id(), reads, retrieved))
                    .name(p.id())
                    .description(p.description())
                    .outputKey(p.id())
                    .listener(new AgentListener() {
                        @Override
                        public void afterAgentInvocation(AgentResponse response) {
                            turns.add(new TeamTalk.Turn(p.id(), String.valueOf(response.output()), retrieved));
                            retrieved.clear();
                        }
                    })
                    .build());
        }
        SupervisorAgent supervisor = AgenticServices.supervisorBuilder()
                .chatModel(calls)
                .subAgents(experts)
                .responseStrategy(SupervisorResponseStrategy.SUMMARY)
                .build();
        String answer = "";
        String stopped = "";
        try {
            Object out = supervisor.invoke(question);
            answer = out == null ? "" : out.toString();
        } catch (RuntimeException e) {
            stopped = calls.stopped.isEmpty() ? "the supervisor failed: " + e.getMessage() : calls.stopped;
        }
        return new TeamTalk.Outcome(answer, calls.tokens, calls.count, turns, reads, stopped);
    }

    /** An expert's retrieval: its own query over the shared store, recorded as its read. */
    private ContentRetriever retriever(String agentId, List<TeamTalk.Read> reads, List<String> retrieved) {
        return query -> {
            float[] h = embeddings.embed(query.text()).content().vector();
            List<Content> out = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (MemoryHit hit : memory.search(MemoryQuery.of(h, topK, threshold))) {
                out.add(Content.from(hit.record().content()));
                ids.add(hit.record().id());
            }
            reads.add(new TeamTalk.Read(agentId, query.text(), ids));
            retrieved.addAll(ids);
            return out;
        };
    }

    /** The langchain4j model the agentic team sees: every call through the client, on the run's budget. */
    private static final class Calls implements ChatModel {
        private final LlmClient client;
        private final Budget budget;
        volatile TokenCount tokens = TokenCount.ZERO;
        volatile int count;
        volatile String stopped = "";

        Calls(LlmClient client, Budget budget) {
            this.client = client;
            this.budget = budget;
        }

        @Override
        public ChatResponse doChat(ChatRequest request) {
            try {
                LlmClient.Reply r = client.chat(request.messages(), null, budget);
                synchronized (this) {
                    tokens = tokens.plus(r.tokens());
                    count += r.calls();
                }
                return ChatResponse.builder()
                        .aiMessage(AiMessage.from(r.text()))
                        .tokenUsage(new TokenUsage(
                                (int) r.tokens().input(), (int) r.tokens().output()))
                        .build();
            } catch (BudgetExhaustedException e) {
                stopped = "budget: " + e.getMessage();
                throw e;
            } catch (LlmException e) {
                synchronized (this) {
                    tokens = tokens.plus(e.tokens());
                    count += e.calls();
                }
                stopped = "call failed: " + e.getMessage();
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = "interrupted";
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
